package dev.litescope.sql.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.sql.Cell;
import dev.litescope.testsupport.HistoryReplica;
import dev.litescope.testsupport.ltx.LtxHistoryReplica;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On {@link LtxHistoryReplica} (a Litestream 0.5 replica of a workload that recorded the true states of two rows
 * as it committed; compactions, snapshots, the first level-0 files pruned) the history must be exactly the
 * distinct states those records give at the replica's restorable TXIDs, each at the first TXID that holds it and
 * stamped with that TXID's time: through updates, a delete and a re-insert, a VACUUM, for a rowid and a WITHOUT
 * ROWID table. On a path upgraded from 0.3 the history with the newer data is walked and the other is noted; a
 * history behind a TXID gap ends before it and says so.
 */
class LtxRowHistoryTest {
    static final Instant BASE = Instant.parse("2026-12-02T09:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void aRowidTableRowThroughUpdatesDeleteReinsertAndVacuumAtEveryRestorableTxid() throws Exception {
        LtxHistoryReplica h = LtxHistoryReplica.build(tmp.resolve("work"), tmp.resolve("replica"), BASE);
        List<Long> restorable = h.restorable();
        assertThat(restorable).as("TXIDs 4 and 5 are inside a compaction whose level-0 files are pruned")
                .startsWith(3L, 6L, 7L).doesNotContain(4L, 5L).endsWith((long) LtxHistoryReplica.TRANSACTIONS.size()
                        + 1);
        assertThat(h.commits()).extracting(LtxHistoryReplica.Commit::txid).startsWith(1L, 2L, 3L);
        List<int[]> progress = new ArrayList<>();
        RowHistory.Result r = new RowHistory(h.replica(), "items", RowHistory.parseKey(List.of("id=7")))
                .run(Files.createDirectories(tmp.resolve("run")), (done, total) -> progress.add(new int[] {done,
                        total}), new Cancellation());
        List<LtxHistoryReplica.Expected> truth = h.expected(LtxHistoryReplica.Commit::item);
        assertThat(r.format()).isEqualTo(Format.LITESTREAM_0_5);
        assertThat(found(r)).isEqualTo(truth);
        assertThat(truth.stream().map(LtxHistoryReplica.Expected::row))
                .as("the truth holds a deletion followed by a re-insert")
                .containsSubsequence(Optional.empty(), truth.get(truth.size() - 1).row());
        assertThat(truth).as("the quantity set at pruned TXID 2 is never seen").first()
                .satisfies(e -> assertThat(e.txid()).isEqualTo(3));
        for (RowHistory.Version v : r.versions()) {
            long txid = v.point().txid().orElseThrow();
            assertThat(v.point().time()).as("TXID %d's time", txid).isEqualTo(h.time(txid));
            assertThat(v.point().txidText()).contains(String.format("%016x", txid));
            assertThat(v.point().generation()).isEmpty();
            assertThat(v.point().index()).isEmpty();
        }
        assertThat(r.versions().stream().filter(RowHistory.Version::deleted).findFirst().orElseThrow().changed())
                .isEmpty();
        assertThat(r.versions().get(r.versions().size() - 1).changed()).as("the last change set qty alone")
                .containsExactly("qty");
        assertThat(r.versions().get(1).changed()).as("qty changed at pruned TXID 4, then name and price at 6")
                .containsExactly("name", "qty", "price");
        assertThat(r.points()).isEqualTo(restorable.size());
        assertThat(progress).hasSize(restorable.size()).allMatch(p -> p[1] == restorable.size());
        assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(restorable.size());
        assertThat(r.notes()).as("one history, no gap, a primary key: nothing to say").isEmpty();
        assertThat(r.keyColumns()).containsExactly("id");
        try (Stream<Path> left = Files.list(tmp.resolve("run"))) {
            assertThat(left.toList()).as("the copy and its checkpoints removed").isEmpty();
        }
    }

    @Test
    void aWithoutRowidTableRowByItsCompositeKeyDeletedAndInsertedAgain() throws Exception {
        LtxHistoryReplica h = LtxHistoryReplica.build(tmp.resolve("work"), tmp.resolve("replica"), BASE);
        RowHistory.Result r = run(h.replica(), "tags", List.of("k=a", "n=2"));
        List<LtxHistoryReplica.Expected> truth = h.expected(LtxHistoryReplica.Commit::tag);
        assertThat(truth).hasSize(4);
        assertThat(found(r)).isEqualTo(truth);
        assertThat(r.versions().get(1).changed()).containsExactly("label");
        assertThat(r.versions().get(2).deleted()).isTrue();
        assertThat(r.versions().get(3).changed()).as("inserted again: every column").containsExactly("k", "n",
                "label");
        assertThat(r.keyColumns()).containsExactly("k", "n");
        assertThatThrownBy(() -> run(h.replica(), "tags", List.of("k=a")))
                .isInstanceOf(HistoryException.class).hasMessageContaining("keyed by (k, n)");
        assertThatThrownBy(() -> run(h.replica(), "nosuch", List.of("id=1")))
                .isInstanceOf(HistoryException.class).hasMessageContaining("has no table nosuch at any of its "
                        + h.restorable().size() + " restore points");
    }

