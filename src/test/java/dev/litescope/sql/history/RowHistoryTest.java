package dev.litescope.sql.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.Replica;
import dev.litescope.sql.Cell;
import dev.litescope.testsupport.HistoryReplica;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On {@link HistoryReplica} (the real Litestream's replica of a workload that recorded the true states of two rows
 * as it committed), the history must be exactly the distinct states those records give at the replica's restore
 * points: through an update, a delete, a re-insert and a second generation, for a rowid and a WITHOUT ROWID table.
 */
class RowHistoryTest {
    @TempDir
    Path tmp;

    private HistoryReplica replica;

    @BeforeEach
    void replica() throws Exception {
        replica = HistoryReplica.shared();
    }


    @Test
    void aRowidTableRowThroughUpdateDeleteReinsertAndANewGeneration() throws Exception {
        Map<String, Cell> key = RowHistory.parseKey(List.of("id=7"));
        RowHistory.Result r = run("items", key);
        List<Optional<Map<String, String>>> truth = replica.expected(HistoryReplica.Commit::item);
        assertThat(r.versions().stream().map(v -> v.values().map(RowHistoryTest::typed)).toList())
                .isEqualTo(truth);
        assertThat(truth).as("the workload's truth holds a deletion followed by a re-insert")
                .containsSubsequence(Optional.empty(), truth.get(truth.size() - 1));
        assertThat(r.versions().stream().map(v -> v.point().generation().orElseThrow()).distinct()).hasSize(2);
        assertThat(r.format()).isEqualTo(Format.LITESTREAM_0_3);
        assertThat(r.notes()).anyMatch(n -> n.contains("full restore"));
        assertThat(r.keyColumns()).containsExactly("id");
        // Changed cells against the previous version: the rename changed name and price only.
        RowHistory.Version renamed = r.versions().stream()
                .filter(v -> v.values().map(m -> m.get("name").toString().equals("desk lamp")).orElse(false))
                .findFirst().orElseThrow();
        assertThat(renamed.changed()).containsExactly("name", "price");
        assertThat(r.versions().stream().filter(RowHistory.Version::deleted).findFirst().orElseThrow().changed())
                .isEmpty();
        // Versions are where the commits put them, in time order.
        for (int i = 1; i < r.versions().size(); i++) {
            assertThat(r.versions().get(i).point().time()).isAfterOrEqualTo(r.versions().get(i - 1).point().time());
        }
        assertThat(r.points()).isEqualTo(HistoryPoints.v3(replica.catalog()).size());
    }

    @Test
    void aWithoutRowidTableRowByItsCompositeKey() throws Exception {
        RowHistory.Result r = run("tags", RowHistory.parseKey(List.of("k=a", "n=2")));
        List<Optional<Map<String, String>>> truth = replica.expected(HistoryReplica.Commit::tag);
        assertThat(truth).hasSize(3);
        assertThat(r.versions().stream().map(v -> v.values().map(RowHistoryTest::typed)).toList())
                .isEqualTo(truth);
        assertThat(r.versions().get(1).changed()).containsExactly("label");
        assertThat(r.versions().get(2).deleted()).isTrue();
    }

    @Test
    void aTableWithNoKeyOrAKeyThatIsNotTheTablesIsRefusedWithWhatToGive() throws Exception {
        assertThatThrownBy(() -> run("note", RowHistory.parseKey(List.of("body=x"))))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("table note has no primary key").hasMessageContaining("--key rowid=N");
        assertThatThrownBy(() -> run("items", RowHistory.parseKey(List.of("name=lamp"))))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("table items is keyed by (id), not by (name)");
        assertThatThrownBy(() -> run("tags", RowHistory.parseKey(List.of("k=a"))))
                .isInstanceOf(HistoryException.class).hasMessageContaining("keyed by (k, n)");
        assertThatThrownBy(() -> run("nosuch", RowHistory.parseKey(List.of("id=1"))))
                .isInstanceOf(HistoryException.class).hasMessageContaining("has no table nosuch");
        assertThatThrownBy(() -> RowHistory.parseKey(List.of("id")))
                .isInstanceOf(HistoryException.class).hasMessageContaining("not COL=VALUE");
        assertThatThrownBy(() -> RowHistory.parseKey(List.of("rowid=x")))
                .isInstanceOf(HistoryException.class).hasMessageContaining("not an integer");
        // By its rowid the row of the keyless table is followed, and the result says what that means.
        RowHistory.Result byRowid = run("note", RowHistory.parseKey(List.of("rowid=1")));
        assertThat(byRowid.versions()).hasSize(1);
        assertThat(byRowid.notes()).anyMatch(n -> n.contains("VACUUM may renumber"));
    }

    @Test
    void progressCountsEveryPointAndCancellingStopsTheRun() throws Exception {
        AtomicInteger last = new AtomicInteger();
        Replica rep = replica.catalog().replica();
        Path work = Files.createTempDirectory(tmp, "work-");
        new RowHistory(rep, "items", RowHistory.parseKey(List.of("id=7"))).run(work,
                (done, total) -> last.set(done * 1000 + total), new Cancellation());
        int points = HistoryPoints.v3(replica.catalog()).size();
        assertThat(last.get()).isEqualTo(points * 1000 + points);
        Cancellation cancel = new Cancellation();
        assertThatThrownBy(() -> new RowHistory(rep, "items", RowHistory.parseKey(List.of("id=7"))).run(work,
                (done, total) -> cancel.cancel(), cancel)).isInstanceOf(Cancellation.CancelledException.class);
        try (var left = Files.list(work)) {
            assertThat(left.toList()).as("nothing left in the work folder").isEmpty();
        }
    }

    private RowHistory.Result run(String table, Map<String, Cell> key) throws Exception {
        Path work = Files.createTempDirectory(tmp, "work-");
        return new RowHistory(replica.catalog().replica(), table, key).run(work, RowHistory.Listener.NONE,
                new Cancellation());
    }

    private static Map<String, String> typed(Map<String, Cell> cells) {
        Map<String, String> out = new LinkedHashMap<>();
        cells.forEach((k, v) -> out.put(k, v.typeName() + ":" + v));
        return out;
    }

}
