package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.sql.SqlDatabase.Access;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query following a real replica (three generations the real Litestream wrote) through every WAL index: at each
 * point the rows equal {@code litestream restore} of that point queried afresh, and the changed cells are exactly
 * those that differ from the previous point's rows, matched by id.
 */
public class FollowedQueryTest {
    private static final String USERS = "SELECT id, name, email FROM users ORDER BY id";
    private static final String ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            + "SELECT max(i) FROM n";

    @TempDir
    Path tmp;

    @Test
    void everyPointEqualsAFreshRestoreAndMarksExactlyTheChangedCells() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        List<RestoreTarget.Index> points = points(replica);
        int partial = 0;
        int added = 0;
        int byKey = 0;
        try (FollowedQuery follow = new FollowedQuery(replica, tmp.resolve("copy.db"), 64L << 20, 100_000)) {
            List<List<Cell>> before = null;
            for (RestoreTarget.Index p : points) {
                FollowedQuery.Result r = follow.step(p, USERS, new Cancellation()).orElseThrow();
                List<List<Cell>> fresh = freshQuery(f.replicaUrl(), p, USERS);
                String where = p.generation().orElseThrow() + " " + Names.hex8(p.index());
                assertThat(r.rows()).as("rows at %s", where).isEqualTo(fresh);
                assertThat(r.truncated()).isFalse();
                assertThat(r.changed()).as("changed cells at %s", where).isEqualTo(expectedChanges(before, fresh));
                if (before != null) {
                    assertThat(r.keyColumn()).as("matched by id at %s", where).isZero();
                    byKey++;
                    partial += (int) r.changed().stream().filter(b -> b.cardinality() > 0 && b.cardinality() < 3)
                            .count();
                    added += (int) r.changed().stream().filter(b -> b.cardinality() == 3).count();
                    Map<Cell, List<Cell>> ids = byId(fresh);
                    assertThat(r.removed()).as("removed at %s", where)
                            .isEqualTo((int) before.stream().filter(row -> !ids.containsKey(row.get(0))).count());
                }
                before = fresh;
            }
        }
        assertThat(byKey).isGreaterThan(points.size() / 2);
        assertThat(partial).as("rows with some cells changed").isPositive();
        assertThat(added).as("rows added").isPositive();
    }

    @Test
    void withoutAKeyRowsAreMatchedByPosition() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        List<RestoreTarget.Index> points = points(replica);
        String sql = "SELECT count(*) AS n, max(id) AS top, 'fixed' AS label FROM users";
        try (FollowedQuery follow = new FollowedQuery(replica, tmp.resolve("copy.db"), 64L << 20, 10)) {
            List<List<Cell>> before = null;
            for (RestoreTarget.Index p : points.subList(0, Math.min(points.size(), 8))) {
                FollowedQuery.Result r = follow.step(p, sql, new Cancellation()).orElseThrow();
                List<List<Cell>> fresh = freshQuery(f.replicaUrl(), p, sql);
                assertThat(r.rows()).isEqualTo(fresh);
                assertThat(r.keyColumn()).isEqualTo(-1);
                BitSet expected = new BitSet();
                for (int c = 0; c < 3 && before != null; c++) {
                    if (!before.get(0).get(c).equals(fresh.get(0).get(c))) {
                        expected.set(c);
                    }
                }
                assertThat(r.changed()).containsExactly(expected);
                assertThat(r.changed(0, 2)).as("the constant column never changes").isFalse();
                before = fresh;
            }
        }
    }

    @Test
    void aNewerRequestSupersedesOnesRunningAndWaiting() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        List<RestoreTarget.Index> points = points(replica);
        RestoreTarget.Index last = points.get(points.size() - 1);
        try (FollowedQuery follow = new FollowedQuery(replica, tmp.resolve("copy.db"), 64L << 20, 10)) {
            CompletableFuture<Optional<FollowedQuery.Result>> running = CompletableFuture.supplyAsync(
                    () -> step(follow, last, ENDLESS));
            waitFor(follow, 1);
            CompletableFuture<Optional<FollowedQuery.Result>> waiting = CompletableFuture.supplyAsync(
                    () -> step(follow, last, ENDLESS));
            waitFor(follow, 2);
            Optional<FollowedQuery.Result> newest = follow.step(last, USERS, new Cancellation());
            assertThat(running.get(10, TimeUnit.SECONDS)).as("the running request").isEmpty();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the waiting request").isEmpty();
            assertThat(newest).get().extracting(FollowedQuery.Result::rows)
                    .isEqualTo(freshQuery(f.replicaUrl(), last, USERS).subList(0, 10));
            assertThat(newest.get().truncated()).isTrue();
        }
    }

    @Test
    void cancellingStopsARunawayQuery() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        RestoreTarget.Index last = points(replica).get(points(replica).size() - 1);
        try (FollowedQuery follow = new FollowedQuery(replica, tmp.resolve("copy.db"), 64L << 20, 10)) {
            Cancellation cancel = new Cancellation();
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    follow.step(last, ENDLESS, cancel);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            Thread.sleep(500);
            cancel.cancel();
            assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(Cancellation.CancelledException.class);
            assertThat(follow.step(last, USERS, new Cancellation())).isPresent();
        }
    }

    private static Optional<FollowedQuery.Result> step(FollowedQuery follow, RestoreTarget t, String sql) {
        try {
            return follow.step(t, sql, new Cancellation());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(FollowedQuery follow, long requests) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (follow.requests() < requests && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // into the query, or onto the lock
        assertThat(follow.requests()).isEqualTo(requests);
    }

    /** Changed cells the plain way: rows matched by id, every cell of a row new at this point. */
    private static List<BitSet> expectedChanges(List<List<Cell>> before, List<List<Cell>> now) {
        List<BitSet> out = new ArrayList<>();
        Map<Cell, List<Cell>> old = before == null ? Map.of() : byId(before);
        for (List<Cell> row : now) {
            BitSet b = new BitSet();
            List<Cell> was = old.get(row.get(0));
            for (int c = 0; c < row.size() && before != null; c++) {
                if (was == null || !was.get(c).equals(row.get(c))) {
                    b.set(c);
                }
            }
            out.add(b);
        }
        return out;
    }

    private static Map<Cell, List<Cell>> byId(List<List<Cell>> rows) {
        Map<Cell, List<Cell>> m = new HashMap<>();
        rows.forEach(r -> m.put(r.get(0), r));
        return m;
    }

    private List<List<Cell>> freshQuery(String url, RestoreTarget.Index p, String sql) throws Exception {
        return freshQuery(tmp, url, p, sql);
    }

    /** {@code litestream restore} of the point into {@code dir}, queried afresh: every row. */
    public static List<List<Cell>> freshQuery(Path dir, String url, RestoreTarget.Index p, String sql)
            throws Exception {
        Path out = dir.resolve("fresh.db");
        Files.deleteIfExists(out);
        ProcResult r = LitestreamBinary.restore(out, url, "-generation", p.generation().orElseThrow(), "-index",
                Names.hex8(p.index()));
        assertThat(r.ok()).as("litestream restore: %s", r).isTrue();
        try (SqlDatabase db = SqlDatabase.open(out, Access.READ_ONLY);
             ResultCursor c = ((Outcome.Rows) db.execute(sql)).cursor()) {
            List<List<Cell>> rows = new ArrayList<>();
            for (List<List<Cell>> page = c.fetch(1000); !page.isEmpty(); page = c.fetch(1000)) {
                rows.addAll(page);
            }
            return rows;
        }
    }

    /** Every WAL index at or above each generation's first snapshot, generations in time order. */
    public static List<RestoreTarget.Index> points(Replica replica) throws Exception {
        List<Generation> gens = new Catalog(replica).allGenerations().stream()
                .filter(g -> g.bounds().isPresent() && !g.snapshots().isEmpty())
                .sorted(Comparator.comparing((Generation g) -> g.bounds().get().start())).toList();
        List<RestoreTarget.Index> out = new ArrayList<>();
        for (Generation g : gens) {
            int first = g.snapshots().stream().mapToInt(s -> s.index()).min().getAsInt();
            TreeSet<Integer> indexes = new TreeSet<>();
            g.walSegments().stream().map(WalSegment::index).filter(i -> i >= first).forEach(indexes::add);
            indexes.forEach(i -> out.add(new RestoreTarget.Index(Optional.of(g.name()), i)));
        }
        return out;
    }
}
