package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.ui.console.DiffPane;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two moments of the demo replica compared from the main window: "Compare with…" keeps the first as a second cursor
 * on the timeline, the cursor moves on, "Compare" restores both into the cache and opens the diff window.
 */
class CompareMomentsWindowTest extends WindowTest {
    @TempDir
    Path tmp;

    MainViewModel model;
    MainWindow window;
    Map<String, String> env;

    @Start
    void start(Stage stage) {
        begin(stage);
        Theme.LIGHT.apply();
        env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString(), "XDG_DATA_HOME",
                tmp.resolve("data").toString(), "XDG_CONFIG_HOME", tmp.resolve("config").toString());
        AppSession session = new AppSession(runner, ReplicaOptions.fromEnvironment(env, false), Pricing.DEFAULT,
                tmp.resolve("restores"), env);
        model = new MainViewModel(new ViewModels(session));
        window = TestWindows.show(stage, model, runner, (owner, suggested) -> Optional.empty(), tmp);
    }

    @AfterEach
    void closeWindows() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : Window.getWindows().toArray(Window[]::new)) {
                if (w != stage) {
                    w.hide();
                }
            }
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void twoCursorsOnTheDemoTimelineOpenTheirComparison(FxRobot robot) throws Exception {
        robot.interact(() -> model.openDemo(env));
        waitFor(60, () -> !model.generations().isEmpty() && model.planProperty().get() instanceof PlanState.Planned);
        GenerationRow row = MainViewModelTest.richestGeneration(model);
        Instant first = MainViewModelTest.midway(row);
        Instant last = row.end().orElseThrow();
        assertThat(window.plan.compare.isDisabled()).as("nothing kept yet").isTrue();

        robot.interact(() -> model.select(row, first));
        waitFor(() -> model.canRestoreProperty().get());
        robot.clickOn("#keepMoment");
        assertThat(model.compare().keptProperty().get()).contains(first);
        assertThat(window.plan.compare.isDisabled()).as("the same moment twice").isTrue();
        assertThat(window.plan.compareNote.getText()).as("the hidden second cursor is explained")
                .startsWith("Kept ").contains("move the cursor to another moment, then Compare");

        robot.interact(() -> model.select(row, last));
        waitFor(() -> model.canRestoreProperty().get() && !window.plan.compare.isDisabled());
        assertThat(window.plan.compareNote.getText()).startsWith("Compare shows what differs between ");
        TestWindows.screenshot(stage.getScene(), "compare-two-cursors.png");
        robot.clickOn("#compareMoments");
        waitFor(60, () -> diffPane().isPresent() && !diffPane().get().model().counts().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        DiffPane pane = diffPane().orElseThrow();
        // Earlier moment first: the newest moment has rows the first snapshot lacks.
        String title = ((Stage) pane.getScene().getWindow()).getTitle();
        assertThat(title).contains(TimeText.tag(first, model.session().zoneProperty().get()));
        assertThat(title.indexOf(TimeText.tag(first, model.session().zoneProperty().get())))
                .isLessThan(title.indexOf(TimeText.tag(last, model.session().zoneProperty().get())));
        assertThat(pane.model().counts()).anySatisfy(c -> assertThat(c.same()).isFalse());
        int orders = pane.model().counts().stream().map(c -> c.name()).toList().indexOf("orders");
        assertThat(orders).as("the demo's orders table").isNotNegative();
        TableView<?> tables = (TableView<?>) pane.lookup("#diffTables");
        robot.interact(() -> tables.getSelectionModel().select(orders));
        waitFor(() -> pane.model().tableProperty().get().isPresent() && !pane.model().rows().isEmpty());
        TestWindows.screenshotLightAndDark(pane.getScene(), "compare-moments.png");
    }

    private static Optional<DiffPane> diffPane() {
        return Window.getWindows().stream().filter(Window::isShowing).map(w -> w.getScene().getRoot())
                .filter(DiffPane.class::isInstance).map(DiffPane.class::cast).findFirst();
    }
}
