package dev.litescope.replica;

import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.util.Cancellation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds every Litestream replica below a prefix: a "directory" that holds {@code generations/} (Litestream 0.3)
 * or {@code ltx/} (0.5).
 *
 * <p>Each directory is first probed with one recursive listing page. When that page holds the whole subtree
 * (a database per user keeps a few objects per folder), every replica in it and its statistics come from that
 * one request. A directory too big for one page is listed with a delimiter instead, and its sub-directories are
 * probed in turn, all directories of a level in parallel; a replica found that way is listed once, recursively,
 * for its statistics. So the requests are about one per directory plus one per 1000 entries, and the wall time a
 * few round trips per level. That is {@link #find}, the search by folder; the ways that list at about
 * ceil(objects / 1000) requests are {@link #findFlat} (every object once, in key ranges listed in parallel),
 * {@link #findNames} (which replicas exist, skipping past each one's objects: {@link DiscoveryNames}), and
 * {@link #findKeeping} and {@link #refresh} (a later discovery listing only what can have changed:
 * {@link DiscoveryRefresh}).
 */
public final class Discovery {
    /** Deeper trees are not searched: a guard against pathological key layouts. */
    static final int MAX_DEPTH = 32;
    static final int PROBE = 1000;
    /** How many key ranges {@link #findFlat} lists in parallel. */
    public static final int RANGES = 8;
    /**
     * The most key ranges a bucket's flat listing is cut into while it runs ({@link DiscoveryRanges}): each costs
     * at most one partial page, so a listing makes at most ceil(objects / 1000) + 1 + this many requests.
     */
    public static final int MAX_RANGES = 16;
    /**
     * From how many objects a replica is refreshed from its newest objects rather than listed again: about where
     * its own pages cost more than the five or so requests of its refresh.
     */
    public static final int LARGE = 5_000;

    public enum Format {
        LITESTREAM_0_3("0.3", "generations"),
        LITESTREAM_0_5("0.5", "ltx");

        private final String label;
        private final String dir;

        Format(String label, String dir) {
            this.label = label;
            this.dir = dir;
        }

        public String label() {
            return label;
        }

        /** The folder under a replica root that marks the format. */
        public String dir() {
            return dir;
        }
    }

    /**
     * @param root        the replica's key prefix in its store, ending in '/' (empty for a bucket's top)
     * @param url         the replica's own URL: the searched URL with the path below it
     * @param generations v0.3 generations, or v0.5 levels in use
     * @param newest      the newest object's time (for 0.5, the time Litestream 0.5 takes: the
     *                    {@code litestream-timestamp} metadata where there is one)
     * @param ltxFiles    a 0.5 replica's LTX files, by level and TXID range; empty for 0.3
     * @param v3          a 0.3 replica's generations, oldest first; empty for 0.5
     */
    public record Found(String root, ReplicaUrl url, Format format, int generations, Optional<Instant> newest,
                          long objects, long storedBytes, List<LtxFile> ltxFiles, List<Generation> v3) {
        public Found {
            ltxFiles = ltxFiles.stream().sorted(Comparator.comparingInt(LtxFile::level)
                    .thenComparingLong(LtxFile::minTxid).thenComparingLong(LtxFile::maxTxid)).toList();
            v3 = v3.stream().sorted(Comparator.comparing(Generation::newest).thenComparing(Generation::id)).toList();
        }

        public Found(String root, ReplicaUrl url, Format format, int generations, Optional<Instant> newest,
                     long objects, long storedBytes, List<LtxFile> ltxFiles) {
            this(root, url, format, generations, newest, objects, storedBytes, ltxFiles, List.of());
        }

        public Found(String root, ReplicaUrl url, Format format, int generations, Optional<Instant> newest,
                     long objects, long storedBytes) {
            this(root, url, format, generations, newest, objects, storedBytes, List.of());
        }

        /** A 0.5 replica's levels, restorable TXIDs and health warnings; empty for 0.3. */
        public Optional<LtxHistory> ltx() {
            return format == Format.LITESTREAM_0_5
                    ? Optional.of(new LtxHistory(ltxFiles, HealthWarning.Settings.defaults())) : Optional.empty();
        }
    }

    /**
     * One Litestream 0.3 generation as its listing shows it, for the fleet's health: when it began and last
     * changed, its newest snapshot, and whether its WAL indexes break.
     *
     * @param first          the oldest object's time
     * @param newest         the newest object's time
     * @param newestSnapshot the newest snapshot's time; empty when the generation has none
     * @param broken         no snapshot, or a WAL index missing between its first snapshot and its last segment:
     *                       a restore cannot reach the generation's newest state
     */
    public record Generation(String id, Instant first, Instant newest, Optional<Instant> newestSnapshot,
                             boolean broken) {
    }

    /**
     * A replica that {@link #findNames} found: where it is and its format, and nothing about its objects.
     *
     * @param root the replica's key prefix in its store, ending in '/'
     */
    public record Named(String root, ReplicaUrl url, Format format) {
    }

    private final Replica searched;
    private final ObjectStore store;
    private final int parallelism;

    /** @param searched the folder or bucket prefix to search: its store, its root and its URL */
    public Discovery(Replica searched, int parallelism) {
        this.searched = searched;
        this.store = searched.store();
        this.parallelism = parallelism;
    }

    /** Every replica at or below the searched root, sorted by path. */
    public List<Found> find() throws ObjectStoreException, InterruptedException {
        return find(new Cancellation());
    }

    /**
     * As {@link #find()}, stopping before its next listing once {@code cancellation} is cancelled, so that
     * a cancelled search of a big bucket ends soon and pays for no more requests.
     *
     * @throws ObjectStoreException also when cancelled, saying so
     */
    public List<Found> find(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        String prefix = prefix();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "litescope-discovery");
            t.setDaemon(true);
            return t;
        });
        try {
            ReplicaTally stats = new ReplicaTally();
            List<String> level = List.of(prefix);
            for (int depth = 0; !level.isEmpty() && depth < MAX_DEPTH; depth++) {
                List<Future<List<String>>> work = new ArrayList<>();
                for (String dir : level) {
                    work.add(pool.submit(() -> explore(dir, stats, cancellation)));
                }
                List<String> next = new ArrayList<>();
                for (Future<List<String>> f : work) {
                    next.addAll(await(f));
                }
                level = next;
            }
            return stats.replicas(searched.url(), prefix);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * As {@link #find(Cancellation)}, but listing every object below the prefix once, flat, at about
     * ceil(objects / 1000) requests: one delimited listing of the top level splits the key space at up to
     * {@link #RANGES} folders, and in a bucket {@link DiscoveryRanges} lists those ranges in parallel a page at a
     * time, cutting the busiest range again from the keys seen whenever a worker is idle. Each range costs at most
     * one page more than its objects need, so the requests are at most ceil(objects / 1000) + 1 +
     * {@link DiscoveryRanges#MAX_RANGES}. A local folder is split at the top two levels' folders instead.
     */
    public List<Found> findFlat(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        String prefix = prefix();
        ReplicaTally tally = new ReplicaTally();
        if (store.listsByRequest()) {
            ranges(DiscoveryRanges.MAX_RANGES).run(bounds(prefix, cancellation), cancellation, objects -> {
                objects.forEach(o -> tally.add(prefix, o));
                return DiscoveryRanges.successor(objects.get(objects.size() - 1).key());
            });
            return tally.replicas(searched.url(), prefix);
        }
        inRanges(bounds(prefix, cancellation), cancellation, (from, to) -> {
            for (ObjectInfo o : store.listRange(prefix, from, to).objects()) {
                tally.add(prefix, o);
            }
        });
        return tally.replicas(searched.url(), prefix);
    }

    /**
     * Which replicas exist below the prefix, without their sizes: the same replicas as {@link #findFlat}, in the
     * same key ranges, but each range is walked one page at a time, and once an object shows a replica's layout
     * (a name Litestream would list under {@code ROOT/generations/} or {@code ROOT/ltx/}) the next request starts
     * just past that folder. A replica with 100,000 WAL segments so costs one request, not 100; a page holds many
     * small replicas whole, so a fleet of small ones costs about what {@link #findFlat} does. A local folder is
     * walked whole either way (skipping saves nothing there), by {@link #findFlat}.
     */
    public List<Named> findNames(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        String prefix = prefix();
        if (!store.listsByRequest()) {
            return findFlat(cancellation).stream().map(f -> new Named(f.root(), f.url(), f.format())).toList();
        }
        return new DiscoveryNames(this).find(cancellation);
    }

    /** The first key after every key under {@code dir} (which ends in '/'): '0' is the character after '/'. */
    static String after(String dir) {
        return dir.substring(0, dir.length() - 1) + '0';
    }

    String prefix() {
        return searched.root().isEmpty() ? "" : searched.root() + "/";
    }

    /**
     * Where the key space below {@code prefix} is split: "", then up to {@link #RANGES} - 1 folder names in key
     * order, then "" (no bound), from one delimited listing of the top level (in a bucket only its first page), and
     * for a local folder also of the
     * level below it when the top has fewer than {@link #RANGES} folders (a bucket's ranges are cut further while
     * they are listed, by {@link DiscoveryRanges}).
     */
    List<String> bounds(String prefix, Cancellation cancellation) throws ObjectStoreException {
        stopIfCancelled(cancellation);
        // A bucket's ranges are cut further as they are listed, so the first page of the top level is enough: a
        // truncated one leaves the rest of the key space to the last range.
        List<String> top = store.listsByRequest() ? store.listFirstDelimited(prefix).prefixes()
                : store.list(prefix, true).prefixes();
        if (top.size() < RANGES && !store.listsByRequest()) {
            // Too few folders to split at: split at the next level's instead (all of it, in key order).
            List<String> second = new ArrayList<>();
            for (String dir : top) {
                stopIfCancelled(cancellation);
                List<String> below = store.list(dir, true).prefixes();
                second.addAll(below.isEmpty() ? List.of(dir) : below);
            }
            top = second;
        }
        int ranges = Math.max(1, Math.min(RANGES, top.size()));
        List<String> bounds = new ArrayList<>();
        bounds.add("");
        for (int i = 1; i < ranges; i++) {
            bounds.add(top.get((int) ((long) i * top.size() / ranges)));
        }
        bounds.add("");
        return bounds;
    }

    /** A splitter of key ranges below the prefix, for one listing, into at most {@code most} ranges. */
    DiscoveryRanges ranges(int most) {
        return new DiscoveryRanges(store, prefix(), parallelism, most);
    }

    /** The work of one key range, [from, to), either bound possibly empty (none). */
    interface RangeWork {
        void run(String from, String to) throws ObjectStoreException;
    }

    /** Runs {@code work} over each range between consecutive {@code bounds}, in parallel. */
    void inRanges(List<String> bounds, Cancellation cancellation, RangeWork work)
            throws ObjectStoreException, InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            String from = bounds.get(i);
            String to = bounds.get(i + 1);
            jobs.add(() -> work.run(from, to));
        }
        inParallel(jobs, cancellation);
    }

    /** A listing job of a discovery. */
    interface Job {
        void run() throws ObjectStoreException;
    }

    /** Runs the jobs on up to {@code parallelism} threads; the first failure is thrown once all have ended. */
    void inParallel(List<Job> jobs, Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, jobs.size())), r -> {
            Thread t = new Thread(r, "litescope-discovery");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    stopIfCancelled(cancellation);
                    job.run();
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    ObjectStore store() {
        return store;
    }

    Replica searched() {
        return searched;
    }

    /**
     * The answer of a discovery that can be refreshed: the replicas, the state a later {@link #refresh} starts
     * from, and in words what was listed and how.
     */
    public record Refreshed(List<Found> found, DiscoveryState state, String listed) {
    }

    /** As {@link #findFlat}, keeping each large replica's objects for a later {@link #refresh}. */
    public Refreshed findKeeping(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        return new DiscoveryRefresh(this).full(cancellation);
    }

    /**
     * The same answer as {@link #findFlat} now, listing less: each large replica of {@code previous} (at least
     * {@link #LARGE} objects) only from its newest known objects on, and the rest of the prefix flat around them,
     * as {@link DiscoveryRefresh} describes. A state of another URL is not used: everything is listed.
     */
    public Refreshed refresh(DiscoveryState previous, Cancellation cancellation)
            throws ObjectStoreException, InterruptedException {
        if (!previous.url().equals(searched.url().toString())) {
            return findKeeping(cancellation);
        }
        return new DiscoveryRefresh(this).refresh(previous, cancellation);
    }

    /** Probes one directory; returns the sub-directories still to explore. */
    private List<String> explore(String dir, ReplicaTally stats, Cancellation cancellation)
            throws ObjectStoreException {
        stopIfCancelled(cancellation);
        Listing probe = store.listFirst(dir, PROBE);
        if (!probe.truncated()) {
            probe.objects().forEach(o -> stats.add(dir, o));
            return List.of();
        }
        List<String> next = new ArrayList<>();
        stopIfCancelled(cancellation);
        for (String child : store.list(dir, true).prefixes()) {
            String name = child.substring(dir.length(), child.length() - 1);
            Optional<Format> format = ReplicaTally.formatOf(name);
            if (format.isPresent() && !isLocalState(dir)) {
                stopIfCancelled(cancellation);
                for (ObjectInfo o : store.list(child, false).objects()) {
                    stats.add(dir, o);
                }
            } else {
                next.add(child);
            }
        }
        return next;
    }

    /**
     * Litestream keeps its own state next to a database in ".NAME-litestream/", with a generations/ folder of
     * shadow WALs: it is not a replica, and shows up when a folder of databases is searched.
     */
    static boolean isLocalState(String dir) {
        String trimmed = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.startsWith(".") && last.endsWith("-litestream");
    }

    static void stopIfCancelled(Cancellation cancellation) throws ObjectStoreException {
        if (cancellation.isCancelled()) {
            throw new ObjectStoreException("the search was cancelled");
        }
    }

    static <T> T await(Future<T> f) throws ObjectStoreException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ObjectStoreException ose) {
                throw ose;
            }
            throw new ObjectStoreException(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }
}
