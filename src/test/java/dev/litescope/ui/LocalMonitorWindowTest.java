package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.monitor.LogEntry;
import dev.litescope.monitor.ServiceStatus;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.monitor.MonitorWindow;
import dev.litescope.ui.sample.SampleViewModel;
import dev.litescope.ui.sample.SampleWindow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Hyperlink;
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
 * The local sample's dashboard under Monocle, over the real guestbook and Litestream: opened with the sample
 * window's "Monitor…", it shows both processes running, their lines, the replica folder growing and its charts.
 */
class LocalMonitorWindowTest extends WindowTest {
    @TempDir
    static Path tmp;

    SampleViewModel sample;
    SampleWindow window;
    Supplier<MonitorWindow> open;
    final List<String> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        begin(stage);
        Map<String, String> env = new HashMap<>();
        env.put("LITESTREAM_BIN", LitestreamBinary.path().toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        ReplicaOptions options = ReplicaOptions.fromEnvironment(Map.of(), false);
        MainViewModel model = new MainViewModel(runner, options, Pricing.DEFAULT, tmp.resolve("restores"));
        ConnectionsViewModel connections = TestWindows.connections(model, runner, tmp);
        LitescopeApp.show(stage, model, (owner, suggested) -> Optional.empty(), connections,
                ConnectionsPane.Dialogs.standard());
        sample = new SampleViewModel(model.session(), model.parts().replica(), connections, env,
                tmp.resolve("sample/data"));
        window = new SampleWindow(sample, stage, url -> { });
        open = LitescopeApp.localMonitor(sample, runner, stage, url -> { }, opened::add);
        window.offerMonitor(open::get);
        window.show();
    }

    /** The sample stopped and both windows hidden, so that neither refresh timer outlives the test's runner. */
    @AfterEach
    void stop() throws Exception {
        sample.shutdown();
        WaitForAsyncUtils.asyncFx(() -> {
            window.stage().hide();
            open.get().stage().hide();
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theProcessesTheirLogsAndTheReplica(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#sampleMonitor").query().isVisible()).isFalse();
        robot.clickOn("#sampleStartStop");
        waitFor(60, () -> sample.stateProperty().get() == SampleViewModel.State.RUNNING
                || !sample.errorProperty().get().isEmpty());
        assertThat(sample.errorProperty().get()).isEmpty();
        robot.clickOn("#sampleWrite");
        waitFor(20, () -> sample.entriesWrittenProperty().get() == 10);

        robot.clickOn("#sampleMonitor");
        waitFor(20, () -> robot.lookup("#monitorRevisions").tryQuery().isPresent());
        TableView<ServiceStatus.Revision> processes = robot.lookup("#monitorRevisions").queryAs(TableView.class);
        waitFor(20, () -> processes.getItems().size() == 2);
        assertThat(processes.getItems()).extracting(ServiceStatus.Revision::name).containsExactly("app",
                "litestream");
        assertThat(processes.getItems()).allMatch(p -> p.ready().reason().equals("Running")
                && p.ready().message().startsWith("up "));
        assertThat(robot.lookup("#monitorHealth").queryAs(Label.class).getText())
                .isEqualTo("Running: the app and Litestream");
        assertThat(robot.lookup("#monitorUrl").queryAs(Hyperlink.class).getText())
                .isEqualTo(sample.appUrlProperty().get());

        TableView<LogEntry> logs = robot.lookup("#monitorLogs").queryAs(TableView.class);
        assertThat(logs.getItems()).anyMatch(e -> e.container().equals(Optional.of("app")));
        assertThat(logs.getItems()).anyMatch(e -> e.container().equals(Optional.of("litestream")));

        // The replica card follows the folder: more entries, more objects, on the window's own refresh.
        Label replica = robot.lookup("#monitorReplica").queryAs(Label.class);
        assertThat(replica.getText()).contains(tmp.resolve("sample/replica").toString()).contains("1 generation(s)");
        long before = objects(replica.getText());
        assertThat(before).isPositive();
        robot.interact(() -> sample.writeEntries(10));
        waitFor(30, () -> objects(replica.getText()) > before);
        assertThat(robot.lookup("#uploadsChart").queryAs(LineChart.class).isVisible()).isTrue();
        assertThat(robot.lookup("#storedChart").queryAs(LineChart.class).isVisible()).isTrue();
        assertThat(robot.lookup("#requestsChart").queryAs(LineChart.class).isVisible()).isFalse();
        assertThat(robot.lookup("#monitorCost").queryAs(Label.class).getText()).contains("class A writes $");

        MonitorWindow[] monitor = {null};
        robot.interact(() -> monitor[0] = open.get());
        waitFor(20, () -> processes.getItems().size() == 2 && !robot.lookup("#monitorReplica").queryAs(Label.class)
                .getText().isEmpty());
        TestWindows.screenshotLightAndDark(monitor[0].stage().getScene(), "monitor-local.png");
        robot.clickOn("#monitorOpenReplica");
        assertThat(opened).singleElement().asString().endsWith("sample/replica/");
    }

    private static long objects(String replicaCard) {
        Matcher m = Pattern.compile("(\\d+) objects").matcher(replicaCard);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
