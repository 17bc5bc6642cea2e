package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Cell;
import dev.litescope.sql.QueryHistory;
import dev.litescope.sql.SqlFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.fx.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The SQL console in a real window under Monocle, on real SQLite files: type and run, scroll far through a big
 * result, sort by a header, stop a runaway query, the read-only refusal, export, the history.
 */
class ConsoleWindowTest extends WindowTest {
    static final int BIG = 100_000;

    @TempDir
    static Path files;

    @TempDir
    Path tmp;

    static Path people;
    static Path big;

    ConsoleWindow console;
    volatile Optional<Path> exportAnswer = Optional.empty();

    @BeforeAll
    static void databases() throws Exception {
        people = SqlFixture.create(files.resolve("people.db"));
        big = files.resolve("big.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + big); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT, amount REAL)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int i = 1; i <= BIG; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row " + i);
                    ps.setDouble(3, (BIG - i) * 0.5);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
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
                return Optional.of(people);
            }

            @Override
            public Optional<Path> saveCopy(Window owner, String suggested) {
                return Optional.of(tmp.resolve(suggested));
            }

            @Override
            public Optional<Path> exportTo(Window owner, String suggested) {
                return exportAnswer;
            }

            @Override
            public Optional<Path> saveQuery(Window owner, String suggested) {
                return Optional.of(tmp.resolve("queries").resolve(suggested));
            }

