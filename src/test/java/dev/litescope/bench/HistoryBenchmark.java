package dev.litescope.bench;

import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Names;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.ltx.LtxPlanner;
import dev.litescope.restore.ltx.LtxRestorer;
import dev.litescope.sql.history.HistoryPoints;
import dev.litescope.sql.history.RowHistory;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A row's history over every restore point of a replica ({@link RowHistory}: one moving copy forward, the row
 * read by its key at each point) against what the same answer costs with Litestream alone: a fresh
 * {@code litestream restore} per restore point. Litestream's side is measured at a few points spread over the
 * replica and extrapolated to all of them (median × points), and the output says so. Run on the bundled demo
 * replica and on the restore benchmark's replica (built by the real Litestream under the build directory), both
 * Litestream 0.3, and on the LTX restore benchmark's Litestream 0.5 replica ({@link LtxRestoreBenchmark}: 1,200
 * TXIDs, every one restorable). The build provisions no Litestream 0.5 binary, so on that one the fresh restores are
 * Litescope's own, in this process ({@code LtxPlanner} and {@code LtxRestorer}, no JVM start).
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests -Dlitestream.fetch.skip=false test-compile
 * exec:java@history-bench} (options:
 * -Dbench.runs=N timed walks after one untimed one, default 3; -Dbench.fresh=N fresh restores, default 5;
 * -Dbench.table and -Dbench.key for another row than users id=1, -Dbench.ltx.table and -Dbench.ltx.key than the
 * 0.5 replica's blobs id=1; -Dbench.replicas=demo,restore,ltx for some of them; -Dbench.rows and -Dbench.steps as
 * for the restore benchmark). The 0.5 replica must have been built first: {@code mvn -q -B -DskipTests package
 * exec:java@ltx-restore-bench}.
 */
public final class HistoryBenchmark {
    private record Figures(String name, int points, int versions, double walkMedianS, double walkMinS,
                           int freshRuns, double freshMedianS) {
    }

    /** The row's history walked once untimed, then {@code bench.runs} times. */
    private record Walks(RowHistory.Result result, List<Double> seconds) {
        double median() {
            return HistoryBenchmark.median(seconds);
        }

