package dev.litescope.bench;

import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.MovingCopy;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.restore.v3.Restorer;
import dev.litescope.sql.Cell;
import dev.litescope.sql.FollowedLtxQueryTest;
import dev.litescope.sql.FollowedQuery;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Time travel's two figures. (a) The moving copy against a fresh restore per point, on the restore benchmark's
 * replica (built by the real Litestream, kept under the build directory): the copy steps through every restore
 * point in order, once through the timeline's points (every object time, as the arrow keys step) and once through
 * every WAL index; a fresh restore runs at a sample of the points, and at each the two files must have the same
 * SHA-256. (b) Following the timeline: one step to the next restore point on the bundled demo replica, the copy
 * moved and a small query run on it, as the console's "Follow the timeline" does. (c) The same over every
 * restorable TXID of a Litestream 0.5 replica the test's LTX writer builds from a real SQLite workload (compactions
 * at levels 1 and 2, a snapshot), beside the engine's fresh LTX restore of a sample of the TXIDs queried afresh;
 * at each sampled TXID the two give the same rows.
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests test-compile exec:java@timetravel-bench}
 * (options: -Dbench.fresh=12 fresh restores, -Dbench.budget=MiB for the checkpoints, 3 databases' size unless
 * set; -Dbench.rows and -Dbench.steps as for the restore benchmark; -Dbench.txids=300 for (c);
 * -Dbench.parts=bc runs only those).
 */
public final class TimeTravelBenchmark {
    private static final String FOLLOWED = "SELECT id, name, email FROM users ORDER BY id DESC LIMIT 20";
    private static final String FOLLOWED_LTX = "SELECT id, name, length(body) AS size FROM items ORDER BY id DESC "
            + "LIMIT 20";

    public static void main(String[] args) throws Exception {
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target")).toAbsolutePath();
        Path work = Files.createDirectories(buildDir.resolve("bench/timetravel"));
        String parts = System.getProperty("bench.parts", "abc");
        if (parts.contains("a")) {
            movingCopy(RestoreBenchmark.replica(buildDir.resolve("bench/restore")), work);
        }
        if (parts.contains("b")) {
            follow(work);
        }
        if (parts.contains("c")) {
            followLtx(work);
        }
        System.exit(0);
    }