            @Override
            public Optional<Path> openQuery(Window owner) {
                return Optional.of(tmp.resolve("queries/query.sql"));
            }
        }, () -> ZoneOffset.UTC);
        this.stage = console.stage;
    }

    /** Closing the window ends its connections through the runner, which the base closes after this. */
    @AfterEach
    void closeConsole() throws Exception {
        WaitForAsyncUtils.asyncFx(console.stage::hide).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private ConsolePane open(FxRobot robot, Path db) {
        ConsolePane[] pane = new ConsolePane[1];
        robot.interact(() -> pane[0] = console.open(ConsoleSession.Source.file(db)));
        waitFor(() -> pane[0].session().openProperty().get());
        return pane[0];
    }

    private void runTyped(FxRobot robot, ConsolePane pane, String sql) {
        robot.interact(() -> {
            pane.editor.setText("");
            pane.editor.focusEditor();
        });
        robot.write(sql);
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(() -> !pane.session().results().isEmpty() && !pane.session().runningProperty().get());
    }

    @Test
    void typeRunScrollFarAndSort(FxRobot robot) throws Exception {
        ConsolePane pane = open(robot, big);
        assertThat(console.stage.getTitle()).contains("big.db");
        runTyped(robot, pane, "SELECT id, label, amount FROM t");
        StatementResult r = pane.session().results().get(0);
        assertThat(r.rows()).hasSize(ConsoleSession.PAGE);
        TableView<?> grid = (TableView<?>) console.stage.getScene().lookup("#resultGrid");
        // Scrolling on and on: each page comes from the one open statement.
        for (int want = 2_000; r.rows().size() < want; ) {
            int end = r.rows().size() - 1;
            robot.interact(() -> grid.scrollTo(end));
            waitFor(() -> r.rows().size() > end + 1);
        }
        assertThat(r.rows().get(1_999).get(0)).isEqualTo(new Cell.Integer(2_000));
        Label summary = (Label) console.stage.getScene().lookup("#resultSummary");
        assertThat(summary.getText()).contains("more as you scroll");
        screenshot("console-rows.png");

        // A header click: SQLite orders every row, not only those fetched.
        TableColumn<?, ?> amount = grid.getColumns().get(3);
        robot.clickOn(amount.getGraphic());
        waitFor(() -> pane.session().results().get(0).orderedBy() == 3 && !pane.session().runningProperty().get());
        StatementResult sorted = pane.session().results().get(0);
        assertThat(sorted.rows().get(0).get(0)).isEqualTo(new Cell.Integer(BIG));
        TableView<?> again = (TableView<?>) ((BorderPane) pane.results.getSelectionModel().getSelectedItem()
                .getContent()).getCenter();
        assertThat(((ResultGrid) again).result()).isSameAs(sorted);
        assertThat(again.getSortOrder()).as("the header shows the order the rows are in").hasSize(1);
    }

    @Test
    void theGridHoldsAWindowOfTheRowsScrollsToTheEndAndKeepsTheSelectionAcrossItsMoves(FxRobot robot)
            throws Exception {
        ConsolePane pane = open(robot, big);
        runTyped(robot, pane, "SELECT id, label, amount FROM t");
        StatementResult r = pane.session().results().get(0);
        ResultGrid grid = (ResultGrid) console.stage.getScene().lookup("#resultGrid");
        robot.interact(() -> grid.getSelectionModel().selectRange(2, 5)); // rows 3 to 5

        // Scrolled to the end whenever more rows arrive, as a user pressing End does, until every row is fetched.
        while (!r.exhaustedProperty().get()) {
            int end = r.rows().size() - 1;
            robot.interact(() -> grid.scrollTo(end));
            waitFor(() -> r.rows().size() > end + 1 || r.exhaustedProperty().get());
        }
        robot.interact(() -> grid.scrollTo(BIG - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(r.rows()).hasSize(BIG);
        assertThat(grid.getItems()).as("the table holds a window of the rows").hasSize(RowWindow.SIZE);
        assertThat(grid.windowStart()).isEqualTo(BIG - RowWindow.SIZE);
        assertThat(shownIds(grid)).contains((long) BIG);
        assertThat(rowNumbers(grid)).contains(String.valueOf(BIG));
        assertThat(grid.scrollBar().getValue()).as("the grid's scroll bar spans every row, at its end")
                .isCloseTo(grid.scrollBar().getMax(), Offset.offset(1.0));
        assertThat(grid.scrollBar().getMax()).isGreaterThan(BIG - 100);
        screenshot("console-last-row.png");

        // The last row joins the rows selected in the first window; the copy has all four, in order.
        robot.interact(() -> grid.getSelectionModel().select(grid.getItems().size() - 1));
        robot.interact(grid::requestFocus);
        robot.push(KeyCode.CONTROL, KeyCode.C);
        String[] copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard()
                .getString()).get(10, TimeUnit.SECONDS).split("\\R");
        assertThat(copied).hasSize(5);
        assertThat(copied[0]).isEqualTo("id\tlabel\tamount");
        assertThat(copied[1]).startsWith("3\trow 3\t");
        assertThat(copied[3]).startsWith("5\trow 5\t");
        assertThat(copied[4]).startsWith(BIG + "\trow " + BIG + "\t");

        // Dragging the scroll bar to the top brings the first window back, with its rows still selected.
        robot.interact(() -> grid.scrollBar().setValue(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(grid.windowStart()).isZero();
        assertThat(shownIds(grid)).contains(1L);
        assertThat(grid.getSelectionModel().getSelectedIndices()).containsExactly(2, 3, 4);

        // Scrolled inside the window near its start, the window moves under the rows shown, which stay shown.
        int far = 50_000;
        robot.interact(() -> grid.scrollBar().setValue(far));
        WaitForAsyncUtils.waitForFxEvents();
        int start = grid.windowStart();
        assertThat(shownIds(grid)).contains((long) far + 1);
        screenshot("console-far-row.png");
        robot.interact(() -> grid.scrollTo(start + 10));
        waitFor(() -> grid.windowStart() < start);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownIds(grid)).contains((long) start + 11);
        assertThat(grid.scrollBar().getValue()).isCloseTo(start + 10, Offset.offset(2.0));
    }

    /** The ids (first column) of the rows the grid shows. */
    private static List<Long> shownIds(ResultGrid grid) {
        return grid.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof TableRow<?> row && row.isVisible()
                        && row.getItem() != null)
                .map(n -> (List<?>) ((TableRow<?>) n).getItem())
                .map(cells -> ((Cell.Integer) cells.get(0)).value()).toList();
    }

    /** The texts of the "#" column's cells shown. */
    private static List<String> rowNumbers(ResultGrid grid) {
        return grid.lookupAll(".row-number").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.isVisible() && c.getText() != null)
                .map(n -> ((TableCell<?, ?>) n).getText()).toList();
    }

    @Test
    void stopEndsARunawayQueryAndTheWindowNeverBlocks(FxRobot robot) throws Exception {
        ConsolePane pane = open(robot, big);
        robot.interact(() -> pane.editor.setText("SELECT count(*) FROM t a, t b, t c;"));
        robot.clickOn(pane.run);
        waitFor(() -> pane.session().runningProperty().get());
        // The window answers while SQLite works: the FX thread runs this at once.
        long asked = System.nanoTime();
        WaitForAsyncUtils.asyncFx(() -> pane.editor.getText()).get(2, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(1));
        assertThat(pane.stop.isDisabled()).isFalse();
        long stopped = System.nanoTime();
        robot.push(KeyCode.ESCAPE);
        waitFor(() -> !pane.session().runningProperty().get());
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(2));
        StatementResult r = pane.session().results().get(0);
        assertThat(r.kind()).isEqualTo(StatementResult.Kind.FAILED);
        assertThat(r.summary()).containsIgnoringCase("interrupt");
    }

    @Test
    void aReadOnlyCopyRefusesAWriteWithTheWayOutAndAWritableCopyTakesIt(FxRobot robot) throws Exception {
        String before = RestoreComparison.sha256(people);
        ConsolePane pane = open(robot, people);
        assertThat(((Label) console.stage.getScene().lookup("#accessBadge")).getText()).isEqualTo("read-only");
        runTyped(robot, pane, "DELETE FROM people");
        Label message = (Label) console.stage.getScene().lookup("#resultMessage");
        assertThat(message.getText()).contains("this copy is read-only; Make a writable copy to change it");
        assertThat(pane.editor.area().getStyleSpans(0, 6).getStyleSpan(0).getStyle()).as("the statement is marked")
                .contains("sql-error");
        screenshot("console-read-only.png");

        robot.clickOn(pane.writable);
        waitFor(() -> console.tabs.getTabs().size() == 2 && console.current().map(p -> p != pane
                && p.session().openProperty().get()).orElse(false));
        ConsolePane copy = console.current().orElseThrow();
        assertThat(copy.session().readOnly()).isFalse();
        runTyped(robot, copy, "DELETE FROM people WHERE id > 1");
        assertThat(copy.session().results().get(0).changes()).isEqualTo(SqlFixture.PEOPLE - 1);
        assertThat(RestoreComparison.sha256(people)).isEqualTo(before);
    }

    @Test
    void exportStreamsToTheChosenFileAndTheHistoryKeepsEveryStatement(FxRobot robot) throws Exception {
        ConsolePane pane = open(robot, people);
        runTyped(robot, pane, "SELECT id, name FROM people WHERE id <= 3");
        Path out = tmp.resolve("export/people.jsonl");
        exportAnswer = Optional.of(out);
        robot.clickOn(pane.export);
        waitFor(() -> Files.exists(out) && pane.status.getText().startsWith("Exported"));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("{\"id\":1,\"name\":\"person 1\"}");

        runTyped(robot, pane, "SELECT * FROM nowhere");
        robot.clickOn("History");
        waitFor(() -> pane.history.list.getItems().size() == 2);
        assertThat(pane.history.list.getItems().get(0).status()).isEqualTo(QueryHistory.Status.FAILED);
        robot.clickOn(pane.history.search).write("people WHERE");
        waitFor(() -> pane.history.list.getItems().size() == 1);
        screenshot("console-history.png");
    }

    @Test
    void theSchemaTreeShowsTablesAndTheirColumnsAndSelectsTheTop100(FxRobot robot) throws Exception {
        ConsolePane pane = open(robot, people);
        waitFor(() -> !pane.schema.getRoot().getChildren().isEmpty());
        var tables = pane.schema.getRoot().getChildren().get(0);
        assertThat(tables.getValue().label()).isEqualTo("Tables (4)");
        var peopleItem = tables.getChildren().stream().filter(i -> i.getValue().label().equals("people"))
                .findFirst().orElseThrow();
        assertThat(peopleItem.getChildren()).extracting(i -> i.getValue().label() + " " + i.getValue().detail())
                .contains("id INTEGER · PK", "name TEXT · NOT NULL");
        robot.interact(() -> peopleItem.setExpanded(true));
        robot.interact(() -> pane.schemaActions.selectTop("people"));
        waitFor(() -> !pane.session().results().isEmpty() && !pane.session().runningProperty().get());
        assertThat(pane.session().results().get(0).rows()).hasSize(100);
        assertThat(pane.editor.getText()).isEqualTo("SELECT * FROM people LIMIT 100;");
        TestWindows.screenshotLightAndDark(console.stage.getScene(), "console.png");
    }

    @Test
    void aQueryIsSavedAsASqlFileAndOpenedAgain(FxRobot robot) throws Exception {
        ConsolePane pane = open(robot, people);
        String sql = "-- people with a photo\nSELECT id FROM people WHERE photo IS NOT NULL;\n";
        robot.interact(() -> {
            pane.editor.setText(sql);
            pane.editor.focusEditor();
        });
        robot.push(KeyCode.CONTROL, KeyCode.S);
        Path saved = tmp.resolve("queries/query.sql");
        waitFor(() -> Files.exists(saved) && pane.status.getText().startsWith("Saved the query"));
        assertThat(Files.readString(saved)).isEqualTo(sql);
        robot.interact(() -> pane.editor.setText(""));
        robot.clickOn(pane.load);
        waitFor(() -> pane.editor.getText().equals(sql));
    }


    /**
     * At 1000×700 (and 800×600) every tool of a read-only tab lies inside the window, the buttons as icons when
     * their labels do not fit, the badge whole; wide again, the labels come back.
     */
    @Test
    void aSmallWindowKeepsEveryToolInside(FxRobot robot) throws Exception {
        ConsolePane pane = open(robot, people);
        double[] was = {console.stage.getWidth(), console.stage.getHeight()};
        try {
            for (double[] size : new double[][] {{1000, 700}, {800, 600}}) {
                robot.interact(() -> {
                    console.stage.setWidth(size[0]);
                    console.stage.setHeight(size[1]);
                });
                WaitForAsyncUtils.waitForFxEvents();
                String name = (int) size[0] + "x" + (int) size[1];
                screenshot("console-" + name + ".png");
                double sceneWidth = console.stage.getScene().getWidth();
                for (String id : List.of("#run", "#export", "#compareWith", "#accessBadge", "#makeWritable")) {
                    Region tool = (Region) console.stage.getScene().lookup(id);
                    Bounds in = tool.localToScene(tool.getLayoutBounds());
                    assertThat(in.getMaxX()).as(id + " lies inside the window at " + name)
                            .isLessThanOrEqualTo(sceneWidth);
                }
                Label badge = (Label) console.stage.getScene().lookup("#accessBadge");
                assertThat(((Text) badge.lookup(".text")).getText()).as("the badge is whole").isEqualTo("read-only");
            }
            robot.interact(() -> console.stage.setWidth(1600));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(pane.writable.getContentDisplay()).as("wide again, labels are back")
                    .isEqualTo(ContentDisplay.LEFT);
        } finally {
            robot.interact(() -> {
                console.stage.setWidth(was[0]);
                console.stage.setHeight(was[1]);
            });
        }
    }
}
