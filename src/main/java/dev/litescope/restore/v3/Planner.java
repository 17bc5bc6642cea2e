package dev.litescope.restore.v3;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        if (target instanceof RestoreTarget.Txid) {
            throw new RestoreException("a TXID (" + target + ") names a state of a Litestream 0.5 replica, but "
                    + catalog.replica().url() + " holds Litestream 0.3 generations: restore it by -generation, "
                    + "-index or -timestamp");
        }
        Generation generation = chooseGeneration(target);
        Optional<Instant> t = target.asOf();
        int maxIndex = target.upToIndex().orElse(Names.MAX_INDEX);

        if (target.upToIndex().isPresent() && !hasIndex(generation, maxIndex)) {
            // Deviation: Litestream silently ignores an index that does not exist and restores something else.
            throw new RestoreException(String.format("index %08x does not exist in generation %s (%s); "
                    + "`litescope wal -generation %s URL` lists its WAL indexes",
                    maxIndex, generation.name(), indexRange(generation), generation.name()));
        }

        Snapshot snapshot = chooseSnapshot(generation, target);

        // Walk every segment in position order, stopping at the first one past the target, as Litestream does.
        List<WalSegment> walked = new ArrayList<>();
        int max = -1;
        for (WalSegment seg : generation.walSegments()) {
            if (t.isPresent() && seg.created().isAfter(t.get()) || seg.index() > maxIndex) {
                break;
            }
            walked.add(seg);
            max = Math.max(max, seg.index());
        }
        // The breaks the listing shows are found by the same code that draws them on the timeline.
        Optional<Continuity.Break> broken = Continuity.firstBreak(generation.name(), walked, snapshot.index(),
                catalog.replica().store()::describe);
        if (broken.isPresent()) {
            throw new RestoreException(broken.get().reason());
        }

        List<String> notes = new ArrayList<>();
        if (max >= 0 && max < snapshot.index()) {
            notes.add(String.format("the newest WAL segment before the target belongs to index %08x, below the "
                    + "snapshot's index %08x: restoring the snapshot alone (Litestream 0.3.13 crashes here; "
                    + "0.3.14 does the same as Litescope)", max, snapshot.index()));
        }
        List<WalSegment> segments = new ArrayList<>();
        for (WalSegment seg : walked) {
            if (seg.index() >= snapshot.index()) {
                segments.add(seg);
            }
        }
        return new RestorePlan(target, generation.name(), snapshot, segments, notes);
    }

    private Generation chooseGeneration(RestoreTarget target) throws RestoreException, ObjectStoreException {
        List<String> names;
        if (target.inGeneration().isPresent()) {
            String g = target.inGeneration().get();
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
            if (target.asOf().isPresent() && !bounds.get().contains(target.asOf().get())) {
                continue;
            }
            // Strictly greater: on a tie the generation listed first wins.
            if (bestUpdated == null || bounds.get().end().isAfter(bestUpdated)) {
                best = g;
                bestUpdated = bounds.get().end();
            }
        }
        if (best == null) {
            if (target.asOf().isPresent()) {
                throw new RestoreException("no matching backups found: no generation"
                        + target.inGeneration().map(g -> " named " + g).orElse("")
                        + " spans " + target.asOf().get() + " (a timestamp must lie between a generation's "
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
    private static String parent(ReplicaUrl url) {
        if (url instanceof ReplicaUrl.Gcs g) {
            return "gs://" + g.bucket();
        }
        Path dir = ((ReplicaUrl.Local) url).dir();
        return (dir.getParent() == null ? dir : dir.getParent()).toUri().toString();
    }

    private static Snapshot chooseSnapshot(Generation g, RestoreTarget target) throws RestoreException {
        Snapshot chosen = null;
        if (target.upToIndex().isPresent()) {
            int max = target.upToIndex().getAsInt();
            for (Snapshot s : g.snapshots()) {
                if (s.index() <= max) {
                    chosen = s; // the last one listed, which for sorted listings is the highest index
                }
            }
        } else {
            Optional<Instant> t = target.asOf();
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
            if (g.snapshots().isEmpty()) {
                throw new RestoreException(Continuity.noSnapshot(g).reason());
            }
            throw new RestoreException("no snapshots available in generation " + g.name() + " at or before the "
                    + "target " + target + " (its first snapshot is index " + Names.hex8(g.snapshots().get(0).index())
                    + ", created " + g.snapshots().get(0).created() + ")");
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
}