        double min() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }
    }

    public static void main(String[] args) throws Exception {
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target")).toAbsolutePath();
        Path work = Files.createDirectories(buildDir.resolve("bench/history"));
        String table = System.getProperty("bench.table", "users");
        List<String> key = List.of(System.getProperty("bench.key", "id=1").split(","));
        String ltxTable = System.getProperty("bench.ltx.table", "blobs");
        List<String> ltxKey = List.of(System.getProperty("bench.ltx.key", "id=1").split(","));
        List<String> which = Arrays.asList(System.getProperty("bench.replicas", "demo,restore,ltx").split(","));
        List<Figures> all = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        if (which.contains("demo") || which.contains("restore")) {
            rows.add(table + " (" + String.join(", ", key) + ") on the 0.3 replicas");
        }
        if (which.contains("demo")) {
            Path demo = DemoReplica.install(Map.of("XDG_CACHE_HOME", work.resolve("cache").toString()));
            all.add(measure("demo replica", demo.toUri().toString(), table, key, work));
        }
        if (which.contains("restore")) {
            all.add(measure("restore benchmark's replica", RestoreBenchmark.replica(
                    buildDir.resolve("bench/restore")), table, key, work));
        }
        if (which.contains("ltx")) {
            rows.add(ltxTable + " (" + String.join(", ", ltxKey) + ") on the 0.5 one");
            all.add(measureLtx(buildDir.resolve("bench/ltx/replica"), ltxTable, ltxKey, work));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("-Dbench.replicas names none of demo, restore, ltx: "
                    + String.join(",", which));
        }
        System.out.printf(Locale.ROOT, "%nrow history of %s, over every restore point%n", String.join(", and ", rows));
        System.out.printf(Locale.ROOT, "%-28s %7s %9s %13s %15s %19s %8s%n", "replica", "points", "versions",
                "history wall", "restore/pt", "x points (extrap.)", "ratio");
        for (Figures f : all) {
            double extrapolated = f.freshMedianS() * f.points();
            System.out.printf(Locale.ROOT, "%-28s %7d %9d %11.2f s %13.3f s %17.1f s %7.0fx%n", f.name(), f.points(),
                    f.versions(), f.walkMedianS(), f.freshMedianS(), extrapolated, extrapolated / f.walkMedianS());
        }
        System.out.printf(Locale.ROOT, "%nhistory wall: median of %d walks after an untimed one (the fastest: %s); "
                + "restore/pt: median of %s fresh restores at points spread over the replica, on 0.3 replicas "
                + "`litestream restore -generation G -index I` runs, each a separate process, on the 0.5 one "
                + "Litescope's LTX restore of the TXID in this process; x points is that median times the number "
                + "of points, an extrapolation, not a measurement.%n", Integer.getInteger("bench.runs", 3),
                String.join(", ", all.stream().map(f -> String.format(Locale.ROOT, "%.2f s", f.walkMinS())).toList()),
                String.join(" and ", all.stream().map(f -> Integer.toString(f.freshRuns())).toList()));
        System.exit(0);
    }

    private static Figures measure(String name, String url, String table, List<String> key, Path work)
            throws Exception {
        Replica replica = Replicas.open(ReplicaUrl.parse(url));
        Walks walks = walk(replica, table, key, work);
        RowHistory.Result r = walks.result();
        List<RowHistory.Point> points = HistoryPoints.v3(new Catalog(replica));
        List<Double> fresh = fresh(points, work.resolve("fresh.db"), (p, out) -> {
            ProcResult done = LitestreamBinary.restore(out, url, "-generation", p.generation().orElseThrow(),
                    "-index", Names.hex8(p.index().orElseThrow()));
            if (!done.ok()) {
                throw new IllegalStateException("litestream restore at " + p + " failed: " + done);
            }
        });
        int freshRuns = fresh.size();
        System.out.printf(Locale.ROOT, "%s (%s): %d restore points, %d versions; walks %s s; litestream restores "
                + "%s s%n", name, url, r.points(), r.versions().size(), list(walks.seconds()), list(fresh));
        return new Figures(name, r.points(), r.versions().size(), walks.median(), walks.min(), freshRuns,
                median(fresh));
    }

    /** The history on the 0.5 replica, beside fresh in-process LTX restores of a few of its TXIDs. */
    private static Figures measureLtx(Path root, String table, List<String> key, Path work) throws Exception {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(root + " is missing: build it with mvn -q -B -DskipTests package "
                    + "exec:java@ltx-restore-bench");
        }
        Replica replica = Replicas.open(ReplicaUrl.parse(root.toString()));
        Walks walks = walk(replica, table, key, work);
        RowHistory.Result r = walks.result();
        List<RowHistory.Point> points = HistoryPoints.ltx(new LtxHistory(new LtxCatalog(replica).files(),
                HealthWarning.Settings.defaults()));
        List<Double> fresh = fresh(points, work.resolve("fresh.db"), (p, out) -> new LtxRestorer(replica)
                .restore(new LtxPlanner(new LtxCatalog(replica)).plan(p.target()), out, RestoreOptions.defaults(),
                        Progress.Listener.NONE, new Cancellation()));
        int freshRuns = fresh.size();
        System.out.printf(Locale.ROOT, "LTX restore benchmark's replica (%s): %d restore points, %d versions; walks "
                + "%s s; in-process LTX restores %s s%n", root, r.points(), r.versions().size(),
                list(walks.seconds()), list(fresh));
        return new Figures("LTX benchmark's (0.5)", r.points(), r.versions().size(), walks.median(), walks.min(),
                freshRuns, median(fresh));
    }

    /** One fresh restore of a point into {@code out}, timed as a whole. */
    @FunctionalInterface
    private interface FreshRestore {
        void restore(RowHistory.Point p, Path out) throws Exception;
    }

    /** The seconds of {@code bench.fresh} fresh restores (5 by default) at points spread over the replica. */
    private static List<Double> fresh(List<RowHistory.Point> points, Path out, FreshRestore restore)
            throws Exception {
        int runs = Math.min(points.size(), Integer.getInteger("bench.fresh", 5));
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            RowHistory.Point p = points.get((int) ((i + 0.5) * points.size() / runs));
            Files.deleteIfExists(out);
            long t0 = System.nanoTime();
            restore.restore(p, out);
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        Files.deleteIfExists(out);
        return seconds;
    }

    private static Walks walk(Replica replica, String table, List<String> key, Path work) throws Exception {
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
        return new Walks(r, walks);
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
