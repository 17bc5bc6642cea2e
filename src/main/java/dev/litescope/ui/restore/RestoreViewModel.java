package dev.litescope.ui.restore;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.Plan;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.restore.ltx.LtxRestorer;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.restore.v3.Restorer;
import dev.litescope.sql.DatabaseSummary;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.timeline.LtxRow;
import dev.litescope.util.Cancellation;
import dev.litescope.util.FreePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * A restore of the current plan: into the restores folder or a chosen file, with progress, cancel, and the result
 * (the file, then its tables). The result belongs to the plan that made it: once the plan on screen is another
 * one (another moment, another replica, none), the result is gone with it, and so is "Open in SQL console".
 * A Litestream 0.5 plan goes the same way, through its own restorer, into the same kind of output.
 */
public final class RestoreViewModel {
    private final AppSession session;
    private final PlanViewModel plan;
    private final ObservableValue<Optional<Catalog>> catalog;
    private final ObservableValue<Optional<LtxRow>> ltx;
    private final Supplier<String> fileName;

    private final BooleanProperty restoring = new SimpleBooleanProperty(this, "restoring");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ObjectProperty<Optional<RestoreResult>> lastRestore =
            new SimpleObjectProperty<>(this, "lastRestore", Optional.empty());
    private final ObjectProperty<Optional<DatabaseSummary>> summary =
            new SimpleObjectProperty<>(this, "summary", Optional.empty());
    private final BooleanBinding canRestore;

    private Optional<Plan> resultPlan = Optional.empty();
    private Optional<Cancellation> running = Optional.empty();

    /**
     * @param catalog  the open replica's catalogue, which a 0.3 plan's objects are read from
     * @param ltx      the open replica's Litestream 0.5 history, which a 0.5 plan's files are read from
     * @param fileName the name a restore into the restores folder gets
     */
    public RestoreViewModel(AppSession session, PlanViewModel plan, ObservableValue<Optional<Catalog>> catalog,
                            ObservableValue<Optional<LtxRow>> ltx, Supplier<String> fileName) {
        this.session = session;
        this.plan = plan;
        this.catalog = catalog;
        this.ltx = ltx;
        this.fileName = fileName;
        canRestore = Bindings.createBooleanBinding(() -> !restoring.get()
                && plan.planProperty().get() instanceof PlanState.Planned, restoring, plan.planProperty());
        plan.planProperty().addListener((o, a, b) -> {
            // Computing is the way from one plan to the next (a refresh plans the same target again): wait for it.
            boolean sameAsResult = b instanceof PlanState.Planned p && resultPlan.equals(Optional.of(p.plan()));
            if (b != PlanState.COMPUTING && !sameAsResult) {
                forgetResult();
            }
        });
    }

    // ---- commands ----

    /**
     * Restores the planned state into the restores folder under the suggested name, with a suffix when that name
     * is taken: never over an existing file.
     */
    public void restoreToDefault() {
        String name = fileName.get();
        Path dir = session.restoresDir();
        start(name, () -> {
            Files.createDirectories(dir);
            return FreePaths.unused(dir, name);
        }, false);
    }

    /**
     * Restores the planned state into {@code out}. {@code replaceExisting} is for a path the user already agreed
     * to overwrite (the save dialog asks); otherwise an existing file is refused by the restorer.
     */
    public void restore(Path out, boolean replaceExisting) {
        start(out.getFileName().toString(), () -> out, replaceExisting);
    }

    /** Asks a running restore to stop; it removes its temporary file and reports "cancelled". */
    public void cancel() {
        running.ifPresent(Cancellation::cancel);
    }

    /**
     * Shows the folder of the restored file in the desktop's file manager, off the UI thread; when there is none,
     * says so and points at "Copy path".
     */
    public void showInFolder(FileManager fileManager) {
        restoredFile().map(Path::getParent).ifPresent(dir -> session.runner().execute(BackgroundTask.ofCallable("",
                        () -> {
                            fileManager.show(dir);
                            return dir;
                        })
                .onFailure(failure -> session.reportError("Could not show " + dir + " in a file manager: "
                        + AppSession.message(failure) + ". \"Copy path\" puts the database's path on the clipboard "
                        + "instead."))));
    }

