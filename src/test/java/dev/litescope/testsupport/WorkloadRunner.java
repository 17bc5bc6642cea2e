package dev.litescope.testsupport;

import dev.litescope.testsupport.Workload.CheckpointMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Plays a {@link Workload} against a live {@code litestream replicate}, acting as the app.
 *
 * <p>The app keeps one connection open for the whole run. That matters: when the last connection
 * to a WAL database closes, SQLite checkpoints and deletes the WAL, which Litestream would take as
 * "WAL truncated by another process" and answer with a new generation. Holding the connection
 * makes generations start only where the workload says so.
 */
final class WorkloadRunner implements AutoCloseable {
    /** Litestream's WAL polling in the config; waits below are multiples of it. */
    static final Duration MONITOR_INTERVAL = Duration.ofMillis(100);
    static final Duration SYNC_INTERVAL = Duration.ofMillis(100);
    /** Litestream checkpoints an idle WAL after this, so a settled replica needs at least this much quiet. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private static final int BUSY_TIMEOUT_MS = 5000;
    /** Short, because a pending TRUNCATE/RESTART checkpoint blocks Litestream's own writes while it waits. */
    private static final int CHECKPOINT_BUSY_TIMEOUT_MS = 200;
    private static final Pattern NEW_GENERATION = Pattern.compile("msg=\"sync: new generation\"");
    private static final Pattern REPLICATING = Pattern.compile("msg=\"replicating to\"");
    private static final Pattern SEGMENT_WRITTEN = Pattern.compile(
            "msg=\"wal segment written\".*position=([0-9a-f]{16})/([0-9a-f]{8}):(\\d+).*\\bsz=(\\d+)");

    private final Path db;
    private final Path config;
    private final Path log;
    private final ReplicaTarget replica;
    private final Workload workload;
    private final Random data;
    private final PrintWriter trace;
    private Connection conn;
    private LitestreamProcess litestream;
    private long clock = 1_700_000_000_000L;

