package dev.litescope.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.BulkFleet;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.LitescopeApp;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.connections.ConnectionEntry;
import dev.litescope.ui.connections.ConnectionNode;
import dev.litescope.ui.connections.ConnectionStore;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The fleet table in the real app under Monocle: a bucket on the loopback server with 300 tenant copies of four
 * replicas the real Litestream v0.3.13 wrote, one with a corrupted WAL segment. Adding the bucket opens the table
 * in place of 300 rows in the tree; the test sorts, filters, verifies what is shown, exports it and opens a
 * replica's timeline.
 */
class FleetWindowTest extends WindowTest {
    static final int TENANTS = 300;
    static final int BROKEN = 137;
    static final String BUCKET = "acme-prod-replicas";

    @TempDir
    static Path shared;
    static String corrupted;
    static Path fleet;
    static LoopbackGcs gcs;

    @TempDir
    Path tmp;

    MainViewModel model;
    ConnectionsViewModel connections;
    FleetWindows fleets;

    @BeforeAll
    static void fleet() {
        List<ReplicaFixture> real = BulkFleet.realReplicas(shared.resolve("real"), 4);
        fleet = shared.resolve("fleet");
        List<ReplicaFixture> copies = BulkFleet.copies(real, fleet, TENANTS);
        corrupted = BulkFleet.corruptLastWalSegment(copies.get(BROKEN).replicaDir());
        gcs = LoopbackGcs.start();
        BulkFleet.upload(fleet, gcs, BUCKET);
    }

    @AfterAll
    static void stop() {
        if (gcs != null) {
            gcs.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        begin(stage);
        ReplicaOptions options = new ReplicaOptions(new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(),
                RetryPolicy.defaults()), Optional.empty());
        model = new MainViewModel(runner, options);
        ConnectionStore store = new ConnectionStore(tmp.resolve("config/connections.txt"));
        store.save(List.of());
        connections = new ConnectionsViewModel(model, runner, options, store, () -> {
        }, () -> tmp.resolve("no-demo"));
        LitescopeApp.show(stage, model, (owner, suggested) -> Optional.empty(), connections,
                ConnectionsPane.Dialogs.standard());
        TestWindows.resetSize(stage);
        // The native choosers cannot be driven headless: restores and exports go into the test's folder.
        fleets = FleetWindows.attach(connections, model, stage, new FleetWindow.Dialogs() {
            @Override
            public Optional<Path> restoreInto(Window owner) {
                return Optional.of(tmp.resolve("restored"));
            }

            @Override
            public Optional<Path> exportTo(Window owner, String suggested) {
                return Optional.of(tmp.resolve(suggested));
            }
        });
        connections.load();
    }

    @Test
    void aBucketOfTenantsOpensAsATableToSortFilterAndVerify(FxRobot robot) throws Exception {
        robot.interact(() -> connections.addBucket("gs://" + BUCKET));
        waitFor(() -> !connections.connections().isEmpty()
                && fleets.windowOf(connections.connections().get(0)).map(w -> w.stage().isShowing()).orElse(false));
        ConnectionNode node = connections.connections().get(0);
        FleetWindow window = fleets.windowOf(node).orElseThrow();
        FleetViewModel vm = window.model();
        waitFor(() -> vm.shown().size() == TENANTS);

        // The tree holds one row for the 300, not 300 rows.
        waitFor(() -> robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .anyMatch(c -> c.getItem() instanceof ConnectionEntry.Fleet));
        assertThat(robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getItem() instanceof ConnectionEntry.Found)).isEmpty();
        assertThat(window.totals.getText()).startsWith("300 replicas · ");
        // What the connection's search listed: all of it, the first time in this session.
        assertThat(window.totals.getText()).contains("\nLast search: no listing of gs://" + BUCKET + " is kept yet")
                .endsWith(", so listed every object below the prefix");

