package dev.litescope.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * What an application does to a replicated database, as a deterministic list of steps.
 *
 * <p>The steps and the data they write both derive from {@link #seed()}, so the final database
 * content of a workload is reproducible (see {@link ReplicaFixture#expectedDigest()}). The replica
 * itself is not: generation ids are random, object times are wall-clock, and how Litestream cuts
 * WAL segments depends on scheduling.
 *
 * <p>Run it with {@link ReplicaFixture#build}.
 */
public final class Workload {

    public sealed interface Step permits Insert, Update, Delete, Checkpoint, Vacuum, Sleep, Restart {
    }

    /** One transaction inserting {@code rows} rows over the app tables; about one in ten holds a 5–20 KB value. */
    public record Insert(int rows) implements Step {
        public Insert {
            positive(rows);
        }
    }

    /** One transaction rewriting up to {@code rows} random rows, sometimes growing or shrinking overflow chains. */
    public record Update(int rows) implements Step {
        public Update {
            positive(rows);
        }
    }

    /** One transaction deleting up to {@code rows} random rows, which frees pages (and overflow chains). */
    public record Delete(int rows) implements Step {
        public Delete {
            positive(rows);
        }
    }

    public enum CheckpointMode { PASSIVE, TRUNCATE }

    /**
     * {@code PRAGMA wal_checkpoint(MODE)} issued by the app while Litestream runs. Litestream's
     * long read transaction normally makes TRUNCATE report busy and leave the WAL alone.
     */
    public record Checkpoint(CheckpointMode mode) implements Step {
        public Checkpoint {
            Objects.requireNonNull(mode);
        }
    }

    /** {@code VACUUM}: the whole database goes through the WAL again and pages move. */
    public record Vacuum() implements Step {
    }

    /** Lets Litestream sync, so object times spread out instead of sharing one instant. */
    public record Sleep(int millis) implements Step {
        public Sleep {
            positive(millis);
        }
    }

    /**
     * Stops Litestream (SIGTERM, waits for the exit) and starts it again.
     *
     * <p>With {@code offlineRows == 0} nothing happens in between and replication continues in the
     * same generation. With {@code offlineRows > 0} the app inserts that many rows while Litestream
     * is down and then checkpoints with TRUNCATE, so the WAL is shorter than Litestream's shadow
     * WAL and the restarted Litestream must begin a new generation.
     */
    public record Restart(int offlineRows) implements Step {
        public Restart {
            if (offlineRows < 0) {
                throw new IllegalArgumentException("offlineRows < 0");
            }
        }

        public boolean startsNewGeneration() {
            return offlineRows > 0;
        }
    }

    private final String name;
    private final long seed;
    private final Duration snapshotInterval;
    /** Whether inserts and updates sometimes write 5–20 KB values (overflow pages); on unless turned off. */
    private boolean largeValues = true;
    private final List<Step> steps;

    private Workload(String name, long seed, Duration snapshotInterval, List<Step> steps) {
        this.name = Objects.requireNonNull(name);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            // The name becomes a directory name of shared fixtures.
            throw new IllegalArgumentException("workload name must be a plain file name: " + name);
        }
        this.seed = seed;
        this.snapshotInterval = snapshotInterval;
        this.steps = List.copyOf(steps);
    }

    /**
     * A custom workload.
     *
     * @param snapshotInterval Litestream's {@code snapshot-interval}, or null for its default (off),
     *                         in which case snapshots are taken only when a generation starts
     */
    public static Workload of(String name, long seed, Duration snapshotInterval, List<Step> steps) {
        return new Workload(name, seed, snapshotInterval, steps);
    }

    /**
     * A realistic mix: three generations (two offline-write restarts) plus one restart that keeps
     * the generation, app checkpoints of both modes, a VACUUM, overflow pages, and enough WAL
     * traffic for several WAL indexes per generation. Snapshots every 1.5 s add mid-generation
     * snapshots. About 10 s to run.
     */
    public static Workload standard(long seed) {
        Random r = new Random(seed);
        List<Step> s = new ArrayList<>();
        add(s, r, new Insert(about(r, 120)));
        add(s, r, new Insert(about(r, 150)));
        add(s, r, new Update(about(r, 40)));
        // Small commits a sync apart: one WAL index gets several segments, and the app's
        // PASSIVE checkpoint then has frames to copy.
        add(s, r, new Insert(about(r, 8)));
        add(s, r, new Update(about(r, 6)));
        add(s, r, new Insert(about(r, 10)));
        add(s, r, new Checkpoint(CheckpointMode.PASSIVE));
        add(s, r, new Insert(about(r, 150)));
        add(s, r, new Delete(about(r, 40)));
        s.add(new Restart(0));
        add(s, r, new Insert(about(r, 100)));
        add(s, r, new Checkpoint(CheckpointMode.TRUNCATE));
        s.add(new Restart(about(r, 60)));
        add(s, r, new Insert(about(r, 150)));
        add(s, r, new Update(about(r, 50)));
        add(s, r, new Delete(about(r, 30)));
        add(s, r, new Vacuum());
        add(s, r, new Insert(about(r, 12)));
        add(s, r, new Update(about(r, 8)));
        add(s, r, new Insert(about(r, 120)));
        s.add(new Restart(about(r, 40)));
        add(s, r, new Insert(about(r, 100)));
        add(s, r, new Update(about(r, 30)));
        return new Workload("standard-" + seed, seed, Duration.ofMillis(1500), s);
    }

    /**
     * A random mix of the same steps, 10–17 of them plus the sleeps. Always at least one
     * offline-write restart (so at least two generations) and at least two app checkpoints; at most
     * three restarts in all, which keeps the run around 5–15 s. Snapshot interval: off or 1.5–4 s.
     */
    public static Workload random(long seed) {
        Random r = new Random(seed);
        List<Step> core = new ArrayList<>();
        core.add(new Insert(30 + r.nextInt(170)));
        int n = 10 + r.nextInt(8);
        int restarts = 0;
        for (int i = 0; i < n; i++) {
            int dice = r.nextInt(100);
            Step step;
            if (dice < 40) {
                step = new Insert(r.nextInt(3) == 0 ? 3 + r.nextInt(18) : 30 + r.nextInt(220));
            } else if (dice < 55) {
                step = new Update(3 + r.nextInt(60));
            } else if (dice < 67) {
                step = new Delete(5 + r.nextInt(50));
            } else if (dice < 77) {
                step = new Checkpoint(r.nextBoolean() ? CheckpointMode.PASSIVE : CheckpointMode.TRUNCATE);
            } else if (dice < 82) {
                step = new Vacuum();
            } else if (restarts < 3) {
                step = new Restart(dice < 88 ? 0 : 10 + r.nextInt(80));
                restarts++;
            } else {
                step = new Insert(30 + r.nextInt(220));
            }
            core.add(step);
        }
        if (core.stream().noneMatch(st -> st instanceof Restart rs && rs.startsNewGeneration())) {
            int at = 1 + r.nextInt(core.size());
            if (restarts >= 3) {
                // Keep the restart budget: turn a plain restart into an offline-write one.
                for (int i = 0; i < core.size(); i++) {
                    if (core.get(i) instanceof Restart) {
                        at = i;
                        core.remove(i);
                        break;
                    }
                }
            }
            core.add(at, new Restart(10 + r.nextInt(80)));
        }
        while (core.stream().filter(st -> st instanceof Checkpoint).count() < 2) {
            CheckpointMode mode = r.nextBoolean() ? CheckpointMode.PASSIVE : CheckpointMode.TRUNCATE;
            core.add(1 + r.nextInt(core.size()), new Checkpoint(mode));
        }
        List<Step> s = new ArrayList<>();
        for (Step st : core) {
            if (st instanceof Restart) {
                s.add(st); // a restart waits for Litestream on its own
            } else {
                add(s, r, st);
            }
        }
        Duration snap = r.nextInt(3) == 0 ? null : Duration.ofMillis(1500 + 500L * r.nextInt(6));
        return new Workload("random-" + seed, seed, snap, s);
    }

    public String name() {
        return name;
    }

    public long seed() {
        return seed;
    }

    /**
     * The same workload with only small values: no overflow pages, and WAL segments of a few pages, for a
     * replica that should be small on disk (the bundled demo).
     */
    public Workload withoutLargeValues() {
        Workload w = new Workload(name, seed, snapshotInterval, steps);
        w.largeValues = false;
        return w;
    }

    public boolean largeValues() {
        return largeValues;
    }

    public Optional<Duration> snapshotInterval() {
        return Optional.ofNullable(snapshotInterval);
    }

    public List<Step> steps() {
        return steps;
    }

    /** Generations the replica should end up with: the first plus one per offline-write restart. */
    public int expectedGenerations() {
        return 1 + (int) steps.stream()
                .filter(st -> st instanceof Restart rs && rs.startsNewGeneration())
                .count();
    }

    @Override
    public String toString() {
        return name + steps;
    }

    private static void add(List<Step> s, Random r, Step step) {
        s.add(step);
        s.add(new Sleep(150 + r.nextInt(251)));
    }

    /** base ±25 %, so seeds differ in sizes and therefore in segment and checkpoint boundaries. */
    private static int about(Random r, int base) {
        return Math.max(1, base * 3 / 4 + r.nextInt(base / 2 + 1));
    }

    private static void positive(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("must be positive: " + n);
        }
    }
}
