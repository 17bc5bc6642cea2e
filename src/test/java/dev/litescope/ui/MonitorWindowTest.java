package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.monitor.LogEntry;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.run.MonitoredService;
import dev.litescope.ui.monitor.MonitorViewModel;
import dev.litescope.ui.monitor.MonitorWindow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The monitor dashboard under Monocle, reading the loopback Cloud Run, Logging, Monitoring and GCS: a rollout
 * whose new revision failed its startup probe, with its reason, its error logs, the charts and the replica.
 */
class MonitorWindowTest extends WindowTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    MonitoredService cloud;
    MonitorViewModel model;
    MonitorWindow window;
    final List<String> browsed = new CopyOnWriteArrayList<>();
    final List<String> opened = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;
    Supplier<MonitorWindow> open;

    @Start
    void start(Stage stage) {
        begin(stage);
        MainViewModel main = new MainViewModel(runner, ReplicaOptions.fromEnvironment(Map.of(), false));
        MainWindow mainWindow = TestWindows.show(stage, main, runner, (owner, suggested) -> Optional.empty(), tmp);
        cloud = new MonitoredService();
        cloud.failingRollout(NOW);
        cloud.traffic(NOW);
        cloud.metrics(NOW, 2.0, 40, 15, 0.01);
        cloud.generation("0123456789abcdef", NOW);
        model = new MonitorViewModel(runner, cloud.env(), ReplicaOptions.fromEnvironment(cloud.env(), false),
                Pricing.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
        open = LitescopeApp.addMonitor(mainWindow, stage, model, browsed::add, opened::add);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void aFailingRevisionItsLogsAndTheCharts(FxRobot robot) throws Exception {
        robot.clickOn("Cloud Run").clickOn("#monitorItem");
        waitFor(() -> robot.lookup("#monitorProject").tryQuery().isPresent());
        window = WaitForAsyncUtils.asyncFx(open::get).get(10, TimeUnit.SECONDS);
        robot.clickOn("#monitorProject").write(MonitoredService.PROJECT);
        robot.clickOn("#monitorRegion").write(MonitoredService.REGION);
        robot.interact(() -> model.serviceProperty().set(MonitoredService.SERVICE));
        robot.clickOn("#monitorRefresh");
        waitFor(() -> model.reportProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();

        assertThat(label(robot, "#monitorHealth")).isEqualTo("guestbook: FAILING");
        assertThat(label(robot, "#monitorReason")).startsWith("REVISION_FAILED: Revision 'guestbook-00002-def' is "
                + "not ready");
        TableView<?> revisions = robot.lookup("#monitorRevisions").queryAs(TableView.class);
        assertThat(revisions.getItems()).hasSize(2);
        assertThat(label(robot, "#monitorWarnings")).contains("revision guestbook-00002-def failed: "
                + "HEALTH_CHECK_CONTAINER_ERROR");
        assertThat(window.logs.getItems()).hasSize(5);
        LineChart<?, ?> requests = robot.lookup("#requestsChart").queryAs(LineChart.class);
        assertThat(requests.getData()).extracting(s -> s.getName()).containsExactly("2xx", "4xx");
        assertThat(requests.getData().get(0).getData()).hasSize(60);
        LineChart<?, ?> instances = robot.lookup("#instancesChart").queryAs(LineChart.class);
        assertThat(instances.getData()).extracting(s -> s.getName()).containsExactly("active", "idle");
        for (LineChart<?, ?> chart : List.of(requests, instances)) {
            NumberAxis x = (NumberAxis) chart.getXAxis();
            assertThat(List.of(x.getLowerBound(), x.getUpperBound())).as("the x axis spans the last hour")
                    .containsExactly(-60.0, 0.0);
            assertThat(x.getTickLabelFormatter().toString(-45)).isEqualTo("45");
        }
        robot.interact(() -> model.windowProperty().set(Duration.ofMinutes(15)));
        assertThat(((NumberAxis) requests.getXAxis()).getLowerBound()).as("and follows the window").isEqualTo(-15.0);
        waitFor(() -> !model.loadingProperty().get());
        robot.interact(() -> model.windowProperty().set(Duration.ofHours(1)));
        waitFor(() -> !model.loadingProperty().get());
        assertThat(label(robot, "#monitorReplica")).startsWith("gcs://guestbook-replica/litestream\nnewest object "
                + "2026-11-30T11:59:00Z, lag 1m0s");
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "monitor-window.png");

        robot.interact(() -> model.severityProperty().set("ERROR"));
        assertThat(window.logs.getItems()).extracting(LogEntry::text).containsExactly(
                "STARTUP TCP probe failed 120 times consecutively for container \"litestream\" on port 9090.",
                "cannot restore: no matching backups found");
        robot.interact(() -> model.containerProperty().set("litestream"));
        assertThat(window.logs.getItems()).extracting(LogEntry::text).containsExactly(
                "cannot restore: no matching backups found");
        robot.interact(() -> window.logs.getSelectionModel().select(0));
        // Below the fold of the dashboard's scroll pane: fired rather than clicked.
        robot.interact(() -> robot.lookup("#monitorLogConsole").queryButton().fire());
        assertThat(browsed).singleElement().asString().startsWith("https://console.cloud.google.com/logs/query;"
                + "query=insertId%3D%22id1%22");

        robot.clickOn("#monitorOpenReplica");
        assertThat(opened).containsExactly("gcs://guestbook-replica/litestream");
    }

    private static String label(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return ((Label) n).getText();
    }
}
