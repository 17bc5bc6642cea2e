package dev.litescope.ui.timeline;

import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxLevel;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.Plan;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.util.Units;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A Litestream 0.5 history as timeline lanes, under the generations' lanes: a lane per level (level 9's snapshots,
 * the compactions of levels 1 to 8, the level-0 files), highest level first, then the lane of the restorable
 * states. Times are nanoseconds from the timeline's origin, sorted, so a frame finds what is visible by binary
 * search. Pure data: no JavaFX, tested without a screen.
 *
 * <p>A compaction spans, on the time axis, from the oldest file holding any of its TXIDs (when the first of them
 * existed) to its own time. The restorable lane holds the restore points: from each on, until the next, a restore
 * gives that point's TXID; the cursor snaps only to them. From the first file after a TXID gap on, a restore is
 * refused, so that stretch is marked.
 */
final class LtxLanes {
    /** One level's files, by time. */
    static final class Level {
        final int level;
        final LtxFile[] files;
        final long[] times;
        /** Where each file's span starts: its own time for level 0 and snapshots. */
        final long[] spanFrom;
        final long[] sizes;
        final boolean[] restorable;
        final boolean[] planned;
        /** Files the "Changes to" filter dims: known not to have changed the chosen table or index. */
        final boolean[] dimmed;
        final long maxSize;

        Level(int level, LtxFile[] files, long[] times, long[] spanFrom, long[] sizes, boolean[] restorable) {
            this.level = level;
            this.files = files;
            this.times = times;
            this.spanFrom = spanFrom;
            this.sizes = sizes;
            this.restorable = restorable;
            this.planned = new boolean[files.length];
            this.dimmed = new boolean[files.length];
            this.maxSize = Math.max(1, Arrays.stream(sizes).max().orElse(1));
        }

        boolean isSnapshots() {
            return level == LtxNames.SNAPSHOT_LEVEL;
        }

        String title() {
            return isSnapshots() ? "L9 snapshots" : level == 0 ? "L0 files" : "L" + level + " compactions";
        }
    }

    final LtxRow row;
    final Level[] levels;
    final long[] pointTimes;
    final Instant[] pointInstants;
    final long[] pointTxids;
    /** From each gap's first file after it: a restore past the gap is refused. */
    final long[] refusedFrom;
    final LtxHistory.Gap[] gaps;
    final long end;
    private final Instant origin;

    /** Dims the files {@code dim} says to (the "Changes to" filter); never a snapshot, which holds every table. */
    void markDimmed(Predicate<LtxFile> dim) {
        for (Level l : levels) {
            for (int f = 0; f < l.files.length; f++) {
                l.dimmed[f] = !l.isSnapshots() && dim.test(l.files[f]);
            }
        }
    }

    LtxLanes(LtxRow row, Instant origin) {
        this.row = row;
        this.origin = origin;
        LtxHistory h = row.history();
        List<LtxLevel> ls = h.levels();
        levels = new Level[ls.size()];
        for (int i = 0; i < levels.length; i++) {
            // Highest level on top: snapshots, then the compactions, then level 0 nearest the restorable lane.
            levels[i] = level(h, ls.get(ls.size() - 1 - i));
        }
        List<LtxHistory.RestorePoint> points = row.points();
        pointTimes = new long[points.size()];
        pointInstants = new Instant[points.size()];
        pointTxids = new long[points.size()];
        for (int i = 0; i < pointTimes.length; i++) {
            pointInstants[i] = points.get(i).from();
            pointTimes[i] = nanos(pointInstants[i]);
            pointTxids[i] = points.get(i).txid();
        }
        gaps = h.gaps().toArray(new LtxHistory.Gap[0]);
        refusedFrom = new long[gaps.length];
        for (int i = 0; i < gaps.length; i++) {
            refusedFrom[i] = nanos(gaps[i].after().created());
        }
        end = h.newest().map(this::nanos).orElse(0L);
    }

