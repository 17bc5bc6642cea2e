package dev.litescope.bench;

import dev.litescope.replica.Replicas;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Restore speed and memory, Litescope against {@code litestream restore}, on one replica that the real
 * Litestream built: a ≥ 100 MB database with hundreds of WAL segments over many WAL indexes. Both run as
 * separate processes (JVM start-up included; Litescope through its launcher, bin/litescope) on the same replica, alternating, several times; the output
 * files must be identical every time.
 *
 * <p>Run: {@code mvn -q -B -DskipTests -Dlitestream.fetch.skip=false package exec:java@restore-bench}
 * (options: -Dbench.runs=5 -Dbench.rows=60 -Dbench.steps=600 -Dbench.rebuild=true).
 */
public final class RestoreBenchmark {
    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 5);
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target"));
        Path jar = buildDir.resolve("litescope.jar").toAbsolutePath();
        Path launcher = Path.of("bin", "litescope").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the benchmark with `package` before exec:java");
        }
        String url = replica(buildDir.resolve("bench/restore").toAbsolutePath());
        describe(url);

        Path out = Files.createDirectories(buildDir.resolve("bench/out").toAbsolutePath());
        List<PeakRss.Result> ls = new ArrayList<>();
        List<PeakRss.Result> lsc = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path a = out.resolve("litestream-" + i + ".db");
            Path b = out.resolve("litescope-" + i + ".db");
            clean(out);
            List<String> litestream = List.of(LitestreamBinary.path().toString(), "restore", "-o", a.toString(), url);
            List<String> litescope = List.of(launcher.toString(), "restore", "-o", b.toString(), url);
            // Alternate who goes first, so neither always meets a warm page cache.
            if (i % 2 == 0) {
                ls.add(check(PeakRss.run(litestream), "litestream"));
                lsc.add(check(PeakRss.run(litescope), "litescope"));
            } else {
                lsc.add(check(PeakRss.run(litescope), "litescope"));
                ls.add(check(PeakRss.run(litestream), "litestream"));
            }
            String sa = RestoreComparison.sha256(a);
            String sb = RestoreComparison.sha256(b);
            if (!sa.equals(sb)) {
                throw new AssertionError("run " + i + ": outputs differ: " + sa + " vs " + sb);
            }
            System.out.printf(Locale.ROOT, "run %d: litestream %6.2fs %6d MiB | litescope %6.2fs %6d MiB | sha256 %s identical%n",
                    i + 1, secs(ls.get(i).wall()), ls.get(i).peakRssKiB() / 1024, secs(lsc.get(i).wall()),
                    lsc.get(i).peakRssKiB() / 1024, sa.substring(0, 12));
        }
        clean(out);
        double mls = median(ls.stream().map(r -> secs(r.wall())).toList());
        double mlsc = median(lsc.stream().map(r -> secs(r.wall())).toList());
        long rls = ls.stream().mapToLong(PeakRss.Result::peakRssKiB).max().orElse(0) / 1024;
        long rlsc = lsc.stream().mapToLong(PeakRss.Result::peakRssKiB).max().orElse(0) / 1024;
        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %10s %14s%n", "restore (median of " + runs + ")", "wall", "peak RSS");
        System.out.printf(Locale.ROOT, "%-22s %9.2fs %10d MiB%n", "litestream v0.3.13", mls, rls);
        System.out.printf(Locale.ROOT, "%-22s %9.2fs %10d MiB%n", "litescope", mlsc, rlsc);
        System.out.printf(Locale.ROOT, "%-22s %9.2fx%n", "ratio litescope/litestream", mlsc / mls);
    }

    /** Builds the replica once and keeps it under the build directory; returns its URL. */
    private static String replica(Path dir) throws Exception {
        int rows = Integer.getInteger("bench.rows", 60);
        int steps = Integer.getInteger("bench.steps", 600);
        Path marker = dir.resolve("built-" + rows + "x" + steps);
        if (Boolean.getBoolean("bench.rebuild") || !Files.exists(marker)) {
            deleteTree(dir);
            List<Workload.Step> s = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                s.add(new Workload.Insert(rows));
                if (i % 10 == 9) {
                    s.add(new Workload.Update(rows / 2));
                }
                s.add(new Workload.Sleep(40));
            }
            System.out.printf("building the benchmark replica with the real Litestream (%d commits of %d rows)...%n",
                    steps, rows);
            ReplicaFixture f = ReplicaFixture.build(dir.resolve("fixture"), 4096,
                    Workload.of("bench-" + rows + "x" + steps, 7, null, s));
            Files.writeString(marker, f.replicaUrl());
            System.out.printf("built in %ds%n", f.buildTime().toSeconds());
        }
        return Files.readString(marker).strip();
    }

    private static void describe(String url) throws Exception {
        Catalog c = new Catalog(Replicas.open(ReplicaUrl.parse(url)));
        long segments = 0;
        long stored = 0;
        java.util.Set<String> indexes = new java.util.HashSet<>();
        for (Generation g : c.allGenerations()) {
            segments += g.walSegments().size();
            stored += g.storedBytes();
            g.walSegments().forEach(w -> indexes.add(g.name() + w.index()));
        }
        System.out.printf("replica %s: %d generation(s), %d WAL segments over %d WAL indexes, %.1f MiB stored%n",
                url, c.generationNames().size(), segments, indexes.size(), stored / 1048576.0);
    }

    private static PeakRss.Result check(PeakRss.Result r, String who) {
        if (r.exitCode() != 0) {
            throw new AssertionError(who + " restore failed with exit code " + r.exitCode());
        }
        return r;
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static void clean(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
