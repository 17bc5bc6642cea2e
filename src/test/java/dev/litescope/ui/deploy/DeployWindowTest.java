package dev.litescope.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.OperationPoller;
import dev.litescope.deploy.CloudRunClient;
import dev.litescope.deploy.DeployStep.State;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.run.DeployFakes;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.MainWindow;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowState;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.sample.SampleViewModel;
import dev.litescope.ui.sample.SampleWindow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The deploy wizard under Monocle against the loopback fakes, opened from the main window's Cloud Run menu: the
 * form filled, Preview listing each step and the Service JSON, Deploy to the URL and "Open in browser"; and Cancel
 * stopping between steps, with Deploy again resuming; and the sample window's link to it.
 */
class DeployWindowTest extends WindowTest {
    @TempDir
    static Path tmp;

    DeployFakes fakes;
    DeployViewModel model;
    DeployWindow window;
    MainViewModel main;
    MainWindow mainWindow;
    SampleWindow sampleWindow;
    final List<String> browsed = new CopyOnWriteArrayList<>();
    final List<DeployAnswers> monitored = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        begin(stage);
        fakes = DeployFakes.start();
        fakes.run.finishOperationsAfter(1);
        fakes.registry.finishOperationsAfter(1);
        fakes.build.finishOperationsAfter(2);
        fakes.projects.addProject("my-project", "My project", true);
        fakes.projects.addProject("another-project", "Another", true);
        // Five of the seven APIs are on already: the preview offers to enable the other two.
        for (String api : List.of("run", "cloudbuild", "artifactregistry", "storage", "iam")) {
            fakes.serviceUsage.enable("my-project", api + ".googleapis.com");
        }
        Map<String, String> env = new HashMap<>(fakes.env());
        env.put(OperationPoller.Schedule.POLL_INTERVAL, "20");
        ReplicaOptions options = ReplicaOptions.fromEnvironment(Map.of(), false);
        main = new MainViewModel(runner, options, Pricing.DEFAULT, tmp.resolve("restores"));
        mainWindow = TestWindows.show(stage, main, runner, (owner, suggested) -> Optional.empty(), tmp);
        AppSession session = new AppSession(runner, options, Pricing.DEFAULT, tmp.resolve("restores"), env);
        model = new DeployViewModel(session, WindowState.load(tmp.resolve("window-" + System.nanoTime()
                + ".properties")));
        mainWindow.setDeployOpener(() -> {
            if (window == null) {
                window = new DeployWindow(model, stage, browsed::add);
                window.offerMonitor(monitored::add);
            }
            window.show();
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (window != null) {
            WaitForAsyncUtils.asyncFx(window.stage()::hide).get(10, TimeUnit.SECONDS);
        }
        if (sampleWindow != null) {
            WaitForAsyncUtils.asyncFx(sampleWindow.stage()::hide).get(10, TimeUnit.SECONDS);
        }
        fakes.close();
    }

    private void openAndFill(FxRobot robot) {
        robot.clickOn("#cloudRunMenu");
        robot.clickOn("#deployItem");
        waitFor(() -> window != null && window.stage().isShowing() && model.projects().size() == 2);
        assertThat(model.projects()).containsExactly("another-project", "my-project");
        assertThat(window.makePublic.isSelected()).isFalse();
        robot.interact(() -> {
            window.project.getSelectionModel().select("my-project");
            window.region.getSelectionModel().select("europe-west1");
        });
        robot.clickOn("#deployBucket").write("my-replicas");
        assertThat(model.projectProperty().get()).isEqualTo("my-project");
        assertThat(model.bucketProperty().get()).isEqualTo("my-replicas");
    }

    @Test
    void fillPreviewDeployAndOpenTheService(FxRobot robot) throws Exception {
        openAndFill(robot);

        robot.clickOn("#deployPreview");
        waitFor(() -> !model.summaryProperty().get().isEmpty() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#deployState-bucket").queryLabeled().getText()).isEqualTo("will create");
        assertThat(robot.lookup("#deployDetail-bucket").queryLabeled().getText())
                .isEqualTo("would create gs://my-replicas in europe-west1 with uniform bucket-level access");
        assertThat(window.json.getText()).contains("\"maxInstanceCount\": 1");
        assertThat(robot.lookup("#deployState-apis").queryLabeled().getText()).isEqualTo("will create");
        assertThat(robot.lookup("#deployEnableOffer").queryLabeled().getText()).isEqualTo("Not enabled yet: "
                + "logging.googleapis.com, monitoring.googleapis.com. Deploy enables them first (step 1).");
        assertThat(robot.lookup("#deployEnableOffer").queryLabeled().getParent().isVisible()).isTrue();
        assertThat(fakes.run.requests()).noneMatch(r -> r.method().equals("POST") && !r.query().contains(
                "validateOnly=true"));
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "deploy-wizard-preview.png");

        robot.clickOn("#deployDeploy");
        waitFor(60, () -> !model.urlProperty().get().isEmpty() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.steps()).extracting(r -> r.outcomeProperty().get()).containsExactly(State.CREATED,
                State.CREATED, State.CREATED, State.CREATED, State.CREATED, State.CREATED, State.SKIPPED);
        assertThat(robot.lookup("#deployState-service").queryLabeled().getText()).isEqualTo("created");
        assertThat(window.url.getText()).isEqualTo("https://litestream-sample-abc123-uc.a.run.app");
        assertThat(robot.lookup("#deployEnableOffer").queryLabeled().getParent().isVisible()).isFalse();
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "deploy-wizard.png");

        robot.clickOn("#deployOpenBrowser");
        assertThat(browsed).containsExactly("https://litestream-sample-abc123-uc.a.run.app");

        robot.clickOn("#deployOpenMonitor");
        assertThat(monitored).singleElement().satisfies(a -> {
            assertThat(a.project()).isEqualTo("my-project");
            assertThat(a.region()).isEqualTo("europe-west1");
            assertThat(a.bucket()).isEqualTo("my-replicas");
            assertThat(a.service()).isEqualTo(model.serviceProperty().get()).isNotBlank();
        });
    }

