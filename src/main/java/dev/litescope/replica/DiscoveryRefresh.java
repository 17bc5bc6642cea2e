package dev.litescope.replica;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.util.Cancellation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A discovery that lists only what can have changed since the previous one ({@link DiscoveryState}).
 *
 * <p>Cloud Storage cannot list "what changed since": a listing names a prefix and a key range. But Litestream's
 * names grow within each folder it writes: a 0.3 generation's {@code snapshots/} and {@code wal/} (fixed-width hex
 * indexes and offsets), a 0.5 level's {@code ltx/L/} (fixed-width TXIDs). So for each large replica of the previous
 * state the refresh asks:
 *
 * <ul>
 *   <li>one delimited listing of its format folder: new generations or levels (listed whole) and vanished ones
 *       (dropped; retention deletes a whole 0.3 generation);</li>
 *   <li>per known folder, the objects from its newest known name on (startOffset), and its first object: the
 *       known ones below that are gone, since retention (0.3) and compaction (0.5) delete from the bottom.</li>
 * </ul>
 *
 * That is about five requests for a 0.3 replica of one generation, whatever its size. Everything else (the small
 * replicas, new replicas, clutter) is listed flat again in the key ranges of {@link Discovery#findFlat}, cut around
 * the large replicas' format folders: a page of it holds a couple of hundred small replicas, fewer requests than
 * asking after each. What this cannot see: an object deleted or rewritten in the middle of a large replica's folder
 * (not something Litestream does) is noticed only by a full listing.
 */
final class DiscoveryRefresh {
    private final Discovery discovery;
    private final ObjectStore store;
    private final String prefix;

    DiscoveryRefresh(Discovery discovery) {
        this.discovery = discovery;
        this.store = discovery.store();
        this.prefix = discovery.prefix();
    }

    /** Everything listed flat, the large replicas' objects kept. */
    Discovery.Refreshed full(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        Instant taken = Instant.now();
        ReplicaTally tally = new ReplicaTally(true);
        if (store.listsByRequest()) {
            List<String> bounds = discovery.bounds(prefix, cancellation);
            discovery.ranges(DiscoveryRanges.MAX_RANGES).run(bounds, cancellation, objects -> {
                objects.forEach(o -> tally.add(prefix, o));
                return DiscoveryRanges.successor(objects.get(objects.size() - 1).key());
            });
        } else {
            discovery.inRanges(discovery.bounds(prefix, cancellation), cancellation, (from, to) -> {
                for (ObjectInfo o : store.listRange(prefix, from, to).objects()) {
                    tally.add(prefix, o);
                }
            });
        }
        return new Discovery.Refreshed(tally.replicas(discovery.searched().url(), prefix), state(taken, tally),
                "listed every object below the prefix");
    }

    Discovery.Refreshed refresh(DiscoveryState previous, Cancellation cancellation)
            throws ObjectStoreException, InterruptedException {
        if (previous.large().isEmpty()) {
            // Nothing to list from its newest objects on: the refresh would be the full listing, so say that.
            Discovery.Refreshed r = full(cancellation);
            return new Discovery.Refreshed(r.found(), r.state(), String.format(Locale.ROOT, "no replica had %,d "
                    + "objects or more (the size from which a refresh lists one only from its newest objects on), "
                    + "so %s", Discovery.LARGE, r.listed()));
        }
        Instant taken = Instant.now();
        ReplicaTally tally = new ReplicaTally(true);
        List<DiscoveryState.Large> large = previous.large().stream()
                .sorted((a, b) -> a.formatDir().compareTo(b.formatDir())).toList();
        List<String> skipped = large.stream().map(DiscoveryState.Large::formatDir).toList();
        List<String> bounds = discovery.bounds(prefix, cancellation);
        List<Discovery.Job> jobs = new ArrayList<>();
        int pieces = 0;
        for (int i = 0; i + 1 < bounds.size(); i++) {
            for (String[] piece : cut(bounds.get(i), bounds.get(i + 1), skipped)) {
                pieces++;
                jobs.add(() -> {
                    for (ObjectInfo o : store.listRange(prefix, piece[0], piece[1]).objects()) {
                        tally.add(prefix, o);
                    }
                });
            }
        }
        AtomicLong wholeGroups = new AtomicLong();
        AtomicLong gone = new AtomicLong();
        for (DiscoveryState.Large l : large) {
            jobs.add(() -> {
                for (ObjectInfo o : tail(l, wholeGroups, gone)) {
                    tally.add(prefix, o);
                }
            });
        }
        discovery.inParallel(jobs, cancellation);
        String listed = String.format(Locale.ROOT, "listed %d large replica(s) from their newest known objects on "
                + "(%d new generation(s) or level(s) listed whole, %d object(s) gone from the oldest end of their "
                + "folders) and the rest of the prefix flat around them, in %d key range(s); an object removed from "
                + "the middle of a large replica's folder is seen only by a full listing", large.size(),
                wholeGroups.get(), gone.get(), pieces);
        return new Discovery.Refreshed(tally.replicas(discovery.searched().url(), prefix), state(taken, tally),
                listed);
    }

    private DiscoveryState state(Instant taken, ReplicaTally tally) {
        return new DiscoveryState(discovery.searched().url().toString(), taken, tally.kept(Discovery.LARGE));
    }

    /**
     * The key range [from, to) without the folders {@code skipped} (sorted; each a prefix ending in '/'), as
     * ranges in key order. An empty {@code from} has no lower bound, an empty {@code to} no upper one.
     */
    static List<String[]> cut(String from, String to, List<String> skipped) {
        List<String[]> out = new ArrayList<>();
        String low = from;
        for (String dir : skipped) {
            String end = Discovery.after(dir);
            if (!to.isEmpty() && dir.compareTo(to) >= 0) {
                break;
            }
            if (end.compareTo(low) <= 0) {
                continue;
            }
            if (dir.compareTo(low) > 0) {
                out.add(new String[] {low, dir});
            }
            low = end;
        }
        if (to.isEmpty() || low.compareTo(to) < 0) {
            out.add(new String[] {low, to});
        }
        return out;
    }

    /** A large replica's objects now, from its previous ones and the few listings described above. */
    private List<ObjectInfo> tail(DiscoveryState.Large l, AtomicLong wholeGroups, AtomicLong gone)
            throws ObjectStoreException {
        String formatDir = l.formatDir();
        // The known objects by the folder Litestream writes them in: GEN/snapshots/, GEN/wal/ or L/.
        Map<String, List<ObjectInfo>> byFolder = new TreeMap<>();
        for (ObjectInfo o : l.objects()) {
            byFolder.computeIfAbsent(folder(l.format(), formatDir, o.key()), k -> new ArrayList<>()).add(o);
        }
        Set<String> knownGroups = new HashSet<>();
        byFolder.keySet().forEach(f -> knownGroups.add(group(formatDir, f)));
        List<ObjectInfo> out = new ArrayList<>();
        List<String> groups = store.list(formatDir, true).prefixes();
        byFolder.forEach((f, known) -> {
            if (!groups.contains(group(formatDir, f))) {
                gone.addAndGet(known.size()); // a whole generation or level deleted
            }
        });
        for (String group : groups) {
            if (!knownGroups.contains(group)) {
                wholeGroups.incrementAndGet();
                out.addAll(store.listRange(group, "", "").objects());
                continue;
            }
            List<String> folders = l.format() == Format.LITESTREAM_0_3
                    ? List.of(group + "snapshots/", group + "wal/") : List.of(group);
            Set<String> all = new HashSet<>(folders);
            byFolder.keySet().stream().filter(f -> f.startsWith(group)).forEach(all::add);
            for (String folder : all.stream().sorted().toList()) {
                List<ObjectInfo> known = byFolder.getOrDefault(folder, List.of());
                if (known.isEmpty()) {
                    out.addAll(store.listRange(folder, "", "").objects());
                    continue;
                }
                String newest = known.get(known.size() - 1).key();
                List<ObjectInfo> first = store.listFirst(folder, 1).objects();
                List<ObjectInfo> fresh = store.listRange(folder, newest, "").objects();
                String lowest = first.isEmpty() ? null : first.get(0).key();
                if (fresh.isEmpty() || !fresh.get(0).key().equals(newest)) {
                    gone.incrementAndGet(); // the newest known object itself
                }
                for (ObjectInfo o : known) {
                    if (o.key().compareTo(newest) >= 0) {
                        continue; // listed again in fresh, if it is still there
                    }
                    if (lowest != null && o.key().compareTo(lowest) >= 0) {
                        out.add(o);
                    } else {
                        gone.incrementAndGet();
                    }
                }
                out.addAll(fresh);
            }
        }
        return out;
    }

    /** The folder a key of a replica sits in: the group's first folder for 0.3, the level for 0.5. */
    private static String folder(Format format, String formatDir, String key) {
        int groupEnd = key.indexOf('/', formatDir.length());
        if (format == Format.LITESTREAM_0_5) {
            return key.substring(0, groupEnd + 1);
        }
        int next = key.indexOf('/', groupEnd + 1);
        return next < 0 ? key.substring(0, groupEnd + 1) : key.substring(0, next + 1);
    }

    private static String group(String formatDir, String folder) {
        return folder.substring(0, folder.indexOf('/', formatDir.length()) + 1);
    }
}
