package dev.litescope.testsupport;

import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A replica produced by the real Litestream v0.3.13 from a {@link Workload}, together with the
 * source database and what its app data looked like when replication finished. The replica is a
 * directory ({@link #build}) or a {@code gcs://} path on a {@link LoopbackGcs} ({@link #buildOnGcs}).
 *
 * <p>Layout of {@link #workDir()}: {@code db.sqlite} (the source, with Litestream's
 * {@code .db.sqlite-litestream/} next to it), {@code replica/} (file replicas only),
 * {@code litestream.yml}, {@code litestream.log} (every Litestream instance's output) and
 * {@code workload.log} (each step with its wall-clock time and outcome).
 *
 * <p>Treat a fixture, and {@link #shared} ones in particular, as read-only: plant defects in
 * {@link #copyOf} a fixture (on GCS, which has no copies, build one of your own and use
 * {@link LoopbackGcs#overwriteKeepingTime}).
 */
public final class ReplicaFixture {
    private static final Map<String, Object> SHARED = new HashMap<>();

    private final Path workDir;
    private final Path db;
    private final ReplicaTarget replica;
    private final int pageSize;
    private final Workload workload;
    private final Map<String, Long> expectedRowCounts;
    private final String expectedDigest;
    private final Duration buildTime;

    private ReplicaFixture(Path workDir, Path db, ReplicaTarget replica, int pageSize, Workload workload,
                           Map<String, Long> expectedRowCounts, String expectedDigest, Duration buildTime) {
        this.workDir = workDir;
        this.db = db;
        this.replica = replica;
        this.pageSize = pageSize;
        this.workload = workload;
        this.expectedRowCounts = expectedRowCounts;
        this.expectedDigest = expectedDigest;
        this.buildTime = buildTime;
    }

    /**
     * Creates {@code workDir/db.sqlite}, replicates it with {@code litestream replicate} while the
     * workload runs, waits until the replica has caught up and stops Litestream. Takes seconds.
     *
     * @param workDir  must be absent or empty
     * @param pageSize SQLite page size, a power of two from 512 to 65536
     */
    public static ReplicaFixture build(Path workDir, int pageSize, Workload workload) {
        Path dir = workDir.toAbsolutePath().normalize();
        return build(dir, pageSize, workload, new ReplicaTarget.Directory(dir.resolve("replica")));
    }

    /**
     * {@link #build}, replicating to {@code gcs://BUCKET/PATH} on {@code gcs} instead of a
     * directory. The bucket is created if need be (Litestream lists it before its first upload and
     * only retries, logging "bucket doesn't exist", while it is missing); nothing may exist under
     * {@code PATH/} in it yet. Restore with {@link #replicaUrl()} and {@link #litestreamEnv()}:
     * {@code LitestreamBinary.restore(f.litestreamEnv(), out, f.replicaUrl())}.
     *
     * @param path the replica path in the bucket, without leading or trailing '/'
     */
    public static ReplicaFixture buildOnGcs(Path workDir, int pageSize, Workload workload, LoopbackGcs gcs,
                                            String bucket, String path) {
        gcs.createBucket(bucket);
        if (!gcs.list(bucket, path + "/").isEmpty()) {
            throw new IllegalArgumentException("gcs://" + bucket + "/" + path + " already holds objects");
        }
        return build(workDir.toAbsolutePath().normalize(), pageSize, workload,
                new ReplicaTarget.Gcs(gcs, bucket, path));
    }

    private static ReplicaFixture build(Path workDir, int pageSize, Workload workload, ReplicaTarget replica) {
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("not a SQLite page size: " + pageSize);
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(workDir);
            try (Stream<Path> s = Files.list(workDir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("work directory is not empty: " + workDir);
                }
            }
            Path db = workDir.resolve("db.sqlite");
            Path config = workDir.resolve("litestream.yml");
            Path log = workDir.resolve("litestream.log");
            Files.writeString(config, config(db, replica, workload), StandardCharsets.UTF_8);

            Map<String, Long> counts;
            String digest;
            try (WorkloadRunner runner = new WorkloadRunner(db, config, log, workDir.resolve("workload.log"),
                    replica, workload)) {
                runner.createDatabase(pageSize);
                runner.startLitestream(true);
                runner.runSteps();
                counts = runner.rowCounts();
                digest = runner.digest();
                // Quiet must outlast Litestream's idle checkpoint (and the _litestream_seq write
                // that follows it), or the final WAL index would appear after we stopped looking.
                runner.awaitQuiet(WorkloadRunner.CHECKPOINT_INTERVAL.plus(Duration.ofMillis(500)),
                        Duration.ofSeconds(30));
                runner.stopLitestream();
                runner.verifyCaughtUp();
            }
            return new ReplicaFixture(workDir, db, replica, pageSize, workload,
                    Collections.unmodifiableMap(counts), digest, Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException("building fixture in " + workDir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("building fixture in " + workDir, e);
        }
    }

    /**
     * One fixture per (workload name, page size) per JVM, built on first use under
     * {@code ${litescope.buildDir}/fixtures/<workload>-p<pageSize>} (a previous run's copy is
     * replaced). A failed build is remembered, so later callers fail fast instead of rebuilding.
     */
    public static ReplicaFixture shared(int pageSize, Workload workload) {
        String key = workload.name() + "-p" + pageSize;
        synchronized (SHARED) {
            Object cached = SHARED.get(key);
            if (cached == null) {
                try {
                    Path dir = Path.of(System.getProperty("litescope.buildDir", "target"), "fixtures", key);
                    deleteTree(dir);
                    cached = build(dir, pageSize, workload);
                } catch (IOException e) {
                    cached = new UncheckedIOException(e);
                } catch (RuntimeException | Error e) {
                    cached = e;
                }
                SHARED.put(key, cached);
            }
            if (cached instanceof Throwable t) {
                throw new IllegalStateException("shared fixture " + key + " could not be built", t);
            }
            ReplicaFixture f = (ReplicaFixture) cached;
            if (!f.workload.steps().equals(workload.steps()) || f.workload.seed() != workload.seed()) {
                throw new IllegalArgumentException("two different workloads are both named " + workload.name());
            }
            return f;
        }
    }

    /**
     * Copies the replica tree to {@code dest} (which becomes the copy's {@link #replicaDir()})
     * with every mtime kept to the nanosecond: for a file replica the mtime is the object time
     * that generation choice and point-in-time restore go by. The source database is shared, not
     * copied.
     *
     * @param dest must be absent or an empty directory
     * @throws IllegalStateException for a fixture on GCS
     */
    public static ReplicaFixture copyOf(ReplicaFixture f, Path dest) {
        Path source = f.replicaDir();
        Path target = dest.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    if (s.findAny().isPresent()) {
                        throw new IllegalArgumentException("destination is not empty: " + target);
                    }
                }
            }
            copyTree(source, target);
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + source + " to " + target, e);
        }
        return new ReplicaFixture(f.workDir, f.db, new ReplicaTarget.Directory(target), f.pageSize, f.workload,
                f.expectedRowCounts, f.expectedDigest, f.buildTime);
    }

    /** Where the fixture was built: the source database, its logs and the original replica. */
    public Path workDir() {
        return workDir;
    }

    /** The source database Litestream replicated. Read-only: opening it read-write may checkpoint it. */
    public Path db() {
        return db;
    }

    /** The replica directory of a file fixture; throws for a fixture on GCS. */
    public Path replicaDir() {
        if (replica instanceof ReplicaTarget.Directory d) {
            return d.dir();
        }
        throw new IllegalStateException(this + " has no replica directory; it is on GCS");
    }

    /**
     * The URL Litestream v0.3.13 takes: {@code file:///abs/path} for a file fixture (see
     * {@link ReplicaTarget.Directory#url()} for why and which paths work), {@code gcs://BUCKET/PATH}
     * for one on GCS.
     */
    public String replicaUrl() {
        return replica.url();
    }

    /** Environment every Litestream process needs to reach the replica ({@code STORAGE_EMULATOR_HOST} for GCS). */
    public Map<String, String> litestreamEnv() {
        return replica.environment();
    }

    public boolean onGcs() {
        return replica instanceof ReplicaTarget.Gcs;
    }

    /** The server a GCS fixture lives on; throws for a file fixture. */
    public LoopbackGcs gcs() {
        return gcsTarget().server();
    }

    public String gcsBucket() {
        return gcsTarget().bucket();
    }

    /** The replica path in {@link #gcsBucket()}, without leading or trailing '/'. */
    public String gcsPath() {
        return gcsTarget().path();
    }

    private ReplicaTarget.Gcs gcsTarget() {
        if (replica instanceof ReplicaTarget.Gcs g) {
            return g;
        }
        throw new IllegalStateException(this + " is a file fixture, not on GCS");
    }

    public int pageSize() {
        return pageSize;
    }

    public Workload workload() {
        return workload;
    }

    /** Rows per app table ({@link AppDatabase#TABLES} order) after the last workload step. */
    public Map<String, Long> expectedRowCounts() {
        return expectedRowCounts;
    }

    /** {@link AppDatabase#digest} of the source after the last step; a full restore must match it. */
    public String expectedDigest() {
        return expectedDigest;
    }

    public Path litestreamLog() {
        return workDir.resolve("litestream.log");
    }

    public Duration buildTime() {
        return buildTime;
    }

    @Override
    public String toString() {
        String where = replica instanceof ReplicaTarget.Directory d ? d.dir().toString() : replica.url();
        return "ReplicaFixture[" + workload.name() + ", pageSize=" + pageSize + ", replica=" + where + "]";
    }

    private static String config(Path db, ReplicaTarget replica, Workload w) {
        return config(db, replica, w.snapshotInterval());
    }

    /**
     * The Litestream config the fixtures use (fast polling, frequent WAL indexes), for a test that writes
     * {@code db} itself while {@link LitestreamProcess} replicates it. Keep one connection open to it throughout,
     * with {@code wal_autocheckpoint=0}, as {@link WorkloadRunner} does, so no spurious generation starts.
     */
    public static String config(Path db, ReplicaTarget replica, Optional<Duration> snapshotInterval) {
        StringBuilder y = new StringBuilder();
        y.append("dbs:\n");
        y.append("  - path: ").append(yamlString(db.toString())).append('\n');
        y.append("    monitor-interval: ").append(goDuration(WorkloadRunner.MONITOR_INTERVAL)).append('\n');
        y.append("    checkpoint-interval: ").append(goDuration(WorkloadRunner.CHECKPOINT_INTERVAL)).append('\n');
        // Far below the default 1000, so ordinary batches already produce several WAL indexes.
        y.append("    min-checkpoint-page-count: 50\n");
        y.append("    replicas:\n");
        y.append(replica.configEntry("      "));
        y.append("        sync-interval: ").append(goDuration(WorkloadRunner.SYNC_INTERVAL)).append('\n');
        snapshotInterval.ifPresent(d -> y.append("        snapshot-interval: ").append(goDuration(d)).append('\n'));
        return y.toString();
    }

    /**
     * Waits until a replica {@code litestream} keeps of {@code db} has settled: nothing written for longer than
     * Litestream's idle checkpoint, as a fixture waits before it is used.
     */
    public static void awaitSettled(Path db, ReplicaTarget replica, LitestreamProcess litestream, Path log) {
        WorkloadRunner.awaitQuiet(db, replica, litestream, log,
                WorkloadRunner.CHECKPOINT_INTERVAL.plus(Duration.ofMillis(500)), Duration.ofSeconds(30));
    }

    private static String goDuration(Duration d) {
        return d.toMillis() + "ms";
    }

    static String yamlString(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target);
                preserveTime(file, target, attrs.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                // On the way out, because creating the children changed the directory's mtime.
                preserveTime(dir, to.resolve(from.relativize(dir).toString()), Files.getLastModifiedTime(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void preserveTime(Path source, Path target, FileTime time) throws IOException {
        Files.setLastModifiedTime(target, time);
        FileTime got = Files.getLastModifiedTime(target);
        if (!got.equals(time)) {
            // A file system or JDK that rounds would silently shift object times and skew every
            // timestamp test built on the copy.
            throw new IllegalStateException("mtime of " + source + " not preserved: " + time + " became " + got);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
