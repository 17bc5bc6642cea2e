package dev.litescope.restore.v3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moving copy against {@code litestream restore} at every WAL index of a real replica of three generations
 * with mid-generation snapshots and a VACUUM: forward through all of them, then back, sha256 equal at each; and
 * against a fresh restore at every object time, stepping forward inside the indexes.
 */
class MovingCopyTest {
    @TempDir
    Path tmp;

    private record Point(String generation, int index, String sha) {
        RestoreTarget target() {
            return new RestoreTarget.Index(Optional.of(generation), index);
        }
    }

    @Test
    void everyIndexForwardThenBackEqualsLitestreamWithinTheBudget() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        List<Point> points = points(replica, f.replicaUrl());
        assertThat(points.stream().map(Point::generation).distinct()).as("generations").hasSizeGreaterThan(1);

        long budget = 3 * Files.size(tmp.resolve("largest.db"));
        Path copy = tmp.resolve("copy.db");
        List<Point> walk = new ArrayList<>(points);
        for (int i = points.size() - 2; i >= 0; i--) {
            walk.add(points.get(i));
        }
        int backFromCheckpoint = 0;
        int forward = 0;
        try (MovingCopy moving = new MovingCopy(replica, copy, budget)) {
            Point previous = null;
            for (Point p : walk) {
                CopyStep<RestorePlan> step = moving.moveTo(p.target(), Progress.Listener.NONE, new Cancellation());
                String where = p.generation() + " " + Names.hex8(p.index()) + " (" + step.how() + ")";
                assertThat(RestoreComparison.sha256(copy)).as("the copy at %s", where).isEqualTo(p.sha());
                assertThat(step.checkpointBytes()).as("checkpoints at %s", where).isLessThanOrEqualTo(budget);
                assertThat(moving.checkpointBytes()).isEqualTo(step.checkpointBytes());
                boolean newGeneration = previous == null
                        || !previous.generation().equals(p.generation());
                assertThat(step.rebased()).as("full restore at %s: %s", where, step.message()).isEqualTo(newGeneration);
                if (newGeneration) {
                    assertThat(step.message()).get().asString().contains("full restore");
                } else {
                    assertThat(step.message()).isEmpty();
                }
                backFromCheckpoint += step.how() == CopyStep.How.FROM_CHECKPOINT ? 1 : 0;
                forward += step.how() == CopyStep.How.FORWARD ? 1 : 0;
                previous = p;
            }
        }
        assertThat(forward).as("steps forward by WAL alone").isGreaterThan(points.size() / 2);
        assertThat(backFromCheckpoint).as("steps back from a checkpoint").isGreaterThan(points.size() / 3);
        assertThat(Files.list(tmp).map(x -> x.getFileName().toString()))
                .as("no checkpoint left behind").allMatch(n -> !n.contains("checkpoints"));
    }

    @Test
    void aTinyBudgetKeepsNoCheckpointAndStepsBackWithAFullRestoreThatSaysWhy() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        List<Point> points = points(replica, f.replicaUrl());
        Point last = points.get(points.size() - 1);
        Point before = points.stream().filter(p -> p.generation().equals(last.generation()))
                .findFirst().orElseThrow();
        Path copy = tmp.resolve("copy.db");
        try (MovingCopy moving = new MovingCopy(replica, copy, 1)) {
            moving.moveTo(last.target(), Progress.Listener.NONE, new Cancellation());
            CopyStep<RestorePlan> back = moving.moveTo(before.target(), Progress.Listener.NONE, new Cancellation());
            assertThat(back.how()).isEqualTo(CopyStep.How.FULL_RESTORE);
            assertThat(back.message()).get().asString().contains("no checkpoint within the disk budget");
            assertThat(back.checkpointBytes()).isZero();
            assertThat(RestoreComparison.sha256(copy)).isEqualTo(before.sha());
        }
    }

    /**
     * Stepping forward through every object time of each generation (the timeline's arrow keys: one segment at a
     * time, most of them inside a WAL index) goes on from where the copy stands: no checkpoint is copied back to
     * the index's start, and each state equals a fresh restore of that timestamp. A step back and forward again
     * inside an index still goes through a checkpoint.
     */
    @Test
    void everyObjectTimeForwardGoesOnInsideTheIndexAndEqualsAFreshRestore() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        Catalog catalog = new Catalog(replica);
        Planner planner = new Planner(catalog);
        Restorer restorer = new Restorer(replica);
        Path copy = tmp.resolve("copy.db");
        Path fresh = tmp.resolve("fresh.db");
        int inside = 0;
        try (MovingCopy moving = new MovingCopy(replica, copy, 64L << 20)) {
            for (Generation g : catalog.allGenerations()) {
                int first = g.snapshots().stream().mapToInt(sn -> sn.index()).min().orElse(Integer.MAX_VALUE);
                Instant from = g.snapshots().stream().map(sn -> sn.created()).min(Comparator.naturalOrder())
                        .orElse(Instant.MAX);
                TreeSet<Instant> times = new TreeSet<>();
                for (WalSegment seg : g.walSegments()) {
                    if (seg.index() >= first && !seg.created().isBefore(from)) {
                        times.add(seg.created());
                    }
                }
                boolean firstStep = true;
                List<RestoreTarget> walk = new ArrayList<>();
                times.forEach(t -> walk.add(new RestoreTarget.Timestamp(Optional.of(g.name()), t)));
                for (RestoreTarget t : walk) {
                    RestorePlan plan = planner.plan(t);
                    CopyStep<RestorePlan> step = moving.moveTo(t, Progress.Listener.NONE, new Cancellation());
                    restorer.restore(plan, fresh, RestoreOptions.defaults().withForce(true)
                            .withIntegrityCheck(RestoreOptions.IntegrityCheck.NONE), Progress.Listener.NONE,
                            new Cancellation());
                    assertThat(RestoreComparison.sha256(copy)).as("the copy at %s (%s)", t, step.how())
                            .isEqualTo(RestoreComparison.sha256(fresh));
                    if (!firstStep) {
                        // A point that is a later snapshot alone re-bases on it (and says so); none goes back.
                        assertThat(step.how()).as("the step to %s: %s", t, step.message())
                                .isNotEqualTo(CopyStep.How.FROM_CHECKPOINT);
                        if (step.how() == CopyStep.How.FULL_RESTORE) {
                            assertThat(step.message()).get().asString().contains("a snapshot alone");
                        }
                    }
                    List<WalSegment> segs = plan.segments();
                    inside += !segs.isEmpty() && g.walSegments().stream().anyMatch(x -> x.index()
                            == segs.get(segs.size() - 1).index() && x.offset() > segs.get(segs.size() - 1).offset())
                            ? 1 : 0;
                    firstStep = false;
                }
                if (walk.size() > 2) {
                    // Back inside an index, then on: from a checkpoint, still exact.
                    RestoreTarget back = walk.get(walk.size() - 2);
                    assertThat(moving.moveTo(back, Progress.Listener.NONE, new Cancellation()).how())
                            .isNotEqualTo(CopyStep.How.FORWARD);
                    moving.moveTo(walk.get(walk.size() - 1), Progress.Listener.NONE, new Cancellation());
                    restorer.restore(planner.plan(walk.get(walk.size() - 1)), fresh, RestoreOptions.defaults()
                            .withForce(true).withIntegrityCheck(RestoreOptions.IntegrityCheck.NONE),
                            Progress.Listener.NONE, new Cancellation());
                    assertThat(RestoreComparison.sha256(copy)).isEqualTo(RestoreComparison.sha256(fresh));
                }
            }
        }
        assertThat(inside).as("steps that stop inside a WAL index").isGreaterThan(5);
    }

    /** Every WAL index at or above each generation's first snapshot, generations in time order. */
    private List<Point> points(Replica replica, String url) throws Exception {
        List<Generation> gens = new Catalog(replica).allGenerations().stream()
                .filter(g -> g.bounds().isPresent() && !g.snapshots().isEmpty())
                .sorted(Comparator.comparing((Generation g) -> g.bounds().get().start())).toList();
        List<Point> out = new ArrayList<>();
        long largest = -1;
        for (Generation g : gens) {
            int first = g.snapshots().stream().mapToInt(s -> s.index()).min().getAsInt();
            TreeSet<Integer> indexes = new TreeSet<>();
            g.walSegments().stream().map(WalSegment::index).filter(i -> i >= first).forEach(indexes::add);
            for (int index : indexes) {
                Path out1 = tmp.resolve("ls.db");
                Files.deleteIfExists(out1);
                ProcResult r = LitestreamBinary.restore(out1, url, "-generation", g.name(), "-index",
                        Names.hex8(index));
                assertThat(r.ok()).as("litestream restore %s %s: %s", g.name(), index, r).isTrue();
                out.add(new Point(g.name(), index, RestoreComparison.sha256(out1)));
                if (Files.size(out1) > largest) {
                    largest = Files.size(out1);
                    Files.copy(out1, tmp.resolve("largest.db"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return out;
    }
}
