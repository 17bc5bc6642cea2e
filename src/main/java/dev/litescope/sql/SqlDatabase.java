package dev.litescope.sql;

import dev.litescope.sql.SqlToken.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/**
 * One SQLite database the console talks to, over one connection. Its methods block, and are meant for one
 * background thread at a time (a lock keeps two from interleaving); {@link #interrupt()} alone may be called from
 * any thread, the UI's Stop, and makes the statement running now, and the next fetch of any cursor already open,
 * fail with {@link SqlFailure.Kind#INTERRUPTED}.
 *
 * <p>Stopping uses two hooks, so that a Stop pressed just before a statement starts is not lost: a progress handler
 * that SQLite calls every thousand virtual-machine steps, which aborts when an interrupt came after the statement
 * began, and {@code sqlite3_interrupt}, which reaches work inside a single step (a big sort).
 */
public final class SqlDatabase implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(SqlDatabase.class);
    private static final int PROGRESS_STEPS = 1000;

    /** How a file is opened. */
    public enum Access {
        /** SQLite's read-only mode, as {@link ReadOnlyDatabase} opens it: a write fails and the file never changes. */
        READ_ONLY,
        /** Read and write; a missing file is an error, never a new database. */
        WRITABLE
    }

    /** Work done with the connection under the lock. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private final Path file;
    private final Access access;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong interrupts = new AtomicLong();
    private volatile long runningEpoch = Long.MIN_VALUE;
    /** Cursors not yet closed, guarded by the lock. */
    private final Set<ResultCursor> cursors = new HashSet<>();

    private SqlDatabase(Path file, Access access, Connection connection) {
        this.file = file;
        this.access = access;
        this.connection = connection;
    }

    public static SqlDatabase open(Path file, Access access) throws SqlFailure {
        Connection c;
        try {
            if (access == Access.READ_ONLY) {
                c = ReadOnlyDatabase.open(file);
            } else {
                if (!Files.isRegularFile(file)) {
                    throw new SQLException("no database file at " + file + "; pick an existing SQLite file");
                }
                c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?mode=rw",
                        new SQLiteConfig().toProperties());
            }
        } catch (SQLException e) {
            throw new SqlFailure(SqlFailure.Kind.OTHER, "cannot open " + file + ": " + SqlFailure.sqliteMessage(e),
                    SqlFailure.sqliteMessage(e), -1, e);
        }
        SqlDatabase db = new SqlDatabase(file, access, c);
        try {
            ProgressHandler.setHandler(c, PROGRESS_STEPS, new ProgressHandler() {
                @Override
                protected int progress() {
                    return db.interrupts.get() != db.runningEpoch ? 1 : 0;
                }
            });
        } catch (SQLException e) {
            db.close();
            throw SqlFailure.of(e, -1);
        }
        return db;
    }

    public Path file() {
        return file;
    }

    public boolean readOnly() {
        return access == Access.READ_ONLY;
    }

    /**
     * Runs one statement. Rows come back as an open cursor to fetch from; anything else as its count of changes.
     *
     * @throws IllegalArgumentException when {@code oneStatement} holds no statement or more than one (split a
     *     script with {@link SqlScript#split} first)
     */
    public Outcome execute(String oneStatement) throws SqlFailure {
        List<SqlScript.Part> parts = SqlScript.split(oneStatement);
        if (parts.size() != 1) {
            throw new IllegalArgumentException("execute runs one statement, and this holds " + parts.size()
                    + "; split the script with SqlScript.split");
        }
        return locked(interrupts.get(), () -> {
            Statement st = connection.createStatement();
            try {
                long changesBefore = sqlite().total_changes();
                long start = System.nanoTime();
                boolean hasRows = st.execute(oneStatement);
                if (hasRows) {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    return new Outcome.Rows(new ResultCursor(this, st, runningEpoch), elapsed);
                }
                long changes = sqlite().total_changes() == changesBefore ? 0 : sqlite().changes();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                st.close();
                return new Outcome.Changed(changes, elapsed);
            } catch (SQLException e) {
                st.close();
                throw e;
            }
        }, () -> { }, oneStatement);
    }

    /** How many rows {@code selectStatement} gives, counted by SQLite without returning them. */
    public long count(String selectStatement) throws SqlFailure {
        return single("SELECT count(*) FROM (\n" + body(selectStatement) + "\n)");
    }

    /** How many rows table {@code table} holds (reads the whole table; run it on demand only). */
    public long rowCount(String table) throws SqlFailure {
        return single("SELECT count(*) FROM " + ReadOnlyDatabase.quote(table));
    }

    /**
     * The SQL that gives {@code selectStatement}'s rows sorted by its result column {@code columnIndex1Based}: an
     * {@code ORDER BY} appended when the statement has none of its own at the top level, else the statement wrapped
     * in a subquery.
     */
    public String orderedBy(String selectStatement, int columnIndex1Based, boolean ascending) {
        if (columnIndex1Based < 1) {
            throw new IllegalArgumentException("columns count from 1, not " + columnIndex1Based);
        }
        String body = body(selectStatement);
        String order = "ORDER BY " + columnIndex1Based + (ascending ? " ASC" : " DESC");
        int depth = 0;
        boolean plain = true;
        for (SqlToken t : SqlLexer.tokenize(body)) {
            if (t.kind() == Kind.PUNCTUATION && body.charAt(t.start()) == '(') {
                depth++;
            } else if (t.kind() == Kind.PUNCTUATION && body.charAt(t.start()) == ')') {
                depth--;
            } else if (depth == 0 && (t.isKeyword(body, "ORDER") || t.isKeyword(body, "LIMIT"))) {
                plain = false;
            }
        }
        return plain ? body + "\n" + order : "SELECT * FROM (\n" + body + "\n)\n" + order;
    }

    /**
     * Stops what runs now: the statement in {@link #execute}, a {@link ResultCursor#fetch} or a count fails with
     * {@link SqlFailure.Kind#INTERRUPTED}, and so does the next fetch of every cursor open now. Safe from any thread.
     */
    public void interrupt() {
        interrupts.incrementAndGet();
        try {
            sqlite().interrupt();
        } catch (SQLException e) {
            LOG.debug("sqlite3_interrupt failed on {}", file, e);
        }
    }

    @Override
    public void close() {
        lockedQuietly(() -> {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing {} failed", file, e);
            }
        });
    }

    /** Runs {@code work} with the connection to itself; fails it as interrupted when an interrupt came after epoch. */
    <T> T locked(long epoch, Work<T> work, Runnable onInterrupt) throws SqlFailure {
        return locked(epoch, work, onInterrupt, null);
    }

    <T> T read(Work<T> work) throws SqlFailure {
        return locked(interrupts.get(), work, () -> { }, null);
    }

    Connection connection() {
        return connection;
    }

    void lockedQuietly(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(long epoch, Work<T> work, Runnable onInterrupt, String sql) throws SqlFailure {
        lock.lock();
        try {
            runningEpoch = epoch;
            closeInterruptedCursors();
            if (interrupts.get() != epoch) {
                onInterrupt.run();
                throw SqlFailure.interrupted();
            }
            try {
                return work.run();
            } catch (SQLException e) {
                SqlFailure failure = SqlFailure.of(e, -1);
                if (failure.kind() == SqlFailure.Kind.INTERRUPTED || interrupts.get() != epoch) {
                    onInterrupt.run();
                    throw SqlFailure.interrupted();
                }
                int offset = sql == null ? -1 : ErrorOffset.find(connection, sql, failure.sqliteMessage());
                throw SqlFailure.of(e, offset);
            }
        } finally {
            runningEpoch = Long.MIN_VALUE;
            lock.unlock();
        }
    }

    /**
     * Ends the statements of cursors an interrupt has stopped: SQLite forgets an interrupt only once no statement is
     * active, so one left open would make the next statement fail as interrupted too.
     */
    private void closeInterruptedCursors() {
        long now = interrupts.get();
        for (ResultCursor c : new ArrayList<>(cursors)) {
            if (c.epoch() != now) {
                c.closeQuietly();
            }
        }
    }

    void opened(ResultCursor cursor) {
        cursors.add(cursor);
    }

    void closed(ResultCursor cursor) {
        cursors.remove(cursor);
    }

    private long single(String sql) throws SqlFailure {
        return locked(interrupts.get(), () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }, () -> { }, null);
    }

    private DB sqlite() throws SQLException {
        return connection.unwrap(SQLiteConnection.class).getDatabase();
    }

    /** {@code statement} without the {@code ;} and the whitespace or comments that end it. */
    static String body(String statement) {
        List<SqlToken> tokens = SqlLexer.tokenize(statement);
        int end = statement.length();
        for (int i = tokens.size() - 1; i >= 0; i--) {
            SqlToken t = tokens.get(i);
            if (t.significant() && !(t.kind() == Kind.PUNCTUATION && statement.charAt(t.start()) == ';')) {
                end = t.end();
                break;
            }
            end = t.start();
        }
        return statement.substring(0, end);
    }
}
