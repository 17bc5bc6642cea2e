package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Names;
import dev.litescope.sql.Cell;
import dev.litescope.sql.QueryHistory;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.history.RowHistory;
import dev.litescope.testsupport.HistoryReplica;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ltx.LtxHistoryReplica;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.beans.property.SimpleObjectProperty;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.control.Control;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeCell;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "History…" on a row of the console's result, in real windows under Monocle, on {@link HistoryReplica} (the real
 * Litestream's replica of a workload that recorded its rows' states): the item says why not for a join, and for a
 * row of {@code items} opens a window whose lines are {@link RowHistory}'s versions, with the rename's two cells
 * marked changed and the deletion's line dimmed. On a moment of a Litestream 0.5 replica ({@link LtxHistoryReplica})
 * the window's lines name each version's TXID.
 */
class RowHistoryWindowTest extends WindowTest {
    @TempDir
    Path tmp;

    ConsoleWindow console;

    @Start
    void start(Stage stage) {
        begin(stage);
        Theme.LIGHT.apply();
        HistoryViewModel history = new HistoryViewModel(runner, () -> QueryHistory.open(tmp.resolve("history.db")));
        console = new ConsoleWindow(null, runner, history, TestWindows.noConsoleDialogs(), () -> ZoneOffset.UTC);
        this.stage = console.stage;
    }

