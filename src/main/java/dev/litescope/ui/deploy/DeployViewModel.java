package dev.litescope.ui.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.deploy.DeployClients;
import dev.litescope.deploy.DeployStep;
import dev.litescope.deploy.ProjectsClient;
import dev.litescope.deploy.SampleDeployer;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.WindowState;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The deploy wizard: the answers {@code litescope deploy} asks for, "Preview" (its {@code --dry-run}: each step as
 * exists / will create / will change, and the exact Service JSON Cloud Run validated) and "Deploy" (the seven steps
 * with their progress, stoppable between steps, resumed by deploying again), both through the same
 * {@link SampleDeployer} as the command line, with the clients at the endpoints the environment names.
 */
public final class DeployViewModel {
    /** What runs now. */
    public enum Phase { IDLE, PREVIEWING, DEPLOYING }

    /** Cloud Run's regions, for the region box (any other can be typed). */
    public static final List<String> REGIONS = List.of("africa-south1", "asia-east1", "asia-east2",
            "asia-northeast1", "asia-northeast2", "asia-northeast3", "asia-south1", "asia-south2", "asia-southeast1",
            "asia-southeast2", "australia-southeast1", "australia-southeast2", "europe-central2", "europe-north1",
            "europe-southwest1", "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6",
            "europe-west8", "europe-west9", "europe-west10", "europe-west12", "me-central1", "me-central2",
            "me-west1", "northamerica-northeast1", "northamerica-northeast2", "southamerica-east1",
            "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1",
            "us-west2", "us-west3", "us-west4");
    /** Litestream supports one writer: the service never runs a second instance. */
    public static final int MAX_INSTANCES = 1;

    private final TaskRunner runner;
    private final Map<String, String> env;
    private final WindowState remembered;

    private final StringProperty project = new SimpleStringProperty(this, "project", "");
    private final StringProperty region = new SimpleStringProperty(this, "region", "");
    private final StringProperty bucket = new SimpleStringProperty(this, "bucket", "");
    private final StringProperty replicaPath = new SimpleStringProperty(this, "replicaPath", "");
    private final StringProperty service = new SimpleStringProperty(this, "service", "");
    private final BooleanProperty makePublic = new SimpleBooleanProperty(this, "makePublic", false);

    private final ObservableList<String> projects = FXCollections.observableArrayList();
    private final StringProperty projectsNote = new SimpleStringProperty(this, "projectsNote", "");
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList(
            Arrays.stream(DeployStep.Step.values()).map(StepRow::new).toList());
    /** Kept, as one view: a view listens to its list weakly, so one made per call can stop telling listeners. */
    private final ObservableList<StepRow> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final StringProperty serviceJson = new SimpleStringProperty(this, "serviceJson", "");
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final StringProperty enableOffer = new SimpleStringProperty(this, "enableOffer", "");
    private final ObjectProperty<Phase> phase = new SimpleObjectProperty<>(this, "phase", Phase.IDLE);

    private Optional<TaskHandle> running = Optional.empty();

    /**
     * @param remembered where the answers are kept between runs (saved when a preview or deploy starts)
     */
    public DeployViewModel(AppSession session, WindowState remembered) {
        this.runner = session.runner();
        this.env = session.env();
        this.remembered = remembered;
        DeployAnswers a = DeployAnswers.from(remembered);
        project.set(a.project());
        region.set(a.region());
        bucket.set(a.bucket());
        replicaPath.set(a.replicaPath());
        service.set(a.service());
    }

    // ---- commands ----

    /** Lists the projects the caller can see; without that permission the box stays free to type in. */
    public void loadProjects() {
        runner.execute(BackgroundTask.ofCallable("Listing your Google Cloud projects",
                () -> clients().projects().activeProjects()).supersedes("deploy-projects").onSuccess(list -> {
                    projects.setAll(list.stream().map(ProjectsClient.Project::id).toList());
                    projectsNote.set(list.isEmpty() ? "No projects are listed for you: type the project's id."
                            : list.size() + (list.size() == 1 ? " project" : " projects") + " you can see; or type "
                            + "a project's id.");
                }).onFailure(e -> projectsNote.set("Your projects could not be listed (" + AppSession.message(e)
                        + "); type the project's id.")));
    }

    /** The dry run: reads what exists, has Cloud Run validate the Service JSON, creates nothing. */
    public void preview() {
        start(true);
    }

    /** Runs the seven steps; after a failure or a cancel, deploying again resumes where it stopped. */
    public void deploy() {
        start(false);
    }

    /** Stops a deploy (or preview) before its next step; the step running now finishes. */
    public void cancel() {
        running.ifPresent(TaskHandle::cancel);
    }

    // ---- state ----

