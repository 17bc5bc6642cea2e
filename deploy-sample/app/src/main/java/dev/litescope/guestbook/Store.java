package dev.litescope.guestbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQLite database, shaped for Litestream:
 * <ul>
 *   <li>WAL mode, {@code busy_timeout} on every connection, {@code synchronous=NORMAL} (durable at checkpoints,
 *       which is fine: the durable copy is the replica, shipped from the WAL).</li>
 *   <li>Exactly one write connection, owned by one writer thread and fed through a queue. SQLite allows one
 *       writer at a time anyway; funnelling writes through one thread means they never contend for the lock
 *       (no SQLITE_BUSY between our own writers), and inserts that queue up meanwhile share one transaction
 *       (group commit). Litestream still takes the write lock briefly when it checkpoints; busy_timeout covers
 *       that.</li>
 *   <li>A small pool of read-only ({@code query_only}) connections; in WAL mode readers never block the writer.</li>
 *   <li>Automatic checkpointing stays at SQLite's default (PASSIVE every 1000 pages). Nothing here truncates or
 *       restarts the WAL: Litestream must see every WAL frame before it is checkpointed away, and it coordinates
 *       that itself. All connections stay open for the life of the process, so SQLite never deletes the WAL on
 *       a last close while Litestream is still reading it.</li>
 * </ul>
 */
public final class Store implements AutoCloseable {

    /** Inserts committed together at most; bounds the time the write lock is held for one transaction. */
    private static final int MAX_BATCH = 256;
    private static final int BUSY_TIMEOUT_MS = 5000;
    private static final long READER_WAIT_SECONDS = 10;
    private static final long WRITER_JOIN_MILLIS = 5000;

