package dev.litescope.fleet;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.restore.Plan;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.any.AnyRestore;
import dev.litescope.util.Cancellation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores or verifies many replicas of one searched prefix, a bounded number at once.
 *
 * <ul>
 *   <li>{@link Mode#RESTORE}: each replica into {@link #fileFor its file} below a folder, one file per tenant
 *       path. An existing file is skipped unless {@code force}; the restore writes a temporary file beside it and
 *       moves it into place only once SQLite's check passed, so no half-written file is ever left.</li>
 *   <li>{@link Mode#VERIFY}: each replica into a temporary file, checked with {@code PRAGMA integrity_check},
 *       then deleted.</li>
 * </ul>
 *
 * <p>One replica's failure never stops the others: each ends as a {@link Result}, ok, failed with the error's
 * message, or skipped, handed to the listener as it finishes and then forgotten. The run keeps only counters,
 * and its workers take the replicas from the list one by one, so memory does not grow with the count beyond the
 * list itself.
 */
public final class BulkRun {
    private static final Logger LOG = LoggerFactory.getLogger(BulkRun.class);
    public static final int MIN_PARALLELISM = 1;
    /** Each restore downloads ahead with its own threads; more replicas at once than this only queue on them. */
    public static final int MAX_PARALLELISM = 64;
    /** WAL segments or LTX files each restore downloads ahead: replicas of a fleet are small, the run is wide. */
    static final int DOWNLOADS_PER_RESTORE = 2;
    private static final List<String> DATABASE_SUFFIXES = List.of(".sqlite", ".sqlite3", ".db");

    public enum Mode { RESTORE, VERIFY }

    public enum Outcome {
        OK, FAILED, SKIPPED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What became of one replica.
     *
     * @param file            the restored file (restore mode, when ok or skipped as existing)
     * @param databaseBytes   the restored database's size; 0 unless ok
     * @param bytesDownloaded stored bytes read from the replica
     * @param message         "integrity ok", or why it failed or was skipped, naming the object at fault
     */
    public record Result(FleetReplica replica, Outcome outcome, Optional<Path> file, long databaseBytes,
                         long bytesDownloaded, Duration elapsed, String message) {
    }

    /**
     * The run so far, or at its end.
     *
     * @param cancelled true when the run was cancelled: {@code total - done} replicas were not tried, and those
     *                  under way at that moment ended skipped
     */
    public record Totals(int total, int done, int ok, int failed, int skipped, long databaseBytes,
                         long bytesDownloaded, Duration elapsed, boolean cancelled) {
        public double fraction() {
            return total == 0 ? 1.0 : (double) done / total;
        }
    }

    /** Told of each replica as it finishes, from the run's threads, one call at a time. */
    @FunctionalInterface
    public interface Listener {
        void onResult(Result result, Totals soFar);
    }

    private final Replica searched;
    private final RestoreTarget target;
    private final int parallelism;

    /**
     * @param searched    the searched prefix, whose store holds every replica of the run
     * @param target      the latest state or a timestamp; the same for every replica
     * @param parallelism replicas restored at once, {@link #MIN_PARALLELISM} to {@link #MAX_PARALLELISM}
     */
    public BulkRun(Replica searched, RestoreTarget target, int parallelism) {
        if (parallelism < MIN_PARALLELISM || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(parallelismError(parallelism));
        }
        if (!(target instanceof RestoreTarget.Latest) && !(target instanceof RestoreTarget.Timestamp t
                && t.generation().isEmpty())) {
            throw new IllegalArgumentException("a bulk run restores the latest state or a timestamp, not " + target
                    + ": generations, WAL indexes and TXIDs belong to one replica");
        }
        this.searched = Objects.requireNonNull(searched, "searched");
        this.target = target;
        this.parallelism = parallelism;
    }

    /** The message for a parallelism out of range, the same from the command line and the engine. */
    public static String parallelismError(int parallelism) {
        return "parallelism " + parallelism + " is out of range: give the number of replicas to restore at once, "
                + "from " + MIN_PARALLELISM + " to " + MAX_PARALLELISM;
    }

    /**
     * Restores every replica of {@code replicas} below {@code dir}.
     *
     * @param force replace existing files instead of skipping them
     */
    public Totals restoreAll(List<FleetReplica> replicas, Path dir, boolean force, Listener listener,
                             Cancellation cancel) throws InterruptedException {
        Path root = dir.toAbsolutePath().normalize();
        return run(replicas, listener, cancel, r -> restoreOne(r, root, force, cancel));
    }

    /** Restores every replica of {@code replicas} to a temporary file, checks it and deletes it. */
    public Totals verifyAll(List<FleetReplica> replicas, Listener listener, Cancellation cancel)
            throws InterruptedException {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("litescope-verify");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder to verify in: " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        try {
            return run(replicas, listener, cancel, r -> verifyOne(r, scratch.resolve(n.incrementAndGet()
                    + ".sqlite"), cancel));
        } finally {
            deleteTree(scratch);
        }
    }

    /**
     * The file a replica restores to below {@code dir}: its path below the searched prefix, with ".sqlite" added
     * unless the last name already ends in .sqlite, .sqlite3 or .db ({@code tenants/acme/db} restores to
     * {@code DIR/tenants/acme/db.sqlite}, {@code eu/gap.db} to {@code DIR/eu/gap.db}). The searched prefix itself
     * restores to its last name.
     *
     * @throws IllegalArgumentException when the path would leave {@code dir} (a ".." in an object name)
     */
    public static Path fileFor(FleetReplica replica, Path dir) {
        String rel = replica.relative();
        if (rel.isEmpty()) {
            String p = replica.path();
            rel = p.substring(p.lastIndexOf('/') + 1);
        }
        String name = rel.substring(rel.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        boolean named = DATABASE_SUFFIXES.stream().anyMatch(s -> name.endsWith(s) && name.length() > s.length());
        Path root = dir.toAbsolutePath().normalize();
        Path file = root.resolve(named ? rel : rel + ".sqlite").normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("the replica " + replica.path() + " would restore to " + file
                    + ", outside " + root + ": rename its objects, or filter it out");
        }
        return file;
    }

    private interface Job {
        Result run(FleetReplica r) throws InterruptedException;
    }

    private Totals run(List<FleetReplica> replicas, Listener listener, Cancellation cancel, Job job)
            throws InterruptedException {
        long t0 = System.nanoTime();
        Counter counter = new Counter(replicas.size(), t0);
        AtomicInteger next = new AtomicInteger();
        int threads = Math.max(1, Math.min(parallelism, replicas.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "litescope-bulk");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < replicas.size() && !cancel.isCancelled();
                         k = next.getAndIncrement()) {
                        Result r = job.run(replicas.get(k));
                        counter.add(r, listener);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                try {
                    w.get();
                } catch (ExecutionException e) {
                    // A listener's own failure: the run cannot report any more, so it ends with it.
                    cancel.cancel();
                    throw new IllegalStateException("the bulk run's listener failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            cancel.cancel();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        return counter.totals(cancel.isCancelled());
    }

    private Result restoreOne(FleetReplica r, Path dir, boolean force, Cancellation cancel) {
        long t0 = System.nanoTime();
        Path file;
        try {
            file = fileFor(r, dir);
        } catch (IllegalArgumentException e) {
            return new Result(r, Outcome.FAILED, Optional.empty(), 0, 0, since(t0), e.getMessage());
        }
        if (!force && Files.exists(file)) {
            return new Result(r, Outcome.SKIPPED, Optional.of(file), 0, 0, since(t0), file
                    + " already exists: delete it, or restore with -force to replace it");
        }
        return restore(r, file, RestoreOptions.defaults().withParallelism(DOWNLOADS_PER_RESTORE).withForce(force),
                cancel, t0);
    }

    private Result verifyOne(FleetReplica r, Path temp, Cancellation cancel) {
        long t0 = System.nanoTime();
        RestoreOptions options = new RestoreOptions(DOWNLOADS_PER_RESTORE, false, RestoreOptions.IntegrityCheck.FULL);
        try {
            Result done = restore(r, temp, options, cancel, t0);
            return done.outcome() == Outcome.OK
                    ? new Result(r, Outcome.OK, Optional.empty(), done.databaseBytes(), done.bytesDownloaded(),
                            done.elapsed(), "integrity ok")
                    : done;
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warn("cannot delete the verified copy {} of {}", temp, r.path(), e);
            }
        }
    }

    private Result restore(FleetReplica r, Path file, RestoreOptions options, Cancellation cancel, long t0) {
        String root = r.found().root();
        Replica replica = new Replica(searched.store(), root.endsWith("/") ? root.substring(0, root.length() - 1)
                : root, r.found().url());
        try {
            Plan plan = AnyRestore.plan(replica, target);
            RestoreResult done = AnyRestore.restore(replica, plan, file, options, Progress.Listener.NONE, cancel);
            return new Result(r, Outcome.OK, Optional.of(done.output()), done.databaseBytes(),
                    done.bytesDownloaded(), since(t0), "restored " + plan.summary());
        } catch (Cancellation.CancelledException e) {
            return new Result(r, Outcome.SKIPPED, Optional.empty(), 0, 0, since(t0), "cancelled");
        } catch (RestoreException | IOException | RuntimeException e) {
            if (cancel.isCancelled()) {
                // Cancelling interrupts the downloads, which may end in any of these.
                LOG.debug("bulk restore of {} ended by cancelling", r.path(), e);
                return new Result(r, Outcome.SKIPPED, Optional.empty(), 0, 0, since(t0), "cancelled");
            }
            return failed(r, e, t0);
        }
    }

    private static Result failed(FleetReplica r, Exception e, long t0) {
        if (e instanceof RestoreException || e instanceof ObjectStoreException) {
            LOG.info("bulk restore of {} failed", r.path(), e);
            return new Result(r, Outcome.FAILED, Optional.empty(), 0, 0, since(t0), oneLine(e.getMessage()));
        }
        LOG.warn("bulk restore of {} failed", r.path(), e);
        return new Result(r, Outcome.FAILED, Optional.empty(), 0, 0, since(t0),
                oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    private static String oneLine(String message) {
        return message == null ? "failed" : message.strip().replaceAll("\\s*\\n\\s*", "; ");
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary folder {}", dir, e);
        }
    }

    /** The counters, and the one lock under which the listener is called. */
    private static final class Counter {
        private final int total;
        private final long t0;
        private int done;
        private int ok;
        private int failed;
        private int skipped;
        private long databaseBytes;
        private long downloaded;

        Counter(int total, long t0) {
            this.total = total;
            this.t0 = t0;
        }

        synchronized void add(Result r, Listener listener) {
            done++;
            switch (r.outcome()) {
                case OK -> ok++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                default -> throw new IllegalStateException(r.outcome().name());
            }
            databaseBytes += r.databaseBytes();
            downloaded += r.bytesDownloaded();
            listener.onResult(r, totals(false));
        }

        synchronized Totals totals(boolean cancelled) {
            return new Totals(total, done, ok, failed, skipped, databaseBytes, downloaded, since(t0), cancelled);
        }
    }
}