    WorkloadRunner(Path db, Path config, Path log, Path trace, ReplicaTarget replica, Workload workload)
            throws IOException {
        this.db = db;
        this.config = config;
        this.log = log;
        this.replica = replica;
        this.workload = workload;
        // Derived from the seed but not the stream that chose the steps: content is reproducible
        // while the step list stays fixed no matter how much data the steps draw.
        this.data = new Random(workload.seed() * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
        this.trace = new PrintWriter(Files.newBufferedWriter(trace, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
    }

    /** Creates the database; page_size must precede journal_mode=WAL, after which it is fixed. */
    void createDatabase(int pageSize) throws SQLException {
        conn = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA page_size=" + pageSize);
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
                if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new IllegalStateException("journal_mode=WAL refused: " + rs.getString(1));
                }
            }
            // Litestream decides when the WAL restarts; an app autocheckpoint would race with it.
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            for (String ddl : AppDatabase.DDL) {
                st.execute(ddl);
            }
            try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                if (rs.getInt(1) != pageSize) {
                    throw new IllegalStateException("page_size " + pageSize + " not applied, got " + rs.getInt(1));
                }
            }
        }
        trace("created " + db + " page_size=" + pageSize + " workload=" + workload);
    }

    void startLitestream(boolean expectNewGeneration) {
        litestream = LitestreamProcess.start(config, log, replica.environment());
        if (expectNewGeneration) {
            String line = litestream.awaitLog(NEW_GENERATION, Duration.ofSeconds(10));
            trace("litestream pid " + litestream.pid() + " started: " + line);
        } else {
            litestream.awaitLog(REPLICATING, Duration.ofSeconds(10));
            // Give it a few polls to pick up where the previous instance stopped.
            LitestreamProcess.sleep(3 * MONITOR_INTERVAL.toMillis());
            String since = litestream.logSinceStart();
            trace("litestream pid " + litestream.pid() + " started"
                    + (NEW_GENERATION.matcher(since).find() ? " WARNING: unexpectedly began a new generation" : ""));
        }
    }

    void runSteps() throws SQLException, IOException {
        for (Workload.Step step : workload.steps()) {
            String detail;
            // An if-chain rather than a pattern switch: the latter is only a preview feature in Java 17.
            if (step instanceof Workload.Insert s) {
                detail = insert(s.rows());
            } else if (step instanceof Workload.Update s) {
                detail = update(s.rows());
            } else if (step instanceof Workload.Delete s) {
                detail = delete(s.rows());
            } else if (step instanceof Workload.Checkpoint s) {
                detail = checkpoint(s.mode(), CHECKPOINT_BUSY_TIMEOUT_MS);
            } else if (step instanceof Workload.Vacuum) {
                detail = vacuum();
            } else if (step instanceof Workload.Sleep s) {
                LitestreamProcess.sleep(s.millis());
                detail = "";
            } else if (step instanceof Workload.Restart s) {
                detail = restart(s.offlineRows());
            } else {
                throw new IllegalArgumentException("unknown step " + step);
            }
            trace(step + (detail.isEmpty() ? "" : " -> " + detail));
        }
    }

    Map<String, Long> rowCounts() throws SQLException {
        return AppDatabase.rowCounts(conn);
    }

    String digest() throws SQLException {
        return AppDatabase.digest(conn);
    }

    /**
     * Waits until neither the app's WAL, Litestream's shadow WAL nor the replica's WAL segments
     * (files on disk or objects on the GCS server, see {@link ReplicaTarget#walObjects}) have
     * changed for {@code quiet}. Snapshots are ignored: with a snapshot interval they keep
     * coming while nothing else changes, and a restore never needs the latest one.
     */
    void awaitQuiet(Duration quiet, Duration max) {
        awaitQuiet(db, replica, litestream, log, quiet, max);
    }

    /** {@link #awaitQuiet(Duration, Duration)} for any database {@code litestream} replicates to {@code replica}. */
    static void awaitQuiet(Path db, ReplicaTarget replica, LitestreamProcess litestream, Path log, Duration quiet,
                           Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        String last = walSignature(db, replica);
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < quiet.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replica still changing after " + max + "; see " + log);
            }
            if (!litestream.isAlive()) {
                throw new IllegalStateException("litestream died:\n" + litestream.logSinceStart());
            }
            LitestreamProcess.sleep(50);
            String now = walSignature(db, replica);
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
    }

    void stopLitestream() {
        if (litestream != null && litestream.isAlive()) {
            Instant t0 = Instant.now();
            litestream.stop();
            trace("litestream stopped in " + Duration.between(t0, Instant.now()).toMillis() + " ms");
        }
    }

    /**
     * After the final stop: no replication errors, and the newest shadow-WAL index must be uploaded
     * up to its end. Catches a fixture built from a replica that lags the database, which would
     * make every "restore equals source" assertion fail for reasons unrelated to the code under test.
     */
    void verifyCaughtUp() throws IOException {
        // Litestream does not exit when the replica fails (a missing bucket, a server that is
        // down): it logs "monitor error" and retries, and what it missed may never be uploaded.
        List<String> errors = Files.readString(log, StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("msg=\"monitor error\"")).toList();
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " monitor errors while replicating, first: "
                    + errors.get(0) + "; see " + log);
        }
        Path meta = db.resolveSibling("." + db.getFileName() + "-litestream");
        String gen = Files.readString(meta.resolve("generation"), StandardCharsets.UTF_8).trim();
        Path shadow;
        try (Stream<Path> s = Files.list(meta.resolve("generations").resolve(gen).resolve("wal"))) {
            shadow = s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{8}\\.wal"))
                    .max(Path::compareTo)
                    .orElseThrow(() -> new IllegalStateException("no shadow WAL for generation " + gen));
        }
        String idx = shadow.getFileName().toString().substring(0, 8);
        long shadowSize = Files.size(shadow);
        long uploadedEnd = -1;
        Matcher m = SEGMENT_WRITTEN.matcher(Files.readString(log, StandardCharsets.UTF_8));
        while (m.find()) {
            if (m.group(1).equals(gen) && m.group(2).equals(idx)) {
                uploadedEnd = Math.max(uploadedEnd, Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)));
            }
        }
        if (uploadedEnd != shadowSize) {
            throw new IllegalStateException("replica lags: shadow WAL " + gen + "/" + idx + " has " + shadowSize
                    + " bytes but uploads end at " + uploadedEnd + "; see " + log);
        }
        trace("caught up at " + gen + "/" + idx + ":" + shadowSize);
    }

    @Override
    public void close() {
        try {
            stopLitestream();
        } finally {
            try {
                if (conn != null) {
                    conn.close();
                }
            } catch (SQLException e) {
                trace("closing app connection: " + e);
            } finally {
                trace.close();
            }
        }
    }

    // ---- steps ---------------------------------------------------------------------------------

    private String insert(int rows) throws SQLException {
        return inTransaction(() -> insertRows(rows));
    }

    private String insertRows(int rows) throws SQLException {
        int[] perTable = new int[3];
        int large = 0;
        try (PreparedStatement users = conn.prepareStatement(
                "INSERT INTO users(name, email, bio, created_at) VALUES (?, ?, ?, ?)");
             PreparedStatement orders = conn.prepareStatement(
                     "INSERT INTO orders(user_id, amount_cents, note, payload) VALUES (?, ?, ?, ?)");
             PreparedStatement events = conn.prepareStatement(
                     "INSERT INTO events(kind, body, at) VALUES (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                boolean big = data.nextInt(10) == 0 && workload.largeValues();
                large += big ? 1 : 0;
                clock += 1 + data.nextInt(5000);
                int table = data.nextInt(10) < 3 ? 0 : data.nextInt(10) < 6 ? 1 : 2;
                perTable[table]++;
                switch (table) {
                    case 0 -> {
                        String name = text(3 + data.nextInt(30));
                        users.setString(1, name);
                        // clock is unique, so the UNIQUE index never rejects a row.
                        users.setString(2, name.toLowerCase() + "." + clock + "@example.test");
                        users.setString(3, big ? text(largeSize()) : data.nextBoolean() ? text(data.nextInt(300))
                                : null);
                        users.setLong(4, clock);
                        users.executeUpdate();
                    }
                    case 1 -> {
                        orders.setLong(1, 1 + data.nextInt(1000));
                        orders.setLong(2, data.nextInt(1_000_000));
                        orders.setString(3, data.nextInt(3) == 0 ? null : text(data.nextInt(200)));
                        orders.setBytes(4, big ? bytes(largeSize()) : data.nextBoolean() ? bytes(data.nextInt(64))
                                : null);
                        orders.executeUpdate();
                    }
                    default -> {
                        events.setString(1, KINDS[data.nextInt(KINDS.length)]);
                        events.setString(2, big ? text(largeSize()) : text(10 + data.nextInt(400)));
                        events.setLong(3, clock);
                        events.executeUpdate();
                    }
                }
            }
        }
        return "users+" + perTable[0] + " orders+" + perTable[1] + " events+" + perTable[2] + " large=" + large;
    }

    private String update(int rows) throws SQLException {
        return inTransaction(() -> updateRows(rows));
    }

    private String updateRows(int rows) throws SQLException {
        int done = 0;
        try (PreparedStatement users = conn.prepareStatement("UPDATE users SET name = ?, bio = ? WHERE id = ?");
             PreparedStatement orders = conn.prepareStatement(
                     "UPDATE orders SET amount_cents = ?, note = ?, payload = ? WHERE id = ?");
             PreparedStatement events = conn.prepareStatement("UPDATE events SET body = ? WHERE id = ?")) {
            List<List<Long>> ids = allIds();
            for (int i = 0; i < rows; i++) {
                int table = data.nextInt(3);
                long id = randomRow(ids.get(table), false);
                if (id < 0) {
                    continue;
                }
                // Large values both appear and disappear, so overflow chains grow, shrink and move.
                boolean big = data.nextInt(7) == 0 && workload.largeValues();
                switch (table) {
                    case 0 -> {
                        users.setString(1, text(3 + data.nextInt(30)));
                        users.setString(2, big ? text(largeSize()) : data.nextBoolean() ? text(data.nextInt(200))
                                : null);
                        users.setLong(3, id);
                        users.executeUpdate();
                    }
                    case 1 -> {
                        orders.setLong(1, data.nextInt(1_000_000));
                        orders.setString(2, text(data.nextInt(200)));
                        orders.setBytes(3, big ? bytes(largeSize()) : null);
                        orders.setLong(4, id);
                        orders.executeUpdate();
                    }
                    default -> {
                        events.setString(1, big ? text(largeSize()) : text(10 + data.nextInt(400)));
                        events.setLong(2, id);
                        events.executeUpdate();
                    }
                }
                done++;
            }
        }
        return "updated " + done;
    }

    private String delete(int rows) throws SQLException {
        return inTransaction(() -> {
            int done = 0;
            List<List<Long>> ids = allIds();
            for (int i = 0; i < rows; i++) {
                int table = data.nextInt(3);
                long id = randomRow(ids.get(table), true);
                if (id < 0) {
                    continue;
                }
                try (PreparedStatement ps = conn.prepareStatement(
                        "DELETE FROM " + AppDatabase.TABLES.get(table) + " WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                done++;
            }
            return "deleted " + done;
        });
    }

    /** A random id from {@code ids} (taken out of it when {@code remove}), or -1 when there is none. */
    private long randomRow(List<Long> ids, boolean remove) {
        if (ids.isEmpty()) {
            return -1;
        }
        int at = data.nextInt(ids.size());
        return remove ? ids.remove(at) : ids.get(at);
    }

    private interface SqlWork {
        String run() throws SQLException;
    }

    /** Runs one step as one transaction: one commit, so one WAL commit frame, or nothing if it fails. */
    private String inTransaction(SqlWork work) throws SQLException {
        begin();
        try {
            String result = work.run();
            commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /** Returns SQLite's (busy, log, checkpointed) triple; a busy result is normal while Litestream reads. */
    private String checkpoint(CheckpointMode mode, int busyTimeoutMs) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA busy_timeout=" + busyTimeoutMs);
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
                rs.next();
                return "busy=" + rs.getInt(1) + " log=" + rs.getInt(2) + " checkpointed=" + rs.getInt(3);
            } finally {
                st.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            }
        }
    }

    private String vacuum() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("VACUUM");
        }
        return "";
    }

    private String restart(int offlineRows) throws SQLException, IOException {
        // Let the running instance upload what it has, so the old generation ends where the app was.
        awaitQuiet(Duration.ofMillis(4 * SYNC_INTERVAL.toMillis()), Duration.ofSeconds(15));
        stopLitestream();
        if (offlineRows == 0) {
            startLitestream(false);
            return "same generation";
        }
        String inserted = insert(offlineRows);
        String ckpt = checkpoint(CheckpointMode.TRUNCATE, BUSY_TIMEOUT_MS);
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        long walSize = Files.exists(wal) ? Files.size(wal) : 0;
        if (!ckpt.startsWith("busy=0") || walSize != 0) {
            throw new IllegalStateException("offline TRUNCATE checkpoint did not empty the WAL (" + ckpt
                    + ", wal " + walSize + " bytes); Litestream would not start a new generation");
        }
        startLitestream(true);
        return "offline " + inserted + "; " + ckpt + "; new generation";
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static final String[] KINDS = {"login", "logout", "purchase", "refund", "view", "search", "error"};
    private static final String ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789     .,;:-_()äöüéß";

    /** Overflow territory for every page size from 512 to 16 KiB (the brief's 5–20 KB). */
    private int largeSize() {
        return 5 * 1024 + data.nextInt(15 * 1024 + 1);
    }

    private String text(int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(ALPHABET.charAt(data.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private byte[] bytes(int len) {
        byte[] b = new byte[len];
        data.nextBytes(b);
        return b;
    }

    private List<List<Long>> allIds() throws SQLException {
        List<List<Long>> all = new ArrayList<>();
        try (Statement st = conn.createStatement()) {
            for (String t : AppDatabase.TABLES) {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT id FROM " + t + " ORDER BY id")) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                all.add(ids);
            }
        }
        return all;
    }

    /**
     * IMMEDIATE takes the write lock up front: a deferred transaction that reads first can fail
     * with SQLITE_BUSY without retrying when Litestream writes in between.
     */
    private void begin() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        }
    }

    private void commit() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("COMMIT");
        }
    }

    private void rollback() {
        try (Statement st = conn.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // The original failure is the one worth reporting.
        }
    }

    private static String walSignature(Path db, ReplicaTarget replica) {
        for (int attempt = 0; ; attempt++) {
            StringBuilder sb = new StringBuilder();
            try {
                appendFile(sb, db.resolveSibling(db.getFileName() + "-wal"));
                // The shadow WAL has the same layout as a file replica's generations/ tree.
                Path meta = db.resolveSibling("." + db.getFileName() + "-litestream");
                for (String line : new ReplicaTarget.Directory(meta).walObjects()) {
                    sb.append(line).append('\n');
                }
                for (String line : replica.walObjects()) {
                    sb.append(line).append('\n');
                }
                return sb.toString();
            } catch (NoSuchFileException | UncheckedIOException e) {
                // Litestream renames and deletes files while we walk; look again.
                if (attempt > 20) {
                    throw new IllegalStateException("cannot list replica", e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void appendFile(StringBuilder sb, Path p) throws IOException {
        if (Files.exists(p)) {
            sb.append(p).append(' ').append(Files.size(p)).append(' ')
                    .append(Files.getLastModifiedTime(p)).append('\n');
        }
    }

    private void trace(String line) {
        trace.println(Instant.now() + " " + line);
    }
}
