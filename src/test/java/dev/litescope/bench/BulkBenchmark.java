package dev.litescope.bench;

import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.BulkFleet;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Bulk verify of a fleet of small replicas: {@code litescope verify} (discovery, then each replica restored to a
 * temporary file, checked by {@code PRAGMA integrity_check} and deleted) at several parallelisms, over a folder
 * and over the loopback Cloud Storage server, beside what a script would do without it: {@code litestream
 * restore} of each replica in turn, then the same check.
 *
 * <p>The fleet is four replicas made by the real Litestream v0.3.13 (a few hundred rows, one or two generations,
 * 1-4 WAL segments each), copied under {@code tenants/tNNNN/db} with their times kept. The Litestream loop runs on
 * a sample of the fleet (every replica costs it a process start) and its rate is that sample's.
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests -Dlitestream.fetch.skip=false test-compile
 * exec:java@bulk-bench} (options:
 * -Dbench.replicas=1000 -Dbench.sample=100 -Dbench.runs=3).
 */
public final class BulkBenchmark {
    private BulkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.replicas", 1000);
        int sample = Math.min(count, Integer.getInteger("bench.sample", 100));
        int runs = Integer.getInteger("bench.runs", 3);
        Path dir = Path.of(System.getProperty("litescope.buildDir", "target")).toAbsolutePath().resolve("bench/bulk");
        deleteTree(dir);
        long t0 = System.nanoTime();
        List<ReplicaFixture> real = BulkFleet.realReplicas(dir.resolve("real"), 4);
        Path fleet = dir.resolve("fleet");
        List<ReplicaFixture> copies = BulkFleet.copies(real, fleet, count);
        long objects;
        try (Stream<Path> s = Files.walk(fleet)) {
            objects = s.filter(Files::isRegularFile).count();
        }
        System.out.printf(Locale.ROOT, "fleet: %d replicas (%d objects) copied from 4 made by Litestream v0.3.13, "
                + "built in %.1fs%n", count, objects, (System.nanoTime() - t0) / 1e9);

        List<String> rows = new ArrayList<>();
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            BulkFleet.upload(fleet, gcs, "bulk");
            Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort());
            // Untimed: loads the classes and the page cache.
            verify(env, fleet.toString(), 8, count);
            for (int n : new int[] {1, 4, 8, 16}) {
                double local = best(runs, () -> verify(env, fleet.toString(), n, count));
                double cloud = best(runs, () -> verify(env, "gs://bulk", n, count));
                rows.add(String.format(Locale.ROOT, "| litescope verify -parallelism %d | %.2f s, %.0f/s | %.2f s, "
                        + "%.0f/s |", n, local, count / local, cloud, count / cloud));
                System.out.println(rows.get(rows.size() - 1));
            }
            double loop = litestreamLoop(copies.subList(0, sample), dir.resolve("loop"));
            rows.add(String.format(Locale.ROOT, "| litestream restore + integrity_check, one after another (%d of "
                    + "them) | %.2f s, %.0f/s | - |", sample, loop, sample / loop));
        }
        System.out.printf(Locale.ROOT, "%n| %d replicas | folder: wall, replicas/s | loopback GCS: wall, "
                + "replicas/s |%n|---|---|---|%n", count);
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "(best of %d; %d cores; load average %s)%n", runs,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
        deleteTree(dir);
    }

    private interface Timed {
        double run() throws Exception;
    }

    private static double best(int runs, Timed t) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, t.run());
        }
        return best;
    }

    /** One {@code litescope verify}, in this JVM as the jar's main runs it; its wall time in seconds. */
    private static double verify(Map<String, String> env, String url, int parallelism, int count) {
        long t0 = System.nanoTime();
        ProcResult r = Litescope.run(env, "verify", "-no-cache", "-parallelism", String.valueOf(parallelism), url);
        double secs = (System.nanoTime() - t0) / 1e9;
        String expect = String.format(Locale.ROOT, "verified %d of %d database(s): %d ok, 0 failed", count, count,
                count);
        if (r.exitCode() != 0 || !r.stdout().contains(expect)) {
            throw new AssertionError("verify of " + url + " failed: " + r.stderr()
                    + r.stdout().lines().filter(l -> !l.startsWith("ok ")).toList());
        }
        return secs;
    }

    /** {@code litestream restore} and SQLite's check of each replica, one after another; seconds. */
    private static double litestreamLoop(List<ReplicaFixture> replicas, Path out) throws Exception {
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        int i = 0;
        for (ReplicaFixture f : replicas) {
            Path db = out.resolve((i++) + ".db");
            LitestreamBinary.restore(db, f.replicaUrl()).requireSuccess();
            String check = AppDatabase.integrityCheck(db);
            if (!check.equals("ok")) {
                throw new AssertionError(f.replicaUrl() + ": " + check);
            }
            Files.delete(db);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