        // Sort: the Size header twice, largest first.
        Node sizeHeader = robot.from(window.stage().getScene().getRoot()).lookup(".column-header")
                .match(n -> "fleet-size".equals(n.getId())).query();
        robot.clickOn(sizeHeader);
        waitFor(() -> vm.sortProperty().get().equals(new FleetSort(FleetSort.Key.SIZE, false)));
        robot.clickOn(sizeHeader);
        waitFor(() -> vm.sortProperty().get().equals(new FleetSort(FleetSort.Key.SIZE, true)));
        assertThat(window.rows.table.getItems()).isSortedAccordingTo(new FleetSort(FleetSort.Key.SIZE, true)
                .comparator());
        long largest = vm.all().stream().mapToLong(FleetReplica::bytes).max().orElseThrow();
        assertThat(window.rows.table.getItems().get(0).bytes()).isEqualTo(largest);

        // A filter typed in the box; then a term half typed: its error shows beside the box, as text.
        robot.clickOn(window.filter).write("tenants/t01*");
        waitFor(() -> vm.shown().size() == 100);
        robot.write(" lag >");
        waitFor(() -> window.filterError.isVisible());
        assertThat(window.filterError.getText()).contains("\"lag >\"").contains("needs a value");
        assertThat(window.filter.getText()).isEqualTo("tenants/t01* lag >");
        for (int i = 0; i < " lag >".length(); i++) {
            robot.type(KeyCode.BACK_SPACE);
        }
        waitFor(() -> vm.shown().size() == 100 && !window.filterError.isVisible());
        assertThat(vm.shown()).allMatch(r -> r.relative().startsWith("tenants/t01"))
                .isSortedAccordingTo(new FleetSort(FleetSort.Key.SIZE, true).comparator());
        assertThat(window.totals.getText()).startsWith("100 of 300 replicas · ");

        // Verify all shown: the planted defect fails with the object named, the other 99 are ok.
        robot.clickOn(window.verify);
        waitFor(120, () -> !vm.runningProperty().get() && vm.bulkStatusProperty().get().startsWith("Verified"));
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(window.bulkStatus.getText()).startsWith("Verified 100 of 100 replica(s): 99 ok, 1 failed");
        FleetReplica broken = vm.shown().stream().filter(r -> r.relative().equals(BulkFleet.tenant(BROKEN)))
                .findFirst().orElseThrow();
        BulkRun.Result failed = vm.resultOf(broken).orElseThrow();
        assertThat(failed.outcome()).isEqualTo(BulkRun.Outcome.FAILED);
        assertThat(failed.message()).contains("gs://" + BUCKET + "/" + BulkFleet.tenant(BROKEN) + "/" + corrupted);
        assertThat(vm.shown().stream().filter(r -> r != broken))
                .hasSize(99).allMatch(r -> vm.resultOf(r).orElseThrow().outcome() == BulkRun.Outcome.OK);
        // Replicas outside the filter were not verified.
        assertThat(vm.all().stream().filter(r -> !r.relative().startsWith("tenants/t01")))
                .allMatch(r -> vm.resultOf(r).isEmpty());

