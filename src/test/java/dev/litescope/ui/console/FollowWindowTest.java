package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Names;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.sql.Cell;
import dev.litescope.sql.FollowedLtxQueryTest;
import dev.litescope.sql.FollowedQueryTest;
import dev.litescope.sql.QueryHistory;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.ViewModels;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.fx.Theme;
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
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Follow the timeline" in a real console window under Monocle, on a replica the real Litestream wrote and on a
 * Litestream 0.5 replica: each move of the timeline's cursor re-runs the editor's query on the moved copy, the grid
 * shows what a fresh restore of that point ({@code litestream restore} for 0.3, the engine's LTX restore for 0.5)
 * queried afresh shows, and exactly the cells that differ from the step before carry {@code follow-changed}.
 */
class FollowWindowTest extends WindowTest {
    /** Newest users first, so the rows a step adds are on screen. */
    private static final String USERS = "SELECT id, name, email FROM users ORDER BY id DESC LIMIT 25";
    /** The 0.5 workload's items, newest first; the bodies by length. */
    private static final String ITEMS = "SELECT id, name, length(body) AS size FROM items ORDER BY id DESC LIMIT 25";

    @TempDir
    Path tmp;

    ConsoleWindow console;
    final SimpleObjectProperty<Optional<RestoreTarget>> cursor = new SimpleObjectProperty<>(Optional.empty());

    @Start
    void start(Stage stage) {
        begin(stage);
        Theme.LIGHT.apply();
        HistoryViewModel history = new HistoryViewModel(runner, () -> QueryHistory.open(tmp.resolve("history.db")));
        console = new ConsoleWindow(null, runner, history, TestWindows.noConsoleDialogs(), () -> ZoneOffset.UTC);
        this.stage = console.stage;
    }

    @AfterEach
    void closeConsole() throws Exception {
        WaitForAsyncUtils.asyncFx(console.stage::hide).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void eachMoveReRunsTheQueryAndMarksExactlyTheChangedCells(FxRobot robot) throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        Replica replica = Replicas.open(ReplicaUrl.parse(f.replicaUrl()));
        List<RestoreTarget.Index> points = FollowedQueryTest.points(replica);
        Path start = Files.createDirectories(tmp.resolve("moments")).resolve("demo.db");
        Files.copy(restored(points.get(0)), start);
        TimelineFeed feed = new TimelineFeed(f.replicaUrl(), Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()),
                cursor, () -> ZoneOffset.UTC);
        ConsolePane[] pane = new ConsolePane[1];
        robot.interact(() -> pane[0] = console.open(new ConsoleSession.Source(start, "demo @ first point",
                SqlDatabase.Access.READ_ONLY, Optional.of(feed))));
        waitFor(() -> pane[0].session().openProperty().get());
        robot.interact(() -> {
            pane[0].editor.setText(USERS);
            cursor.set(Optional.of(points.get(0)));
            pane[0].editor.focusEditor();
        });
        robot.push(KeyCode.CONTROL, KeyCode.ENTER); // as a user would first: run it once on the moment opened
        waitFor(() -> pane[0].session().results().size() == 1 && !pane[0].session().runningProperty().get());
        robot.clickOn(pane[0].follow);

        List<List<Cell>> before = null;
        Steps steps = new Steps();
        for (RestoreTarget.Index p : points.subList(0, Math.min(points.size(), 16))) {
            robot.interact(() -> cursor.set(Optional.of(p)));
            List<List<Cell>> fresh = FollowedQueryTest.freshQuery(tmp, f.replicaUrl(), p, USERS);
            checkStep(robot, pane[0], "index " + Names.hex8(p.index()), before, fresh, steps, false,
                    "follow-timeline.png");
            before = fresh;
        }
        assertThat(steps.withChanges).as("steps with changed cells on screen").isPositive();
        assertThat(steps.shot).as("a step that changed some of the rows shown, not all").isTrue();
    }

    /**
     * A Litestream 0.5 replica (the test's LTX writer over a real SQLite workload, compactions, snapshots, the
     * level-0 files of the first 8 TXIDs pruned) opened in the real view model: "Query this moment" on its first
     * restorable TXID opens the console, and each TXID the timeline's selection then moves to, up through every
     * restorable one and back down a few, re-runs the query; the grid shows what the engine's LTX restore of that
     * TXID to a fresh file queried afresh shows, with exactly the changed cells marked.
     */
    @Test
    void onALitestream05ReplicaEachTxidReRunsTheQuery(FxRobot robot) throws Exception {
        List<byte[]> states = SqliteStates.capture(tmp, 4096, 30, 17);
        Path root = tmp.resolve("ltx-replica");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, 4096, Instant.parse("2026-12-02T11:00:00Z"))
                .compact(1, 4).compact(2, 3).snapshotAt(10, 20).keep(b -> b.level() != 0 || b.min() > 8).build());
        Replica replica = Replicas.open(ReplicaUrl.parse(root.toString()));
        List<Long> txids = FollowedLtxQueryTest.points(replica);
        assertThat(txids).as("the pruned TXIDs are reached through compactions only").contains(4L, 8L, 9L)
                .doesNotContain(3L);
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        AppSession session = new AppSession(runner, ReplicaOptions.fromEnvironment(env, false), Pricing.DEFAULT,
                tmp.resolve("restores"), env);
        MainViewModel model = new MainViewModel(new ViewModels(session));
        robot.interact(() -> model.open(root.toString()));
        waitFor(() -> model.selectedTxid().isPresent());
        robot.interact(() -> model.selectTxid(txids.get(0)));
        ConsolePane[] pane = new ConsolePane[1];
        robot.interact(() -> model.queryThisMoment(source -> pane[0] = console.open(source)));
        waitFor(() -> pane[0] != null && pane[0].session().openProperty().get());
        assertThat(model.errorProperty().get()).isEmpty();
        robot.interact(() -> {
            pane[0].editor.setText(ITEMS);
            pane[0].editor.focusEditor();
        });
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(() -> pane[0].session().results().size() == 1 && !pane[0].session().runningProperty().get());
        robot.clickOn(pane[0].follow);

        List<Long> order = new ArrayList<>(txids);
        order.addAll(List.of(txids.get(txids.size() - 3), txids.get(5), txids.get(0)));
        List<List<Cell>> before = null;
        Steps steps = new Steps();
        for (long txid : order) {
            boolean[] picked = new boolean[1];
            robot.interact(() -> picked[0] = model.selectTxid(txid));
            assertThat(picked[0]).as("TXID %s picked", txid).isTrue();
            List<List<Cell>> fresh = FollowedLtxQueryTest.freshQuery(tmp, replica, txid, ITEMS);
            checkStep(robot, pane[0], "TXID " + LtxNames.txid(txid), before, fresh, steps, true,
                    "follow-timeline-ltx.png");
            before = fresh;
        }
        assertThat(steps.withChanges).as("steps with changed cells on screen").isGreaterThan(txids.size() / 2);
        assertThat(steps.shot).as("a step that changed some of the rows shown, not all").isTrue();
    }

    /** What the steps of one walk saw. */
    private static final class Steps {
        int withChanges;
        boolean shot;
    }

    /**
     * Waits for the step to {@code tag} to show {@code fresh}, then checks every cell on screen is marked changed
     * exactly when it differs from {@code before}; the first step that changed some rows shown, not all (and with
     * {@code partialRow}, some cells of a row, not all), is saved as {@code shotName}.
     */
    private void checkStep(FxRobot robot, ConsolePane pane, String tag, List<List<Cell>> before,
                           List<List<Cell>> fresh, Steps steps, boolean partialRow, String shotName)
            throws Exception {
        waitFor(() -> pane.moment.getText().contains(tag) && pane.followGrid.getItems().equals(fresh));
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Boolean> expected = expectedChanges(before, fresh);
        Map<String, Boolean> shown = new HashMap<>();
        robot.lookup(".follow-grid .table-cell").queryAllAs(TableCell.class).forEach(c -> {
            TableRow<?> row = c.getTableRow();
            int r = row == null ? -1 : row.getIndex();
            int col = c.getTableView() == null ? -1 : c.getTableView().getColumns().indexOf(c.getTableColumn());
            if (r >= 0 && r < fresh.size() && col >= 0 && !c.isEmpty()) {
                shown.put(r + ":" + col, c.getStyleClass().contains("follow-changed"));
            }
        });
        assertThat(shown).as("cells on screen at %s", tag).isNotEmpty();
        shown.forEach((k, v) -> assertThat(v).as("cell %s at %s marked changed", k, tag)
                .isEqualTo(expected.getOrDefault(k, false)));
        long changed = expected.values().stream().filter(b -> b).count();
        assertThat(pane.moment.getText()).contains(fresh.size() + " row(s), " + changed + " cell(s) changed");
        assertThat(robot.lookup("#consoleStatus").queryAs(Label.class).getText())
                .as("the status line does not count the last Run's rows, which are not on screen")
                .startsWith("Following the timeline");
        if (shown.containsValue(true)) {
            steps.withChanges++;
            boolean partial = shown.keySet().stream().map(k -> k.substring(0, k.indexOf(':') + 1)).distinct()
                    .anyMatch(row -> shown.entrySet().stream().filter(e -> e.getKey().startsWith(row))
                            .map(Map.Entry::getValue).distinct().count() == 2);
            if (!steps.shot && shown.containsValue(false) && (partial || !partialRow)) {
                screenshot(shotName);
                steps.shot = true;
            }
        }
    }

    /** Cell "row:column" to whether it differs from the step before, rows matched by id. */
    private static Map<String, Boolean> expectedChanges(List<List<Cell>> before, List<List<Cell>> now) {
        Map<String, Boolean> out = new HashMap<>();
        if (before == null) {
            return out;
        }
        Map<Cell, List<Cell>> old = new HashMap<>();
        before.forEach(r -> old.put(r.get(0), r));
        for (int r = 0; r < now.size(); r++) {
            List<Cell> was = old.get(now.get(r).get(0));
            for (int c = 0; c < now.get(r).size(); c++) {
                out.put(r + ":" + c, was == null || !was.get(c).equals(now.get(r).get(c)));
            }
        }
        return out;
    }

    private Path restored(RestoreTarget.Index p) throws Exception {
        FollowedQueryTest.freshQuery(tmp, ReplicaFixture.shared(4096, Workload.standard(4096)).replicaUrl(), p,
                "SELECT 1");
        return tmp.resolve("fresh.db");
    }
}
