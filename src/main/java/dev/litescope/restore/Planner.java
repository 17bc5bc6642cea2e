package dev.litescope.restore;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Chooses what to restore exactly as Litestream 0.3.14 does (0.3.13 minus its panic when the last WAL index is
 * below the snapshot's), so that the result is byte-identical to {@code litestream restore}. Where Litestream
 * would go on and write a wrong or silently different database, the planner refuses instead; those places are
 * marked "Deviation".
 */
public final class Planner {
    private final Catalog catalog;

    public Planner(Catalog catalog) {
        this.catalog = catalog;
    }

    public RestorePlan plan(RestoreTarget target) throws RestoreException, ObjectStoreException {
        Generation generation = chooseGeneration(target);
        Optional<Instant> t = target.timestamp();
        int maxIndex = target.index().orElse(Names.MAX_INDEX);

        if (target.index().isPresent() && !hasIndex(generation, maxIndex)) {
            // Deviation: Litestream silently ignores an index that does not exist and restores something else.
            throw new RestoreException(String.format("index %08x does not exist in generation %s (%s); "
                    + "`litescope wal -generation %s URL` lists its WAL indexes",
                    maxIndex, generation.name(), indexRange(generation), generation.name()));
        }

        Snapshot snapshot = chooseSnapshot(generation, target);

        // Walk every segment in position order, stopping at the first one past the target, as Litestream does.
        TreeMap<Integer, List<WalSegment>> byIndex = new TreeMap<>();
        for (WalSegment seg : generation.walSegments()) {
            if (t.isPresent() && seg.created().isAfter(t.get()) || seg.index() > maxIndex) {
                break;
            }
            List<WalSegment> list = byIndex.computeIfAbsent(seg.index(), i -> new ArrayList<>());
            if (list.isEmpty() && seg.offset() != 0) {
                // Litestream checks this for every index, even those below the snapshot that it never applies.
                throw new RestoreException(String.format("missing initial wal segment: WAL index %08x of "
                        + "generation %s has no segment at offset 0 (its first is %s); the replica is incomplete "
                        + "and neither Litestream nor Litescope can restore this generation up to this point",
                        seg.index(), generation.name(), describe(seg)));
            }
            list.add(seg);
        }

        List<String> notes = new ArrayList<>();
        List<WalSegment> segments = new ArrayList<>();
        int max = byIndex.isEmpty() ? -1 : byIndex.lastKey();
        if (max >= 0 && max < snapshot.index()) {
            notes.add(String.format("the newest WAL segment before the target belongs to index %08x, below the "
                    + "snapshot's index %08x: restoring the snapshot alone (Litestream 0.3.13 crashes here; "
                    + "0.3.14 does the same as Litescope)", max, snapshot.index()));
        }
        for (int idx = snapshot.index(); idx <= max; idx++) {
            List<WalSegment> list = byIndex.get(idx);
            if (list == null) {
                throw new RestoreException(String.format("missing WAL index: %s/%08x has no segments although "
                        + "index %08x after it does; the replica has lost WAL data and restoring past index %08x "
                        + "is impossible (pick an earlier -index or -timestamp)",
                        generation.name(), idx, byIndex.higherKey(idx), idx - 1));
            }
            segments.addAll(list);
        }
        return new RestorePlan(target, generation.name(), snapshot, segments, notes);
    }

    private Generation chooseGeneration(RestoreTarget target) throws RestoreException, ObjectStoreException {
        List<String> names;
        if (target.generation().isPresent()) {
            String g = target.generation().get();
            if (!catalog.hasGeneration(g)) {
                throw new RestoreException("generation " + g + " does not exist in the replica; "
                        + "`litescope generations URL` lists the generations it holds");
            }
            names = List.of(g);
        } else {
            names = catalog.generationNames();
        }
        Generation best = null;
        Instant bestUpdated = null;
        for (String name : names) {
            Generation g = catalog.generation(name);
            Optional<Generation.TimeBounds> bounds = g.bounds();
            if (bounds.isEmpty()) {
                continue; // Litestream compares against a zero time, which an empty generation never beats.
            }
            if (target.timestamp().isPresent() && !bounds.get().contains(target.timestamp().get())) {
                continue;
            }
            // Strictly greater: on a tie the generation listed first wins.
            if (bestUpdated == null || bounds.get().end().isAfter(bestUpdated)) {
                best = g;
                bestUpdated = bounds.get().end();
            }
        }
        if (best == null) {
            if (target.timestamp().isPresent()) {
                throw new RestoreException("no matching backups found: no generation"
                        + target.generation().map(g -> " named " + g).orElse("")
                        + " spans " + target.timestamp().get() + " (a timestamp must lie between a generation's "
                        + "first and last object times; `litescope generations URL` shows them)");
            }
            var url = catalog.replica().url();
            throw new RestoreException("no matching backups found: " + url + " holds no Litestream generations"
                    + (catalog.generationNames().isEmpty()
                    ? " (is the path right? `litescope databases " + parent(url) + "` lists the replicas there)"
                    : " with snapshots or WAL segments"));
        }
        return best;
    }

    /** Where to look for replicas when a path holds none: the bucket, or the parent folder. */
    private static String parent(dev.litescope.replica.ReplicaUrl url) {
        if (url instanceof dev.litescope.replica.ReplicaUrl.Gcs g) {
            return "gs://" + g.bucket();
        }
        java.nio.file.Path dir = ((dev.litescope.replica.ReplicaUrl.Local) url).dir();
        return (dir.getParent() == null ? dir : dir.getParent()).toUri().toString();
    }

    private static Snapshot chooseSnapshot(Generation g, RestoreTarget target) throws RestoreException {
        Snapshot chosen = null;
        if (target.index().isPresent()) {
            int max = target.index().getAsInt();
            for (Snapshot s : g.snapshots()) {
                if (s.index() <= max) {
                    chosen = s; // the last one listed, which for sorted listings is the highest index
                }
            }
        } else {
            Optional<Instant> t = target.timestamp();
            for (Snapshot s : g.snapshots()) {
                if (t.isPresent() && s.created().isAfter(t.get())) {
                    continue;
                }
                if (chosen == null || s.created().isAfter(chosen.created())) {
                    chosen = s;
                }
            }
        }
        if (chosen == null) {
            throw new RestoreException("no snapshots available in generation " + g.name()
                    + (g.snapshots().isEmpty() ? " (it holds WAL segments but no snapshot, so nothing in it can be "
                    + "restored; try another generation)"
                    : " at or before the target " + target + " (its first snapshot is index "
                    + Names.hex8(g.snapshots().get(0).index()) + ", created " + g.snapshots().get(0).created() + ")"));
        }
        return chosen;
    }

    private static boolean hasIndex(Generation g, int index) {
        return g.snapshots().stream().anyMatch(s -> s.index() == index)
                || g.walSegments().stream().anyMatch(s -> s.index() == index);
    }

    private static String indexRange(Generation g) {
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (Snapshot s : g.snapshots()) {
            lo = Math.min(lo, s.index());
            hi = Math.max(hi, s.index());
        }
        for (WalSegment s : g.walSegments()) {
            lo = Math.min(lo, s.index());
            hi = Math.max(hi, s.index());
        }
        return hi < 0 ? "it holds no objects" : String.format("it holds indexes %08x to %08x", lo, hi);
    }

    private String describe(WalSegment seg) {
        return catalog.replica().store().describe(seg.object().key());
    }
}
