package dev.litescope.bench;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Restore speed and memory, Litescope against {@code litestream restore}, on one replica that the real
 * Litestream built: a ≥ 100 MB database with hundreds of WAL segments over many WAL indexes. Both run as
 * separate processes (JVM start-up included; Litescope through its launcher, bin/litescope) on the same replica,
 * alternating, several times; the output
 * files must be identical every time.
 *
 * <p>With {@code -Dbench.store=gcs} the replica lives on the loopback GCS server (kept under the build
 * directory between runs) and both tools read it over the JSON API; Litescope runs without its cache, and once
 * more with a warm cache. That mode also times {@code litescope databases} over 10,000 replicas.
 *
 * <p>Run: {@code mvn -q -B -DskipTests -Dlitestream.fetch.skip=false package exec:java@restore-bench}
 * (options: -Dbench.store=file|gcs -Dbench.runs=5 -Dbench.rows=60 -Dbench.steps=600 -Dbench.rebuild=true
 * -Dbench.databases=10000; -Dbench.sizes=100m,1g,3g runs {@link RestoreScaleBenchmark} instead).
 */
public final class RestoreBenchmark {
    public static void main(String[] args) throws Exception {
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target"));
        if (!Files.exists(buildDir.resolve("litescope.jar"))) {
            throw new IllegalStateException("target/litescope.jar is missing: run the benchmark with `package` "
                    + "before exec:java");
        }
        String sizes = System.getProperty("bench.sizes", "");
        if (!sizes.isBlank()) {
            RestoreScaleBenchmark.run(buildDir, sizes);
        } else if (System.getProperty("bench.store", "file").equals("gcs")) {
            Path data = Files.createDirectories(buildDir.resolve("bench/gcs-data").toAbsolutePath());
            try (LoopbackGcs gcs = LoopbackGcs.start(0, Optional.of(data))) {
                Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort());
                String url = gcsReplica(gcs, buildDir.resolve("bench/gcs-fixture").toAbsolutePath());
                compare(url, env, buildDir, true);
                discovery(gcs, env, Integer.getInteger("bench.databases", 10_000));
            }
        } else {
            compare(replica(buildDir.resolve("bench/restore").toAbsolutePath()), Map.of(), buildDir, false);
        }
        System.exit(0); // the loopback server's threads
    }

    private static void compare(String url, Map<String, String> env, Path buildDir, boolean warmCacheToo)
            throws Exception {
        int runs = Integer.getInteger("bench.runs", 5);
        Path launcher = Path.of("bin", "litescope").toAbsolutePath();
        describe(url, env);

        Path out = Files.createDirectories(buildDir.resolve("bench/out").toAbsolutePath());
        // One untimed run each: the page cache is warm for both, and the launcher has recorded its class archive.
        check(PeakRss.run(List.of(LitestreamBinary.path().toString(), "restore", "-o",
                out.resolve("warmup-a.db").toString(), url), env), "litestream");
        check(PeakRss.run(List.of(launcher.toString(), "restore", "-no-cache", "-o",
                out.resolve("warmup-b.db").toString(), url), env), "litescope");
        clean(out);
        List<PeakRss.Result> ls = new ArrayList<>();
        List<PeakRss.Result> lsc = new ArrayList<>();
        // The same restore without SQLite's quick_check, which a restore runs by default: what verifying costs.
        List<PeakRss.Result> unverified = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path a = out.resolve("litestream-" + i + ".db");
            Path b = out.resolve("litescope-" + i + ".db");
            clean(out);
            List<String> litestream = List.of(LitestreamBinary.path().toString(), "restore", "-o", a.toString(), url);
            List<String> litescope = List.of(launcher.toString(), "restore", "-no-cache", "-o", b.toString(), url);
            // Alternate who goes first, so neither always meets a warm page cache.
            if (i % 2 == 0) {
                ls.add(check(PeakRss.run(litestream, env), "litestream"));
                lsc.add(check(PeakRss.run(litescope, env), "litescope"));
            } else {
                lsc.add(check(PeakRss.run(litescope, env), "litescope"));
                ls.add(check(PeakRss.run(litestream, env), "litestream"));
            }
            Path c = out.resolve("litescope-unverified-" + i + ".db");
            unverified.add(check(PeakRss.run(List.of(launcher.toString(), "restore", "-no-cache", "-integrity-check",
                    "none", "-o", c.toString(), url), env), "litescope -integrity-check none"));
            String sa = RestoreComparison.sha256(a);
            String sb = RestoreComparison.sha256(b);
            if (!sa.equals(sb)) {
                throw new AssertionError("run " + i + ": outputs differ: " + sa + " vs " + sb);
            }
            System.out.printf(Locale.ROOT, "run %d: litestream %6.2fs (cpu %5.2fs) %4d MiB | litescope %6.2fs "
                            + "(cpu %5.2fs) %4d MiB | sha256 %s identical%n", i + 1, secs(ls.get(i).wall()),
                    secs(ls.get(i).cpu()), ls.get(i).peakRssKiB() / 1024, secs(lsc.get(i).wall()),
                    secs(lsc.get(i).cpu()), lsc.get(i).peakRssKiB() / 1024, sa.substring(0, 12));
        }
        List<PeakRss.Result> warm = new ArrayList<>();
        if (warmCacheToo) {
            Map<String, String> cached = new HashMap<>(env);
            cached.put("XDG_CACHE_HOME", buildDir.resolve("bench/cache").toAbsolutePath().toString());
            for (int i = 0; i <= runs; i++) {
                clean(out);
                PeakRss.Result r = check(PeakRss.run(List.of(launcher.toString(), "restore", "-o",
                        out.resolve("warm.db").toString(), url), cached), "litescope (cache)");
                if (i > 0) { // the first run fills the cache
                    warm.add(r);
                }
            }
        }
        clean(out);
        double mls = median(ls.stream().map(r -> secs(r.wall())).toList());
        double mlsc = median(lsc.stream().map(r -> secs(r.wall())).toList());
        long rls = ls.stream().mapToLong(PeakRss.Result::peakRssKiB).max().orElse(0) / 1024;
        long rlsc = lsc.stream().mapToLong(PeakRss.Result::peakRssKiB).max().orElse(0) / 1024;
        double cls = median(ls.stream().map(r -> secs(r.cpu())).toList());
        double clsc = median(lsc.stream().map(r -> secs(r.cpu())).toList());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-26s %9s %9s %12s%n", "restore (median of " + runs + ")", "wall", "cpu",
                "peak RSS");
        System.out.printf(Locale.ROOT, "%-26s %8.2fs %8.2fs %8d MiB%n", "litestream v0.3.13", mls, cls, rls);
        System.out.printf(Locale.ROOT, "%-26s %8.2fs %8.2fs %8d MiB%n", "litescope", mlsc, clsc, rlsc);
        System.out.printf(Locale.ROOT, "%-26s %8.2fx %8.2fx%n", "ratio litescope/litestream", mlsc / mls, clsc / cls);
        double mu = median(unverified.stream().map(r -> secs(r.wall())).toList());
        double cu = median(unverified.stream().map(r -> secs(r.cpu())).toList());
        System.out.printf(Locale.ROOT, "%-26s %8.2fs %8.2fs   (quick_check costs %.2fs wall, %.0f%%)%n",
                "litescope, no verification", mu, cu, mlsc - mu, 100 * (mlsc - mu) / mu);
        if (!warm.isEmpty()) {
            double mw = median(warm.stream().map(r -> secs(r.wall())).toList());
            double cw = median(warm.stream().map(r -> secs(r.cpu())).toList());
            System.out.printf(Locale.ROOT, "%-26s %8.2fs %8.2fs %8d MiB   (%.2fx wall)%n", "litescope, warm cache",
                    mw, cw, warm.stream().mapToLong(PeakRss.Result::peakRssKiB).max().orElse(0) / 1024, mw / mls);
        }
    }

    /** The benchmark workload replicated by the real Litestream to gcs://bench/restore, built once. */
    private static String gcsReplica(LoopbackGcs gcs, Path workDir) throws Exception {
        String url = "gcs://bench/restore";
        if (Boolean.getBoolean("bench.rebuild") || gcs.list("bench", "restore/").isEmpty()) {
            for (var m : gcs.list("bench", "restore/")) {
                gcs.delete("bench", m.name());
            }
            deleteTree(workDir);
            System.out.println("building the benchmark replica on the loopback GCS server with the real Litestream...");
            ReplicaFixture f = ReplicaFixture.buildOnGcs(workDir, 4096, workload(), gcs, "bench", "restore");
            System.out.printf("built in %ds%n", f.buildTime().toSeconds());
        }
        return url;
    }

    /** {@code litescope databases} over n replicas made directly on the server (one snapshot, one segment each). */
    private static void discovery(LoopbackGcs gcs, Map<String, String> env, int n) throws Exception {
        if (gcs.list("tenants", "t/").size() != 2 * n) {
            for (var m : gcs.list("tenants", "t/")) {
                gcs.delete("tenants", m.name());
            }
            Instant t = Instant.parse("2026-11-27T10:00:00Z");
            for (int i = 0; i < n; i++) {
                String root = String.format("t/user-%05d.db/generations/%016x/", i, i);
                gcs.put("tenants", root + "snapshots/00000000.snapshot.lz4", new byte[4096], t);
                gcs.put("tenants", root + "wal/00000000_00000000.wal.lz4", new byte[512], t.plusMillis(i));
            }
        }
        Path launcher = Path.of("bin", "litescope").toAbsolutePath();
        List<Double> walls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            gcs.resetCounters();
            PeakRss.Result r = check(PeakRss.run(List.of(launcher.toString(), "databases", "gs://tenants/t"), env),
                    "litescope databases");
            walls.add(secs(r.wall()));
            System.out.printf(Locale.ROOT, "databases run %d: %.2fs, %d list requests, %d MiB peak RSS%n", i + 1,
                    secs(r.wall()), gcs.count(LoopbackGcs.Kind.LIST), r.peakRssKiB() / 1024);
        }
        System.out.printf(Locale.ROOT, "%n%-32s %9.2fs (median of 3)%n", "databases over " + n + " replicas",
                median(walls));
    }

    /** Builds the replica once and keeps it under the build directory; returns its URL. */
    static String replica(Path dir) throws Exception {
        int rows = Integer.getInteger("bench.rows", 60);
        int steps = Integer.getInteger("bench.steps", 600);
        Path marker = dir.resolve("built-" + rows + "x" + steps);
        if (Boolean.getBoolean("bench.rebuild") || !Files.exists(marker)) {
            deleteTree(dir);
            System.out.printf("building the benchmark replica with the real Litestream (%d commits of %d rows)...%n",
                    steps, rows);
            ReplicaFixture f = ReplicaFixture.build(dir.resolve("fixture"), 4096, workload());
            Files.writeString(marker, f.replicaUrl());
            System.out.printf("built in %ds%n", f.buildTime().toSeconds());
        }
        return Files.readString(marker).strip();
    }

    /** Many small commits a sync apart: hundreds of WAL segments over many WAL indexes, ≥ 100 MB stored. */
    private static Workload workload() {
        int rows = Integer.getInteger("bench.rows", 60);
        int steps = Integer.getInteger("bench.steps", 600);
        List<Workload.Step> s = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            s.add(new Workload.Insert(rows));
            if (i % 10 == 9) {
                s.add(new Workload.Update(rows / 2));
            }
            s.add(new Workload.Sleep(40));
        }
        return Workload.of("bench-" + rows + "x" + steps, 7, null, s);
    }

    private static void describe(String url, Map<String, String> env) throws Exception {
        Catalog c = new Catalog(Replicas.open(ReplicaUrl.parse(url), ReplicaOptions.fromEnvironment(env, false)));
        long segments = 0;
        long stored = 0;
        Set<String> indexes = new HashSet<>();
        for (Generation g : c.allGenerations()) {
            segments += g.walSegments().size();
            stored += g.storedBytes();
            g.walSegments().forEach(w -> indexes.add(g.name() + w.index()));
        }
        System.out.printf("replica %s: %d generation(s), %d WAL segments over %d WAL indexes, %.1f MiB stored%n",
                url, c.generationNames().size(), segments, indexes.size(), stored / 1048576.0);
    }

    static PeakRss.Result check(PeakRss.Result r, String who) {
        if (r.exitCode() != 0) {
            throw new AssertionError(who + " restore failed with exit code " + r.exitCode());
        }
        return r;
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static void clean(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
