package dev.litescope.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.fleet.FleetHealth;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.testsupport.BulkFleet;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.fx.Theme;
import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The fleet table's columns in a real window under Monocle, at 1000x700 and at 1280x800, over a folder of 40
 * tenant copies of four replicas the real Litestream v0.3.13 wrote, seen by a clock a week after their newest
 * object (the longest lag a fleet of hourly replicas shows: "167h59m59s"). Every figure is drawn whole and
 * right-aligned, and would be even at its widest ("1023.9 MiB"); only the path elides, at its start, keeping the
 * tenant; nothing scrolls sideways. Rows selected before a new filter stay selected where they are still shown.
 */
class FleetColumnsTest extends WindowTest {
    static final int TENANTS = 40;
    static final Duration WEEK = Duration.ofDays(7).minusSeconds(1);
    /** The widest value each figure column can hold, as the table writes it. */
    static final Map<String, String> WIDEST = Map.of("fleet-format", "0.5", "fleet-size", "1023.9 MiB",
            "fleet-objects", "99,999", "fleet-newest", "2026-12-31 23:59:59Z", "fleet-lag", "167h59m59s",
            "fleet-cost", "$9.999999", "fleet-health", "new-generation");
    static final Set<String> RIGHT = Set.of("fleet-size", "fleet-objects", "fleet-newest", "fleet-lag", "fleet-cost");

    @TempDir
    static Path tmp;
    static Path fleet;
    static List<Discovery.Found> found;
    static Instant newest;

    @BeforeAll
    static void build() throws Exception {
        List<ReplicaFixture> real = BulkFleet.realReplicas(tmp.resolve("real"), 4);
        fleet = tmp.resolve("fleet");
        BulkFleet.copies(real, fleet, TENANTS);
        found = new Discovery(searched(), 8).findFlat(new Cancellation());
        newest = found.stream().map(f -> f.newest().orElseThrow()).max(Comparator.naturalOrder()).orElseThrow();
    }

    static Replica searched() throws Exception {
        return Replicas.open(ReplicaUrl.parse(fleet.toString()));
    }

    FleetWindow open;

    @Start
    void start(Stage stage) {
        begin(stage);
        Theme.LIGHT.apply();
    }