    /** ISO-8601 UTC with exactly three fraction digits (Instant.toString drops them when they are zero). */
    static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS entries("
            + "id INTEGER PRIMARY KEY AUTOINCREMENT, "
            + "name TEXT NOT NULL, "
            + "message TEXT NOT NULL, "
            + "created_at TEXT NOT NULL)";
    private static final String COLUMNS = "SELECT id, name, message, created_at FROM entries ";

    /** One queued insert and the request waiting for its commit. */
    private record PendingInsert(NewEntry entry, CompletableFuture<Entry> done) {
    }

    /** Queued last on close: everything before it is written, then the writer thread ends. */
    private static final PendingInsert END = new PendingInsert(null, null);

    private final Path path;
    private final Connection writeConnection;
    private final PreparedStatement insert;
    private final BlockingQueue<PendingInsert> queue = new LinkedBlockingQueue<>();
    /** Guards {@link #accepting} together with enqueueing, so nothing can be queued behind {@link #END}. */
    private final Object queueLock = new Object();
    private boolean accepting = true;
    private final Thread writer;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private volatile boolean closed;
    private final String sqliteVersion;

    private Store(Path path, int readConnections) throws SQLException {
        this.path = path;
        // The write connection opens first: it creates the file, switches it to WAL and creates the schema,
        // so the readers find a WAL database (whose -wal/-shm files then exist for as long as we run).
        this.writeConnection = open(path);
        try {
            try (Statement s = writeConnection.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new SQLException("could not switch " + path + " to WAL mode (journal_mode=" + mode + ")");
                    }
                }
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute(SCHEMA);
            }
            this.insert = writeConnection.prepareStatement(
                    "INSERT INTO entries(name, message, created_at) VALUES (?, ?, ?) RETURNING id");
            this.readers = new ArrayBlockingQueue<>(readConnections);
            for (int i = 0; i < readConnections; i++) {
                Connection reader = open(path);
                try (Statement s = reader.createStatement()) {
                    s.execute("PRAGMA query_only=1");
                }
                allReaders.add(reader);
                readers.add(reader);
            }
            this.sqliteVersion = withReader(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        this.writer = new Thread(this::writeLoop, "sqlite-writer");
        this.writer.start();
    }

    /** Opens (creating if needed) the database at {@code path}, parent directories included. */
    public static Store open(Path path, int readConnections) throws SQLException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create the directory for " + path + ": " + e.getMessage(), e);
        }
        return new Store(path, readConnections);
    }

    private static Connection open(Path path) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public Path path() {
        return path;
    }

    public String sqliteVersion() {
        return sqliteVersion;
    }

    /** Number of inserts committed since this store opened. */
    public long committedWrites() {
        return committed.get();
    }

    /** Number of write transactions committed since this store opened (fewer than inserts thanks to grouping). */
    public long committedTransactions() {
        return transactions.get();
    }

    /**
     * Queues an insert. The future completes with the stored entry once its transaction has committed, or
     * exceptionally if the commit failed or the store is closing.
     */
    public CompletableFuture<Entry> add(NewEntry entry) {
        CompletableFuture<Entry> done = new CompletableFuture<>();
        synchronized (queueLock) {
            if (!accepting) {
                done.completeExceptionally(new IllegalStateException("the database is shutting down"));
                return done;
            }
            queue.add(new PendingInsert(entry, done));
        }
        return done;
    }

    /** The newest {@code limit} entries, newest first, and the total count. */
    public Page newest(int limit) throws SQLException {
        return page(COLUMNS + "ORDER BY id DESC LIMIT ?", limit, null);
    }

    /** Up to {@code limit} entries with an id above {@code afterId}, oldest first, and the total count. */
    public Page after(long afterId, int limit) throws SQLException {
        return page(COLUMNS + "WHERE id > ? ORDER BY id ASC LIMIT ?", limit, afterId);
    }

    /** Runs {@code SELECT 1} on a read connection; throws if the database is not usable. */
    public void check() throws SQLException {
        if (!writer.isAlive()) {
            throw new SQLException("the writer thread is not running");
        }
        withReader(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("SELECT 1 returned no row");
                }
                return null;
            }
        });
    }

    private Page page(String sql, int limit, Long afterId) throws SQLException {
        return withReader(c -> {
            // One read transaction, so the count and the rows come from the same snapshot.
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN");
                try {
                    long count;
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM entries")) {
                        rs.next();
                        count = rs.getLong(1);
                    }
                    List<Entry> entries = new ArrayList<>(Math.min(limit, 1024));
                    try (PreparedStatement q = c.prepareStatement(sql)) {
                        int i = 1;
                        if (afterId != null) {
                            q.setLong(i++, afterId);
                        }
                        q.setInt(i, limit);
                        try (ResultSet rs = q.executeQuery()) {
                            while (rs.next()) {
                                entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                            }
                        }
                    }
                    return new Page(count, entries);
                } finally {
                    // Ends the read transaction either way; a long-lived one would keep checkpoints from completing.
                    s.execute("COMMIT");
                }
            }
        });
    }

    private interface ReadWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withReader(ReadWork<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed");
        }
        Connection c;
        try {
            c = readers.poll(READER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a read connection", e);
        }
        if (c == null) {
            throw new SQLException("no read connection became free within " + READER_WAIT_SECONDS + " s");
        }
        try {
            return work.run(c);
        } finally {
            readers.add(c);
        }
    }

    // ---------------------------------------------------------------- the writer thread

    private void writeLoop() {
        List<PendingInsert> batch = new ArrayList<>(MAX_BATCH);
        boolean end = false;
        while (!end) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Nobody interrupts this thread on purpose; keep serving until END arrives.
                continue;
            }
            // Whatever queued up while the previous transaction ran goes into this one.
            queue.drainTo(batch, MAX_BATCH - 1);
            if (batch.get(batch.size() - 1) == END) { // END is always the last thing ever queued
                batch.remove(batch.size() - 1);
                end = true;
            }
            if (!batch.isEmpty()) {
                commit(batch);
            }
            batch.clear();
        }
    }

    private void commit(List<PendingInsert> batch) {
        List<Entry> stored = new ArrayList<>(batch.size());
        try {
            try (Statement s = writeConnection.createStatement()) {
                // IMMEDIATE takes the write lock up front, so waiting for Litestream's brief lock happens here,
                // under busy_timeout, and never as a failed lock upgrade halfway through the batch.
                s.execute("BEGIN IMMEDIATE");
                try {
                    String createdAt = CREATED_AT.format(Instant.now());
                    for (PendingInsert p : batch) {
                        insert.setString(1, p.entry().name());
                        insert.setString(2, p.entry().message());
                        insert.setString(3, createdAt);
                        try (ResultSet rs = insert.executeQuery()) {
                            if (!rs.next()) {
                                throw new SQLException("INSERT … RETURNING id returned no row");
                            }
                            stored.add(new Entry(rs.getLong(1), p.entry().name(), p.entry().message(), createdAt));
                        }
                    }
                    s.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    rollback(s);
                    throw e;
                }
            }
        } catch (Throwable e) {
            // The whole group fails together: nothing of it was committed. Keep the thread alive for the next one.
            System.err.println("guestbook: write of " + batch.size() + " entries failed: " + e);
            for (PendingInsert p : batch) {
                p.done().completeExceptionally(e);
            }
            return;
        }
        committed.addAndGet(stored.size());
        transactions.incrementAndGet();
        // Only now, after COMMIT returned, are the waiting requests answered.
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(stored.get(i));
        }
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); nothing left to undo.
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Number of inserts queued and not yet taken by the writer. */
    public int queuedWrites() {
        return queue.size();
    }

    /**
     * Stops taking writes, lets the writer commit everything already queued, then closes all connections.
     * Safe to call more than once.
     */
    @Override
    public void close() {
        synchronized (queueLock) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(END);
        }
        try {
            writer.join(WRITER_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            System.err.println("guestbook: writer still busy after " + WRITER_JOIN_MILLIS + " ms; closing anyway");
        }
        closeQuietly();
    }

    private void closeQuietly() {
        closed = true;
        for (Connection c : allReaders) {
            closeConnection(c);
        }
        closeConnection(writeConnection);
    }

    private static void closeConnection(Connection c) {
        try {
            c.close(); // also closes its prepared statements
        } catch (SQLException e) {
            System.err.println("guestbook: closing a database connection failed: " + e);
        }
    }
}
