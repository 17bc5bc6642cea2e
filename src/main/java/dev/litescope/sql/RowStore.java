package dev.litescope.sql;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a result a grid has fetched, kept compact: each page is encoded into one byte array (a type byte and
 * the value's bytes a cell) and decoded again when a row of it is asked for, a few decoded pages kept at hand.
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

    /** Adds a page of rows, each of {@code columns} cells. */
    public void append(List<List<Cell>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(rows.size() * columns * 8);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            for (List<Cell> row : rows) {
                if (row.size() != columns) {
                    throw new IllegalArgumentException("a row of " + row.size() + " cells in a result of "
                            + columns + " columns");
                }
                for (Cell c : row) {
                    write(out, c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        byte[] page = buffer.toByteArray();
        starts.add(size);
        pages.add(page);
        size += rows.size();
        bytes += page.length;
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

    private static void write(DataOutputStream out, Cell c) throws IOException {
        if (c instanceof Cell.Integer i) {
            out.writeByte(INTEGER);
            out.writeLong(i.value());
        } else if (c instanceof Cell.Real r) {
            out.writeByte(REAL);
            out.writeDouble(r.value());
            bytes(out, r.sqliteText().getBytes(StandardCharsets.UTF_8));
        } else if (c instanceof Cell.Text t) {
            out.writeByte(TEXT);
            bytes(out, t.value().getBytes(StandardCharsets.UTF_8));
        } else if (c instanceof Cell.Blob b) {
            out.writeByte(BLOB);
            bytes(out, b.bytes());
        } else {
            out.writeByte(NULL);
        }
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
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
            case INTEGER -> new Cell.Integer(in.getLong());
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
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }
}
