package dev.litescope.cli;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows as aligned columns for a terminal: a header, a rule, a column of numbers (and NULLs) right-aligned, NULL as
 * NULL, BLOBs as
 * {@code x'…'} (the first 16 bytes, then the size), control characters escaped so that a row stays one line, and
 * cells cut at {@value #MAX_WIDTH} columns. Widths come from the first {@value #MEASURED} rows; later rows are
 * printed as they come, in those widths, so a long result streams.
 */
final class TableOutput {
    static final int MAX_WIDTH = 60;
    static final int MEASURED = 1000;

    private final PrintWriter out;
    private final List<ResultColumn> columns;
    private final List<String[]> pending = new ArrayList<>();
    private final List<boolean[]> pendingNumeric = new ArrayList<>();
    private final List<boolean[]> pendingNull = new ArrayList<>();
    private int[] widths;
    private boolean[] rightAligned;
    private long rows;

    TableOutput(PrintWriter out, List<ResultColumn> columns) {
        this.out = out;
        this.columns = columns;
    }

    void row(List<Cell> row) {
        String[] texts = new String[row.size()];
        boolean[] numeric = new boolean[row.size()];
        boolean[] isNull = new boolean[row.size()];
        for (int i = 0; i < row.size(); i++) {
            Cell c = row.get(i);
            texts[i] = shown(c);
            numeric[i] = c instanceof Cell.Integer || c instanceof Cell.Real;
            isNull[i] = c instanceof Cell.Null;
        }
        rows++;
        if (widths == null) {
            pending.add(texts);
            pendingNumeric.add(numeric);
            pendingNull.add(isNull);
            if (pending.size() >= MEASURED) {
                flushPending();
            }
        } else {
            print(texts);
        }
    }

    void end() {
        if (widths == null) {
            flushPending();
        }
        out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
        out.flush();
    }

    private void flushPending() {
        widths = new int[columns.size()];
        String[] names = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            names[i] = cut(escape(columns.get(i).name()));
            widths[i] = width(names[i]);
        }
        rightAligned = new boolean[columns.size()];
        boolean[] textSeen = new boolean[columns.size()];
        for (int k = 0; k < pending.size(); k++) {
            String[] r = pending.get(k);
            for (int i = 0; i < r.length && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(r[i]));
                rightAligned[i] |= pendingNumeric.get(k)[i];
                textSeen[i] |= !pendingNumeric.get(k)[i] && !pendingNull.get(k)[i];
            }
        }
        for (int i = 0; i < rightAligned.length; i++) {
            rightAligned[i] &= !textSeen[i];
        }
        print(names);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(Math.max(1, widths[i])));
        }
        out.println(rule);
        pending.forEach(this::print);
        pending.clear();
        pendingNumeric.clear();
        pendingNull.clear();
    }

    private void print(String[] texts) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            int pad = Math.max(0, (i < widths.length ? widths[i] : 0) - width(t));
            if (i > 0) {
                line.append("  ");
            }
            if (i < rightAligned.length && rightAligned[i]) {
                line.append(" ".repeat(pad)).append(t);
            } else {
                line.append(t);
                if (i < texts.length - 1) {
                    line.append(" ".repeat(pad));
                }
            }
        }
        out.println(line);
    }

    static String shown(Cell c) {
        if (c instanceof Cell.Blob b) {
            String hex = b.hex();
            return hex.length() <= 32 ? "x'" + hex + "'" : "x'" + hex.substring(0, 32) + "…' (" + b.size()
                    + " bytes)";
        }
        return cut(escape(c.toString()));
    }

    private static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                sb.append(switch (ch) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\x%02x", (int) ch);
                });
            } else if (sb != null) {
                sb.append(ch);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String cut(String s) {
        if (width(s) <= MAX_WIDTH) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, MAX_WIDTH - 1)) + "…";
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
