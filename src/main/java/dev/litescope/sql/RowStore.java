package dev.litescope.sql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a result a grid has fetched, kept compact: each page is encoded into one byte array (a type byte and
 * the value's bytes a cell; integers and lengths in as few bytes as their size needs) and decoded again when a row
 * of it is asked for, a few decoded pages kept at hand.
 * As {@link Cell} objects a million rows of a few columns take hundreds of MiB; encoded they take about the
 * bytes of their values. Not thread-safe: one thread appends and reads.
 */
public final class RowStore {
    private static final byte NULL = 0;
    private static final byte INTEGER = 1;
    private static final byte REAL = 2;
    private static final byte TEXT = 3;
    private static final byte BLOB = 4;
    /** Decoded pages kept; a screen of rows spans one or two. */
    private static final int DECODED = 4;

    private final int columns;
    private final List<byte[]> pages = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();
    private final Map<Integer, List<List<Cell>>> decoded = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<List<Cell>>> eldest) {
            return size() > DECODED;
        }
    };
    private int size;
    private long bytes;

    public RowStore(int columns) {
        this.columns = columns;
    }

    public int size() {
        return size;
    }

    /** Encoded bytes held, for a test or a status line. */
    public long bytes() {
        return bytes;
    }

    /**
     * Rows encoded for a store, in chunks of at most {@value #CHUNK} rows: made on any thread (a worker, so that
     * the thread showing the rows only files them), then {@linkplain #append(Encoded) appended}.
     */
    public static final class Encoded {
        private final int columns;
        private final List<byte[]> chunks;
        private final int[] counts;
        private final int rows;

        private Encoded(int columns, List<byte[]> chunks, int[] counts, int rows) {
            this.columns = columns;
            this.chunks = chunks;
            this.counts = counts;
            this.rows = rows;
        }

        public int rows() {
            return rows;
        }
    }

    /** Rows a chunk holds at most: decoding one for a row on screen stays cheap whatever size a fetch was. */
    static final int CHUNK = 1024;

    /** Encodes {@code rows}, each of {@code columns} cells. Thread-safe: it touches no store. */
    public static Encoded encode(List<List<Cell>> rows, int columns) {
        Encoder out = new Encoder(columns);
        for (List<Cell> row : rows) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("a row of " + row.size() + " cells in a result of "
                        + columns + " columns");
            }
            for (Cell c : row) {
                if (c instanceof Cell.Integer i) {
                    out.integer(i.value());
                } else if (c instanceof Cell.Real r) {
                    out.real(r.value(), r.sqliteText().getBytes(StandardCharsets.UTF_8));
                } else if (c instanceof Cell.Text t) {
                    out.text(t.value().getBytes(StandardCharsets.UTF_8));
                } else if (c instanceof Cell.Blob b) {
                    out.blob(b.bytes());
                } else {
                    out.nullValue();
                }
            }
            out.endRow();
        }
        return out.finish();
    }

    /**
     * Reads up to {@code max} more rows of {@code cursor} straight into their encoding, with no cell objects or
     * Java strings in between (a text stays the UTF-8 bytes SQLite holds), on the calling worker.
     */
    public static Encoded read(ResultCursor cursor, int max) throws SqlFailure {
        Encoder out = new Encoder(cursor.columns().size());
        cursor.read(max, out);
        return out.finish();
    }

    /** Encodes values as they come, a chunk of at most {@value #CHUNK} rows at a time. */
    private static final class Encoder implements ResultCursor.RawValues {
        private final int columns;
        private final List<byte[]> chunks = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();
        private ByteBuffer out;
        private int rowsInChunk;
        private int rows;

        Encoder(int columns) {
            this.columns = columns;
            this.out = ByteBuffer.allocate(Math.max(64, columns * 16 * 64));
        }

        @Override
        public boolean wantsRealValues() {
            return true;
        }

        @Override
        public void integer(long value) {
            out = number(room(out, 11).put(INTEGER), value);
        }

        @Override
        public void real(double value, byte[] sqliteText) {
            out = number(room(out, 19 + sqliteText.length).put(REAL).putDouble(value), sqliteText.length)
                    .put(sqliteText);
        }

        @Override
        public void text(byte[] utf8) {
            out = number(room(out, 11 + utf8.length).put(TEXT), utf8.length).put(utf8);
        }

        @Override
        public void blob(byte[] bytes) {
            out = number(room(out, 11 + bytes.length).put(BLOB), bytes.length).put(bytes);
        }

        @Override
        public void nullValue() {
            out = room(out, 1).put(NULL);
        }

        @Override
        public void endRow() {
            rows++;
            if (++rowsInChunk == CHUNK) {
                cut();
            }
        }

        private void cut() {
            if (rowsInChunk > 0) {
                chunks.add(Arrays.copyOf(out.array(), out.position()));
                counts.add(rowsInChunk);
                out.clear();
                rowsInChunk = 0;
            }
        }

        Encoded finish() {
            cut();
            return new Encoded(columns, chunks, counts.stream().mapToInt(Integer::intValue).toArray(), rows);
        }
    }

    /** Adds a page of rows, each of {@code columns} cells. */
    public void append(List<List<Cell>> rows) {
        append(encode(rows, columns));
    }

    /** Adds rows encoded for a store of as many columns. */
    public void append(Encoded rows) {
        if (rows.columns != columns) {
            throw new IllegalArgumentException("rows of " + rows.columns + " columns for a result of " + columns);
        }
        for (int i = 0; i < rows.chunks.size(); i++) {
            byte[] page = rows.chunks.get(i);
            starts.add(size);
            pages.add(page);
            size += rows.counts[i];
            bytes += page.length;
        }
    }

    /** Row {@code index} (from 0), decoded from its page. */
    public List<Cell> get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " of " + size);
        }
        int page = pageOf(index);
        List<List<Cell>> rows = decoded.computeIfAbsent(page, this::decode);
        return rows.get(index - starts.get(page));
    }

    private int pageOf(int index) {
        int lo = 0;
        int hi = starts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts.get(mid) <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Puts {@code v} in 1 to 10 bytes, 7 bits a byte from the lowest, the sign folded into the lowest bit (zigzag):
     * a row number or a length takes one to three bytes instead of eight or four.
     */
    private static ByteBuffer number(ByteBuffer out, long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.put((byte) (z & 0x7F | 0x80));
            z >>>= 7;
        }
        return out.put((byte) z);
    }

    /** Reads back a number {@link #number(ByteBuffer, long)} put. */
    private static long number(ByteBuffer in) {
        long z = 0;
        int shift = 0;
        byte b;
        do {
            b = in.get();
            z |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return (z >>> 1) ^ -(z & 1);
    }

    /** {@code out}, or a larger copy of it when {@code n} more bytes do not fit. */
    private static ByteBuffer room(ByteBuffer out, int n) {
        if (out.remaining() >= n) {
            return out;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * out.capacity(), out.position() + n));
        out.flip();
        return bigger.put(out);
    }

    private List<List<Cell>> decode(int page) {
        ByteBuffer in = ByteBuffer.wrap(pages.get(page));
        int end = page + 1 < starts.size() ? starts.get(page + 1) : size;
        int n = end - starts.get(page);
        List<List<Cell>> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Cell[] row = new Cell[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = read(in);
            }
            rows.add(List.of(row));
        }
        return rows;
    }

    private static Cell read(ByteBuffer in) {
        byte type = in.get();
        return switch (type) {
            case NULL -> Cell.NULL;
            case INTEGER -> new Cell.Integer(number(in));
            case REAL -> {
                double v = in.getDouble();
                yield new Cell.Real(v, new String(bytes(in), StandardCharsets.UTF_8));
            }
            case TEXT -> new Cell.Text(new String(bytes(in), StandardCharsets.UTF_8));
            case BLOB -> new Cell.Blob(bytes(in));
            default -> throw new IllegalStateException("a row page holds a cell of type " + type);
        };
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] b = new byte[(int) number(in)];
        in.get(b);
        return b;
    }
}
