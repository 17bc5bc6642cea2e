package dev.litescope.bench;

import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Names;
import dev.litescope.sql.history.HistoryPoints;
import dev.litescope.sql.history.RowHistory;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A row's history over every restore point of a replica ({@link RowHistory}: one moving copy forward, the row
 * read by its key at each point) against what the same answer costs with Litestream alone: a fresh
 * {@code litestream restore} per restore point. Litestream's side is measured at a few points spread over the
 * replica and extrapolated to all of them (median × points), and the output says so. Run on the bundled demo
 * replica and on the restore benchmark's replica (built by the real Litestream under the build directory).
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests test-compile exec:java@history-bench} (options:
 * -Dbench.runs=N timed walks after one untimed one, default 3; -Dbench.fresh=N Litestream restores, default 5;
 * -Dbench.table and -Dbench.key for another row than users id=1; -Dbench.rows and -Dbench.steps as for the restore
 * benchmark).
 */
public final class HistoryBenchmark {
    private record Figures(String name, int points, int versions, double walkMedianS, double walkMinS,
                           int freshRuns, double freshMedianS) {
    }

    public static void main(String[] args) throws Exception {
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target")).toAbsolutePath();
        Path work = Files.createDirectories(buildDir.resolve("bench/history"));
        String table = System.getProperty("bench.table", "users");
        List<String> key = List.of(System.getProperty("bench.key", "id=1").split(","));
        Path demo = DemoReplica.install(Map.of("XDG_CACHE_HOME", work.resolve("cache").toString()));
        List<Figures> all = new ArrayList<>();
        all.add(measure("demo replica", demo.toUri().toString(), table, key, work));
        all.add(measure("restore benchmark's replica", RestoreBenchmark.replica(buildDir.resolve("bench/restore")),
                table, key, work));
        System.out.printf(Locale.ROOT, "%nrow history of %s (%s) over every restore point%n", table,
                String.join(", ", key));
        System.out.printf(Locale.ROOT, "%-28s %7s %9s %13s %15s %19s %8s%n", "replica", "points", "versions",
                "history wall", "litestream/pt", "x points (extrap.)", "ratio");
        for (Figures f : all) {
            double extrapolated = f.freshMedianS() * f.points();
            System.out.printf(Locale.ROOT, "%-28s %7d %9d %11.2f s %13.3f s %17.1f s %7.0fx%n", f.name(), f.points(),
                    f.versions(), f.walkMedianS(), f.freshMedianS(), extrapolated, extrapolated / f.walkMedianS());
        }
        System.out.printf(Locale.ROOT, "%nhistory wall: median of %d walks after an untimed one (the fastest: %s); "
                + "litestream/pt: median of %s fresh `litestream restore -generation G -index I` runs at points "
                + "spread over the replica, each a separate process; x points is that median times the number of "
                + "points, an extrapolation, not a measurement.%n", Integer.getInteger("bench.runs", 3),
                String.join(", ", all.stream().map(f -> String.format(Locale.ROOT, "%.2f s", f.walkMinS())).toList()),
                String.join(" and ", all.stream().map(f -> Integer.toString(f.freshRuns())).toList()));
        System.exit(0);
    }

    private static Figures measure(String name, String url, String table, List<String> key, Path work)
            throws Exception {
        Replica replica = Replicas.open(ReplicaUrl.parse(url));
        RowHistory history = new RowHistory(replica, table, RowHistory.parseKey(key));
        int runs = Integer.getInteger("bench.runs", 3);
        List<Double> walks = new ArrayList<>();
        RowHistory.Result r = null;
        for (int i = 0; i <= runs; i++) {
            Path dir = Files.createTempDirectory(work, "walk-");
            long t0 = System.nanoTime();
            r = history.run(dir, RowHistory.Listener.NONE, new Cancellation());
            double s = (System.nanoTime() - t0) / 1e9;
            Files.delete(dir);
            if (i > 0) {
                walks.add(s);
            }
        }
        List<RowHistory.Point> points = HistoryPoints.v3(new Catalog(replica));
        int freshRuns = Math.min(points.size(), Integer.getInteger("bench.fresh", 5));
        List<Double> fresh = new ArrayList<>();
        Path out = work.resolve("fresh.db");
        for (int i = 0; i < freshRuns; i++) {
            RowHistory.Point p = points.get((int) ((i + 0.5) * points.size() / freshRuns));
            Files.deleteIfExists(out);
            long t0 = System.nanoTime();
            ProcResult done = LitestreamBinary.restore(out, url, "-generation", p.generation().orElseThrow(),
                    "-index", Names.hex8(p.index().orElseThrow()));
            fresh.add((System.nanoTime() - t0) / 1e9);
            if (!done.ok()) {
                throw new IllegalStateException("litestream restore at " + p + " failed: " + done);
            }
        }
        Files.deleteIfExists(out);
        System.out.printf(Locale.ROOT, "%s (%s): %d restore points, %d versions; walks %s s; litestream restores "
                + "%s s%n", name, url, r.points(), r.versions().size(), list(walks), list(fresh));
        return new Figures(name, r.points(), r.versions().size(), median(walks),
                walks.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), freshRuns, median(fresh));
    }

    private static String list(List<Double> xs) {
        return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList());
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
