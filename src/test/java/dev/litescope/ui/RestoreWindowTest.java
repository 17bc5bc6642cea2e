package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.RequestCounters;
import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.console.ConsolePane;
import dev.litescope.ui.console.ConsoleWindow;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.status.StatusBarViewModel;
import dev.litescope.util.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The restore path of the real window under Monocle: Restore into the data folder (a temporary one here, through
 * XDG_DATA_HOME), the result's tables and counts, the read-only table view and its pages, Cancel midway over a
 * slow Cloud Storage, and the status bar's request counts against the server's own.
 */
class RestoreWindowTest extends WindowTest {
    @TempDir
    static Path shared;
    static final AtomicInteger RUNS = new AtomicInteger();

    MainViewModel model;
    MainWindow window;
    Path restores;
    final List<Path> shownFolders = new ArrayList<>();

    @Start
    void start(Stage stage) {
        begin(stage);
    }

    @AfterEach
    void stop() {
        SharedGcsReplica.gcs().clearFaults();
    }

    private void show(FxRobot robot, Map<String, String> env, boolean cache) {
        Path run = shared.resolve("run-" + RUNS.incrementAndGet());
        Map<String, String> e = new HashMap<>(env);
        e.put("XDG_DATA_HOME", run.resolve("data").toString());
        e.put("XDG_CACHE_HOME", run.resolve("cache").toString());
        restores = UserDirs.restores(e);
        model = new MainViewModel(runner, ReplicaOptions.fromEnvironment(e, cache), Pricing.DEFAULT, restores);
        robot.interact(() -> {
            window = TestWindows.show(stage, model, runner, (owner, suggested) -> Optional.empty(), run);
            window.setShowInFolder(shownFolders::add);
        });
    }