    @AfterEach
    void close() throws Exception {
        if (open != null) {
            WaitForAsyncUtils.asyncFx(() -> open.stage().close()).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyFigureIsReadableAt1000By700() throws Exception {
        FleetWindow window = shown(1000, 700);
        checkColumns(window);
        // Before a bulk run there is no Result column, and the path has its room.
        TableColumn<FleetReplica, ?> result = window.rows.table.getColumns().stream()
                .filter(c -> "fleet-result".equals(c.getId())).findFirst().orElseThrow();
        assertThat(result.isVisible()).isFalse();
        assertThat(window.rows.table.getColumns().get(0).getWidth()).as("the path's share").isGreaterThan(200);
        // Each Health cell says on hover what its row's label means (these replicas are whole: "ok", explained).
        List<TableCell<?, ?>> health = cellsOf(window, "fleet-health");
        assertThat(health).isNotEmpty().allSatisfy(c -> {
            FleetReplica row = (FleetReplica) c.getTableRow().getItem();
            assertThat(c.getText()).isEqualTo(row.healthLabel());
            assertThat(c.getTooltip().getText()).isEqualTo(FleetHealth.explain(row.health())).startsWith("ok: ");
        });
        window.rows.table.getSelectionModel().select(2);
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "fleet-columns-1000.png");
        // A bulk run brings the Result column, at the path's expense; every figure stays whole.
        WaitForAsyncUtils.asyncFx(() -> window.model().verify(List.copyOf(window.model().shown())))
                .get(10, TimeUnit.SECONDS);
        waitFor(() -> result.isVisible() && !window.model().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        checkColumns(window);
        assertThat(window.rows.table.getColumns().get(0).getWidth()).as("the path's share").isGreaterThan(90);
        TestWindows.screenshot(window.stage().getScene(), "fleet-columns-1000-verified.png");
    }

    @Test
    void thePathTakesTheRoomAt1280By800() throws Exception {
        FleetWindow window = shown(1280, 800);
        checkColumns(window);
        // The other columns at their full width, the path with the rest.
        List<TableColumn<FleetReplica, ?>> columns = window.rows.table.getColumns();
        for (TableColumn<FleetReplica, ?> c : columns.subList(1, columns.size())) {
            assertThat(c.getWidth()).as(c.getId()).isCloseTo(c.getPrefWidth(), Offset.offset(2.0));
        }
        assertThat(columns.get(0).getWidth()).as("the path's share").isGreaterThan(200);
        // Nothing of the path is elided with that much room.
        assertThat(cellsOf(window, "fleet-path")).isNotEmpty().allMatch(c -> drawn(c).equals(c.getText()));
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "fleet-columns-1280.png");
    }

    @Test
    void rowsSelectedBeforeAFilterStaySelectedWhereTheyAreStillShown(FxRobot robot) throws Exception {
        FleetWindow window = shown(1280, 800);
        FleetViewModel vm = window.model();
        robot.interact(() -> {
            for (int tenant : new int[] {5, 12, 15}) {
                window.rows.table.getSelectionModel().select(vm.shown().stream()
                        .filter(r -> r.relative().equals(BulkFleet.tenant(tenant))).findFirst().orElseThrow());
            }
        });
        assertThat(selected(window)).containsExactly(BulkFleet.tenant(5), BulkFleet.tenant(12),
                BulkFleet.tenant(15));

        robot.interact(() -> vm.filterTextProperty().set("tenants/t001*"));
        waitFor(() -> vm.shown().size() == 10);
        assertThat(selected(window)).containsExactly(BulkFleet.tenant(12), BulkFleet.tenant(15));

        // Sorted the other way and unfiltered again: the same two, wherever they now are.
        robot.interact(() -> vm.sort(new FleetSort(FleetSort.Key.PATH, true)));
        waitFor(() -> vm.shown().get(0).relative().equals(BulkFleet.tenant(19)));
        robot.interact(() -> vm.filterTextProperty().set(""));
        waitFor(() -> vm.shown().size() == TENANTS);
        assertThat(selected(window)).containsExactlyInAnyOrder(BulkFleet.tenant(12), BulkFleet.tenant(15));
        assertThat(window.rows.selected()).hasSize(2);
    }

    private FleetWindow shown(double width, double height) throws Exception {
        FleetWindow window = WaitForAsyncUtils.asyncFx(() -> {
            FleetViewModel vm = new FleetViewModel(runner, fleet.toString(), FleetColumnsTest::searched,
                    Pricing.DEFAULT, Clock.fixed(newest.plus(WEEK), ZoneOffset.UTC));
            FleetWindow w = new FleetWindow(vm, FleetWindowFakes.idle(), null, FleetWindowFakes.noDialogs(),
                    () -> ZoneOffset.UTC, url -> { });
            vm.load(found, "");
            w.show();
            w.stage().setWidth(width);
            w.stage().setHeight(height);
            return w;
        }).get(10, TimeUnit.SECONDS);
        open = window;
        waitFor(() -> window.model().shown().size() == TENANTS && !cellsOf(window, "fleet-lag").isEmpty());
        assertThat(window.stage().getScene().getWidth()).isEqualTo(width);
        return window;
    }

    private void checkColumns(FleetWindow window) throws Exception {
        assertThat(WaitForAsyncUtils.asyncFx(() -> window.rows.table.lookupAll(".scroll-bar").stream()
                .filter(n -> n instanceof ScrollBar b && b.getOrientation() == Orientation.HORIZONTAL)
                .anyMatch(Node::isVisible)).get(10, TimeUnit.SECONDS)).as("a sideways scroll bar").isFalse();
        SoftAssertions room = new SoftAssertions();
        for (TableColumn<FleetReplica, ?> column : window.rows.table.getColumns()) {
            String id = column.getId();
            List<TableCell<?, ?>> cells = cellsOf(window, id);
            if (id.equals("fleet-result")) {
                continue; // empty before a bulk run; its messages elide, whole on hover
            }
            assertThat(cells).as(id).isNotEmpty();
            for (TableCell<?, ?> c : cells) {
                if (id.equals("fleet-path")) {
                    // Elided, if at all, at its start: the tenant's end of the path stays.
                    String drawn = drawn(c);
                    String dots = c.getEllipsisString();
                    assertThat(drawn.equals(c.getText()) || drawn.startsWith(dots)
                            && c.getText().endsWith(drawn.substring(dots.length()))).as(drawn).isTrue();
                    assertThat(drawn).endsWith("/db");
                    continue;
                }
                assertThat(drawn(c)).as(id).isEqualTo(c.getText());
                assertThat(c.getAlignment().getHpos()).as(id).isEqualTo(RIGHT.contains(id) ? HPos.RIGHT
                        : HPos.LEFT);
            }
            TableCell<?, ?> c = cells.get(0);
            Text widest = new Text(WIDEST.get(id));
            widest.setFont(c.getFont());
            room.assertThat(widest.getLayoutBounds().getWidth()).as("%s's widest value", id)
                    .isLessThanOrEqualTo(column.getWidth() - c.getInsets().getLeft() - c.getInsets().getRight());
        }
        room.assertAll();
        // Every header is whole.
        List<Labeled> headers = WaitForAsyncUtils.asyncFx(() -> window.rows.table.lookupAll(".column-header .label")
                .stream().filter(n -> n instanceof Labeled).map(n -> (Labeled) n).toList()).get(10, TimeUnit.SECONDS);
        assertThat(headers).hasSize((int) window.rows.table.getColumns().stream().filter(TableColumn::isVisible)
                .count());
        for (Labeled h : headers) {
            assertThat(drawn(h)).isEqualTo(h.getText());
        }
    }

    /** The text a cell or label draws: its own text, or that cut with an ellipsis. */
    private static String drawn(Labeled l) {
        return l.lookupAll(".text").stream().filter(n -> n instanceof Text && n.getParent() == l)
                .map(n -> ((Text) n).getText()).findFirst().orElse("");
    }

    private List<TableCell<?, ?>> cellsOf(FleetWindow window, String columnId) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> window.rows.table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.isVisible() && c.getTableColumn() != null
                        && columnId.equals(c.getTableColumn().getId()) && c.getText() != null && !c.isEmpty())
                .<TableCell<?, ?>>map(n -> (TableCell<?, ?>) n).toList()).get(10, TimeUnit.SECONDS);
    }

    private static List<String> selected(FleetWindow window) {
        return window.rows.table.getSelectionModel().getSelectedItems().stream().map(FleetReplica::relative)
                .toList();
    }
}
