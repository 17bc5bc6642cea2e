package dev.litescope.testsupport.gcs;

import dev.litescope.fleet.FleetHealth.Condition;
import dev.litescope.replica.Discovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bucket of many replicas of every layout, put straight into a {@link LoopbackGcs}'s store (no HTTP, so 10,000
 * replicas take well under a second) and listed over HTTP by the code under test.
 *
 * <p>Replica {@code i} is, by {@code i % 4}: Litestream 0.3 at {@code tenants/tNNNNN.db}, 0.3 at
 * {@code REGION/tenants/tNNNNN.db}, 0.5 at {@code tenants/...}, 0.5 at {@code REGION/tenants/...} (REGION one of
 * ap, eu, us). By {@code (i / 4) % 50}: 0 has a break in its newest generation (0.3: a WAL index missing; 0.5: a
 * TXID gap), 1 is stale (its newest snapshot more than the 24 h snapshot interval before its newest object), 2 began
 * a new 0.3 generation in the last day (0.5 replicas have no generations: healthy), the rest are healthy. Clutter
 * that is no replica: README files, stray objects inside replicas, Litestream's {@code .tmp} uploads, folders named
 * {@code generations} and {@code ltx} with nothing valid in them, and a database's local {@code -litestream} state.
 *
 * <p>The builder records what each replica must be found as ({@link Expected}), from what it put.
 */
public final class FleetBucket {
    /** The moment the fleet's times are set against: every newest object is 10 minutes to 70 minutes before it. */
    public static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final String[] REGIONS = {"ap", "eu", "us"};

