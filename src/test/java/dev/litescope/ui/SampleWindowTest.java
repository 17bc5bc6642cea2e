package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.sample.SampleViewModel;
import dev.litescope.ui.sample.SampleWindow;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The "Run sample locally" window under Monocle, with the real guestbook and Litestream: Start, write entries with
 * the button, watch the main window's timeline grow on the window's own refresh timer, Stop.
 */
class SampleWindowTest extends WindowTest {
    @TempDir
    static Path tmp;

    MainViewModel model;
    SampleViewModel sample;
    SampleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        begin(stage);
        Map<String, String> env = new HashMap<>();
        env.put("LITESTREAM_BIN", LitestreamBinary.path().toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        ReplicaOptions options = ReplicaOptions.fromEnvironment(Map.of(), false);
        model = new MainViewModel(runner, options, Pricing.DEFAULT, tmp.resolve("restores"));
        ConnectionsViewModel connections = TestWindows.connections(model, runner, tmp);
        LitescopeApp.show(stage, model, (owner, suggested) -> Optional.empty(), connections,
                ConnectionsPane.Dialogs.standard());
        sample = new SampleViewModel(model.session(), model.parts().replica(), connections, env,
                tmp.resolve("sample/data"));
        window = new SampleWindow(sample, stage, url -> { });
        window.show();
    }

    @AfterEach
    void stop() {
        sample.shutdown();
    }

    @Test
    void startWriteWatchTheTimelineGrowAndStop(FxRobot robot) throws Exception {
        robot.clickOn("#sampleStartStop");
        waitFor(60, () -> sample.stateProperty().get() == SampleViewModel.State.RUNNING
                || !sample.errorProperty().get().isEmpty());
        assertThat(sample.errorProperty().get()).isEmpty();
        assertThat(window.startStop.getText()).isEqualTo("_Stop");
        assertThat(window.appLink.getText()).startsWith("http://127.0.0.1:");
        waitFor(20, () -> model.selectedGenerationProperty().get().isPresent());
        int before = model.selectedGenerationProperty().get().get().segmentCount();

        robot.clickOn("#sampleWrite");
        robot.clickOn("#sampleWrite");
        waitFor(20, () -> sample.entriesWrittenProperty().get() == 20);
        // No test code refreshes the replica: the window's timer does, every two seconds.
        waitFor(30, () -> model.selectedGenerationProperty().get().map(GenerationRow::segmentCount).orElse(0) > before);
        assertThat(model.selectedTimeProperty().get()).isEqualTo(model.selectedGenerationProperty().get().get().end());
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "sample-window.png");
        screenshot("sample-main-window.png");

        robot.clickOn("#sampleStartStop");
        waitFor(30, () -> sample.stateProperty().get() == SampleViewModel.State.STOPPED);
        assertThat(window.startStop.getText()).isEqualTo("_Start");
        assertThat(window.log.getItems()).anyMatch(l -> l.startsWith("[app]"));
    }

}
