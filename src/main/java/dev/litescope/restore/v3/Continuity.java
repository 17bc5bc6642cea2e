package dev.litescope.restore.v3;

import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The breaks in a generation's history that its listing alone shows, without downloading anything: a generation
 * with no snapshot, a WAL index whose first segment is not at offset 0, and a WAL index missing between two that
 * are present. Each is a place past which a restore must refuse.
 *
 * <p>The {@link Planner} refuses through {@link #firstBreak}, and the timeline draws {@link #of}; both go through
 * the same checks and the same words, so what the window shows in red is exactly what a restore refuses.
 * (A gap between two offsets inside an index needs the segments' decompressed lengths, so only a restore finds
 * it.)
 */
public final class Continuity {
    private Continuity() {
    }

    public enum Kind {
        /** WAL segments but no snapshot: nothing in the generation can be restored. */
        NO_SNAPSHOT,
        /** A WAL index whose first segment is not at offset 0: Litestream refuses every walk that reaches it. */
        MISSING_INITIAL_SEGMENT,
        /** A WAL index with no segments between two that have some. */
        MISSING_INDEX
    }

    /**
     * One break.
     *
     * @param index   the WAL index at fault (for {@link Kind#NO_SNAPSHOT}, the generation's first index)
     * @param from    the first moment whose restore runs into it
     * @param until   the moment from which restores are whole again (a later snapshot starts past the break);
     *                empty when every later moment of the generation is refused
     * @param summary a few words for a label: what is missing
     * @param reason  the refusal, in the planner's words
     */
    public record Break(Kind kind, String generation, int index, Instant from, Optional<Instant> until,
                        String summary, String reason) {
        /** Whether a restore of moment {@code t} is refused because of this break. */
        public boolean refuses(Instant t) {
            return !t.isBefore(from) && until.map(t::isBefore).orElse(true);
        }
    }

    /** Every break of {@code g}, in time order; objects are named by their keys. */
    public static List<Break> of(Generation g) {
        return of(g, Function.identity());
    }

    /**
     * Every break of {@code g}, in time order.
     *
     * @param describe how to name an object in a message (a path, gs://bucket/key), from its key
     */
    public static List<Break> of(Generation g, Function<String, String> describe) {
        List<Break> out = new ArrayList<>();
        if (g.walSegments().isEmpty() && g.snapshots().isEmpty()) {
            return out;
        }
        if (g.snapshots().isEmpty()) {
            out.add(noSnapshot(g));
        }
        TreeMap<Integer, WalSegment> firsts = firstSegments(g.walSegments());
        for (WalSegment first : firsts.values()) {
            if (first.offset() != 0) {
                out.add(missingInitialSegment(g.name(), first, describe));
            }
        }
        if (!firsts.isEmpty()) {
            int lowest = g.snapshots().isEmpty() ? firsts.firstKey()
                    : g.snapshots().stream().mapToInt(Snapshot::index).min().getAsInt();
            for (int idx = lowest; idx < firsts.lastKey(); idx++) {
                if (firsts.containsKey(idx)) {
                    continue;
                }
                int next = firsts.higherKey(idx);
                Instant from = firsts.get(next).created();
                // From the first snapshot past the hole, restores start above it and need none of it.
                Optional<Instant> until = Optional.empty();
                for (Snapshot s : g.snapshots()) {
                    if (s.index() > idx && (until.isEmpty() || s.created().isBefore(until.get()))) {
                        until = Optional.of(s.created());
                    }
                }
                if (until.isPresent() && !until.get().isAfter(from)) {
                    continue; // that snapshot is there before any restore could need the missing index
                }
                out.add(missingIndex(g.name(), idx, next, from, until));
            }
        }
        out.sort((a, b) -> a.from().compareTo(b.from()));
        return out;
    }

    /**
     * The first break a restore runs into when it applies {@code walked} (the generation's segments in position
     * order, up to where the restore target stops the walk) on top of the snapshot at {@code snapshotIndex}: a
     * walked index that does not start at offset 0 (checked for every index, as Litestream does, even those below
     * the snapshot), then an index from the snapshot's up to the last walked one that has no segments.
     */
    static Optional<Break> firstBreak(String generation, List<WalSegment> walked, int snapshotIndex,
                                      Function<String, String> describe) {
        TreeMap<Integer, WalSegment> firsts = firstSegments(walked);
        for (WalSegment first : firsts.values()) {
            if (first.offset() != 0) {
                return Optional.of(missingInitialSegment(generation, first, describe));
            }
        }
        int max = firsts.isEmpty() ? -1 : firsts.lastKey();
        for (int idx = snapshotIndex; idx <= max; idx++) {
            if (!firsts.containsKey(idx)) {
                int next = firsts.higherKey(idx);
                return Optional.of(missingIndex(generation, idx, next, firsts.get(next).created(), Optional.empty()));
            }
        }
        return Optional.empty();
    }

    static Break noSnapshot(Generation g) {
        Instant from = g.bounds().map(Generation.TimeBounds::start).orElse(Instant.EPOCH);
        int index = g.walSegments().isEmpty() ? 0 : g.walSegments().get(0).index();
        return new Break(Kind.NO_SNAPSHOT, g.name(), index, from, Optional.empty(), "no snapshot",
                "no snapshots available in generation " + g.name() + " (it holds WAL segments but no snapshot, so "
                        + "nothing in it can be restored; try another generation)");
    }

    private static Break missingInitialSegment(String generation, WalSegment first,
                                               Function<String, String> describe) {
        return new Break(Kind.MISSING_INITIAL_SEGMENT, generation, first.index(), first.created(), Optional.empty(),
                String.format("WAL index %08x has no segment at offset 0", first.index()),
                String.format("missing initial wal segment: WAL index %08x of generation %s has no segment at "
                        + "offset 0 (its first is %s); the replica is incomplete and neither Litestream nor "
                        + "Litescope can restore this generation up to this point", first.index(), generation,
                        describe.apply(first.object().key())));
    }

    private static Break missingIndex(String generation, int index, int next, Instant from, Optional<Instant> until) {
        return new Break(Kind.MISSING_INDEX, generation, index, from, until,
                String.format("WAL index %08x is missing", index),
                String.format("missing WAL index: %s/%08x has no segments although index %08x after it does; the "
                        + "replica has lost WAL data and restoring past index %08x is impossible (pick an earlier "
                        + "-index or -timestamp)", generation, index, next, index - 1));
    }

    /** Each index's first segment in position order. */
    private static TreeMap<Integer, WalSegment> firstSegments(List<WalSegment> segments) {
        TreeMap<Integer, WalSegment> firsts = new TreeMap<>();
        for (WalSegment s : segments) {
            firsts.putIfAbsent(s.index(), s);
        }
        return firsts;
    }
}
