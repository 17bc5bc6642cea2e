package dev.litescope.replica;

import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.v3.Names;
import dev.litescope.util.Cancellation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Finds every Litestream replica below a prefix: a "directory" that holds {@code generations/} (Litestream 0.3)
 * or {@code ltx/} (0.5).
 *
 * <p>Each directory is first probed with one recursive listing page. When that page holds the whole subtree
 * (a database per user keeps a few objects per folder), every replica in it and its statistics come from that
 * one request. A directory too big for one page is listed with a delimiter instead, and its sub-directories are
 * probed in turn, all directories of a level in parallel; a replica found that way is listed once, recursively,
 * for its statistics. So the requests are about one per directory plus one per 1000 entries, and the wall time a
 * few round trips per level.
 */
public final class Discovery {
    /** Deeper trees are not searched: a guard against pathological key layouts. */
    static final int MAX_DEPTH = 32;
    static final int PROBE = 1000;
    /** How many key ranges {@link #findFlat} lists in parallel. */
    public static final int RANGES = 8;
    private static final Pattern LTX_NAME = Pattern.compile("^[0-9a-f]{16}-[0-9a-f]{16}\\.ltx$");
    private static final Pattern LTX_LEVEL = Pattern.compile("^[0-9]$");

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
        String prefix = searched.root().isEmpty() ? "" : searched.root() + "/";
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "litescope-discovery");
            t.setDaemon(true);
            return t;
        });
        try {
            Stats stats = new Stats();
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
     * ceil(objects / 1000) requests: one delimited listing of the top level (and of the level below it when the
     * top has fewer than {@link #RANGES} folders) splits the key space into up to
     * {@link #RANGES} ranges at folder boundaries (startOffset/endOffset), which are listed in parallel. Each
     * range costs at most one page more than its objects need, so the requests are at most
     * ceil(objects / 1000) + the top levels' pages + the ranges - 1.
     */
    public List<Found> findFlat(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        String prefix = searched.root().isEmpty() ? "" : searched.root() + "/";
        stopIfCancelled(cancellation);
        List<String> top = store.list(prefix, true).prefixes();
        if (top.size() < RANGES) {
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
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, ranges), r -> {
            Thread t = new Thread(r, "litescope-discovery");
            t.setDaemon(true);
            return t;
        });
        try {
            Stats stats = new Stats();
            List<Future<Void>> work = new ArrayList<>();
            for (int i = 0; i + 1 < bounds.size(); i++) {
                String from = bounds.get(i);
                String to = bounds.get(i + 1);
                work.add(pool.submit(() -> {
                    stopIfCancelled(cancellation);
                    for (ObjectInfo o : store.listRange(prefix, from, to).objects()) {
                        stats.add(prefix, o);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : work) {
                await(f);
            }
            return stats.replicas(searched.url(), prefix);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Probes one directory; returns the sub-directories still to explore. */
    private List<String> explore(String dir, Stats stats, Cancellation cancellation) throws ObjectStoreException {
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
            Optional<Format> format = formatOf(name);
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
    private static boolean isLocalState(String dir) {
        String trimmed = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.startsWith(".") && last.endsWith("-litestream");
    }

    private static Optional<Format> formatOf(String name) {
        for (Format f : Format.values()) {
            if (f.dir().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Replicas found so far, from objects seen by either path; thread-safe. */
    private static final class Stats {
        private final Map<String, Acc> byRoot = new LinkedHashMap<>();

        private static final class Acc {
            final Map<String, GenAcc> v3 = new LinkedHashMap<>();
            final Set<String> groups = new HashSet<>();
            final List<LtxFile> ltx = new ArrayList<>();
            Instant newest;
            long objects;
            long bytes;
        }

        /**
         * Counts an object seen under {@code dir} toward the replica it belongs to: the nearest enclosing folder
         * that holds generations/ or ltx/. Only names Litestream itself would list count.
         */
        synchronized void add(String dir, ObjectInfo o) {
            String[] parts = o.key().substring(dir.length()).split("/", -1);
            for (int i = 0; i + 2 < parts.length; i++) {
                Optional<Format> f = formatOf(parts[i]);
                if (f.isEmpty()) {
                    continue;
                }
                String root = dir + String.join("", Arrays.stream(parts, 0, i).map(p -> p + "/").toList());
                String group = parts[i + 1];
                String base = parts[parts.length - 1];
                if (isLocalState(root) || !isReplicaObject(f.get(), group, base)) {
                    return;
                }
                Acc a = byRoot.computeIfAbsent(f.get().name() + "\n" + root, k -> new Acc());
                a.groups.add(group);
                a.objects++;
                a.bytes += o.size();
                Instant time = o.created();
                if (f.get() == Format.LITESTREAM_0_5) {
                    Optional<LtxFile> file = LtxCatalog.parse(group + "/" + base, o);
                    file.ifPresent(a.ltx::add);
                    time = LtxCatalog.objectTime(o);
                } else {
                    a.v3.computeIfAbsent(group, GenAcc::new).add(base, time);
                }
                if (a.newest == null || time.isAfter(a.newest)) {
                    a.newest = time;
                }
                return;
            }
        }

        synchronized List<Found> replicas(ReplicaUrl searched, String prefix) {
            List<Found> out = new ArrayList<>();
            byRoot.forEach((k, a) -> {
                int nl = k.indexOf('\n');
                String root = k.substring(nl + 1);
                out.add(new Found(root, searched.below(root.substring(prefix.length())),
                        Format.valueOf(k.substring(0, nl)), a.groups.size(), Optional.ofNullable(a.newest),
                        a.objects, a.bytes, a.ltx, a.v3.values().stream().map(GenAcc::summary).toList()));
            });
            out.sort(Comparator.comparing(Found::root).thenComparing(Found::format));
            return out;
        }
    }

    /** A 0.3 generation's objects so far: times, snapshot indexes and WAL indexes. */
    private static final class GenAcc {
        final String id;
        final BitSet walIndexes = new BitSet();
        Instant first;
        Instant newest;
        Instant newestSnapshot;
        int firstSnapshotIndex = Integer.MAX_VALUE;

        GenAcc(String id) {
            this.id = id;
        }

        void add(String base, Instant time) {
            first = first == null || time.isBefore(first) ? time : first;
            newest = newest == null || time.isAfter(newest) ? time : newest;
            Optional<Integer> snapshot = Names.snapshotIndex(base);
            if (snapshot.isPresent()) {
                firstSnapshotIndex = Math.min(firstSnapshotIndex, snapshot.get());
                newestSnapshot = newestSnapshot == null || time.isAfter(newestSnapshot) ? time : newestSnapshot;
            } else {
                Names.walPosition(base).ifPresent(p -> walIndexes.set(p.index()));
            }
        }

        Generation summary() {
            boolean broken = newestSnapshot == null;
            int last = walIndexes.length() - 1;
            if (!broken && last > firstSnapshotIndex) {
                int gap = walIndexes.nextClearBit(firstSnapshotIndex);
                broken = gap < last;
            }
            return new Generation(id, first, newest, Optional.ofNullable(newestSnapshot), broken);
        }
    }

    private static boolean isReplicaObject(Format format, String group, String baseName) {
        if (format == Format.LITESTREAM_0_3) {
            return Names.isGeneration(group)
                    && (Names.snapshotIndex(baseName).isPresent() || Names.walPosition(baseName).isPresent());
        }
        return LTX_LEVEL.matcher(group).matches() && LTX_NAME.matcher(baseName).matches();
    }

    private static void stopIfCancelled(Cancellation cancellation) throws ObjectStoreException {
        if (cancellation.isCancelled()) {
            throw new ObjectStoreException("the search was cancelled");
        }
    }

    private static <T> T await(Future<T> f) throws ObjectStoreException, InterruptedException {
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
