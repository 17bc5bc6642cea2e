package dev.litescope.sql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * CSV rows built as UTF-8 bytes straight from SQLite's values ({@link ResultCursor.RawValues}), for an export: the
 * same bytes {@link ResultWriter.Csv} writes (its quoting rule, {@link ResultWriter.Csv#quoted}), without a
 * {@link Cell}, a Java string or a charset encoder between SQLite's bytes and the file. A text is copied as SQLite
 * holds it; an integer is written digit by digit; a real is SQLite's own text; a BLOB is lowercase hex.
 * {@link #take} hands over the rows built so far as one chunk.
 */
final class CsvBytes implements ResultCursor.RawValues {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    /** Rows built so far and how many bytes of them. */
    record Chunk(byte[] bytes, int length, int rows) {
    }

    private byte[] buf;
    private int pos;
    private int rows;
    private boolean rowStarted;

    CsvBytes(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    /** The header line: the column names, quoted as values are. */
    void header(List<ResultColumn> columns) {
        for (ResultColumn c : columns) {
            text(c.name().getBytes(StandardCharsets.UTF_8));
        }
        endRow();
        rows = 0;
    }

    /** The rows built since the last take, as a chunk the caller owns; the next rows go into a new buffer. */
    Chunk take() {
        Chunk c = new Chunk(buf, pos, rows);
        buf = new byte[buf.length];
        pos = 0;
        rows = 0;
        return c;
    }

    private void separate(int room) {
        if (pos + room + 1 > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + room + 1));
        }
        if (rowStarted) {
            buf[pos++] = ',';
        }
        rowStarted = true;
    }

    @Override
    public void integer(long value) {
        separate(20);
        if (value == Long.MIN_VALUE) {
            System.arraycopy(MIN_LONG, 0, buf, pos, MIN_LONG.length);
            pos += MIN_LONG.length;
            return;
        }
        if (value < 0) {
            buf[pos++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = pos + digits - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        pos += digits;
    }

    @Override
    public void real(double value, byte[] sqliteText) {
        // Digits, signs, points and exponents: never quoted.
        separate(sqliteText.length);
        System.arraycopy(sqliteText, 0, buf, pos, sqliteText.length);
        pos += sqliteText.length;
    }

    @Override
    public void text(byte[] utf8) {
        boolean quote = utf8.length == 0;
        int quotes = 0;
        for (byte b : utf8) {
            if (ResultWriter.Csv.quoted(b & 0xff)) {
                quote = true;
                if (b == '"') {
                    quotes++;
                }
            }
        }
        if (!quote) {
            separate(utf8.length);
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
            return;
        }
        separate(utf8.length + quotes + 2);
        buf[pos++] = '"';
        if (quotes == 0) {
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        } else {
            for (byte b : utf8) {
                buf[pos++] = b;
                if (b == '"') {
                    buf[pos++] = '"';
                }
            }
        }
        buf[pos++] = '"';
    }

    @Override
    public void blob(byte[] bytes) {
        separate(2 * bytes.length);
        for (byte b : bytes) {
            buf[pos++] = HEX[(b >> 4) & 0xf];
            buf[pos++] = HEX[b & 0xf];
        }
    }

    @Override
    public void nullValue() {
        separate(0);
    }

    @Override
    public void endRow() {
        if (pos + 1 > buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[pos++] = '\n';
        rowStarted = false;
        rows++;
    }
}
