package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Names;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.sql.Cell;
import dev.litescope.sql.FollowedQueryTest;
import dev.litescope.sql.QueryHistory;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.fx.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
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
 * "Follow the timeline" in a real console window under Monocle, on a replica the real Litestream wrote: each move
 * of the timeline's cursor re-runs the editor's query on the moved copy, the grid shows what
 * {@code litestream restore} of that point queried afresh shows, and exactly the cells that differ from the step
 * before carry {@code follow-changed}.
 */
class FollowWindowTest extends WindowTest {
    /** Newest users first, so the rows a step adds are on screen. */
    private static final String USERS = "SELECT id, name, email FROM users ORDER BY id DESC LIMIT 25";

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
        int withChanges = 0;
        boolean shot = false;
        for (RestoreTarget.Index p : points.subList(0, Math.min(points.size(), 16))) {
            robot.interact(() -> cursor.set(Optional.of(p)));
            List<List<Cell>> fresh = FollowedQueryTest.freshQuery(tmp, f.replicaUrl(), p, USERS);
            String tag = "index " + Names.hex8(p.index());
            waitFor(() -> pane[0].moment.getText().contains(tag) && pane[0].followGrid.getItems().equals(fresh));
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
            assertThat(pane[0].moment.getText()).contains(fresh.size() + " row(s), " + changed + " cell(s) changed");
            if (shown.containsValue(true)) {
                withChanges++;
                if (!shot && shown.containsValue(false)) { // a step that changed some rows, not all
                    screenshot("follow-timeline.png");
                    shot = true;
                }
            }
            before = fresh;
        }
        assertThat(withChanges).as("steps with changed cells on screen").isPositive();
        assertThat(shot).as("a step that changed some of the rows shown, not all").isTrue();
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
