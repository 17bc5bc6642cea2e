package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Cell;
import dev.litescope.sql.QueryHistory;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.fx.Theme;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The diff window under Monocle, opened from the console's "Compare with…" on two real files: the tables and their
 * counts, a table picked, its rows read further as the grid scrolls, and a changed cell marked.
 */
class DiffWindowTest extends WindowTest {
    @TempDir
    static Path files;

    @TempDir
    Path tmp;

    static Path[] dbs;

    ConsoleWindow console;

    @BeforeAll
    static void databases() throws Exception {
        dbs = DiffViewModelTest.twoDatabases(files);
    }

    @Start
    void start(Stage stage) {
        begin(stage);
        Theme.LIGHT.apply();
        HistoryViewModel history = new HistoryViewModel(runner, () -> QueryHistory.open(tmp.resolve("history.db")));
        history.load();
        console = new ConsoleWindow(null, runner, history, new ConsoleWindow.Dialogs() {
            @Override
            public Optional<Path> openDatabase(Window owner) {
                return Optional.of(dbs[0]);
            }

            @Override
            public Optional<Path> saveCopy(Window owner, String suggested) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> exportTo(Window owner, String suggested) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> compareWith(Window owner) {
                return Optional.of(dbs[1]);
            }
        }, () -> ZoneOffset.UTC);
        this.stage = console.stage;
    }

    @AfterEach
    void closeWindows() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : Window.getWindows().toArray(Window[]::new)) {
                w.hide();
            }
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The diff window showing now, if any. */
    static Optional<DiffPane> diffPane() {
        return Window.getWindows().stream().filter(Window::isShowing).map(w -> w.getScene().getRoot())
                .filter(DiffPane.class::isInstance).map(DiffPane.class::cast).findFirst();
    }

    @Test
    void compareWithAnotherFileScrollAndSeeTheChangedCells(FxRobot robot) throws Exception {
        ConsolePane[] opened = new ConsolePane[1];
        robot.interact(() -> opened[0] = console.open(ConsoleSession.Source.file(dbs[0])));
        waitFor(() -> opened[0].session().openProperty().get());
        robot.clickOn("#compareWith");
        waitFor(() -> diffPane().isPresent() && diffPane().get().tables.getItems().size() == 2);
        DiffPane pane = diffPane().orElseThrow();
        assertThat(pane.schema.getItems()).hasSize(2);
        assertThat(pane.getScene().getWindow()).isInstanceOf(Stage.class);
        assertThat(((Stage) pane.getScene().getWindow()).getTitle()).contains("before.db").contains("after.db");

        // The first table whose rows differ is picked by itself.
        waitFor(() -> !pane.rows.getItems().isEmpty() && !pane.rows.getColumns().isEmpty());
        assertThat(pane.tables.getSelectionModel().getSelectedItem().name()).isEqualTo("items");
        assertThat(pane.rows.getItems()).hasSize(DiffViewModel.PAGE);
        // op, then id, name, qty
        assertThat(pane.rows.getColumns()).extracting(c -> c.getText()).containsExactly("Op", "id", "name", "qty");

        int total = 10 + 30 + (DiffViewModelTest.ROWS - 10) / 2;
        for (int i = 0; i < 10 && pane.rows.getItems().size() < total; i++) {
            int had = pane.rows.getItems().size();
            robot.interact(() -> pane.rows.scrollTo(pane.rows.getItems().size() - 1));
            waitFor(() -> pane.rows.getItems().size() > had);
        }
        assertThat(pane.rows.getItems()).hasSize(total);
        assertThat(((Cell.Integer) pane.rows.getItems().get(total - 1).key().get(0)).value()).isEqualTo(630);

        robot.interact(() -> pane.rows.scrollTo(0));
        waitFor(() -> changedCells(robot).stream().anyMatch(n -> "item 12  →  renamed 12".equals(text(n))));
        // Only the cells that differ are marked: every marked one shows both values, none is a qty. Read on the UI
        // thread in one go: a cell the flow is still reusing may otherwise lose its class between lookup and read.
        WaitForAsyncUtils.waitForFxEvents();
        List<String> marked = WaitForAsyncUtils.asyncFx(() -> changedCells(robot).stream()
                .filter(n -> n.getStyleClass().contains("diff-changed")).map(DiffWindowTest::text).toList())
                .get(10, TimeUnit.SECONDS);
        assertThat(marked).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("item ").contains("→"));
        TestWindows.screenshotLightAndDark(pane.getScene(), "diff-window.png");

        // Picking another table shows its rows instead.
        robot.interact(() -> pane.tables.getSelectionModel().select(1));
        waitFor(() -> pane.rows.getItems().size() == 1 && pane.rows.getColumns().size() == 3);
        assertThat(pane.rows.getColumns()).extracting(c -> c.getText()).containsExactly("Op", "rowid", "body");
    }

    private static List<Node> changedCells(FxRobot robot) {
        return List.copyOf(robot.lookup(".table-cell.diff-changed").queryAll());
    }

    private static String text(Node n) {
        return n instanceof Labeled l ? l.getText() : "";
    }
}
