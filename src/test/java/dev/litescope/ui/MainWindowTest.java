package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.v3.Names;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.ui.connections.ConnectionEntry;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window under Monocle's headless platform, driven by TestFX's robot: open the fixture replica, pick
 * a generation and a moment with the mouse, restore, and compare with the command line's restore.
 */
class MainWindowTest extends WindowTest {
    static ReplicaFixture fixture;

    @TempDir
    Path tmp;

    MainViewModel model;
    MainWindow window;
    Stage stage;

    @BeforeAll
    static void replica() {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        begin(stage);
        model = new MainViewModel(runner, ReplicaOptions.fromEnvironment(Map.of(), false));
        // The save dialog is native and cannot be driven headless; the rest of the Restore path is the real one.
        ConnectionsViewModel connections = TestWindows.connections(model, runner, tmp);
        window = LitescopeApp.show(stage, model, (owner, suggested) -> Optional.of(tmp.resolve("gui.db")),
                connections, ConnectionsPane.Dialogs.standard());
        TestWindows.resetSize(stage);
    }


    @Test
    void theWindowCarriesTheAppIconAtEverySize(FxRobot robot) {
        waitFor(() -> stage.getIcons().size() == 6 && stage.getIcons().stream()
                .allMatch(i -> i.getProgress() == 1.0 && !i.isError()));
        assertThat(stage.getIcons()).extracting(i -> (int) i.getWidth()).containsExactly(16, 24, 32, 48, 64, 128);
    }

    @Test
    void pickAMomentOnTheTimelineAndRestoreIt(FxRobot robot) throws Exception {
        openFixture(robot);
        GenerationRow row = MainViewModelTest.richestGeneration(model);

        TreeCell<?> cell = robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getItem() instanceof ConnectionEntry e
                        && row.equals(e.value())).findFirst().orElseThrow();
        robot.clickOn(cell);
        assertThat(model.selectedGenerationProperty().get()).contains(row);

