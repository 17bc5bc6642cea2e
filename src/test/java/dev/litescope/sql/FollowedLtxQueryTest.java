package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.restore.ltx.LtxPlanner;
import dev.litescope.restore.ltx.LtxRestorer;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.sql.SqlDatabase.Access;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query following a Litestream 0.5 replica (the test's LTX writer over a real SQLite workload: compactions at
 * levels 1 to 3, snapshots, the level-0 files of the first 16 TXIDs pruned) through every restorable TXID, up and
 * then back down: at each the rows equal the engine's LTX restore of that TXID to a fresh file queried afresh (and
 * the captured state's), the copy moved rather than restored, and the changed cells are exactly those that differ
 * from the previous TXID's rows, matched by id. On a path upgraded from 0.3 to 0.5 it follows either history.
 */
public class FollowedLtxQueryTest {
    static final int PAGE = 1024;
    static final int TXNS = 40;
    static final Instant BASE = Instant.parse("2026-12-02T09:00:00Z");
    /** Every column of the workload's table; the bodies by length and first bytes. */
    static final String ITEMS = "SELECT id, name, length(body) AS size, hex(substr(body, 1, 4)) AS head FROM items "
            + "ORDER BY id";

    @TempDir
    Path tmp;

    @Test
    void everyRestorableTxidUpThenDownEqualsAFreshRestoreAndMarksExactlyTheChangedCells() throws Exception {
        List<byte[]> states = SqliteStates.capture(tmp, PAGE, TXNS, 31);
        Path root = tmp.resolve("replica");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, PAGE, BASE).compact(1, 4).compact(2, 3)
                .compact(3, 2).snapshotAt(10, 25).keep(b -> b.level() != 0 || b.min() > 16).build());
        Replica replica = new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root.toString()));
        List<Long> txids = points(replica);
        assertThat(txids).as("compaction ends and snapshots, then every level-0 TXID").contains(4L, 10L, 12L, 16L)
                .doesNotContain(11L).hasSizeGreaterThan(TXNS / 2);
        List<Long> order = new ArrayList<>(txids);
        for (int i = txids.size() - 2; i >= 0; i--) {
            order.add(txids.get(i));
        }
        int partial = 0;
        int added = 0;
        int removed = 0;
        try (FollowedQuery follow = new FollowedQuery(replica, tmp.resolve("copy.db"), 64L << 20, 100_000)) {
            List<List<Cell>> before = null;
            long at = 0;
            for (long txid : order) {
                FollowedQuery.Result r = follow.step(RestoreTarget.txid(txid), ITEMS, new Cancellation())
                        .orElseThrow();
                String where = "TXID " + txid + " (from " + at + ")";
                List<List<Cell>> fresh = freshQuery(tmp, replica, txid, ITEMS);
                assertThat(r.rows()).as("rows at %s", where).isEqualTo(fresh)
                        .isEqualTo(query(tmp, states.get((int) txid - 1), ITEMS));
                assertThat(r.move().plan()).as(where).isInstanceOf(LtxPlan.class);
                assertThat(r.move().how()).as("how the copy got to %s", where).isEqualTo(at == 0
                        ? CopyStep.How.FULL_RESTORE : txid > at ? CopyStep.How.FORWARD : CopyStep.How.FROM_CHECKPOINT);
                assertThat(r.changed()).as("changed cells at %s", where).isEqualTo(expectedChanges(before, fresh));
                if (before != null) {
                    assertThat(r.keyColumn()).as("matched by id at %s", where).isZero();
                    partial += (int) r.changed().stream().filter(b -> b.cardinality() > 0 && b.cardinality() < 4)
                            .count();
                    added += (int) r.changed().stream().filter(b -> b.cardinality() == 4).count();
                    removed += r.removed();
                }
                before = fresh;
                at = txid;
            }
            assertThat(follow.checkpointBytes()).isPositive().isLessThanOrEqualTo(64L << 20);
        }
        assertThat(partial).as("rows with some cells changed").isPositive();
        assertThat(added).as("rows added").isPositive();
        assertThat(removed).as("rows removed").isPositive();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the copy and its checkpoints removed on close").doesNotContain("copy.db")
                    .noneMatch(n -> n.contains(".checkpoints-"));
        }
    }

    @Test
    void onAnUpgradedPathEachTargetIsFollowedInItsOwnHistory() throws Exception {
        ReplicaFixture v3 = ReplicaFixture.copyOf(ReplicaFixture.shared(4096, Workload.standard(4096)),
                tmp.resolve("both"));
        List<byte[]> states = SqliteStates.capture(tmp, 4096, 12, 5);
        LtxReplicaBuilder.writeTo(v3.replicaDir(), new LtxReplicaBuilder(states, 4096, Instant.now().plusSeconds(60))
                .compact(1, 4).snapshotAt(8).build());
        Replica replica = Replicas.open(ReplicaUrl.parse(v3.replicaUrl()));
        RestoreTarget.Index index = FollowedQueryTest.points(replica).get(3);
        String tables = "SELECT type, name FROM sqlite_schema ORDER BY name";
        Path dir = Files.createDirectories(tmp.resolve("follow"));
        try (FollowedQuery follow = new FollowedQuery(replica, dir.resolve("copy.db"), 64L << 20, 1000)) {
            FollowedQuery.Result a = follow.step(index, tables, new Cancellation()).orElseThrow();
            assertThat(a.move().plan()).isInstanceOf(RestorePlan.class);
            assertThat(a.rows()).isEqualTo(FollowedQueryTest.freshQuery(tmp, v3.replicaUrl(), index, tables));

            FollowedQuery.Result b = follow.step(RestoreTarget.txid(6), ITEMS, new Cancellation()).orElseThrow();
            assertThat(b.move().plan()).isInstanceOf(LtxPlan.class);
            assertThat(b.move().how()).as("a new copy, of the 0.5 history").isEqualTo(CopyStep.How.FULL_RESTORE);
            assertThat(b.rows()).isEqualTo(query(tmp, states.get(5), ITEMS));
            FollowedQuery.Result c = follow.step(RestoreTarget.txid(11), ITEMS, new Cancellation()).orElseThrow();
            assertThat(c.move().how()).isEqualTo(CopyStep.How.FORWARD);
            assertThat(c.rows()).isEqualTo(query(tmp, states.get(10), ITEMS));
            assertThat(c.changedCells()).isPositive();

            FollowedQuery.Result d = follow.step(index, tables, new Cancellation()).orElseThrow();
            assertThat(d.move().plan()).isInstanceOf(RestorePlan.class);
            assertThat(d.move().how()).isEqualTo(CopyStep.How.FULL_RESTORE);
            assertThat(d.rows()).isEqualTo(a.rows());
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.filter(p -> p.getFileName().toString().contains(".checkpoints-")))
                        .as("the replaced copy's checkpoints removed").hasSize(1);
            }
        }
    }

    /** Every restorable TXID of the replica's LTX files, in order. */
    public static List<Long> points(Replica replica) throws Exception {
        return new LtxHistory(new LtxCatalog(replica).files(), HealthWarning.Settings.defaults()).restorableTxids();
    }

    /** The engine's LTX restore of {@code txid} to a fresh file in {@code dir}, queried afresh: every row. */
    public static List<List<Cell>> freshQuery(Path dir, Replica replica, long txid, String sql) throws Exception {
        Path out = dir.resolve("fresh.db");
        Files.deleteIfExists(out);
        LtxPlan plan = new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.txid(txid));
        new LtxRestorer(replica).restore(plan, out, RestoreOptions.defaults(), Progress.Listener.NONE,
                new Cancellation());
        return query(out, sql);
    }

    /** A captured state written to a file in {@code dir} and queried: every row. */
    static List<List<Cell>> query(Path dir, byte[] state, String sql) throws Exception {
        Path file = dir.resolve("state.db");
        Files.write(file, state);
        return query(file, sql);
    }

    private static List<List<Cell>> query(Path file, String sql) throws Exception {
        try (SqlDatabase db = SqlDatabase.open(file, Access.READ_ONLY);
             ResultCursor c = ((Outcome.Rows) db.execute(sql)).cursor()) {
            List<List<Cell>> rows = new ArrayList<>();
            for (List<List<Cell>> page = c.fetch(1000); !page.isEmpty(); page = c.fetch(1000)) {
                rows.addAll(page);
            }
            return rows;
        }
    }

    /** Changed cells the plain way: rows matched by id, every cell of a row new at this point. */
    private static List<BitSet> expectedChanges(List<List<Cell>> before, List<List<Cell>> now) {
        List<BitSet> out = new ArrayList<>();
        Map<Cell, List<Cell>> old = new HashMap<>();
        if (before != null) {
            before.forEach(r -> old.put(r.get(0), r));
        }
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
}