    /**
     * What discovery must report for one replica.
     *
     * @param root the replica's key prefix, ending in '/'
     */
    public record Expected(String root, Discovery.Format format, int generations, long objects, long bytes,
                           Instant newest, Set<Condition> health) {
        public Expected {
            health = health.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(health));
        }
    }

    private final LoopbackGcs gcs;
    private final String bucket;
    private final Map<String, Acc> expected = new LinkedHashMap<>();

    private static final class Acc {
        final Discovery.Format format;
        final Set<String> groups = new TreeSet<>();
        final Set<Condition> health = EnumSet.noneOf(Condition.class);
        long objects;
        long bytes;
        Instant newest;

        Acc(Discovery.Format format) {
            this.format = format;
        }
    }

    private FleetBucket(LoopbackGcs gcs, String bucket) {
        this.gcs = gcs;
        this.bucket = bucket;
    }

    /** Puts {@code n} replicas and the clutter into {@code bucket}; returns them sorted by root. */
    public static List<Expected> build(LoopbackGcs gcs, String bucket, int n) {
        FleetBucket b = new FleetBucket(gcs, bucket);
        b.clutter();
        for (int i = 0; i < n; i++) {
            b.replica(i);
        }
        return b.expected();
    }

    /** The root of replica {@code i}, as {@link #build} names it. */
    public static String root(int i) {
        boolean nested = i % 2 == 1;
        return (nested ? REGIONS[(i / 4) % REGIONS.length] + "/" : "") + String.format("tenants/t%05d.db/", i);
    }

    /** Every object of the bucket, clutter included: what a flat listing of it must page through. */
    public static long objects(LoopbackGcs gcs, String bucket) {
        return gcs.list(bucket, "").size();
    }

    private List<Expected> expected() {
        List<Expected> out = new ArrayList<>();
        expected.forEach((root, a) -> out.add(new Expected(root, a.format, a.groups.size(), a.objects, a.bytes,
                a.newest, a.health)));
        out.sort((x, y) -> x.root().compareTo(y.root()));
        return out;
    }

    private void replica(int i) {
        String root = root(i);
        boolean v3 = i % 4 < 2;
        int kind = (i / 4) % 50;
        Instant newest = NOW.minusSeconds(600 + (i * 7L) % 3600);
        if (v3) {
            v3Replica(root, i, kind, newest);
        } else {
            v5Replica(root, i, kind, newest);
        }
        if (i % 100 == 3) {
            gcs.put(bucket, root + "notes.txt", new byte[5], newest.plusSeconds(60));
        }
    }

    private void v3Replica(String root, int i, int kind, Instant newest) {
        String gen = String.format("%016x", mix(i));
        if (kind == 2) {
            // An older generation three days back, then a new one begun two hours ago.
            String old = String.format("%016x", mix(i + 1_000_003));
            Instant then = NOW.minus(Duration.ofDays(3));
            v3Object(root, i, old + "/snapshots/00000000.snapshot.lz4", 400, then);
            v3Object(root, i, old + "/wal/00000000_00000000.wal.lz4", 40, then.plusSeconds(60));
            expected.get(root).health.add(Condition.NEW_GENERATION);
        }
        Instant snapshot = kind == 1 ? newest.minus(Duration.ofHours(30)) : newest.minus(Duration.ofHours(2));
        v3Object(root, i, gen + "/snapshots/00000000.snapshot.lz4", 300 + i % 50, snapshot);
        v3Object(root, i, gen + "/wal/00000000_00000000.wal.lz4", 20 + i % 7, snapshot.plusSeconds(1));
        v3Object(root, i, gen + "/wal/00000000_00001000.wal.lz4", 30, newest.minus(Duration.ofHours(1)));
        // A break: index 1 missing before the newest segment's index 2.
        v3Object(root, i, gen + "/wal/" + (kind == 0 ? "00000002" : "00000001") + "_00000000.wal.lz4", 25, newest);
        if (kind == 0) {
            expected.get(root).health.add(Condition.BREAK);
        } else if (kind == 1) {
            expected.get(root).health.add(Condition.NO_SNAPSHOT);
        }
        if (i % 97 == 5) {
            gcs.put(bucket, root + "generations/" + gen + "/wal/00000002_00000000.wal.lz4.tmp", new byte[9],
                    newest.plusSeconds(5));
        }
    }

    private void v3Object(String root, int i, String underGenerations, int size, Instant time) {
        gcs.put(bucket, root + "generations/" + underGenerations, new byte[size], time);
        count(root, Discovery.Format.LITESTREAM_0_3, underGenerations.substring(0, 16), size, time);
    }

    private void v5Replica(String root, int i, int kind, Instant newest) {
        Instant snapshot = kind == 1 ? newest.minus(Duration.ofHours(30)) : newest.minus(Duration.ofHours(2));
        v5Object(root, 9, 1, 0x10, 500 + i % 50, snapshot);
        v5Object(root, 1, 1, 0x10, 200, newest.minus(Duration.ofHours(2)));
        v5Object(root, 0, 0x11, 0x11, 30, newest.minusSeconds(5));
        // A break: TXIDs 0x12 and 0x13 in no file.
        long last = kind == 0 ? 0x14 : 0x12;
        v5Object(root, 0, last, last, 30 + i % 5, newest);
        if (kind == 0) {
            expected.get(root).health.add(Condition.BREAK);
        } else if (kind == 1) {
            expected.get(root).health.add(Condition.NO_SNAPSHOT);
        }
        if (i % 89 == 7) {
            gcs.put(bucket, root + "ltx/0/0000000000000099-0000000000000099.ltx.tmp", new byte[9], newest);
        }
    }

    /**
     * An LTX file as Litestream 0.5.1+ uploads it: the object a second after the file's own time, which is in its
     * {@code litestream-timestamp} metadata and is the time discovery must report.
     */
    private void v5Object(String root, int level, long min, long max, int size, Instant time) {
        gcs.put(bucket, root + String.format("ltx/%d/%016x-%016x.ltx", level, min, max), new byte[size],
                time.plusSeconds(1), Map.of("litestream-timestamp", time.toString()));
        count(root, Discovery.Format.LITESTREAM_0_5, Integer.toString(level), size, time);
    }

    private void count(String root, Discovery.Format format, String group, long size, Instant time) {
        Acc a = expected.computeIfAbsent(root, r -> new Acc(format));
        a.groups.add(group);
        a.objects++;
        a.bytes += size;
        a.newest = a.newest == null || time.isAfter(a.newest) ? time : a.newest;
    }

    private void clutter() {
        Instant t = NOW.minus(Duration.ofDays(10));
        gcs.put(bucket, "README.md", new byte[100], t);
        gcs.put(bucket, "tenants/README", new byte[10], t);
        gcs.put(bucket, "eu/tenants/README", new byte[10], t);
        // Folders named generations/ and ltx/ that hold nothing Litestream would list.
        gcs.put(bucket, "junk/generations/README", new byte[3], t);
        gcs.put(bucket, "junk/generations/not-a-generation/wal/00000000_00000000.wal.lz4", new byte[3], t);
        gcs.put(bucket, "junk/generations/0123456789abcdef/wal/notes.txt", new byte[3], t);
        gcs.put(bucket, "junk/ltx/0/not-an-ltx-name.ltx", new byte[3], t);
        gcs.put(bucket, "junk/ltx/level/0000000000000001-0000000000000001.ltx", new byte[3], t);
        // A database's local state, as when a folder of databases was copied into the bucket.
        gcs.put(bucket, "tenants/.t00000.db-litestream/generations/0123456789abcdef/wal/00000000_00000000.wal.lz4",
                new byte[3], t);
        gcs.put(bucket, "tenants/.t00000.db-litestream/generation", new byte[16], t);
    }

    /** A fixed scramble of {@code i}: generation IDs with no order, as Litestream's random ones. */
    private static long mix(long i) {
        long z = i * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