    public StringProperty projectProperty() {
        return project;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty bucketProperty() {
        return bucket;
    }

    public StringProperty replicaPathProperty() {
        return replicaPath;
    }

    public StringProperty serviceProperty() {
        return service;
    }

    /** Whether anyone may invoke the service; off unless ticked. */
    public BooleanProperty makePublicProperty() {
        return makePublic;
    }

    /** The projects the caller can see, by id. */
    public ObservableList<String> projects() {
        return projects;
    }

    /** How the project list went: how many, or why there is none. */
    public ReadOnlyStringProperty projectsNoteProperty() {
        return projectsNote;
    }

    /** The seven steps, in order, each with its progress in the latest preview or deploy. */
    public ObservableList<StepRow> steps() {
        return stepsView;
    }

    /** The exact Service JSON of the latest preview or deploy, pretty-printed; empty before one. */
    public ReadOnlyStringProperty serviceJsonProperty() {
        return serviceJson;
    }

    /** The service's URL, once it exists. */
    public ReadOnlyStringProperty urlProperty() {
        return url;
    }

    /** Why the latest run stopped, as the command line says it; empty when it did not fail. */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** A line on how the latest run ended. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    /** The APIs a deploy would enable first (its step 1), when some are off; empty otherwise. */
    public ReadOnlyStringProperty enableOfferProperty() {
        return enableOffer;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase;
    }

    // ---- internals ----

    private DeployClients clients() throws IOException {
        return DeployClients.fromEnvironment(env, OperationPoller.Schedule.fromEnvironment(env),
                OperationPoller.Sleeper.real(), RetryPolicy.defaults());
    }

    /** The answers as the form holds them now. */
    public DeployAnswers answers() {
        return new DeployAnswers(project.get().strip(), region.get().strip(), bucket.get().strip(),
                replicaPath.get().strip(), service.get().strip(), makePublic.get());
    }

    private void start(boolean dryRun) {
        if (phase.get() != Phase.IDLE) {
            return;
        }
        DeployAnswers a = answers();
        Optional<String> missing = missing(a);
        if (missing.isPresent()) {
            error.set(missing.get());
            return;
        }
        a.into(remembered);
        SampleDeployer.Request request = new SampleDeployer.Request(a.project(), a.region(), a.bucket(),
                a.replicaPath(), a.service(), a.makePublic(), dryRun);
        steps.forEach(StepRow::reset);
        error.set("");
        summary.set("");
        enableOffer.set("");
        url.set("");
        if (dryRun) {
            serviceJson.set("");
        }
        phase.set(dryRun ? Phase.PREVIEWING : Phase.DEPLOYING);
        String title = (dryRun ? "Previewing the deploy to " : "Deploying the sample to ") + a.project() + "/"
                + a.region();
        running = Optional.of(runner.execute(BackgroundTask.of(title, context -> {
            remembered.save();
            SampleDeployer deployer = new SampleDeployer(clients());
            try {
                return deployer.deploy(request, listener(context.cancellation()));
            } catch (CancellationException e) {
                throw new Cancellation.CancelledException();
            }
        }).onSuccess(r -> ended(r, dryRun)).onFailure(this::failed).onFinished(() -> {
            phase.set(Phase.IDLE);
            running = Optional.empty();
        })));
    }

    /** A required answer left empty, in words; the engine checks the rest of what the values must look like. */
    private static Optional<String> missing(DeployAnswers a) {
        List<String> empty = new ArrayList<>();
        if (a.project().isEmpty()) {
            empty.add("the project");
        }
        if (a.region().isEmpty()) {
            empty.add("the region");
        }
        if (a.bucket().isEmpty()) {
            empty.add("the bucket");
        }
        if (a.service().isEmpty()) {
            empty.add("the service name");
        }
        return empty.isEmpty() ? Optional.empty() : Optional.of("Fill in " + String.join(", ", empty)
                + " first; nothing was sent.");
    }

    /** Steps are heard on the deploy's thread; the rows change on the UI thread. Cancel stops before a step. */
    private DeployStep.Listener listener(Cancellation cancellation) {
        return new DeployStep.Listener() {
            @Override
            public void started(DeployStep.Step step) {
                if (cancellation.isCancelled()) {
                    throw new CancellationException("cancelled before step " + step.wireName());
                }
                runner.post(() -> steps.get(step.ordinal()).started());
            }

            @Override
            public void finished(DeployStep.Report report) {
                runner.post(() -> steps.get(report.step().ordinal()).finished(report));
            }
        };
    }

    private void ended(SampleDeployer.Result r, boolean dryRun) {
        ObjectNode definition = r.service();
        serviceJson.set(JsonMapper.pretty(definition));
        url.set(r.url().orElse(""));
        StepRow apis = steps.get(DeployStep.Step.APIS.ordinal());
        if (dryRun && apis.outcomeProperty().get() == DeployStep.State.WILL_CREATE) {
            enableOffer.set(apis.detailProperty().get().replaceFirst("^would enable ", ""));
        }
        long changes = r.steps().stream().filter(s -> s.state() == DeployStep.State.WILL_CREATE
                || s.state() == DeployStep.State.WILL_CHANGE).count();
        summary.set(dryRun ? (changes == 0 ? "Everything exists as it should; nothing to deploy."
                : "Nothing was created. Deploy would create or change " + changes + " of the "
                + r.steps().size() + " steps.") : "Deployed: all " + r.steps().size() + " steps are done.");
    }

    private void failed(Throwable e) {
        if (e instanceof Cancellation.CancelledException) {
            summary.set("Cancelled between steps; Deploy again resumes where it stopped.");
            return;
        }
        error.set(AppSession.message(e) + (e instanceof SampleDeployer.Failed
                ? "\nFix that and Deploy again: it resumes, creating nothing twice." : ""));
    }
}