    @AfterEach
    void closeWindows() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : Window.getWindows().toArray(Window[]::new)) {
                if (w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("History of")) {
                    s.hide();
                }
            }
            console.stage.hide();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aRowsVersionsAreTheEnginesWithTheChangedCellsMarked(FxRobot robot) throws Exception {
        HistoryReplica shop = HistoryReplica.shared();
        ConsolePane[] pane = {openLatest(robot, shop)};

        // Rows of two tables: the item is there, greyed, and says why.
        ResultGrid join = run(robot, pane[0], "SELECT i.id, o.x FROM items i, other o ORDER BY i.id LIMIT 3");
        openMenu(robot, join);
        assertThat(join.history.availability().request()).isEmpty();
        assertThat(join.history.availability().whyNot()).contains("columns of items and other");
        robot.push(KeyCode.ESCAPE);

        ResultGrid grid = run(robot, pane[0], "SELECT * FROM items WHERE id = 7");
        openMenu(robot, grid);
        assertThat(grid.history.availability().request().map(RowHistoryViewModel.Request::keyText))
                .contains("id = 7");
        robot.clickOn("History…");
        Stage history = historyWindow(robot, "History of items (id = 7) in shop — Litescope");
        TableView<?> shown = robot.from(history.getScene().getRoot()).lookup("#historyGrid").queryAs(TableView.class);
        waitFor(60, () -> robot.from(history.getScene().getRoot()).lookup("#historyStatus").queryLabeled()
                .getText().contains("versions over "));

        // The engine's own answer, walked again here.
        Path work = Files.createDirectories(tmp.resolve("work"));
        RowHistory.Result truth = new RowHistory(Replicas.open(ReplicaUrl.parse(shop.url())), "items",
                Map.of("id", new Cell.Integer(7))).run(work, RowHistory.Listener.NONE, new Cancellation());
        List<List<Cell>> expected = new ArrayList<>();
        for (RowHistory.Version v : truth.versions()) {
            List<Cell> line = new ArrayList<>(List.of(new Cell.Text(TimeText.tag(v.point().time(), ZoneOffset.UTC)),
                    new Cell.Text(v.point().generation().orElseThrow()),
                    new Cell.Text(Names.hex8(v.point().index().orElseThrow()))));
            line.add(null); // what changed, checked below
            for (String c : truth.columns()) {
                line.add(v.values().map(m -> m.get(c)).orElse(null));
            }
            expected.add(line);
        }
        List<List<Cell>> lines = new ArrayList<>();
        for (Object item : shown.getItems()) {
            List<Cell> line = new ArrayList<>((List<Cell>) item);
            line.set(3, null);
            lines.add(line);
        }
        assertThat(truth.versions()).as("the engine's versions").hasSizeGreaterThan(4);
        assertThat(lines).isEqualTo(expected);
        assertThat(truth.columns()).containsExactly("id", "name", "qty", "price");

        int renamed = indexOf(truth, v -> v.values().map(m -> m.get("name").equals(new Cell.Text("desk lamp")))
                .orElse(false));
        int deleted = indexOf(truth, RowHistory.Version::deleted);
        assertThat(((Cell.Text) ((List<?>) shown.getItems().get(renamed)).get(3)).value())
                .isEqualTo("changed name, price");
        assertThat(((Cell.Text) ((List<?>) shown.getItems().get(deleted)).get(3)).value()).isEqualTo("deleted");
        Map<String, Boolean> marked = new HashMap<>();
        List<Integer> dimmed = new ArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> {
            robot.from(history.getScene().getRoot()).lookup(".table-cell").queryAllAs(TableCell.class).forEach(c -> {
                TableRow<?> row = c.getTableRow();
                int col = c.getTableView() == null ? -1 : c.getTableView().getColumns().indexOf(c.getTableColumn());
                if (row != null && row.getIndex() >= 0 && row.getIndex() < lines.size() && col >= 0) {
                    marked.put(row.getIndex() + ":" + col, c.getStyleClass().contains("follow-changed"));
                    if (row.getStyleClass().contains("history-deleted") && !dimmed.contains(row.getIndex())) {
                        dimmed.add(row.getIndex());
                    }
                }
            });
        }).get(10, TimeUnit.SECONDS);
        // The rename marks name and price (value columns 1 and 3, after the four of the moment), nothing else.
        int values = RowHistoryViewModel.META.size();
        assertThat(marked).containsEntry(renamed + ":" + (values + 1), true).containsEntry(renamed + ":"
                + (values + 3), true).containsEntry(renamed + ":" + (values + 2), false)
                .containsEntry(renamed + ":" + values, false);
        assertThat(marked.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(k -> k.startsWith(renamed + ":"))).hasSize(2);
        assertThat(dimmed).containsExactly(deleted);
        TestWindows.screenshotLightAndDark(history.getScene(), "row-history.png");
    }

    @Test
    void aTablesMenuInTheSchemaAsksForTheKeyAndOpensTheRowsHistory(FxRobot robot) throws Exception {
        HistoryReplica shop = HistoryReplica.shared();
        openLatest(robot, shop);
        TreeCell<?> tags = robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getItem() instanceof SchemaTree.Entry e && e.label().equals("tags")).findFirst()
                .orElseThrow();
        openMenu(robot, tags);
        waitFor(() -> tags.getContextMenu() != null && tags.getContextMenu().isShowing());
        robot.clickOn("History of a row…");
        waitFor(() -> robot.lookup("#key-n").tryQuery().isPresent());
        robot.clickOn("#key-k").write("a");
        robot.clickOn("#key-n").write("2");
        robot.clickOn("Show history");
        Stage history = historyWindow(robot, "History of tags (k = 'a', n = '2') in shop — Litescope");
        TableView<?> shown = robot.from(history.getScene().getRoot()).lookup("#historyGrid").queryAs(TableView.class);
        waitFor(60, () -> robot.from(history.getScene().getRoot()).lookup("#historyStatus").queryLabeled()
                .getText().contains("versions over "));
        RowHistory.Result truth = new RowHistory(Replicas.open(ReplicaUrl.parse(shop.url())), "tags",
                RowHistory.parseKey(List.of("k=a", "n=2"))).run(Files.createDirectories(tmp.resolve("work")),
                RowHistory.Listener.NONE, new Cancellation());
        assertThat(truth.versions()).hasSize(3);
        assertThat(shown.getItems()).hasSize(3);
        List<String> changes = shown.getItems().stream().map(i -> ((Cell.Text) ((List<?>) i).get(3)).value())
                .toList();
        assertThat(changes).containsExactly("appears", "changed label", "deleted");
    }

    @Test
    void onALtxMomentTheLinesNameEachVersionsTxid(FxRobot robot) throws Exception {
        LtxHistoryReplica ltx = LtxHistoryReplica.build(tmp.resolve("ltx-work"), tmp.resolve("shop"),
                Instant.parse("2026-12-02T09:00:00Z"));
        Path moment = Files.createDirectories(tmp.resolve("moments")).resolve("shop.db");
        ProcResult restored = Litescope.run("restore", "-o", moment.toString(), ltx.url());
        assertThat(restored.exitCode()).as(restored.stderr()).isZero();
        ConsolePane pane = open(robot, moment, ltx.url());
        ResultGrid grid = run(robot, pane, "SELECT * FROM items WHERE id = 7");
        openMenu(robot, grid);
        robot.clickOn("History…");
        Stage history = historyWindow(robot, "History of items (id = 7) in shop — Litescope");
        TableView<?> shown = robot.from(history.getScene().getRoot()).lookup("#historyGrid").queryAs(TableView.class);
        waitFor(60, () -> robot.from(history.getScene().getRoot()).lookup("#historyStatus").queryLabeled()
                .getText().contains("versions over "));
        WaitForAsyncUtils.waitForFxEvents();
        // The value columns' headers are a name over a type, so their ids say where each reads its cell.
        assertThat(shown.getColumns().stream().map(c -> c.getText().isEmpty() ? c.getId() : c.getText()).toList())
                .containsExactly("Moment", "TXID", "Change", "column-3", "column-4", "column-5", "column-6");
        List<LtxHistoryReplica.Expected> truth = ltx.expected(LtxHistoryReplica.Commit::item);
        assertThat(shown.getItems()).hasSize(truth.size());
        for (int i = 0; i < truth.size(); i++) {
            List<Object> line = new ArrayList<>((List<?>) shown.getItems().get(i));
            assertThat(line.subList(0, 2)).containsExactly(new Cell.Text(TimeText.tag(ltx.time(truth.get(i).txid()),
                    ZoneOffset.UTC)), new Cell.Text(String.format("%016x", truth.get(i).txid())));
        }
        int last = truth.size() - 1;
        Map<String, Boolean> marked = new HashMap<>();
        List<Integer> dimmed = new ArrayList<>();
        WaitForAsyncUtils.asyncFx(() -> {
            robot.from(history.getScene().getRoot()).lookup(".table-cell").queryAllAs(TableCell.class).forEach(c -> {
                TableRow<?> row = c.getTableRow();
                int col = c.getTableView() == null ? -1 : c.getTableView().getColumns().indexOf(c.getTableColumn());
                if (row != null && row.getIndex() >= 0 && row.getIndex() < truth.size() && col >= 0) {
                    marked.put(row.getIndex() + ":" + col, c.getStyleClass().contains("follow-changed"));
                    if (row.getStyleClass().contains("history-deleted") && !dimmed.contains(row.getIndex())) {
                        dimmed.add(row.getIndex());
                    }
                }
            });
        }).get(10, TimeUnit.SECONDS);
        // The last change set qty alone: value column 2, after the three of the moment.
        assertThat(marked.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(k -> k.startsWith(last + ":"))).containsExactly(last + ":" + (3 + 2));
        assertThat(dimmed).containsExactly(truth.stream().map(LtxHistoryReplica.Expected::row).toList()
                .indexOf(Optional.empty()));
        TestWindows.screenshot(history.getScene(), "row-history-ltx.png");
    }

    private ConsolePane openLatest(FxRobot robot, HistoryReplica shop) throws Exception {
        Path moment = Files.createDirectories(tmp.resolve("moments")).resolve("shop.db");
        ProcResult restored = LitestreamBinary.restore(moment, shop.url());
        assertThat(restored.ok()).as("litestream restore: %s", restored).isTrue();
        return open(robot, moment, shop.url());
    }

    private ConsolePane open(FxRobot robot, Path moment, String url) {
        TimelineFeed feed = new TimelineFeed(url, Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()),
                new SimpleObjectProperty<>(Optional.empty()), () -> ZoneOffset.UTC);
        ConsolePane[] pane = new ConsolePane[1];
        robot.interact(() -> pane[0] = console.open(new ConsoleSession.Source(moment, "shop @ latest",
                SqlDatabase.Access.READ_ONLY, Optional.of(feed))));
        waitFor(() -> pane[0].session().openProperty().get() && pane[0].session().schemaProperty().get().isPresent());
        return pane[0];
    }

    private Stage historyWindow(FxRobot robot, String title) {
        Stage[] window = new Stage[1];
        waitFor(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage s && s.isShowing() && title.equals(s.getTitle())) {
                    window[0] = s;
                }
            }
            return window[0] != null;
        });
        return window[0];
    }

    private ResultGrid run(FxRobot robot, ConsolePane pane, String sql) {
        robot.interact(() -> {
            pane.editor.setText(sql);
            pane.editor.focusEditor();
        });
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(() -> pane.session().results().size() == 1 && !pane.session().runningProperty().get()
                && pane.session().results().get(0).statement().sql().strip().equals(sql)
                && !pane.session().results().get(0).rows().isEmpty());
        ResultGrid[] grid = new ResultGrid[1];
        waitFor(() -> {
            grid[0] = robot.from(pane).lookup("#resultGrid").queryAllAs(ResultGrid.class).stream()
                    .filter(g -> g.result() == pane.session().results().get(0)).findFirst().orElse(null);
            return grid[0] != null && firstRow(robot, grid[0]) != null;
        });
        return grid[0];
    }

    /**
     * A right-click on {@code node}: the robot's press selects it, but Monocle makes no context-menu request of a
     * secondary press, so the request a desktop would send follows.
     */
    private void openMenu(FxRobot robot, Control node) throws Exception {
        robot.rightClickOn(node);
        WaitForAsyncUtils.asyncFx(() -> {
            Bounds b = node.localToScreen(node.getBoundsInLocal());
            Event.fireEvent(node, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, 20,
                    b.getHeight() / 2, b.getMinX() + 20, b.getMinY() + b.getHeight() / 2, false, null));
        }).get(10, TimeUnit.SECONDS);
    }

    private void openMenu(FxRobot robot, ResultGrid grid) throws Exception {
        openMenu(robot, firstRow(robot, grid));
        waitFor(() -> grid.getContextMenu().isShowing());
    }

    /** The grid's first row of the result, as drawn. */
    private static TableRow<?> firstRow(FxRobot robot, ResultGrid grid) {
        return robot.from(grid).lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getIndex() == 0 && !r.isEmpty()).findFirst().orElse(null);
    }

    private static int indexOf(RowHistory.Result r, Predicate<RowHistory.Version> p) {
        for (int i = 0; i < r.versions().size(); i++) {
            if (p.test(r.versions().get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such version in " + r.versions());
    }
}
