package dev.litescope.ui.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.OperationPoller;
import dev.litescope.deploy.CloudRunClient;
import dev.litescope.deploy.DeployStep.State;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.run.DeployFakes;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.WindowState;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy wizard's view model on the same-thread runner, against the loopback fakes of every API a deploy
 * calls: the project list, a preview creating nothing, a deploy creating everything, a failed build shown and
 * resumed, missing answers refused before any call, and the answers remembered.
 */
class DeployViewModelTest {
    private static final String NAME = CloudRunClient.serviceName("my-project", "europe-west1", "litestream-sample");

    @TempDir
    Path tmp;

    DeployFakes fakes;
    WindowState remembered;

    @BeforeEach
    void start() {
        fakes = DeployFakes.start();
        fakes.run.finishOperationsAfter(1);
        fakes.registry.finishOperationsAfter(1);
        fakes.build.finishOperationsAfter(2);
        remembered = WindowState.load(tmp.resolve("window.properties"));
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    private DeployViewModel model() {
        Map<String, String> env = new HashMap<>(fakes.env());
        env.put(OperationPoller.Schedule.POLL_INTERVAL, "0");
        AppSession session = new AppSession(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(Map.of(), false),
                Pricing.DEFAULT, tmp.resolve("restores"), env);
        return new DeployViewModel(session, remembered);
    }

    private static DeployViewModel filled(DeployViewModel m) {
        m.projectProperty().set("my-project");
        m.regionProperty().set("europe-west1");
        m.bucketProperty().set("my-replicas");
        return m;
    }

    private static List<State> outcomes(DeployViewModel m) {
        return m.steps().stream().map(r -> r.outcomeProperty().get()).toList();
    }

    /** Requests that could change something, over every fake. */
    private long writes() {
        return fakes.serviceUsage.requests().stream().filter(r -> !r.startsWith("GET ")).count()
                + fakes.gcs.requests().stream().filter(r -> !r.method().equals("GET")).count()
                + fakes.iam.requests().stream().filter(r -> !r.method().equals("GET")).count()
                + fakes.registry.requests().stream().filter(r -> !r.method().equals("GET")).count()
                + fakes.run.requests().stream().filter(r -> !r.method().equals("GET")
                        && !r.query().contains("validateOnly=true")).count();
    }

    @Test
    void theProjectListFollowsEveryPageAndARefusalLeavesTheBoxToTypeIn() {
        fakes.projects.addProject("zeta-prod", "Zeta", true);
        fakes.projects.addProject("alpha-dev", "Alpha", true);
        fakes.projects.addProject("gone", "Gone", false);
        fakes.projects.addProject("mid-test", "Mid", true);
        fakes.projects.pagesOf(2);
        DeployViewModel m = model();
        m.loadProjects();
        assertThat(m.projects()).containsExactly("alpha-dev", "mid-test", "zeta-prod");
        assertThat(m.projectsNoteProperty().get()).startsWith("3 projects you can see");
        assertThat(fakes.projects.requests()).hasSize(2);

        fakes.projects.deny(Optional.of("resourcemanager.projects.list"));
        DeployViewModel refused = model();
        refused.loadProjects();
        assertThat(refused.projects()).isEmpty();
        assertThat(refused.projectsNoteProperty().get()).contains("could not be listed")
                .contains("resourcemanager.projects.list").endsWith("type the project's id.");
    }

    @Test
    void previewCreatesNothingAndShowsEachStepAndTheServiceJson() {
        DeployViewModel m = filled(model());
        m.preview();

        assertThat(m.errorProperty().get()).isEmpty();
        assertThat(outcomes(m)).containsExactly(State.WILL_CREATE, State.WILL_CREATE, State.WILL_CREATE,
                State.WILL_CREATE, State.WILL_CREATE, State.WILL_CREATE, State.SKIPPED);
        assertThat(m.steps()).allMatch(r -> r.progressProperty().get() == StepRow.Progress.DONE);
        assertThat(m.steps().get(0).stateText()).isEqualTo("will create");
        assertThat(m.enableOfferProperty().get()).startsWith("run.googleapis.com, cloudbuild.googleapis.com");
        assertThat(m.serviceJsonProperty().get()).contains("\"maxInstanceCount\": 1").contains("my-replicas");
        assertThat(m.summaryProperty().get()).startsWith("Nothing was created.");
        assertThat(m.urlProperty().get()).isEmpty();
        assertThat(writes()).isZero();
        assertThat(fakes.run.service(NAME)).isEmpty();
        assertThat(m.phaseProperty().get()).isEqualTo(DeployViewModel.Phase.IDLE);
    }

    @Test
    void deployCreatesAllThenAFailedBuildShowsItsMessageAndDeployingAgainResumes() {
        fakes.build.failNext(1, List.of("[ERROR] Failed to execute goal on project guestbook: Could not resolve "
                + "dependencies"));
        DeployViewModel m = filled(model());
        m.deploy();

        assertThat(outcomes(m)).containsExactly(State.CREATED, State.CREATED, State.CREATED, State.CREATED,
                State.FAILED, null, null);
        assertThat(m.steps().get(4).progressProperty().get()).isEqualTo(StepRow.Progress.FAILED);
        assertThat(m.steps().get(5).stateText()).isEqualTo("pending");
        assertThat(m.errorProperty().get()).startsWith("step 5/7 (image) failed: ")
                .contains("[ERROR] Failed to execute goal on project guestbook")
                .contains("Deploy again: it resumes");
        assertThat(m.urlProperty().get()).isEmpty();
        assertThat(fakes.run.service(NAME)).isEmpty();

        m.deploy();
        assertThat(m.errorProperty().get()).isEmpty();
        assertThat(outcomes(m)).containsExactly(State.EXISTS, State.EXISTS, State.EXISTS, State.EXISTS,
                State.CREATED, State.CREATED, State.SKIPPED);
        assertThat(m.urlProperty().get()).isEqualTo("https://litestream-sample-abc123-uc.a.run.app");
        assertThat(m.summaryProperty().get()).isEqualTo("Deployed: all 7 steps are done.");
        assertThat(fakes.run.service(NAME)).isPresent();
        assertThat(fakes.build.submitted()).isEqualTo(2);

        long before = writes();
        m.deploy();
        assertThat(outcomes(m)).containsOnly(State.EXISTS, State.SKIPPED);
        assertThat(writes()).isEqualTo(before);
    }

    @Test
    void aRefusalNamesThePermissionAndTheRoleAsTheCommandLineDoes() {
        fakes.iam.denyWrites("iam.serviceAccounts.create");
        DeployViewModel m = filled(model());
        m.deploy();

        assertThat(m.steps().get(2).progressProperty().get()).isEqualTo(StepRow.Progress.FAILED);
        assertThat(m.steps().get(2).detailProperty().get()).contains("permission denied")
                .contains("lacks iam.serviceAccounts.create").contains("roles/iam.serviceAccountAdmin grants it");
        assertThat(m.errorProperty().get()).startsWith("step 3/7 (service-account) failed: ")
                .contains("lacks iam.serviceAccounts.create");
        assertThat(m.phaseProperty().get()).isEqualTo(DeployViewModel.Phase.IDLE);
    }

    @Test
    void publicAccessOnlyWhenTickedAndMissingAnswersAreRefusedBeforeAnyCall() {
        DeployViewModel m = model();
        m.projectProperty().set("my-project");
        m.deploy();
        assertThat(m.errorProperty().get()).isEqualTo("Fill in the bucket first; nothing was sent.");
        assertThat(fakes.serviceUsage.requests()).isEmpty();

        filled(m).makePublicProperty().set(true);
        m.deploy();
        assertThat(m.errorProperty().get()).isEmpty();
        assertThat(m.steps().get(6).outcomeProperty().get()).isEqualTo(State.UPDATED);
        assertThat(fakes.runIam.members(NAME, "roles/run.invoker").orElseThrow().toString())
                .isEqualTo("[\"allUsers\"]");
    }

    @Test
    void theAnswersAreRememberedInTheConfigFolderButPublicAccessIsNot() {
        DeployViewModel m = filled(model());
        m.serviceProperty().set("guestbook-eu");
        m.replicaPathProperty().set("db");
        m.makePublicProperty().set(true);
        m.preview();

        DeployAnswers again = DeployAnswers.from(WindowState.load(tmp.resolve("window.properties")));
        assertThat(again).isEqualTo(new DeployAnswers("my-project", "europe-west1", "my-replicas", "db",
                "guestbook-eu", false));
        DeployViewModel reopened = model();
        assertThat(reopened.serviceProperty().get()).isEqualTo("guestbook-eu");
        assertThat(reopened.makePublicProperty().get()).isFalse();
    }
}
