package dev.litescope.ui;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.FetchEstimate;
import dev.litescope.restore.Plan;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.sql.DatabaseSummary;
import dev.litescope.sql.RestoredMoments;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.ui.console.ConsoleSession;
import dev.litescope.ui.console.TimelineFeed;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.restore.PlanViewModel;
import dev.litescope.ui.restore.RestoreViewModel;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.LtxRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;

/**
 * The main window's view models seen as one, for the views that read several of them (the timeline, the
 * connections, the plan pane): each call goes to the view model that owns it ({@link AppSession},
 * {@link ReplicaViewModel}, {@link SelectionViewModel}, {@link PlanViewModel}, {@link RestoreViewModel}), which
 * {@link ViewModels} makes, or {@link CompareViewModel}. It holds no state of its own.
 */
public final class MainViewModel {
    private final ViewModels parts;
    private final AppSession session;
    private final ReplicaViewModel replica;
    private final SelectionViewModel selection;
    private final PlanViewModel plan;
    private final RestoreViewModel restore;
    private final CompareViewModel compare;

    public MainViewModel(ViewModels parts) {
        this.parts = parts;
        this.session = parts.session();
        this.replica = parts.replica();
        this.selection = parts.selection();
        this.plan = parts.plan();
        this.restore = parts.restore();
        this.compare = new CompareViewModel(this);
    }

    /** Shorthand for {@code new MainViewModel(ViewModels.create(runner, options))}. */
    public MainViewModel(TaskRunner runner, ReplicaOptions options) {
        this(ViewModels.create(runner, options));
    }

    /** Shorthand for {@code new MainViewModel(ViewModels.create(runner, options, pricing, restoresDir))}. */
    public MainViewModel(TaskRunner runner, ReplicaOptions options, Pricing pricing, Path restoresDir) {
        this(ViewModels.create(runner, options, pricing, restoresDir));
    }

    public ViewModels parts() {
        return parts;
    }

    public AppSession session() {
        return session;
    }

    /** Comparing two moments: the second cursor and "Compare". */
    public CompareViewModel compare() {
        return compare;
    }

    // ---- commands ----

    public void openDemo(Map<String, String> env) {
        replica.openDemo(env);
    }

    public void open(String url) {
        replica.open(url);
    }

    public void open(Catalog opened) {
        replica.open(opened);
    }

    public void refresh() {
        replica.refresh();
    }

    public void select(GenerationRow generation) {
        selection.select(generation);
    }

    public void selectTime(Instant time) {
        selection.selectTime(time);
    }

    public void select(GenerationRow generation, Instant time) {
        selection.select(generation, time);
    }

    /** @see SelectionViewModel#selectMoment */
    public boolean selectMoment(Instant t) {
        return selection.selectMoment(t);
    }

    /** @see SelectionViewModel#selectTxid */
    public boolean selectTxid(long txid) {
        return selection.selectTxid(txid);
    }

    /** @see SelectionViewModel#selectLtxAt */
    public void selectLtxAt(Instant at) {
        selection.selectLtxAt(at);
    }

    /** @see SelectionViewModel#reject */
    public void rejectMoment(String why) {
        selection.reject(why);
    }

    public void restoreToDefault() {
        restore.restoreToDefault();
    }

    public void restore(Path out, boolean replaceExisting) {
        restore.restore(out, replaceExisting);
    }

    public void restore(Path out) {
        restore.restore(out, false);
    }

    /**
     * "Query this moment": the selected moment restored into the cache of restored moments (once; asking again
     * reuses the file), then handed to {@code open} to show in the console, read-only. The restore runs as any
     * other, with progress in the status bar and a refusal shown as the error.
     */
    public void queryThisMoment(Consumer<ConsoleSession.Source> open) {
        Optional<Instant> at = selectedTimeProperty().get();
        String url = replicaUrlProperty().get();
        if (at.isEmpty() || url.isBlank()) {
            return;
        }
        queryMoment(new RestoredMoments.Moment(url, at.get()), open);
    }

    /** A replica's moment (as {@code litescope console URL@TIME} names one) restored for the console. */
    public void queryMoment(RestoredMoments.Moment moment, Consumer<ConsoleSession.Source> open) {
        RestoredMoments moments = RestoredMoments.standard(session.env());
        session.runner().execute(BackgroundTask.of("Restoring " + moment + " for the console", context ->
                moments.restore(moment, p -> context.progress(p.fraction(), p.phase()), context.cancellation()))
                .onSuccess(r -> open.accept(new ConsoleSession.Source(r.file(), moment.url() + " @ "
                        + TimeText.tag(moment.at(), session.zoneProperty().get()), SqlDatabase.Access.READ_ONLY,
                        Optional.of(timelineOf(moment.url())))))
                .onFailure(e -> session.reportError("Query " + moment + ": " + AppSession.message(e))));
    }