    private static void movingCopy(String url, Path work) throws Exception {
        Replica replica = Replicas.open(ReplicaUrl.parse(url));
        List<Generation> gens = generations(replica);
        List<RestoreTarget> times = new ArrayList<>();
        List<RestoreTarget> indexes = new ArrayList<>();
        for (Generation g : gens) {
            int first = g.snapshots().stream().mapToInt(Snapshot::index).min().getAsInt();
            Instant from = g.snapshots().stream().map(Snapshot::created).min(Comparator.naturalOrder()).orElseThrow();
            TreeSet<Instant> ts = new TreeSet<>();
            TreeSet<Integer> is = new TreeSet<>();
            for (WalSegment s : g.walSegments()) {
                if (s.index() >= first && !s.created().isBefore(from)) {
                    ts.add(s.created());
                    is.add(s.index());
                }
            }
            ts.forEach(t -> times.add(new RestoreTarget.Timestamp(Optional.of(g.name()), t)));
            is.forEach(i -> indexes.add(new RestoreTarget.Index(Optional.of(g.name()), i)));
        }
        Path fresh = work.resolve("fresh.db");
        Restorer restorer = new Restorer(replica);
        Planner planner = new Planner(new Catalog(replica));
        RestoreOptions unverified = RestoreOptions.defaults().withForce(true)
                .withIntegrityCheck(RestoreOptions.IntegrityCheck.NONE);
        restorer.restore(planner.plan(times.get(times.size() - 1)), fresh, unverified, Progress.Listener.NONE,
                new Cancellation());
        long dbBytes = Files.size(fresh);
        long budget = Long.getLong("bench.budget", 3 * dbBytes >> 20) << 20;
        System.out.printf(Locale.ROOT, "replica %s: %d generation(s), %d restore points (object times), %d WAL "
                + "indexes; database %.1f MiB; checkpoint budget %d MiB%n", url, gens.size(), times.size(),
                indexes.size(), dbBytes / 1048576.0, budget >> 20);

        int freshRuns = Integer.getInteger("bench.fresh", 12);
        List<Double> freshMs = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%n%-34s %9s %9s %9s %11s %8s%n", "step to the next restore point", "median",
                "p90", "max", "disk used", "steps");
        Row a = walk("moving copy, every object time", replica, times, work, budget, freshRuns, fresh, freshMs,
                restorer, planner, unverified);
        Row b = walk("moving copy, every WAL index", replica, indexes, work, budget, 0, fresh, freshMs, restorer,
                planner, unverified);
        double fm = percentile(freshMs, 50);
        System.out.printf(Locale.ROOT, "%-34s %7.1fms %7.1fms %7.1fms %11s %8d%n", "fresh restore per point", fm,
                percentile(freshMs, 90), percentile(freshMs, 100), "-", freshMs.size());
        System.out.printf(Locale.ROOT, "%nmoving copy faster than a fresh restore (medians): %.0fx per object time, "
                + "%.0fx per WAL index; checkpoints peaked at %.1f of %d MiB%n", fm / a.median, fm / b.median,
                Math.max(a.peakBytes, b.peakBytes) / 1048576.0, budget >> 20);
        Files.deleteIfExists(fresh);
    }

    private record Row(double median, long peakBytes) {
    }

    private static Row walk(String label, Replica replica, List<RestoreTarget> points, Path work, long budget,
                            int freshRuns, Path fresh, List<Double> freshMs, Restorer restorer, Planner planner,
                            RestoreOptions unverified) throws Exception {
        Path copy = work.resolve("moving.db");
        List<Double> ms = new ArrayList<>();
        long peak = 0;
        int every = freshRuns == 0 ? Integer.MAX_VALUE : Math.max(1, points.size() / freshRuns);
        int rebased = 0;
        int refused = 0;
        try (MovingCopy moving = new MovingCopy(replica, copy, budget)) {
            for (int i = 0; i < points.size(); i++) {
                long t0 = System.nanoTime();
                CopyStep<RestorePlan> step;
                try {
                    step = moving.moveTo(points.get(i), Progress.Listener.NONE, new Cancellation());
                } catch (RestoreException e) {
                    // A point the restore refuses too (one stopping inside a transaction that spans segments):
                    // the timeline shows why; the next step re-bases.
                    refused++;
                    System.out.println("refused: " + points.get(i) + ": " + e.getMessage());
                    continue;
                }
                double took = (System.nanoTime() - t0) / 1e6;
                peak = Math.max(peak, step.checkpointBytes());
                if (step.rebased()) {
                    rebased++;
                } else {
                    ms.add(took); // a generation's first point is a full restore either way
                }
                if (i % every == every / 2) {
                    long f0 = System.nanoTime();
                    restorer.restore(planner.plan(points.get(i)), fresh, unverified, Progress.Listener.NONE,
                            new Cancellation());
                    freshMs.add((System.nanoTime() - f0) / 1e6);
                    if (!RestoreComparison.sha256(fresh).equals(RestoreComparison.sha256(copy))) {
                        throw new AssertionError("the moving copy differs from a fresh restore at " + points.get(i));
                    }
                }
            }
        }
        Files.deleteIfExists(copy);
        System.out.printf(Locale.ROOT, "%-34s %7.1fms %7.1fms %7.1fms %7.1f MiB %8d%s%n", label, percentile(ms, 50),
                percentile(ms, 90), percentile(ms, 100), peak / 1048576.0, ms.size(),
                (rebased > 0 ? "  (+" + rebased + " full restores, not counted: a generation's first point, "
                        + "or no checkpoint before it, or after a refused point)" : "")
                        + (refused > 0 ? "  (" + refused + " refused)" : ""));
        return new Row(percentile(ms, 50), peak);
    }

    /** (b): the demo replica, one restore point at a time, the copy moved and a small query run again. */
    private static void follow(Path work) throws Exception {
        Path demo = DemoReplica.install(Map.of("XDG_CACHE_HOME", work.resolve("cache").toString()));
        Replica replica = Replicas.open(ReplicaUrl.parse(demo.toUri().toString()));
        List<RestoreTarget> points = new ArrayList<>();
        for (Generation g : generations(replica)) {
            Instant from = g.snapshots().stream().map(Snapshot::created).min(Comparator.naturalOrder()).orElseThrow();
            new TreeSet<>(g.walSegments().stream().map(WalSegment::created).filter(t -> !t.isBefore(from)).toList())
                    .forEach(t -> points.add(new RestoreTarget.Timestamp(Optional.of(g.name()), t)));
        }
        List<Double> ms = new ArrayList<>();
        long changed = 0;
        try (FollowedQuery follow = new FollowedQuery(replica, work.resolve("follow.db"), 64L << 20, 1000)) {
            for (RestoreTarget p : points) {
                long t0 = System.nanoTime();
                FollowedQuery.Result r = follow.step(p, FOLLOWED, new Cancellation()).orElseThrow();
                double took = (System.nanoTime() - t0) / 1e6;
                changed += r.changedCells();
                if (!r.move().rebased()) {
                    ms.add(took);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nfollowing the demo's timeline, %d steps (\"%s\"): median %.1f ms, p90 "
                + "%.1f ms, max %.1f ms per step (move + query); %d cells marked changed%n", ms.size(), FOLLOWED,
                percentile(ms, 50), percentile(ms, 90), percentile(ms, 100), changed);
    }

    /** (c): a 0.5 replica, one restorable TXID at a time, against a fresh restore and query at a sample of them. */
    private static void followLtx(Path work) throws Exception {
        int txns = Integer.getInteger("bench.txids", 300);
        // Built the same each run (a fixed seed and times), over the previous run's files.
        Path dir = Files.createDirectories(work.resolve("ltx-" + txns));
        List<byte[]> states = SqliteStates.capture(dir, 4096, txns, 3);
        Path root = dir.resolve("replica");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, 4096, Instant.parse("2026-12-01T00:00:00Z"))
                .compact(1, 10).compact(2, 6).snapshotAt(txns / 2).build());
        Replica replica = Replicas.open(ReplicaUrl.parse(root.toString()));
        List<Long> txids = FollowedLtxQueryTest.points(replica);
        int every = Math.max(1, txids.size() / Integer.getInteger("bench.fresh", 12));
        List<Double> ms = new ArrayList<>();
        List<Double> freshMs = new ArrayList<>();
        try (FollowedQuery follow = new FollowedQuery(replica, dir.resolve("follow.db"), 64L << 20, 1000)) {
            for (int i = 0; i < txids.size(); i++) {
                long t0 = System.nanoTime();
                FollowedQuery.Result r = follow.step(RestoreTarget.txid(txids.get(i)), FOLLOWED_LTX,
                        new Cancellation()).orElseThrow();
                double took = (System.nanoTime() - t0) / 1e6;
                if (!r.move().rebased()) {
                    ms.add(took);
                }
                if (i % every == 0) {
                    long f0 = System.nanoTime();
                    List<List<Cell>> fresh = FollowedLtxQueryTest.freshQuery(dir, replica, txids.get(i), FOLLOWED_LTX);
                    freshMs.add((System.nanoTime() - f0) / 1e6);
                    if (!fresh.subList(0, Math.min(fresh.size(), 1000)).equals(r.rows())) {
                        throw new IllegalStateException("the followed rows at TXID " + txids.get(i) + " differ "
                                + "from a fresh restore's");
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nfollowing a Litestream 0.5 replica (%d TXIDs, %.1f MiB), %d steps "
                + "(\"%s\"):%n  %-34s median %7.1f ms, p90 %7.1f ms, max %7.1f ms%n  %-34s median %7.1f ms, "
                + "p90 %7.1f ms, max %7.1f ms (%d TXIDs)%n", txns, states.get(txns - 1).length / 1048576.0, ms.size(),
                FOLLOWED_LTX, "moving copy + query, per step", percentile(ms, 50), percentile(ms, 90),
                percentile(ms, 100), "fresh LTX restore + query", percentile(freshMs, 50), percentile(freshMs, 90),
                percentile(freshMs, 100), freshMs.size());
    }

    private static List<Generation> generations(Replica replica) throws Exception {
        return new Catalog(replica).allGenerations().stream()
                .filter(g -> g.bounds().isPresent() && !g.snapshots().isEmpty())
                .sorted(Comparator.comparing((Generation g) -> g.bounds().get().start())).toList();
    }

    private static double percentile(List<Double> xs, int p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = xs.stream().sorted().toList();
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }
}