    @Test
    void cancelStopsBetweenStepsAndDeployAgainResumes(FxRobot robot) throws Exception {
        fakes.build.finishOperationsAfter(50);
        openAndFill(robot);

        robot.clickOn("#deployDeploy");
        waitFor(() -> model.steps().get(4).progressProperty().get() == StepRow.Progress.RUNNING);
        assertThat(robot.lookup("#deployState-image").queryLabeled().getText()).isEqualTo("running…");
        robot.clickOn("#deployCancel");
        waitFor(60, () -> model.phaseProperty().get() == DeployViewModel.Phase.IDLE);
        assertThat(model.summaryProperty().get()).startsWith("Cancelled between steps");
        assertThat(model.steps().get(4).outcomeProperty().get()).isEqualTo(State.CREATED);
        assertThat(model.steps().get(5).progressProperty().get()).isEqualTo(StepRow.Progress.PENDING);
        assertThat(fakes.run.service(CloudRunClient.serviceName("my-project", "europe-west1",
                "litestream-sample"))).isEmpty();

        fakes.build.finishOperationsAfter(1);
        robot.clickOn("#deployDeploy");
        waitFor(60, () -> !model.urlProperty().get().isEmpty() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.steps()).extracting(r -> r.outcomeProperty().get()).containsExactly(State.EXISTS,
                State.EXISTS, State.EXISTS, State.EXISTS, State.EXISTS, State.CREATED, State.SKIPPED);
        assertThat(fakes.build.submitted()).isEqualTo(1);
    }

    @Test
    void aLongNoteBesideTheProjectLeavesEveryBoxWideEnoughToTypeIn(FxRobot robot) throws Exception {
        // Without credentials (or the permission) the projects cannot be listed, and the note saying why and what
        // to do is several lines long: it once squeezed every box of the form to a few pixels.
        fakes.projects.deny(Optional.of("resourcemanager.projects.list"));
        robot.clickOn("#cloudRunMenu");
        robot.clickOn("#deployItem");
        waitFor(() -> window != null && window.stage().isShowing()
                && model.projectsNoteProperty().get().startsWith("Your projects could not be listed"));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : List.of("#deployProject", "#deployRegion", "#deployBucket", "#deployReplicaPath",
                "#deployService")) {
            assertThat(robot.lookup(id).queryAs(Region.class).getWidth()).as(id)
                    .isGreaterThanOrEqualTo(200);
        }
        TestWindows.screenshotLightAndDark(window.stage().getScene(), "deploy-wizard-no-projects.png");
    }

    @Test
    void theSampleWindowOffersTheWizard(FxRobot robot) {
        robot.interact(() -> {
            SampleViewModel sample = new SampleViewModel(main.session(), main.parts().replica(),
                    TestWindows.connections(main, runner, tmp), Map.of(), tmp.resolve("sample/data"));
            sampleWindow = new SampleWindow(sample, stage, browsed::add);
            sampleWindow.offerDeploy(mainWindow::deployToCloudRun);
            sampleWindow.show();
        });
        robot.clickOn("#sampleDeploy");
        waitFor(() -> window != null && window.stage().isShowing() && model.projects().size() == 2);
        assertThat(window.stage().getTitle()).isEqualTo("Deploy the sample to Cloud Run");
    }

    @Override
    protected String whereItStopped() {
        return model == null ? "" : ": steps " + model.steps().stream().map(StepRow::stateText).toList() + ", error '"
                + model.errorProperty().get() + "'";
    }
}
