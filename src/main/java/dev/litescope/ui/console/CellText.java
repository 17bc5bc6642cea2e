package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.ui.fx.Formats;

/** How a value reads in one line of the grid: long text cut, line breaks shown, a BLOB by its size and first bytes. */
final class CellText {
    /** Characters of text a grid cell shows; the viewer shows the rest. */
    static final int SHOWN = 200;
    private static final int HEX_BYTES = 12;

    private CellText() {
    }

    static String inGrid(Cell cell) {
        if (cell instanceof Cell.Text t) {
            return oneLine(t.value());
        }
        if (cell instanceof Cell.Blob b) {
            return "BLOB " + Formats.bytes(b.size()) + (b.size() == 0 ? "" : " · "
                    + b.hexHead(HEX_BYTES)
                    + (b.size() > HEX_BYTES ? "…" : ""));
        }
        return cell.toString(); // NULL, and numbers as SQLite writes them
    }

    /** Whether the grid shows less than the whole value, so that the viewer has more to show. */
    static boolean cut(Cell cell) {
        return cell instanceof Cell.Blob b && b.size() > HEX_BYTES
                || cell instanceof Cell.Text t && (t.value().length() > SHOWN || t.value().indexOf('\n') >= 0);
    }

    private static String oneLine(String text) {
        String head = text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
        return head.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎').replace('\t', '→');
    }

    /** The whole value as the viewer shows it: text as it is, a BLOB as a hex dump of 16 bytes a line. */
    static String whole(Cell cell) {
        if (cell instanceof Cell.Blob b) {
            StringBuilder out = new StringBuilder();
            byte[] bytes = b.bytes();
            for (int at = 0; at < bytes.length; at += 16) {
                int end = Math.min(bytes.length, at + 16);
                out.append(String.format("%08x  ", at));
                for (int i = at; i < at + 16; i++) {
                    out.append(i < end ? String.format("%02x ", bytes[i]) : "   ");
                }
                out.append(' ');
                for (int i = at; i < end; i++) {
                    char c = (char) (bytes[i] & 0xff);
                    out.append(c >= 0x20 && c < 0x7f ? c : '.');
                }
                out.append('\n');
            }
            return out.toString();
        }
        return cell instanceof Cell.Text t ? t.value() : inGrid(cell);
    }
}
