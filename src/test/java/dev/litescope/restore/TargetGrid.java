package dev.litescope.restore;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.util.GoTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Restore targets that probe every decision of Litestream's restore: latest, every generation, every
 * (generation, index), every object time (where "≤ T" decides) and the midpoints between them (where the
 * "break at the first too-new segment" rule decides), and times outside every generation.
 */
final class TargetGrid {
    private TargetGrid() {
    }

    static List<String[]> of(Catalog catalog, int maxTimes) throws Exception {
        List<String[]> targets = new ArrayList<>();
        targets.add(new String[0]);
        // The download window at its narrowest: the apply order must not depend on it.
        targets.add(new String[] {"-parallelism", "1"});
        targets.add(new String[] {"-parallelism", "2"});
        TreeSet<Instant> times = new TreeSet<>();
        for (Generation g : catalog.allGenerations()) {
            targets.add(new String[] {"-generation", g.name()});
            TreeSet<Integer> indexes = new TreeSet<>();
            g.snapshots().forEach(s -> indexes.add(s.index()));
            g.walSegments().forEach(s -> indexes.add(s.index()));
            for (int i : indexes) {
                targets.add(new String[] {"-generation", g.name(), "-index", String.format("%08x", i)});
            }
            Stream.concat(g.snapshots().stream().map(Snapshot::created),
                    g.walSegments().stream().map(WalSegment::created))
                    .forEach(times::add);
            g.bounds().ifPresent(b -> targets.add(new String[] {"-generation", g.name(), "-timestamp",
                    GoTime.rfc3339Nano(midpoint(b.start(), b.end()))}));
        }
        List<Instant> all = new ArrayList<>(times);
        // Sample evenly when there are many, keeping the first and last.
        List<Instant> sampled = new ArrayList<>();
        double step = Math.max(1.0, (all.size() - 1) / (double) Math.max(1, maxTimes - 1));
        for (double i = 0; Math.round(i) < all.size(); i += step) {
            sampled.add(all.get((int) Math.round(i)));
        }
        if (!all.isEmpty() && !sampled.get(sampled.size() - 1).equals(all.get(all.size() - 1))) {
            sampled.add(all.get(all.size() - 1));
        }
        for (int i = 0; i < sampled.size(); i++) {
            Instant t = sampled.get(i);
            targets.add(new String[] {"-timestamp", GoTime.rfc3339Nano(t)});
            Instant later = times.higher(t);
            if (later != null) {
                targets.add(new String[] {"-timestamp", GoTime.rfc3339Nano(midpoint(t, later))});
            }
        }
        if (!all.isEmpty()) {
            targets.add(new String[] {"-timestamp", GoTime.rfc3339Nano(all.get(0).minusSeconds(1))});
            targets.add(new String[] {"-timestamp", GoTime.rfc3339Nano(all.get(all.size() - 1).plusSeconds(1))});
            // One nanosecond before an object's time: it must be left out.
            targets.add(new String[] {"-timestamp", GoTime.rfc3339Nano(all.get(all.size() / 2).minusNanos(1))});
        }
        return targets;
    }

    private static Instant midpoint(Instant a, Instant b) {
        return a.plusNanos(Duration.between(a, b).toNanos() / 2);
    }
}