    private Level level(LtxHistory h, LtxLevel l) {
        LtxFile[] files = l.files().toArray(new LtxFile[0]);
        Arrays.sort(files, Comparator.comparing(LtxFile::created).thenComparingLong(LtxFile::maxTxid));
        long[] times = new long[files.length];
        long[] from = new long[files.length];
        long[] sizes = new long[files.length];
        boolean[] restorable = new boolean[files.length];
        for (int i = 0; i < files.length; i++) {
            LtxFile f = files[i];
            times[i] = nanos(f.created());
            from[i] = f.level() == 0 || f.level() == LtxNames.SNAPSHOT_LEVEL ? times[i] : nanos(firstHeld(h, f));
            sizes[i] = Math.max(1, f.size());
            restorable[i] = h.isRestorable(f.maxTxid());
        }
        return new Level(l.level(), files, times, from, sizes, restorable);
    }

    /** The oldest time any file of a level below 9 holds one of {@code f}'s TXIDs: when the first of them existed. */
    private static Instant firstHeld(LtxHistory h, LtxFile f) {
        return h.files().stream().filter(o -> o.level() != LtxNames.SNAPSHOT_LEVEL)
                .filter(o -> o.minTxid() <= f.maxTxid() && o.maxTxid() >= f.minTxid()).map(LtxFile::created)
                .min(Instant::compareTo).orElse(f.created());
    }

    /** Nanoseconds from the origin, the same mapping as {@link Lane#nanos(Instant)}. */
    long nanos(Instant t) {
        return (t.getEpochSecond() - origin.getEpochSecond()) * 1_000_000_000L + (t.getNano() - origin.getNano());
    }

    /** Lanes: one per level, and the restorable one last. */
    int size() {
        return levels.length + 1;
    }

    /** The index of the restorable lane among {@link #size()}. */
    int restorableLane() {
        return levels.length;
    }

    boolean hasPoints() {
        return pointTimes.length > 0;
    }

    /** The restore point nearest {@code n} nanoseconds: where a click snaps. Only when {@link #hasPoints()}. */
    Instant pointNear(double n) {
        return pointInstants[Lane.nearest(pointTimes, n)];
    }

    /** The restore point one {@code step} from {@code now} (the newest when there is none), if there is one. */
    Optional<Instant> step(Optional<Instant> now, Lane.Step step) {
        if (!hasPoints()) {
            return Optional.empty();
        }
        int last = pointInstants.length - 1;
        int at = Arrays.binarySearch(pointInstants, now.orElse(pointInstants[last]));
        int i = switch (step) {
            case PREVIOUS -> at >= 0 ? at - 1 : -at - 2;
            case NEXT -> at >= 0 ? at + 1 : -at - 1;
            case FIRST -> 0;
            case LAST -> last;
        };
        return i >= 0 && i <= last ? Optional.of(pointInstants[i]) : Optional.empty();
    }

    /** Marks the files {@code plan} reads, if it is a Litestream 0.5 plan; clears the marks otherwise. */
    void markPlanned(Optional<? extends Plan> plan) {
        Set<LtxFile> in = new HashSet<>(plan.filter(LtxPlan.class::isInstance).map(p -> ((LtxPlan) p).files())
                .orElse(List.of()));
        for (Level l : levels) {
            for (int i = 0; i < l.files.length; i++) {
                l.planned[i] = in.contains(l.files[i]);
            }
        }
    }

    /**
     * What a file says on hover: level, TXIDs, size and time, and for a compaction whose inner TXIDs cannot be
     * restored (its level-0 files are pruned), why, in the history's words.
     */
    String describe(LtxFile f) {
        LtxHistory h = row.history();
        StringBuilder s = new StringBuilder(f.label()).append(", ").append(Units.bytes(f.size()));
        if (!h.isRestorable(f.maxTxid())) {
            s.append("\n").append(h.whyNotRestorable(f.maxTxid()).orElse(""));
        } else if (f.maxTxid() > f.minTxid() && !h.isRestorable(f.maxTxid() - 1)) {
            s.append("\n").append(h.whyNotRestorable(f.maxTxid() - 1).orElse(""));
        }
        return s.toString();
    }
}
