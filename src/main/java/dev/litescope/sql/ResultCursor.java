package dev.litescope.sql;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.core.CoreStatement;

/**
 * The rows of one running statement, read on page by page from that one open statement: a query is never run again
 * to reach later rows. Reads take the database's lock; {@link SqlDatabase#interrupt()} makes the next
 * {@link #fetch} fail with {@link SqlFailure.Kind#INTERRUPTED}. Close it (or read it to the end) to end the
 * statement and its read transaction.
 */
public final class ResultCursor implements AutoCloseable {
    private static final int SQLITE_INTEGER = 1;
    private static final int SQLITE_FLOAT = 2;
    private static final int SQLITE_TEXT = 3;
    private static final int SQLITE_BLOB = 4;

    private final SqlDatabase database;
    private final Statement statement;
    private final ResultSet rows;
    private final List<ResultColumn> columns;
    private final long epoch;
    private long fetched;
    private boolean exhausted;
    private boolean closed;

    ResultCursor(SqlDatabase database, Statement statement, long epoch) throws SQLException {
        this.database = database;
        this.statement = statement;
        this.rows = statement.getResultSet();
        this.epoch = epoch;
        ResultSetMetaData meta = rows.getMetaData();
        CoreStatement core = statement.unwrap(CoreStatement.class);
        List<ResultColumn> cs = new ArrayList<>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            int index = i - 1;
            String declared = core.pointer.safeRun((db, p) -> db.column_decltype(p, index));
            String table = core.pointer.safeRun((db, p) -> db.column_table_name(p, index));
            cs.add(new ResultColumn(meta.getColumnLabel(i), declared == null ? "" : declared,
                    table == null ? "" : table));
        }
        this.columns = List.copyOf(cs);
        database.opened(this);
    }

    long epoch() {
        return epoch;
    }

    public List<ResultColumn> columns() {
        return columns;
    }

    /**
     * Up to {@code max} more rows, fewer (or none) at the end. Blocks while SQLite works: a query that filters many
     * rows may take long to produce the next one, and {@link SqlDatabase#interrupt()} stops it.
     */
    public List<List<Cell>> fetch(int max) throws SqlFailure {
        if (max < 1) {
            throw new IllegalArgumentException("fetch at least one row, not " + max);
        }
        return database.locked(epoch, () -> {
            if (exhausted) {
                return List.of();
            }
            if (closed) {
                throw new IllegalStateException("this cursor is closed; run the statement again");
            }
            List<List<Cell>> page = new ArrayList<>(Math.min(max, 1024));
            int width = columns.size();
            while (!exhausted && page.size() < max) {
                if (!rows.next()) {
                    exhausted = true;
                    closeQuietly();
                    break;
                }
                page.add(row(statement, width));
                fetched++;
            }
            return page;
        }, this::closeQuietly);
    }

    /**
     * What {@link #read} hands on of each value, in SQLite's own form, without building a {@link Cell} or decoding
     * a string: for an export that writes bytes. Called on the reading thread, under the database's lock; the arrays
     * are the caller's to keep.
     */
    interface RawValues {
        void integer(long value);

        /** Whether {@link #real} wants the double too, one more native call a real; else it is given NaN. */
        default boolean wantsRealValues() {
            return false;
        }

        /** A real, and SQLite's text for it in ASCII. */
        void real(double value, byte[] sqliteText);

        void text(byte[] utf8);

        void blob(byte[] bytes);

        void nullValue();

        void endRow();
    }

    /**
     * Reads up to {@code max} more rows into {@code values}, fewer (or none) at the end, and says how many. One
     * native call per value besides its type: a real's text without its double, a text's UTF-8 bytes as SQLite
     * holds them.
     */
    int read(int max, RawValues values) throws SqlFailure {
        if (max < 1) {
            throw new IllegalArgumentException("read at least one row, not " + max);
        }
        return database.locked(epoch, () -> {
            if (exhausted) {
                return 0;
            }
            if (closed) {
                throw new IllegalStateException("this cursor is closed; run the statement again");
            }
            int width = columns.size();
            int n = 0;
            var pointer = statement.unwrap(CoreStatement.class).pointer;
            boolean reals = values.wantsRealValues();
            while (n < max) {
                if (!rows.next()) {
                    exhausted = true;
                    closeQuietly();
                    break;
                }
                pointer.safeRunConsume((db, p) -> {
                    for (int i = 0; i < width; i++) {
                        switch (db.column_type(p, i)) {
                            case SQLITE_INTEGER -> values.integer(db.column_long(p, i));
                            // The double first: asking for bytes adds SQLite's text to the value, keeping its real.
                            case SQLITE_FLOAT -> values.real(reals ? db.column_double(p, i) : Double.NaN,
                                    db.column_blob(p, i));
                            case SQLITE_TEXT -> values.text(bytes(db.column_blob(p, i)));
                            case SQLITE_BLOB -> values.blob(bytes(db.column_blob(p, i)));
                            default -> values.nullValue();
                        }
                    }
                });
                values.endRow();
                n++;
                fetched++;
            }
            return n;
        }, this::closeQuietly);
    }

    /** True once the last row has been fetched. */
    public boolean exhausted() {
        return exhausted;
    }

    /** True once the statement is ended: by {@link #close}, or by the database closing or running another. */
    public boolean closed() {
        return closed;
    }

    /** How many rows {@link #fetch} has returned so far. */
    public long fetched() {
        return fetched;
    }

    /**
     * Ends the statement. Like every call on the database it waits for a statement running on another thread;
     * {@link SqlDatabase#interrupt()} first to stop that one.
     */
    @Override
    public void close() {
        database.lockedQuietly(this::closeQuietly);
    }

    void closeQuietly() {
        if (!closed) {
            closed = true;
            database.closed(this);
            try {
                statement.close();
            } catch (SQLException e) {
                SqlDatabase.LOG.debug("closing a result's statement failed", e);
            }
        }
    }

    /**
     * The current row of {@code statement}, each value typed by what SQLite holds. All columns are read under one
     * hold of the driver's statement lock, straight from SQLite's column functions: reading a cell through
     * {@code ResultSet.getObject} takes the lock and checks the statement again for every call, which costs a
     * quarter of the time of a large fetch. A text is read as its UTF-8 bytes and decoded by the JDK; a real also
     * brings SQLite's own text for it, as the bytes SQLite gives for a real ({@code sqlite3_column_blob} converts it
     * as {@code sqlite3_column_text} does, but the driver's text call goes through a direct buffer).
     */
    static List<Cell> row(Statement statement, int width) throws SQLException {
        Cell[] cells = new Cell[width];
        statement.unwrap(CoreStatement.class).pointer.safeRunConsume((db, p) -> {
            for (int i = 0; i < width; i++) {
                cells[i] = switch (db.column_type(p, i)) {
                    case SQLITE_INTEGER -> new Cell.Integer(db.column_long(p, i));
                    // The double first: asking for bytes adds SQLite's text to the value, which keeps its real.
                    case SQLITE_FLOAT -> new Cell.Real(db.column_double(p, i), ascii(db.column_blob(p, i)));
                    case SQLITE_TEXT -> new Cell.Text(utf8(db.column_blob(p, i)));
                    case SQLITE_BLOB -> new Cell.Blob(bytes(db.column_blob(p, i)));
                    default -> Cell.NULL;
                };
            }
        });
        return List.of(cells);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }
}