    private void open(FxRobot robot, String url) {
        robot.interact(() -> window.url.setText(url));
        robot.clickOn("#open");
        waitFor(() -> !model.generations().isEmpty() && model.planProperty().get() instanceof PlanState.Planned
                && model.fetchEstimateProperty().get().isPresent());
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void restoreListsTheTablesAndTheTableViewPagesThroughThem(FxRobot robot) throws Exception {
        show(robot, Map.of(), false);
        open(robot, ReplicaFixture.shared(4096, Workload.standard(4096)).replicaUrl());
        String name = model.suggestedFileName();
        // The result's pane joins the window with the first result: until then it costs the window nothing.
        assertThat(window.plan.result.getScene()).isNull();

        robot.clickOn("#restore");
        waitFor(() -> model.restoredSummaryProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        Path db = restores.resolve(name);
        assertThat(db).isRegularFile();
        assertThat(window.plan.result.path.getText()).isEqualTo(db.toString());
        Map<String, Long> listed = new LinkedHashMap<>();
        window.plan.result.tables.getItems().forEach(t -> listed.put(t.name(), t.rows()));
        assertThat(listed).isEqualTo(countStar(db)).containsKeys("users", "orders", "events");
        assertThat(window.plan.result.isVisible()).isTrue();
        assertThat(window.plan.result.getScene()).isSameAs(stage.getScene());
        TestWindows.screenshotLightAndDark(stage.getScene(), "restore-result.png");

        robot.clickOn("#showInFolder");
        assertThat(shownFolders).containsExactly(restores);

        TestWindows.console(window, runner, shared.resolve("console-" + RUNS.incrementAndGet()));
        robot.clickOn("#openTables");
        ConsoleWindow console = window.console();
        waitFor(() -> console.current().map(p -> p.session().openProperty().get()).orElse(false));
        ConsolePane pane = console.current().orElseThrow();
        assertThat(pane.session().source().file()).isEqualTo(db);
        assertThat(pane.session().readOnly()).isTrue();
        assertThat(console.stage.getTitle()).contains(model.replicaUrlProperty().get()).contains("timestamp");
        assertThat(pane.session().schemaProperty().get().orElseThrow().tables()).extracting(t -> t.name())
                .containsAll(listed.keySet());

        // The table with the most rows: its first page, then more as the grid scrolls to the end.
        String big = listed.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        long rows = listed.get(big);
        assertThat(rows).isGreaterThan(200);
        robot.interact(() -> pane.editor.setText("SELECT rowid, * FROM \"" + big + "\" ORDER BY rowid;"));
        robot.clickOn(pane.run);
        waitFor(() -> !pane.session().results().isEmpty() && !pane.session().runningProperty().get());
        var result = pane.session().results().get(0);
        assertThat(result.rows()).hasSize(200);
        assertThat(result.rows().get(199).get(0).toString()).isEqualTo(rowidAt(db, big, 199));
        TestWindows.screenshotLightAndDark(console.stage.getScene(), "sql-console.png");
        robot.interact(() -> ((TableView<?>) console.stage.getScene().lookup("#resultGrid")).scrollTo(199));
        waitFor(() -> result.rows().size() > 200);
        assertThat(result.rows().get(200).get(0).toString()).isEqualTo(rowidAt(db, big, 200));
        robot.interact(console.stage::close);

        // Ctrl+R restores again, beside the first file rather than over it.
        String before = RestoreComparison.sha256(db);
        robot.interact(() -> {
            stage.requestFocus();
            window.url.requestFocus();
        });
        waitFor(() -> stage.isFocused());
        robot.press(KeyCode.CONTROL).press(KeyCode.R).release(KeyCode.R).release(KeyCode.CONTROL);
        Path second = restores.resolve(name.replace(".db", "-2.db"));
        waitFor(() -> model.restoredSummaryProperty().get().map(s -> s.file().equals(second)).orElse(false));
        assertThat(RestoreComparison.sha256(db)).isEqualTo(before);
        assertThat(RestoreComparison.sha256(second)).isEqualTo(before);
    }

    @Test
    void theStatusBarCountsWhatTheServerCounts(FxRobot robot) throws Exception {
        ReplicaFixture fixture = SharedGcsReplica.fixture();
        LoopbackGcs gcs = SharedGcsReplica.gcs();
        gcs.resetCounters();
        show(robot, fixture.litestreamEnv(), true);
        open(robot, fixture.replicaUrl());
        int objects = model.currentPlan().orElseThrow().objectCount();
        Label cost = robot.lookup("#planCost").queryAs(Label.class);
        assertThat(cost.isVisible()).isTrue();
        assertThat(cost.getText()).startsWith(objects + " get(s)");
        screenshot("plan-gcs.png");

        robot.clickOn("#restore");
        waitFor(() -> model.restoredSummaryProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        StatusBarViewModel bar = window.statusBar.model;
        // The bar polls the counters; wait for it to show the server's own figures.
        waitFor(() -> bar.countsProperty().get().equals(new RequestCounters.Snapshot(gcs.count(LoopbackGcs.Kind.LIST),
                gcs.count(LoopbackGcs.Kind.MEDIA), gcs.mediaBytesServed())));
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(objects);
        assertThat(gcs.count(LoopbackGcs.Kind.GET_METADATA)).isZero();
        Label requests = robot.lookup("#gcsRequests").queryAs(Label.class);
        assertThat(requests.getText()).contains(gcs.count(LoopbackGcs.Kind.LIST) + " list")
                .contains(objects + " get");
        // Everything the plan needs is in the cache now: nothing left to download.
        waitFor(() -> cost.getText().equals("nothing: all cached"));
        assertThat(robot.lookup("#planCached").queryAs(Label.class).getText()).startsWith(objects + " object(s)");
        screenshot("status-after-gcs-restore.png");
    }

    @Test
    void cancelMidwayLeavesNoFile(FxRobot robot) throws Exception {
        ReplicaFixture fixture = SharedGcsReplica.fixture();
        LoopbackGcs gcs = SharedGcsReplica.gcs();
        show(robot, fixture.litestreamEnv(), false);
        open(robot, fixture.replicaUrl());
        gcs.delay(Duration.ofSeconds(2));

        robot.clickOn("#restore");
        waitFor(() -> model.restoringProperty().get() && model.restoreTextProperty().get().contains("objects"));
        assertThat(window.statusBar.operations.getText()).startsWith("Restoring ");
        screenshot("restore-running.png");
        robot.clickOn("#cancel");
        waitFor(() -> !model.restoringProperty().get());

        assertThat(model.restoreTextProperty().get()).isEqualTo("Cancelled; nothing was written.");
        assertThat(model.lastRestoreProperty().get()).isEmpty();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(Files.isDirectory(restores)).isTrue();
        assertThat(RestoreComparison.leftovers(restores)).isEmpty();
        assertThat(window.plan.result.isVisible()).isFalse();
        waitFor(() -> window.statusBar.operations.getText().isEmpty());
    }

    /** Every table's count(*), as SQLite itself answers it. */
    static Map<String, Long> countStar(Path db) throws Exception {
        return RestoreResultTest.countStar(db);
    }

    private static String rowidAt(Path db, String table, int offset) throws Exception {
        try (Connection c = AppDatabase.openReadOnly(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rowid FROM \"" + table + "\" ORDER BY rowid LIMIT 1 OFFSET "
                     + offset)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
