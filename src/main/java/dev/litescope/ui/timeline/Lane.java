package dev.litescope.ui.timeline;

import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.v3.Continuity;
import dev.litescope.restore.v3.RestorePlan;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One generation's objects as time-sorted arrays of nanoseconds from the timeline's origin, so a frame finds what
 * is visible by binary search: WAL segments with their sizes, snapshots, every distinct object time (where a
 * restore's result changes, so where the cursor snaps and steps) and the breaks {@link Continuity} finds. Pure
 * data: no JavaFX, tested without a screen.
 */
final class Lane {
    final GenerationRow row;
    final boolean hasObjects;
    final long start;
    final long end;
    final WalSegment[] segments;
    final long[] segmentTimes;
    final long[] segmentSizes;
    final boolean[] segmentPlanned;
    /** Segments the "Changes to" filter dims: known not to have changed the chosen table or index. */
    final boolean[] segmentDimmed;
    final long maxSize;
    final Snapshot[] snapshots;
    final long[] snapshotTimes;
    final boolean[] snapshotPlanned;
    final long[] objectTimes;
    final Instant[] objectInstants;
    final Continuity.Break[] breaks;
    final long[] breakFrom;
    final long[] breakUntil;
    private final Map<String, Integer> segmentByKey = new HashMap<>();
    private final Instant origin;

    Lane(GenerationRow row, Instant origin, Function<String, String> describe) {
        this.row = row;
        this.origin = origin;
        List<WalSegment> segs = row.generation().walSegments();
        segments = segs.toArray(new WalSegment[0]);
        Arrays.sort(segments, Comparator.comparing(WalSegment::created));
        segmentTimes = new long[segments.length];
        segmentSizes = new long[segments.length];
        segmentPlanned = new boolean[segments.length];
        segmentDimmed = new boolean[segments.length];
        long max = 1;
        for (int i = 0; i < segments.length; i++) {
            segmentTimes[i] = nanos(segments[i].created());
            segmentSizes[i] = Math.max(1, segments[i].size());
            max = Math.max(max, segmentSizes[i]);
            segmentByKey.put(segments[i].object().key(), i);
        }
        maxSize = max;
        snapshots = row.generation().snapshots().toArray(new Snapshot[0]);
        Arrays.sort(snapshots, Comparator.comparing(Snapshot::created));
        snapshotTimes = new long[snapshots.length];
        snapshotPlanned = new boolean[snapshots.length];
        for (int i = 0; i < snapshots.length; i++) {
            snapshotTimes[i] = nanos(snapshots[i].created());
        }
        objectInstants = distinctTimes(segments, snapshots);
        objectTimes = new long[objectInstants.length];
        for (int i = 0; i < objectTimes.length; i++) {
            objectTimes[i] = nanos(objectInstants[i]);
        }
        hasObjects = objectTimes.length > 0;
        start = hasObjects ? objectTimes[0] : 0;
        end = hasObjects ? objectTimes[objectTimes.length - 1] : 0;
        breaks = Continuity.of(row.generation(), describe).toArray(new Continuity.Break[0]);
        breakFrom = new long[breaks.length];
        breakUntil = new long[breaks.length];
        for (int i = 0; i < breaks.length; i++) {
            breakFrom[i] = nanos(breaks[i].from());
            breakUntil[i] = breaks[i].until().map(this::nanos).orElse(end);
        }
    }

    private static Instant[] distinctTimes(WalSegment[] segments, Snapshot[] snapshots) {
        Instant[] all = new Instant[segments.length + snapshots.length];
        for (int i = 0; i < segments.length; i++) {
            all[i] = segments[i].created();
        }
        for (int i = 0; i < snapshots.length; i++) {
            all[segments.length + i] = snapshots[i].created();
        }
        Arrays.sort(all);
        int n = 0;
        for (Instant t : all) {
            if (n == 0 || !all[n - 1].equals(t)) {
                all[n++] = t;
            }
        }
        return Arrays.copyOf(all, n);
    }

    /** Nanoseconds from the origin, the same mapping as {@link TimelineViewport#nanos(Instant)}. */
    long nanos(Instant t) {
        return (t.getEpochSecond() - origin.getEpochSecond()) * 1_000_000_000L + (t.getNano() - origin.getNano());
    }

    /** Marks what {@code plan} fetches (its snapshot and segments), if it restores this generation; else nothing. */
    void markPlanned(Optional<RestorePlan> plan) {
        Arrays.fill(segmentPlanned, false);
        Arrays.fill(snapshotPlanned, false);
        if (plan.isEmpty() || !row.name().equals(plan.get().generation())) {
            return;
        }
        for (WalSegment s : plan.get().segments()) {
            Integer i = segmentByKey.get(s.object().key());
            if (i != null) {
                segmentPlanned[i] = true;
            }
        }
        for (int i = 0; i < snapshots.length; i++) {
            snapshotPlanned[i] = snapshots[i].equals(plan.get().snapshot());
        }
    }

    /** Dims the segments {@code dim} says to (the "Changes to" filter); none when it says none. */
    void markDimmed(Predicate<WalSegment> dim) {
        for (int i = 0; i < segments.length; i++) {
            segmentDimmed[i] = dim.test(segments[i]);
        }
    }

    /**
     * The moment at {@code n} nanoseconds: the nearest object time when it is within {@code snapNanos} (0: no
     * snapping), and never outside the generation's span. Only for a lane that {@link #hasObjects}.
     */
    Instant momentAt(double n, double snapNanos) {
        if (snapNanos > 0) {
            int i = nearest(objectTimes, n);
            if (Math.abs(objectTimes[i] - n) <= snapNanos) {
                return objectInstants[i];
            }
        }
        if (n <= start) {
            return objectInstants[0];
        }
        if (n >= end) {
            return objectInstants[objectInstants.length - 1];
        }
        return origin.plusNanos(Math.round(n));
    }

    /** Where the cursor steps from {@code now}: each step changes what a restore includes. */
    enum Step { PREVIOUS, NEXT, FIRST, LAST }

    /** The object time one {@code step} from {@code now} (the newest when there is none), if there is one. */
    Optional<Instant> step(Optional<Instant> now, Step step) {
        if (!hasObjects) {
            return Optional.empty();
        }
        int last = objectInstants.length - 1;
        int at = Arrays.binarySearch(objectInstants, now.orElse(objectInstants[last]));
        int i = switch (step) {
            case PREVIOUS -> at >= 0 ? at - 1 : -at - 2;
            case NEXT -> at >= 0 ? at + 1 : -at - 1;
            case FIRST -> 0;
            case LAST -> last;
        };
        return i >= 0 && i <= last ? Optional.of(objectInstants[i]) : Optional.empty();
    }

    /** The first index whose value is at least {@code key}. */
    static int lowerBound(long[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the value nearest to {@code key}; {@code a} must not be empty. */
    static int nearest(long[] a, double key) {
        int i = lowerBound(a, key);
        if (i == a.length) {
            return i - 1;
        }
        if (i > 0 && key - a[i - 1] <= a[i] - key) {
            return i - 1;
        }
        return i;
    }
}
