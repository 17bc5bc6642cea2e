package dev.litescope.replica.v3;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything one generation holds: its snapshots and WAL segments, each sorted by position. A generation
 * starts whenever Litestream loses track of the WAL (first start, a WAL truncated or overwritten behind its
 * back), so its history is continuous only within itself.
 */
public record Generation(String name, List<Snapshot> snapshots, List<WalSegment> walSegments) {
    public Generation {
        snapshots = snapshots.stream().sorted(Comparator.comparingInt(Snapshot::index)).toList();
        walSegments = walSegments.stream().sorted(Comparator.comparing(WalSegment::position)).toList();
    }

    /**
     * The generation's time span as Litestream computes it: the earliest and latest creation time over all
     * its snapshots and WAL segments. Empty when it holds no objects.
     */
    public Optional<TimeBounds> bounds() {
        Instant min = null;
        Instant max = null;
        for (Instant t : (Iterable<Instant>) allTimes()::iterator) {
            if (min == null || t.isBefore(min)) {
                min = t;
            }
            if (max == null || t.isAfter(max)) {
                max = t;
            }
        }
        return min == null ? Optional.empty() : Optional.of(new TimeBounds(min, max));
    }

    private Stream<Instant> allTimes() {
        return Stream.concat(snapshots.stream().map(Snapshot::created), walSegments.stream().map(WalSegment::created));
    }

    public long storedBytes() {
        return snapshots.stream().mapToLong(Snapshot::size).sum()
                + walSegments.stream().mapToLong(WalSegment::size).sum();
    }

    public record TimeBounds(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }
}
