package dev.litescope.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.FleetBucket;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discovery of a fleet on the loopback Cloud Storage server: {@code litescope databases} (the flat listing in key
 * ranges) beside the search by folder ({@link Discovery#find}), over the {@link FleetBucket} of every layout; its
 * {@code --names-only} (skipping past each replica's objects); and, with three replicas of 100,000 objects added,
 * the same two and an {@code --incremental} refresh.
 * Each figure is the median of several runs after an untimed one, with the list requests counted at the server;
 * the bucket is built before any timing. CPU is this process's (user + system), the server's threads included,
 * which a loaded machine disturbs less than the wall time.
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests test-compile exec:java@databases-bench} (options:
 * -Dbench.replicas=10000,100000 -Dbench.runs=5; the search by folder runs at 10,000 replicas or fewer, where it
 * makes a request per folder).
 */
public final class DatabasesBenchmark {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int LARGE = 100_000;
    private static final Pattern FOUND = Pattern.compile("found (\\d+) database\\(s\\) with (\\d+) list requests");

    private DatabasesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.replicas", "10000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int runs = Integer.getInteger("bench.runs", 5);
        List<String> rows = new ArrayList<>();
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort());
            for (int n : sizes) {
                String bucket = "fleet-" + n;
                long t0 = System.nanoTime();
                FleetBucket.build(gcs, bucket, n);
                long objects = FleetBucket.objects(gcs, bucket);
                System.out.printf(Locale.ROOT, "bucket: %,d replicas, %,d objects, built in %.1fs%n", n, objects,
                        (System.nanoTime() - t0) / 1e9);
                String label = String.format(Locale.ROOT, "%,d replicas (%,d objects)", n, objects);
                long floor = (objects + 999) / 1000;

                Measured flat = median(runs, gcs, () -> databases(env, "gs://" + bucket, n));
                rows.add(row(label, "`litescope databases`", flat, String.format(Locale.ROOT, "<= %d + 20 = %d",
                        floor, floor + 20)));
                Measured names = median(runs, gcs, () -> databases(env, "gs://" + bucket, n, "--names-only"));
                rows.add(row(label, "`litescope databases --names-only`", names, "-"));
                if (n <= 10_000) {
                    Measured byFolder = median(Math.min(runs, 3), gcs, () -> find(gcs, bucket, n));
                    rows.add(row(label, "search by folder (`Discovery.find`)", byFolder, "-"));
                    large(gcs, env, bucket, n, runs, rows);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n| bucket | discovery | wall, median | CPU, median "
                + "| list requests | requests' target |%n|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "(median of %d, after one untimed run; %d cores; load average %s)%n", runs,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
    }

    /**
     * The same bucket with three large replicas added (100,000 WAL segments each): the full listing, the names
     * only, and an incremental refresh after 1,000 new segments in each, from the listing the previous run kept.
     */
    private static void large(LoopbackGcs gcs, Map<String, String> env, String bucket, int n, int runs,
                              List<String> rows) throws Exception {
        Instant t = FleetBucket.NOW.minusSeconds(3600);
        byte[] segment = new byte[8];
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < LARGE; i++) {
                gcs.put(bucket, String.format("tenants/large-%d.db/generations/00000000000000aa/wal/"
                        + "%08x_00000000.wal.lz4", r, i), segment, t);
            }
        }
        long objects = FleetBucket.objects(gcs, bucket);
        String label = String.format(Locale.ROOT, "%,d replicas, 3 of them of %,d objects (%,d objects)", n + 3,
                LARGE, objects);
        long floor = (objects + 999) / 1000;
        Measured flat = median(runs, gcs, () -> databases(env, "gs://" + bucket, n + 3));
        rows.add(row(label, "`litescope databases`", flat, String.format(Locale.ROOT, "<= %d + 20 = %d", floor,
                floor + 20)));
        Measured names = median(runs, gcs, () -> databases(env, "gs://" + bucket, n + 3, "--names-only"));
        rows.add(row(label, "`litescope databases --names-only`", names, "-"));
        for (int r = 0; r < 3; r++) {
            for (int i = LARGE; i < LARGE + 1000; i++) {
                gcs.put(bucket, String.format("tenants/large-%d.db/generations/00000000000000aa/wal/"
                        + "%08x_00000000.wal.lz4", r, i), segment, t.plusSeconds(60));
            }
        }
        Measured refresh = median(runs, gcs, () -> databases(env, "gs://" + bucket, n + 3, "--incremental"));
        rows.add(row(label, "`litescope databases --incremental` (after 1,000 new objects in each large one)",
                refresh, "-"));
    }

    /** One timed run's answer: how many replicas it found and how many list requests the server received. */
    record Measured(double seconds, double cpu, long lists) {
    }

    interface Run {
        void run() throws Exception;
    }

    private static Measured median(int runs, LoopbackGcs gcs, Run r) throws Exception {
        r.run();
        double[] secs = new double[runs];
        double[] cpu = new double[runs];
        long lists = -1;
        for (int i = 0; i < runs; i++) {
            gcs.resetCounters();
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            r.run();
            secs[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (OS.getProcessCpuTime() - c0) / 1e9;
            long l = gcs.count(LoopbackGcs.Kind.LIST);
            if (lists >= 0 && l != lists) {
                throw new AssertionError("list requests differ between runs: " + lists + " and " + l);
            }
            lists = l;
        }
        Arrays.sort(secs);
        Arrays.sort(cpu);
        return new Measured(secs[runs / 2], cpu[runs / 2], lists);
    }

    private static String row(String bucket, String what, Measured m, String target) {
        String line = String.format(Locale.ROOT, "| %s | %s | %.2f s | %.2f s | %,d | %s |", bucket, what,
                m.seconds(), m.cpu(), m.lists(), target);
        System.out.println(line);
        return line;
    }

    /** {@code litescope databases -json URL} as the jar's main runs it, in this JVM; checks what it found. */
    private static void databases(Map<String, String> env, String url, int n, String... options) {
        List<String> args = new ArrayList<>(List.of("databases", "-json"));
        args.addAll(List.of(options));
        args.add(url);
        ProcResult r = Litescope.run(env, args.toArray(String[]::new));
        Matcher m = FOUND.matcher(r.stderr());
        if (r.exitCode() != 0 || !m.find() || Integer.parseInt(m.group(1)) != n
                || args.contains("--incremental") && !r.stderr().contains("incremental: listed 3 large")) {
            throw new AssertionError("databases " + String.join(" ", args) + " did not find " + n + ": "
                    + r.stderr());
        }
    }

    private static void find(LoopbackGcs gcs, String bucket, int n) throws Exception {
        try (GcsObjectStore store = GcsObjectStore.connect(bucket, new GcsSettings(Optional.of(gcs.hostPort()),
                Optional.empty(), RetryPolicy.defaults()))) {
            List<Discovery.Found> found = new Discovery(new Replica(store, "", ReplicaUrl.parse("gs://" + bucket)),
                    16).find();
            if (found.size() != n) {
                throw new AssertionError("the search by folder found " + found.size() + ", not " + n);
            }
        }
    }
}