    /** The timeline's restore point while it shows replica {@code url}, for a console to follow. */
    private TimelineFeed timelineOf(String url) {
        String wanted = ReplicaUrl.parse(url).toString();
        ObjectBinding<Optional<RestoreTarget>> target = Bindings.createObjectBinding(() -> {
            String shown = replicaUrlProperty().get();
            boolean same = !shown.isBlank() && ReplicaUrl.parse(shown).toString().equals(wanted);
            return same ? targetProperty().get() : Optional.empty();
        }, targetProperty(), replicaUrlProperty());
        return new TimelineFeed(url, session.env(), target, () -> session.zoneProperty().get());
    }

    /**
     * The restored file as "Open in SQL console" opens it: read-only, under a title naming the replica and the
     * point (its generation and moment) it holds.
     */
    public Optional<ConsoleSession.Source> restoredSource() {
        return restore.restoredFile().flatMap(file -> lastRestoreProperty().get().map(r -> new ConsoleSession.Source(
                file, replicaUrlProperty().get() + " · " + r.plan().target(), SqlDatabase.Access.READ_ONLY)));
    }

    public void cancel() {
        restore.cancel();
    }

    public void reportError(String message) {
        session.reportError(message);
    }

    public void dismissError() {
        session.dismissError();
    }

    // ---- state ----

    public ReadOnlyStringProperty replicaUrlProperty() {
        return replica.replicaUrlProperty();
    }

    public ObservableList<GenerationRow> generations() {
        return parts.generations();
    }

    /** The open replica's Litestream 0.5 history, when it holds LTX files. */
    public ReadOnlyObjectProperty<Optional<LtxRow>> ltxProperty() {
        return replica.ltxProperty();
    }

    /** The selected TXID of the 0.5 history, when that is what is selected. */
    public Optional<Long> selectedTxid() {
        return selection.selectedTxid();
    }

    public ReadOnlyObjectProperty<Optional<RestoreTarget>> targetProperty() {
        return selection.targetProperty();
    }

    public ReadOnlyObjectProperty<Optional<GenerationRow>> selectedGenerationProperty() {
        return selection.generationProperty();
    }

    public ReadOnlyObjectProperty<Optional<Instant>> selectedTimeProperty() {
        return selection.timeProperty();
    }

    /** Why the moment last asked for was refused; empty when it was not. */
    public ReadOnlyStringProperty rejectionProperty() {
        return selection.rejectionProperty();
    }

    public ReadOnlyObjectProperty<PlanState> planProperty() {
        return plan.planProperty();
    }

    public ReadOnlyBooleanProperty openingProperty() {
        return replica.openingProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return session.errorProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return session.statusProperty();
    }

    /** Whether Restore (Ctrl+R) and Save as… (Ctrl+Shift+S) can run now. */
    public BooleanBinding canRestoreProperty() {
        return restore.canRestoreProperty();
    }

    public ReadOnlyBooleanProperty restoringProperty() {
        return restore.restoringProperty();
    }

    public ReadOnlyDoubleProperty restoreProgressProperty() {
        return restore.progressProperty();
    }

    public ReadOnlyStringProperty restoreTextProperty() {
        return restore.textProperty();
    }

    public ReadOnlyObjectProperty<Optional<RestoreResult>> lastRestoreProperty() {
        return restore.lastRestoreProperty();
    }

    public ReadOnlyObjectProperty<Optional<FetchEstimate>> fetchEstimateProperty() {
        return plan.fetchEstimateProperty();
    }

    public ReadOnlyBooleanProperty onGcsProperty() {
        return replica.onGcsProperty();
    }

    public ReadOnlyObjectProperty<Optional<DatabaseSummary>> restoredSummaryProperty() {
        return restore.summaryProperty();
    }

    public RunningOperations operations() {
        return session.operations();
    }

    public RequestCounters sessionRequests() {
        return session.sessionRequests();
    }

    public Pricing pricing() {
        return session.pricing();
    }

    public Path restoresDir() {
        return session.restoresDir();
    }

    public Optional<RestorePlan> currentPlan() {
        return plan.currentPlan();
    }

    /** The plan on screen, of either format. */
    public Optional<Plan> currentAnyPlan() {
        return plan.currentAnyPlan();
    }

    public String describe(String key) {
        return replica.describe(key);
    }

    public String suggestedFileName() {
        return parts.suggestedFileName();
    }

    /** @see AppSession#message */
    public static String message(Throwable t) {
        return AppSession.message(t);
    }
}
