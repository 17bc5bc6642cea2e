package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.sql.Cell;
import dev.litescope.sql.Outcome;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultCursor;
import dev.litescope.sql.Schema;
import dev.litescope.sql.SchemaReader;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.history.RowHistory;
import dev.litescope.testsupport.HistoryReplica;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ltx.LtxHistoryReplica;
import dev.litescope.ui.fx.QueuedTaskRunner;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row history window's model without a screen, on {@link HistoryReplica} (the real Litestream's replica) and
 * the latest moment {@code litestream restore} gives of it: when the item is offered and why not, the versions as
 * lines against {@link RowHistory}'s own answer, and a cancelled walk leaving nothing. On a Litestream 0.5 replica
 * ({@link LtxHistoryReplica}) the lines show each version's TXID where a 0.3 one shows generation and WAL index.
 */
class RowHistoryViewModelTest {
    @TempDir
    Path tmp;

    private HistoryReplica shop;
    private TimelineFeed feed;
    private Path moment;

    @BeforeEach
    void replica() throws Exception {
        shop = HistoryReplica.shared();
        moment = tmp.resolve("shop.db");
        assertThat(LitestreamBinary.restore(moment, shop.url()).ok()).isTrue();
        feed = new TimelineFeed(shop.url(), Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()),
                new SimpleObjectProperty<>(Optional.empty()), () -> ZoneOffset.UTC);
    }

    @Test
    void theItemIsOfferedOnlyOnAReplicasMomentForARowOfOneTableWithItsKey() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(moment, SqlDatabase.Access.READ_ONLY)) {
            Schema schema = SchemaReader.read(db);
            List<ResultColumn> items = columns(db, "SELECT * FROM items");
            List<Cell> row = List.of(new Cell.Integer(7), new Cell.Text("lamp"), new Cell.Integer(6),
                    new Cell.Real(3.75, "3.75"));
            assertThat(RowHistoryViewModel.availability(Optional.empty(), Optional.of(schema), items,
                    Optional.of(row)).whyNot()).contains("Query this moment");
            assertThat(RowHistoryViewModel.availability(Optional.of(feed), Optional.empty(), items,
                    Optional.of(row)).whyNot()).contains("still being read");
            assertThat(RowHistoryViewModel.availability(Optional.of(feed), Optional.of(schema),
                    columns(db, "SELECT count(*) FROM items"), Optional.of(row)).whyNot()).contains("expressions");
            assertThat(RowHistoryViewModel.availability(Optional.of(feed), Optional.of(schema), items,
                    Optional.empty()).whyNot()).contains("Pick a row");
            RowHistoryViewModel.Availability ok = RowHistoryViewModel.availability(Optional.of(feed),
                    Optional.of(schema), items, Optional.of(row));
            assertThat(ok.whyNot()).isEmpty();
            RowHistoryViewModel.Request r = ok.request().orElseThrow();
            assertThat(r.table()).isEqualTo("items");
            assertThat(r.key()).isEqualTo(Map.of("id", new Cell.Integer(7)));
            assertThat(r.keyText()).isEqualTo("id = 7");
            assertThat(r.replicaName()).isEqualTo("shop");
        }
    }

    @Test
    void theVersionsAreTheEnginesWithWhatChangedAndTheDeletionsCellsEmpty() throws Exception {
        RowHistoryViewModel vm = new RowHistoryViewModel(TaskRunner.sameThread(), request());
        vm.start();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        RowHistory.Result truth = new RowHistory(Replicas.open(ReplicaUrl.parse(shop.url())), "items",
                Map.of("id", new Cell.Integer(7))).run(Files.createDirectories(tmp.resolve("work")),
                RowHistory.Listener.NONE, new Cancellation());
        assertThat(vm.rows().stream().map(RowHistoryViewModel.VersionRow::version).toList())
                .isEqualTo(truth.versions());
        assertThat(vm.columns().stream().map(ResultColumn::name).toList()).isEqualTo(truth.columns());
        assertThat(vm.columns().stream().map(ResultColumn::declaredType).toList())
                .containsExactly("INTEGER", "TEXT", "INTEGER", "REAL");
        assertThat(vm.statusProperty().get()).startsWith(truth.versions().size() + " versions over "
                + truth.points() + " restore points");
        for (RowHistoryViewModel.VersionRow row : vm.rows()) {
            List<Cell> values = row.cells().subList(RowHistoryViewModel.META.size(), row.cells().size());
            String change = ((Cell.Text) row.cells().get(3)).value();
            if (row.deleted()) {
                assertThat(values).containsOnlyNulls();
                assertThat(change).isEqualTo("deleted");
            } else {
                assertThat(values).isEqualTo(truth.columns().stream().map(c -> row.version().values().get().get(c))
                        .toList());
            }
            if (row.version().values().map(m -> m.get("name").equals(new Cell.Text("desk lamp"))).orElse(false)) {
                assertThat(change).isEqualTo("changed name, price");
                assertThat(Stream.of(0, 1, 2, 3).filter(row::changed).toList()).containsExactly(1, 3);
            }
        }
        // The first version and the re-insert after the deletion appear: nothing to mark against.
        assertThat(vm.rows().stream().filter(r -> ((Cell.Text) r.cells().get(3)).value().equals("appears")))
                .hasSize(2).allMatch(r -> Stream.of(0, 1, 2, 3).noneMatch(r::changed));
    }

    @Test
    void onALtxReplicaEachLineShowsItsTxidAndTheRecordedVersion() throws Exception {
        LtxHistoryReplica ltx = LtxHistoryReplica.build(tmp.resolve("ltx-work"), tmp.resolve("ltx"),
                Instant.parse("2026-12-02T09:00:00Z"));
        TimelineFeed ltxFeed = new TimelineFeed(ltx.url(), Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()),
                new SimpleObjectProperty<>(Optional.empty()), () -> ZoneOffset.UTC);
        RowHistoryViewModel vm = new RowHistoryViewModel(TaskRunner.sameThread(), new RowHistoryViewModel.Request(
                ltxFeed, "items", Map.of("id", new Cell.Integer(7)), Optional.empty()));
        assertThat(vm.meta()).as("before the walk").isEqualTo(RowHistoryViewModel.META);
        vm.start();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.meta()).isEqualTo(RowHistoryViewModel.LTX_META).containsExactly("Moment", "TXID", "Change");
        List<LtxHistoryReplica.Expected> truth = ltx.expected(LtxHistoryReplica.Commit::item);
        assertThat(vm.rows()).hasSize(truth.size());
        assertThat(vm.statusProperty().get()).isEqualTo(truth.size() + " versions over " + ltx.restorable().size()
                + " restore points");
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            RowHistoryViewModel.VersionRow row = vm.rows().get(i);
            long txid = truth.get(i).txid();
            assertThat(row.cells().subList(0, 2)).containsExactly(new Cell.Text(TimeText.tag(ltx.time(txid),
                    ZoneOffset.UTC)), new Cell.Text(String.format("%016x", txid)));
            changes.add(((Cell.Text) row.cells().get(2)).value());
            List<Cell> values = row.cells().subList(RowHistoryViewModel.LTX_META.size(), row.cells().size());
            assertThat(values).hasSize(4);
            if (truth.get(i).row().isEmpty()) {
                assertThat(values).containsOnlyNulls();
            } else {
                assertThat(values.get(1).toString()).isEqualTo(truth.get(i).row().get().get("name")
                        .replaceFirst("^text:", ""));
            }
        }
        assertThat(changes).containsExactly("appears", "changed name, qty, price", "deleted", "appears",
                "changed qty");
        assertThat(Stream.of(0, 1, 2, 3).filter(vm.rows().get(4)::changed).toList()).containsExactly(2);
    }

    @Test
    void aCancelledWalkShowsNothingAndLeavesNothing() throws Exception {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        RowHistoryViewModel vm = new RowHistoryViewModel(runner, request());
        vm.start();
        assertThat(vm.busyProperty().get()).isTrue();
        vm.cancel();
        runner.runAll();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("Cancelled").endsWith("nothing was kept");
        try (Stream<Path> left = Files.list(tmp.resolve("cache/litescope/history"))) {
            assertThat(left.toList()).as("the working copy's folder").isEmpty();
        }
    }

    private RowHistoryViewModel.Request request() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(moment, SqlDatabase.Access.READ_ONLY)) {
            return new RowHistoryViewModel.Request(feed, "items", Map.of("id", new Cell.Integer(7)),
                    SchemaReader.read(db).table("items"));
        }
    }

    private static List<ResultColumn> columns(SqlDatabase db, String sql) throws Exception {
        try (ResultCursor c = ((Outcome.Rows) db.execute(sql)).cursor()) {
            return c.columns();
        }
    }
}
