package dev.litescope.ui.fleet;

import dev.litescope.fleet.FleetReplica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two histograms above the fleet table: how many replicas lag by how much, and how many store how much. The
 * buckets are fixed (a lag of a minute, ten, an hour, six, a day, a week; sizes by powers of four from 16 KiB to
 * 1 GiB), so one fleet's pictures compare with another's and with itself after a refresh.
 */
public final class FleetHistogram {
    /** One bar: its label and how many replicas fall in it. */
    public record Bucket(String label, int count) {
    }

    private static final List<Duration> LAG_EDGES = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7));
    /** Each bar by where it starts: "1h" holds a lag of an hour up to six. */
    private static final List<String> LAG_LABELS = List.of("<1m", "1m", "10m", "1h", "6h", "1d", "≥7d");
    private static final long KIB = 1024;
    private static final List<Long> SIZE_EDGES = List.of(16 * KIB, 64 * KIB, 256 * KIB, KIB * KIB, 4 * KIB * KIB,
            16 * KIB * KIB, 64 * KIB * KIB, 256 * KIB * KIB, KIB * KIB * KIB);
    private static final List<String> SIZE_LABELS = List.of("<16K", "16K", "64K", "256K", "1M", "4M", "16M", "64M",
            "256M", "≥1G");
    /** The bar of replicas without any object, so without a lag. */
    static final String NO_LAG = "none";

    private FleetHistogram() {
    }

    /** Replicas by lag; a last bar "none" counts those without a newest object, when there are any. */
    public static List<Bucket> lag(List<FleetReplica> replicas) {
        int[] counts = new int[LAG_LABELS.size()];
        int none = 0;
        for (FleetReplica r : replicas) {
            if (r.lag().isEmpty()) {
                none++;
                continue;
            }
            Duration lag = r.lag().get();
            int i = 0;
            while (i < LAG_EDGES.size() && lag.compareTo(LAG_EDGES.get(i)) >= 0) {
                i++;
            }
            counts[i]++;
        }
        List<Bucket> out = buckets(LAG_LABELS, counts);
        if (none > 0) {
            out.add(new Bucket(NO_LAG, none));
        }
        return out;
    }

    /** Replicas by stored bytes. */
    public static List<Bucket> size(List<FleetReplica> replicas) {
        int[] counts = new int[SIZE_LABELS.size()];
        for (FleetReplica r : replicas) {
            int i = 0;
            while (i < SIZE_EDGES.size() && r.bytes() >= SIZE_EDGES.get(i)) {
                i++;
            }
            counts[i]++;
        }
        return buckets(SIZE_LABELS, counts);
    }

    private static List<Bucket> buckets(List<String> labels, int[] counts) {
        List<Bucket> out = new ArrayList<>(labels.size() + 1);
        for (int i = 0; i < labels.size(); i++) {
            out.add(new Bucket(labels.get(i), counts[i]));
        }
        return out;
    }
}