    @Test
    void onAnUpgradedPathTheHistoryWithTheNewerDataIsWalkedAndTheOtherNoted() throws Exception {
        HistoryReplica v3 = HistoryReplica.shared();
        Path newer = copy(v3.dir(), tmp.resolve("newer"));
        LtxHistoryReplica ltx = LtxHistoryReplica.build(tmp.resolve("work"), newer, Instant.now().plusSeconds(60));
        RowHistory.Result r = run(Replicas.open(ReplicaUrl.parse(newer.toString())), "items", List.of("id=7"));
        assertThat(r.format()).isEqualTo(Format.LITESTREAM_0_5);
        assertThat(found(r)).isEqualTo(ltx.expected(LtxHistoryReplica.Commit::item));
        assertThat(r.notes()).singleElement().asString().contains("holds both Litestream 0.3 generations and 0.5 LTX "
                + "files").contains("walks the 0.5 TXIDs").contains("0.3 generations are skipped");

        Path older = copy(v3.dir(), tmp.resolve("older"));
        LtxHistoryReplica.build(tmp.resolve("work2"), older, BASE.minusSeconds(86_400));
        RowHistory.Result o = run(Replicas.open(ReplicaUrl.parse(older.toString())), "items", List.of("id=7"));
        assertThat(o.format()).isEqualTo(Format.LITESTREAM_0_3);
        assertThat(o.versions().stream().map(v -> v.values().map(LtxRowHistoryTest::typed)).toList())
                .isEqualTo(v3.expected(HistoryReplica.Commit::item));
        assertThat(o.notes()).first().asString().contains("walks the 0.3 generations")
                .contains("0.5 TXIDs are skipped");
        assertThat(o.notes()).as("the new generation's note is still there").anyMatch(n -> n.startsWith(
                "generation "));
    }

    @Test
    void aHistoryBehindATxidGapEndsAtTheLastRestorableTxidAndSaysSo() throws Exception {
        List<LtxHistoryReplica.Commit> commits = new ArrayList<>();
        List<byte[]> states = SqliteStates.capture(tmp.resolve("gap.db"), LtxHistoryReplica.PAGE,
                LtxHistoryReplica.SCHEMA, LtxHistoryReplica.TRANSACTIONS, (txid, c) -> commits.add(
                        new LtxHistoryReplica.Commit(txid, HistoryReplica.row(c, "SELECT * FROM items WHERE id = 7"),
                                Optional.empty())));
        Path root = tmp.resolve("gap");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, LtxHistoryReplica.PAGE, BASE)
                .keep(b -> b.min() != 10).build());
        Replica replica = new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root.toString()));
        RowHistory.Result r = run(replica, "items", List.of("id=7"));
        assertThat(r.points()).isEqualTo(9);
        List<Optional<Map<String, String>>> truth = new ArrayList<>();
        for (LtxHistoryReplica.Commit c : commits.subList(0, 9)) {
            if (truth.isEmpty() ? c.item().isPresent() : !c.item().equals(truth.get(truth.size() - 1))) {
                truth.add(c.item());
            }
        }
        assertThat(r.versions().stream().map(v -> v.values().map(LtxRowHistoryTest::typed)).toList())
                .as("the re-insert at TXID 11 lies behind the gap").isEqualTo(truth).endsWith(Optional.empty());
        assertThat(r.notes()).singleElement().asString().contains("the history ends at TXID 0000000000000009")
                .contains("TXIDs 000000000000000a are in no LTX file");
    }

    @Test
    void aReplicaWithNoChainFromTxidOneHasNoRestorePoint() throws Exception {
        LtxHistoryReplica h = LtxHistoryReplica.build(tmp.resolve("work"), tmp.resolve("replica"), BASE);
        try (Stream<Path> files = Files.walk(h.root())) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("0000000000000001-")).toList()) {
                Files.delete(p);
            }
        }
        assertThatThrownBy(() -> run(h.replica(), "items", List.of("id=7"))).isInstanceOf(HistoryException.class)
                .hasMessageContaining("has no restore point (no chain of LTX files from TXID 1)");
    }

    private RowHistory.Result run(Replica replica, String table, List<String> key) throws Exception {
        Path work = Files.createTempDirectory(tmp, "run-");
        Map<String, Cell> parsed = RowHistory.parseKey(key);
        return new RowHistory(replica, table, parsed).run(work, RowHistory.Listener.NONE, new Cancellation());
    }

    /** The versions as the truth has them: each one's TXID and its row as typeof:text per column. */
    private static List<LtxHistoryReplica.Expected> found(RowHistory.Result r) {
        return r.versions().stream().map(v -> new LtxHistoryReplica.Expected(v.point().txid().orElseThrow(),
                v.values().map(LtxRowHistoryTest::typed))).toList();
    }

    static Map<String, String> typed(Map<String, Cell> cells) {
        Map<String, String> out = new LinkedHashMap<>();
        cells.forEach((k, v) -> out.put(k, v.typeName() + ":" + v));
        return out;
    }

    static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