    private void start(String name, Callable<Path> destination, boolean replaceExisting) {
        if (restoring.get()) {
            return;
        }
        Optional<Plan> planned = plan.currentAnyPlan();
        Optional<PlanRestore> restorer = planned.flatMap(this::restorerOf);
        if (restorer.isEmpty()) {
            session.reportError("Nothing to restore yet: select a generation and a moment, or a TXID, with a valid "
                    + "plan.");
            return;
        }
        Plan p = planned.get();
        restoring.set(true);
        progress.set(0);
        text.set("Starting…");
        session.dismissError();
        forgetResult();
        RestoreOptions options = RestoreOptions.defaults().withForce(replaceExisting);
        long started = System.nanoTime();
        // Its own cancellation, set before the task starts: Cancel may come while the runner is still starting it.
        Cancellation cancellation = new Cancellation();
        running = Optional.of(cancellation);
        session.runner().execute(BackgroundTask.of("Restoring " + name, context -> {
                    Consumer<Progress> report = context.coalesced(now -> showProgress(now, started));
                    Progress.Listener listener = now -> {
                        context.progress(now.fraction(), now.phase());
                        report.accept(now);
                    };
                    context.cancellation().onCancel(cancellation::cancel);
                    return restorer.get().restore(destination.call(), options, listener, cancellation);
                })
                .onSuccess(result -> {
                    progress.set(1);
                    text.set(String.format(Locale.ROOT, "Restored %s (%s) in %.2f s", result.output().getFileName(),
                            Formats.bytes(result.databaseBytes()), result.elapsed().toNanos() / 1e9));
                    session.setStatus("Restored " + result.output());
                    if (plan.currentAnyPlan().equals(Optional.of(p))) {
                        resultPlan = Optional.of(p);
                        lastRestore.set(Optional.of(result));
                        summarise(result.output());
                        // What the cache holds has changed: the plan's "already cached" line with it.
                        plan.estimate();
                    }
                })
                .onFailure(failure -> {
                    progress.set(0);
                    if (failure instanceof Cancellation.CancelledException) {
                        text.set("Cancelled; nothing was written.");
                        session.setStatus("Restore cancelled.");
                    } else {
                        text.set("Restore failed.");
                        session.reportError("Restore failed: " + AppSession.message(failure));
                        session.setStatus("Restore failed.");
                    }
                })
                .onFinished(() -> {
                    restoring.set(false);
                    running = Optional.empty();
                }));
    }

    /** A restore of one plan by its format's restorer. */
    @FunctionalInterface
    private interface PlanRestore {
        RestoreResult restore(Path out, RestoreOptions options, Progress.Listener listener, Cancellation cancel)
                throws Exception;
    }

    /** The restore of {@code p} from the open replica, if the replica it was planned on is still open. */
    private Optional<PlanRestore> restorerOf(Plan p) {
        if (p instanceof LtxPlan lp && ltx.getValue().isPresent()) {
            LtxRestorer r = new LtxRestorer(ltx.getValue().get().catalog().replica());
            return Optional.of((out, options, listener, cancel) -> r.restore(lp, out, options, listener, cancel));
        }
        if (p instanceof RestorePlan rp && catalog.getValue().isPresent()) {
            Restorer r = new Restorer(catalog.getValue().get().replica());
            return Optional.of((out, options, listener, cancel) -> r.restore(rp, out, options, listener, cancel));
        }
        return Optional.empty();
    }

    private void showProgress(Progress now, long startedNanos) {
        progress.set(now.fraction());
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        text.set(String.format(Locale.ROOT, "%s%n%d of %d objects · %s of %s · %s/s", now.phase(),
                now.objectsDone(), now.objectsPlanned(), Formats.bytes(now.bytesDone()),
                Formats.bytes(now.bytesPlanned()),
                Formats.bytes(seconds > 0 ? (long) (now.bytesDone() / seconds) : 0)));
    }

    /** Reads the restored database's tables and row counts, for the result section. */
    private void summarise(Path db) {
        session.runner().execute(BackgroundTask.ofCallable("Counting rows in " + db.getFileName(),
                        () -> DatabaseSummary.read(db))
                .onSuccess(s -> {
                    if (restoredFile().equals(Optional.of(db))) {
                        summary.set(Optional.of(s));
                    }
                })
                .onFailure(failure -> session.reportError("Restored " + db + ", but SQLite cannot read it: "
                        + AppSession.message(failure))));
    }

    private void forgetResult() {
        resultPlan = Optional.empty();
        lastRestore.set(Optional.empty());
        summary.set(Optional.empty());
        if (!restoring.get()) {
            text.set("");
            progress.set(0);
        }
    }

    // ---- state ----

    /** Whether Restore and Save as… can run now: a plan on screen and no restore running. */
    public BooleanBinding canRestoreProperty() {
        return canRestore;
    }

    public ReadOnlyBooleanProperty restoringProperty() {
        return restoring;
    }

    /** 0..1 of the stored bytes to download. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty textProperty() {
        return text;
    }

    /** The restore of the plan on screen, once it is done. */
    public ReadOnlyObjectProperty<Optional<RestoreResult>> lastRestoreProperty() {
        return lastRestore;
    }

    /** The tables and row counts of the restored database, once read. */
    public ReadOnlyObjectProperty<Optional<DatabaseSummary>> summaryProperty() {
        return summary;
    }

    /** The file the plan on screen was restored into. */
    public Optional<Path> restoredFile() {
        return lastRestore.get().map(RestoreResult::output);
    }
}