        Instant aim = MainViewModelTest.midway(row);
        double[] p = window.timeline.pointOf(row, aim).orElseThrow();
        Point2D onScreen = window.timeline.localToScreen(p[0], p[1]);
        robot.clickOn(onScreen);
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned
                && model.selectedTimeProperty().get().isPresent()
                && !model.selectedTimeProperty().get().get().equals(row.end().get()));

        Instant t = model.selectedTimeProperty().get().orElseThrow();
        // One pixel of the axis is far less than a second here: the click lands next to where it aimed.
        assertThat(Duration.between(aim, t).abs()).isLessThan(Duration.ofMillis(500));
        assertThat(model.selectedGenerationProperty().get()).contains(row);
        RestorePlan plan = model.currentPlan().orElseThrow();
        assertThat(robot.lookup("#planSnapshot").queryAs(Label.class).getText())
                .contains("index " + Names.hex8(plan.snapshot().index()));
        assertThat(robot.lookup("#planGeneration").queryAs(Label.class).getText()).isEqualTo(row.name());

        robot.clickOn("#saveAs");
        waitFor(() -> model.lastRestoreProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#restoreText").queryAs(Label.class).getText()).startsWith("Restored gui.db");
        assertThat(RestoreComparison.sha256(tmp.resolve("gui.db")))
                .isEqualTo(MainViewModelTest.cliRestore(fixture.replicaUrl(), row.name(), t, tmp.resolve("cli.db")));

        TestWindows.screenshotLightAndDark(stage.getScene(), "main-window.png");
    }

    @Test
    void arrowKeysStepTheCursorBetweenObjects(FxRobot robot) {
        openFixture(robot);
        GenerationRow selected = model.selectedGenerationProperty().get().orElseThrow();
        Instant end = model.selectedTimeProperty().get().orElseThrow();

        robot.clickOn("#timeline").type(KeyCode.END).type(KeyCode.LEFT);
        waitFor(() -> model.selectedTimeProperty().get().map(t -> t.isBefore(end)).orElse(false)
                && model.planProperty().get() instanceof PlanState.Planned);
        // Clicking may have picked another lane; the cursor moves within whatever lane is selected.
        GenerationRow now = model.selectedGenerationProperty().get().orElse(selected);
        Instant t = model.selectedTimeProperty().get().orElseThrow();
        assertThat(now.generation().walSegments().stream().anyMatch(s -> s.created().equals(t))
                || now.generation().snapshots().stream().anyMatch(s -> s.created().equals(t))).isTrue();
    }

    @Test
    void anEngineErrorIsShownInTheWindow(FxRobot robot) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("not-a-replica"));
        robot.interact(() -> window.url.setText(empty.toString()));
        robot.clickOn("#open");
        waitFor(() -> !model.errorProperty().get().isEmpty());
        Label error = robot.lookup("#error").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).startsWith("No Litestream generations or LTX files found");
        assertThat(robot.lookup("#restore").queryButton().isDisabled()).isTrue();
        screenshot("main-window-error.png");
    }

    @Test
    void aFailedOpenLeavesNoRangeNorMomentOfThePreviousReplicaInTheTimelineHeader(FxRobot robot) {
        openFixture(robot);
        assertThat(window.timelinePane.range.getText()).isNotEmpty();
        assertThat(window.timelinePane.moment.getText()).isNotEmpty();

        robot.interact(() -> window.url.setText(tmp.resolve("missing").toString()));
        robot.clickOn("#open");
        waitFor(() -> !model.errorProperty().get().isEmpty());

        assertThat(window.timelinePane.range.getText()).isEmpty();
        assertThat(window.timelinePane.moment.getText()).isEmpty();
        assertThat(robot.lookup("#restore").queryButton().isDisabled()).isTrue();
    }

    /**
     * As the window shrinks to 1000×700, 800×600 and its minimum, the side columns give way before the timeline
     * does, and no control of the right column is cut off: each lies inside the window, its text whole.
     */
    @Test
    void smallWindowsKeepEveryControlWhole(FxRobot robot) throws Exception {
        openFixture(robot);
        double[] was = {stage.getWidth(), stage.getHeight()};
        try {
            shrink(robot);
        } finally {
            // TestFX hands the next test this same stage.
            robot.interact(() -> {
                stage.setWidth(was[0]);
                stage.setHeight(was[1]);
            });
        }
    }

    private void shrink(FxRobot robot) throws Exception {
        for (double[] size : new double[][] {{1000, 700}, {800, 600}, {MainWindow.MIN_WIDTH, MainWindow.MIN_HEIGHT}}) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            String name = (int) size[0] + "x" + (int) size[1];
            screenshot("main-window-" + name + ".png");
            double sceneWidth = stage.getScene().getWidth();
            for (String id : List.of("#restore", "#saveAs", "#cancel", "#open")) {
                Button b = robot.lookup(id).queryButton();
                Bounds in = b.localToScene(b.getLayoutBounds());
                assertThat(in.getMaxX()).as(id + " lies inside the window at " + name).isLessThanOrEqualTo(sceneWidth);
                Text text = (Text) b.lookup(".text");
                assertThat(text.getText()).as(id + "'s label is whole at " + name)
                        .isEqualTo(b.getText().replace("_", ""));
            }
            double timeline = window.timelinePane.getWidth();
            assertThat(timeline).as("the timeline keeps the most room at " + name)
                    .isGreaterThanOrEqualTo(window.connections.getWidth());
            TextField moment = window.timelinePane.moment;
            Text shown = new Text(moment.getText());
            shown.setFont(moment.getFont());
            assertThat(moment.getWidth()).as("the moment field shows the whole moment at " + name)
                    .isGreaterThan(shown.getLayoutBounds().getWidth());
        }
    }

    private void openFixture(FxRobot robot) {
        robot.interact(() -> window.url.setText(fixture.replicaUrl()));
        robot.clickOn("#open");
        waitFor(() -> !model.generations().isEmpty() && model.planProperty().get() instanceof PlanState.Planned);
        assertThat(model.errorProperty().get()).isEmpty();
    }
}