        // The failed row says so in its result column.
        int row = vm.shown().indexOf(broken);
        robot.interact(() -> {
            window.rows.table.scrollTo(Math.max(0, row - 3));
            window.rows.table.getSelectionModel().clearAndSelect(row);
        });
        waitFor(() -> resultCell(robot, window, broken).isPresent());
        assertThat(resultCell(robot, window, broken).orElseThrow().getText()).startsWith("failed: WAL segment")
                .contains(corrupted);
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "fleet-table.png");

        // The Result header puts the failure on top.
        Node resultHeader = robot.from(window.stage().getScene().getRoot()).lookup(".column-header")
                .match(n -> "fleet-result".equals(n.getId())).query();
        robot.clickOn(resultHeader);
        waitFor(() -> vm.sortedByResult().equals(Optional.of(false)));
        assertThat(window.rows.table.getItems().get(0)).isSameAs(broken);
        robot.clickOn(sizeHeader);
        waitFor(() -> vm.sortedByResult().isEmpty());

        // Export what is shown, in the shown order.
        robot.clickOn(window.export);
        Path csv = tmp.resolve("fleet.csv");
        waitFor(() -> vm.bulkStatusProperty().get().startsWith("Exported"));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(101);
        assertThat(lines.get(1)).startsWith(vm.shown().get(0).path() + ",");
        assertThat(lines.get(vm.shown().indexOf(broken) + 1)).startsWith(broken.path() + ",").contains(",failed,");

        // A double-click opens the replica's timeline in the main window.
        FleetReplica first = vm.shown().get(0);
        robot.interact(() -> window.rows.table.scrollTo(0));
        WaitForAsyncUtils.waitForFxEvents();
        Node firstRow = WaitForAsyncUtils.asyncFx(() -> robot.from(window.rows.table).lookup(".table-row-cell")
                .queryAllAs(TableRow.class).stream().filter(r -> r.getItem() == first).findFirst().orElseThrow())
                .get(10, TimeUnit.SECONDS);
        robot.doubleClickOn(firstRow, MouseButton.PRIMARY);
        waitFor(() -> model.replicaUrlProperty().get().equals(first.path()) && !model.generations().isEmpty());
    }

    @Test
    void aFolderOfTenantsVerifiesAllAndRestoresTheSelection(FxRobot robot) throws Exception {
        robot.interact(() -> connections.addFolder(fleet));
        waitFor(() -> !connections.connections().isEmpty()
                && fleets.windowOf(connections.connections().get(0)).map(w -> w.stage().isShowing()).orElse(false));
        FleetWindow window = fleets.windowOf(connections.connections().get(0)).orElseThrow();
        FleetViewModel vm = window.model();
        waitFor(() -> vm.shown().size() == TENANTS);

        robot.clickOn(window.verify);
        waitFor(180, () -> !vm.runningProperty().get() && vm.bulkStatusProperty().get().startsWith("Verified"));
        assertThat(window.bulkStatus.getText()).startsWith("Verified 300 of 300 replica(s): 299 ok, 1 failed");
        FleetReplica broken = vm.all().stream().filter(r -> r.relative().equals(BulkFleet.tenant(BROKEN)))
                .findFirst().orElseThrow();
        assertThat(vm.resultOf(broken).orElseThrow().message())
                .contains(fleet.resolve(BulkFleet.tenant(BROKEN)).resolve(corrupted).toString());

        // Verify again and cancel at once (in one go: a warm folder verifies in about two seconds, less than the
        // robot takes to move the mouse): the run stops early, saying so, and nothing is reported failed.
        robot.interact(() -> {
            window.verify.fire();
            assertThat(window.cancel.isDisabled()).isFalse();
            window.cancel.fire();
        });
        waitFor(60, () -> !vm.runningProperty().get());
        assertThat(window.bulkStatus.getText()).startsWith("Verified ").contains("(cancelled)")
                .doesNotContain("Verified 300 of 300").contains(" 0 failed");

        // Restore the rows selected in the table (three, one of them the broken one) into the chosen folder.
        robot.interact(() -> {
            window.selectedRows.setSelected(true);
            window.rows.table.getSelectionModel().clearSelection();
            for (int tenant : new int[] {3, BROKEN, 250}) {
                window.rows.table.getSelectionModel().select(vm.shown().stream()
                        .filter(r -> r.relative().equals(BulkFleet.tenant(tenant))).findFirst().orElseThrow());
            }
        });
        robot.clickOn(window.restore);
        waitFor(120, () -> !vm.runningProperty().get() && vm.bulkStatusProperty().get().startsWith("Restored"));
        assertThat(window.bulkStatus.getText()).startsWith("Restored 3 of 3 replica(s): 2 ok, 1 failed");
        Path out = tmp.resolve("restored");
        assertThat(out.resolve(BulkFleet.tenant(3) + ".sqlite")).isRegularFile();
        assertThat(out.resolve(BulkFleet.tenant(250) + ".sqlite")).isRegularFile();
        assertThat(out.resolve(BulkFleet.tenant(BROKEN) + ".sqlite")).doesNotExist();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(2);
        }

        // A moment that cannot be read is refused, naming it, before any folder is asked for.
        robot.clickOn(window.moment).write("yesterday");
        robot.clickOn(window.restore);
        waitFor(() -> window.error.isVisible());
        assertThat(window.error.getText()).contains("\"yesterday\"").contains("leave it empty");
    }

    private static Optional<TableCell<?, ?>> resultCell(FxRobot robot, FleetWindow window, FleetReplica r) {
        return robot.from(window.rows.table).lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> c.getTableColumn() != null && "fleet-result".equals(c.getTableColumn().getId())
                        && c.getTableRow() != null && c.getTableRow().getItem() == r && c.getText() != null)
                .<TableCell<?, ?>>map(c -> c).findFirst();
    }
}
