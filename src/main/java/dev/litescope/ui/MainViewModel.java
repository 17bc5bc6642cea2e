package dev.litescope.ui;

import dev.litescope.replica.Replica;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.tables.TableBrowserViewModel;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.v3.FetchEstimate;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.Restorer;
import dev.litescope.sql.DatabaseSummary;
import dev.litescope.util.Cancellation;
import dev.litescope.util.FreePaths;
import dev.litescope.util.UserDirs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state of the main window: which replica is open, its generations, the chosen generation and moment, the
 * restore plan for them, and a running restore. Properties only, no Nodes: every change comes through a
 * command, every slow step through the {@link TaskRunner}, and the window only binds to what is here.
 *
 * <p>Results of an open or a plan that has been overtaken by a newer one are dropped (each carries the
 * sequence number it was started with), so a slow listing never overwrites a replica opened after it.
 */
public final class MainViewModel {
    private final TaskRunner runner;
    private final ReplicaOptions options;
    private final Pricing pricing;
    private final Path restoresDir;
    private final RunningOperations operations = new RunningOperations();

    private final StringProperty replicaUrl = new SimpleStringProperty(this, "replicaUrl", "");
    private final ObservableList<GenerationRow> generations = FXCollections.observableArrayList();
    /**
     * One read-only view, kept: an unmodifiable wrapper listens to its source weakly, so listeners added to a
     * wrapper made per call would stop hearing changes once that wrapper is collected.
     */
    private final ObservableList<GenerationRow> generationsView = FXCollections.unmodifiableObservableList(generations);
    private final ObjectProperty<Optional<GenerationRow>> selectedGeneration =
            new SimpleObjectProperty<>(this, "selectedGeneration", Optional.empty());
    private final ObjectProperty<Optional<Instant>> selectedTime =
            new SimpleObjectProperty<>(this, "selectedTime", Optional.empty());
    private final ObjectProperty<PlanState> plan = new SimpleObjectProperty<>(this, "plan", PlanState.NONE);
    private final BooleanProperty opening = new SimpleBooleanProperty(this, "opening");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "Open a replica to begin.");

    private final BooleanProperty restoring = new SimpleBooleanProperty(this, "restoring");
    private final DoubleProperty restoreProgress = new SimpleDoubleProperty(this, "restoreProgress", 0);
    private final StringProperty restoreText = new SimpleStringProperty(this, "restoreText", "");
    private final ObjectProperty<Optional<RestoreResult>> lastRestore =
            new SimpleObjectProperty<>(this, "lastRestore", Optional.empty());
    private final ObjectProperty<Optional<FetchEstimate>> fetchEstimate =
            new SimpleObjectProperty<>(this, "fetchEstimate", Optional.empty());
    private final BooleanProperty onGcs = new SimpleBooleanProperty(this, "onGcs");
    private final ObjectProperty<Optional<DatabaseSummary>> restoredSummary =
            new SimpleObjectProperty<>(this, "restoredSummary", Optional.empty());

    private Optional<Catalog> catalog = Optional.empty();
    private long openSeq;
    private long planSeq;
    private Optional<Cancellation> running = Optional.empty();

    /** With list prices, restoring by default into the user's data directory ({@link UserDirs#restores}). */
    public MainViewModel(TaskRunner runner, ReplicaOptions options) {
        this(runner, options, Pricing.DEFAULT, UserDirs.restores(System.getenv()));
    }

    /**
     * @param pricing     what Cloud Storage operations cost, for the plan and the status bar
     * @param restoresDir where "Restore" writes without asking (created when first used)
     */
    public MainViewModel(TaskRunner runner, ReplicaOptions options, Pricing pricing, Path restoresDir) {
        this.runner = runner;
        // Every Cloud Storage store the window opens counts into one total: the session's requests.
        this.options = options.gcsTotals().isPresent() ? options : options.withGcsTotals(new RequestCounters());
        this.pricing = pricing;
        this.restoresDir = restoresDir;
    }

    // ---- commands ----

    /** Opens a replica (a folder, file://, gs:// or gcs:// URL) and lists its generations. */
    /**
     * Opens the bundled demo replica, installed into the user's cache on first use (off the UI thread: it writes a
     * few hundred files).
     */
    public void openDemo(java.util.Map<String, String> env) {
        status.set("Installing the demo replica …");
        runner.run(() -> dev.litescope.replica.DemoReplica.install(env).toUri().toString(), this::open,
                failure -> error.set("Could not install the demo replica: " + message(failure)));
    }

    public void open(String url) {
        String text = url == null ? "" : url.trim();
        ReplicaUrl parsed;
        try {
            parsed = ReplicaUrl.parse(text);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        open(text, parsed, () -> new Catalog(Replicas.open(parsed, options)));
    }

    /** Shows a catalogue opened elsewhere, such as the timeline benchmark's synthetic one. */
    public void open(Catalog opened) {
        open(opened.replica().url().toString(), opened.replica().url(), () -> opened);
    }

    private void open(String text, ReplicaUrl parsed, java.util.concurrent.Callable<Catalog> opener) {
        long seq = ++openSeq;
        planSeq++;
        replicaUrl.set(text);
        catalog = Optional.empty();
        generations.clear();
        selectedGeneration.set(Optional.empty());
        selectedTime.set(Optional.empty());
        plan.set(PlanState.NONE);
        fetchEstimate.set(Optional.empty());
        error.set("");
        opening.set(true);
        onGcs.set(parsed instanceof ReplicaUrl.Gcs);
        status.set("Listing " + parsed + " …");
        RunningOperations.Operation listing = operations.start("Listing " + parsed);
        runner.run(() -> {
            Catalog c = opener.call();
            return new Replica(c, rows(c));
        }, opened -> {
            listing.close();
            if (seq != openSeq) {
                return;
            }
            opening.set(false);
            catalog = Optional.of(opened.catalog());
            generations.setAll(opened.rows());
            if (opened.rows().isEmpty()) {
                error.set("No Litestream generations found at " + parsed + ". Is this the replica's folder "
                        + "(the one that holds \"generations/\")?");
                status.set("No generations.");
                return;
            }
            status.set(String.format(Locale.ROOT, "%s: %d generation(s), %s stored", parsed,
                    opened.rows().size(), Formats.bytes(opened.rows().stream()
                            .mapToLong(GenerationRow::storedBytes).sum())));
            // Start where `litestream restore` would: the latest state of the most recently updated generation.
            latest(opened.rows()).ifPresent(this::select);
        }, failure -> {
            listing.close();
            if (seq != openSeq) {
                return;
            }
            opening.set(false);
            error.set("Could not open " + parsed + ": " + message(failure));
            status.set("Open failed.");
        });
    }

    /**
     * Lists the open replica again, quietly: the selection stays (the same generation by name, the same moment),
     * except that a moment at the end of its generation follows the end as it grows, so a user watching a live
     * replica keeps seeing its latest state. Nothing is cleared while the listing runs, and an open started
     * meanwhile wins.
     */
    public void refresh() {
        if (catalog.isEmpty() || opening.get()) {
            return;
        }
        ReplicaUrl url = catalog.get().replica().url();
        long seq = openSeq;
        runner.run(() -> {
            Catalog c = new Catalog(Replicas.open(url, options));
            return new Replica(c, rows(c));
        }, fresh -> {
            if (seq != openSeq) {
                return;
            }
            Optional<GenerationRow> was = selectedGeneration.get();
            Optional<Instant> at = selectedTime.get();
            boolean following = was.isPresent() && at.isPresent() && was.get().end().equals(at);
            catalog = Optional.of(fresh.catalog());
            generations.setAll(fresh.rows());
            Optional<GenerationRow> now = was.flatMap(w -> fresh.rows().stream()
                    .filter(r -> r.name().equals(w.name())).findFirst());
            if (now.isPresent()) {
                select(now.get(), following ? now.get().end().orElse(null) : at.orElse(null));
            } else {
                latest(fresh.rows()).ifPresent(this::select);
            }
        }, failure -> {
            if (seq == openSeq) {
                status.set("Could not refresh " + url + ": " + message(failure));
            }
        });
    }

    /** Selects a generation; keeps the selected time if the generation spans it, else moves it to its end. */
    public void select(GenerationRow generation) {
        Instant t = selectedTime.get().filter(generation::spans)
                .orElseGet(() -> generation.end().orElse(null));
        select(generation, t);
    }

    /** Selects a moment in the selected generation and plans a restore of it. */
    public void selectTime(Instant time) {
        selectedGeneration.get().ifPresentOrElse(g -> select(g, time),
                () -> error.set("Select a generation first."));
    }

    /** Selects a generation and a moment in it at once (a click on a timeline lane), planning once. */
    public void select(GenerationRow generation, Instant time) {
        selectedGeneration.set(Optional.of(generation));
        selectedTime.set(Optional.ofNullable(time));
        replan();
    }

    /**
     * Selects moment {@code t} (typed by the user) in a generation that spans it: the selected one if it does,
     * else the one {@code litestream restore -timestamp} would pick, the one updated last.
     *
     * @return false, and nothing changes, when no generation spans {@code t}
     */
    public boolean selectMoment(Instant t) {
        Optional<GenerationRow> pick = selectedGeneration.get().filter(g -> g.spans(t))
                .or(() -> generations.stream().filter(g -> g.spans(t)).max(Comparator.comparing(g -> g.end().get())));
        pick.ifPresent(g -> select(g, t));
        return pick.isPresent();
    }

    /**
     * Restores the planned state into the restores folder under {@link #suggestedFileName()}, with a suffix when
     * that name is taken: never over an existing file.
     */
    public void restoreToDefault() {
        String name = suggestedFileName();
        startRestore(name, () -> {
            java.nio.file.Files.createDirectories(restoresDir);
            return FreePaths.unused(restoresDir, name);
        }, false);
    }

    /**
     * Restores the planned state into {@code out}. {@code replaceExisting} is for a path the user already
     * agreed to overwrite (the save dialog asks); otherwise an existing file is refused by the restorer.
     */
    public void restore(Path out, boolean replaceExisting) {
        startRestore(out.getFileName().toString(), () -> out, replaceExisting);
    }

    public void restore(Path out) {
        restore(out, false);
    }

    private void startRestore(String name, Callable<Path> destination, boolean replaceExisting) {
        if (restoring.get()) {
            return;
        }
        if (!(plan.get() instanceof PlanState.Planned planned) || catalog.isEmpty()) {
            error.set("Nothing to restore yet: select a generation and a time with a valid plan.");
            return;
        }
        RestorePlan p = planned.plan();
        Restorer restorer = new Restorer(catalog.get().replica());
        Cancellation cancellation = new Cancellation();
        running = Optional.of(cancellation);
        restoring.set(true);
        restoreProgress.set(0);
        restoreText.set("Starting…");
        error.set("");
        lastRestore.set(Optional.empty());
        restoredSummary.set(Optional.empty());
        RunningOperations.Operation op = operations.start("Restoring " + name);
        RestoreOptions restoreOptions = RestoreOptions.defaults().withForce(replaceExisting);
        long started = System.nanoTime();
        runner.run(() -> restorer.restore(p, destination.call(), restoreOptions, coalesced(op, started), cancellation),
                result -> {
            op.close();
            finishRestore();
            lastRestore.set(Optional.of(result));
            restoreProgress.set(1);
            restoreText.set(String.format(Locale.ROOT, "Restored %s (%s) in %.2f s", result.output().getFileName(),
                    Formats.bytes(result.databaseBytes()), result.elapsed().toNanos() / 1e9));
            status.set("Restored " + result.output());
            summarise(result.output());
            // What the cache holds has changed: the plan's "already cached" line with it.
            if (plan.get() instanceof PlanState.Planned now && now.plan().equals(p)) {
                estimate(planSeq, p);
            }
        }, failure -> {
            op.close();
            finishRestore();
            restoreProgress.set(0);
            if (failure instanceof Cancellation.CancelledException) {
                restoreText.set("Cancelled; nothing was written.");
                status.set("Restore cancelled.");
            } else {
                restoreText.set("Restore failed.");
                error.set("Restore failed: " + message(failure));
                status.set("Restore failed.");
            }
        });
    }

    /** Reads the restored database's tables and row counts, for the result section. */
    private void summarise(Path db) {
        RunningOperations.Operation op = operations.start("Counting rows in " + db.getFileName());
        runner.run(() -> DatabaseSummary.read(db), summary -> {
            op.close();
            if (lastRestore.get().map(r -> r.output().equals(db)).orElse(false)) {
                restoredSummary.set(Optional.of(summary));
            }
        }, failure -> {
            op.close();
            error.set("Restored " + db + ", but SQLite cannot read it: " + message(failure));
        });
    }

    /** A read-only view of the restored database's tables, until the SQL console can open it. */
    public Optional<TableBrowserViewModel> browseRestored() {
        return lastRestore.get().map(r -> new TableBrowserViewModel(runner, r.output()));
    }

    /** Asks a running restore to stop; it removes its temporary file and reports "cancelled". */
    public void cancel() {
        running.ifPresent(Cancellation::cancel);
    }

    /** Shows an error from another part of the window (the connections panel) in the error line. */
    public void reportError(String message) {
        error.set(message);
    }

    /** Clears the error line (the user dismissed it). */
    public void dismissError() {
        error.set("");
    }

    // ---- state ----

    /** The replica last opened, as the user typed it. */
    public ReadOnlyStringProperty replicaUrlProperty() {
        return replicaUrl;
    }

    public ObservableList<GenerationRow> generations() {
        return generationsView;
    }

    public ReadOnlyObjectProperty<Optional<GenerationRow>> selectedGenerationProperty() {
        return selectedGeneration;
    }

    public ReadOnlyObjectProperty<Optional<Instant>> selectedTimeProperty() {
        return selectedTime;
    }

    public ReadOnlyObjectProperty<PlanState> planProperty() {
        return plan;
    }

    public ReadOnlyBooleanProperty openingProperty() {
        return opening;
    }

    /** The latest error in words for the user; empty when there is none. */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyBooleanProperty restoringProperty() {
        return restoring;
    }

    /** 0..1 of the stored bytes to download. */
    public ReadOnlyDoubleProperty restoreProgressProperty() {
        return restoreProgress;
    }

    public ReadOnlyStringProperty restoreTextProperty() {
        return restoreText;
    }

    public ReadOnlyObjectProperty<Optional<RestoreResult>> lastRestoreProperty() {
        return lastRestore;
    }

    /** What the current plan would download, and what the cache already holds of it; empty while unknown. */
    public ReadOnlyObjectProperty<Optional<FetchEstimate>> fetchEstimateProperty() {
        return fetchEstimate;
    }

    /** Whether the open replica is in Cloud Storage, where downloads cost operations. */
    public ReadOnlyBooleanProperty onGcsProperty() {
        return onGcs;
    }

    /** The tables and row counts of the last restored database, once read. */
    public ReadOnlyObjectProperty<Optional<DatabaseSummary>> restoredSummaryProperty() {
        return restoredSummary;
    }

    public RunningOperations operations() {
        return operations;
    }

    /** Every Cloud Storage request the window made this session, over all the buckets it opened. */
    public RequestCounters sessionRequests() {
        return options.gcsTotals().orElseThrow();
    }

    public Pricing pricing() {
        return pricing;
    }

    /** Where {@link #restoreToDefault()} writes. */
    public Path restoresDir() {
        return restoresDir;
    }

    /** The plan, if the current selection has one. */
    public Optional<RestorePlan> currentPlan() {
        return plan.get() instanceof PlanState.Planned p ? Optional.of(p.plan()) : Optional.empty();
    }

    /** An object's key as messages name it: a path, or gs://bucket/key (as the planner's refusals do). */
    public String describe(String key) {
        return catalog.map(c -> c.replica().store().describe(key)).orElse(key);
    }

    /** A file name for the restored database that says what it is: generation and moment. */
    public String suggestedFileName() {
        String g = selectedGeneration.get().map(GenerationRow::name).orElse("latest");
        String t = selectedTime.get().map(i -> i.toString().replace(":", "").replace("-", "")).orElse("");
        return "litescope-" + g + (t.isEmpty() ? "" : "-" + t) + ".db";
    }

    // ---- internals ----

    private void replan() {
        long seq = ++planSeq;
        Optional<GenerationRow> g = selectedGeneration.get();
        Optional<Instant> t = selectedTime.get();
        if (g.isEmpty() || catalog.isEmpty()) {
            plan.set(PlanState.NONE);
            return;
        }
        RestoreTarget finalTarget = t.isPresent() ? RestoreTarget.timestamp(g.get().name(), t.get())
                : RestoreTarget.generation(g.get().name());
        Planner planner = new Planner(catalog.get());
        plan.set(PlanState.COMPUTING);
        fetchEstimate.set(Optional.empty());
        runner.run(() -> planner.plan(finalTarget), p -> {
            if (seq == planSeq) {
                plan.set(new PlanState.Planned(p));
                estimate(seq, p);
            }
        }, failure -> {
            if (seq == planSeq) {
                plan.set(new PlanState.Failed(message(failure)));
            }
        });
    }

    /** Asks the cache what of plan {@code seq} it holds (file lookups, so off the UI thread). */
    private void estimate(long seq, RestorePlan p) {
        if (catalog.isEmpty()) {
            return;
        }
        var store = catalog.get().replica().store();
        runner.run(() -> FetchEstimate.of(p, store), e -> {
            if (seq == planSeq) {
                fetchEstimate.set(Optional.of(e));
            }
        }, failure -> {
            // Without an estimate the plan still shows what it fetches; only the cache line is missing.
        });
    }

    private void finishRestore() {
        restoring.set(false);
        running = Optional.empty();
    }

    /**
     * The restorer reports from its download threads, often; only the newest report matters, so at most one
     * is queued for the UI thread at a time.
     */
    private Progress.Listener coalesced(RunningOperations.Operation op, long startedNanos) {
        AtomicReference<Progress> latest = new AtomicReference<>();
        AtomicBoolean queued = new AtomicBoolean();
        return p -> {
            latest.set(p);
            if (queued.compareAndSet(false, true)) {
                runner.post(() -> {
                    queued.set(false);
                    Progress now = latest.get();
                    if (restoring.get()) {
                        restoreProgress.set(now.fraction());
                        op.progress(now.fraction());
                        double seconds = (System.nanoTime() - startedNanos) / 1e9;
                        restoreText.set(String.format(Locale.ROOT, "%s%n%d of %d objects · %s of %s · %s/s",
                                now.phase(), now.objectsDone(), now.objectsPlanned(), Formats.bytes(now.bytesDone()),
                                Formats.bytes(now.bytesPlanned()),
                                Formats.bytes(seconds > 0 ? (long) (now.bytesDone() / seconds) : 0)));
                    }
                });
            }
        };
    }

    /** An engine failure in words: its message (engine messages name the object and what to do). */
    public static String message(Throwable t) {
        Throwable e = t;
        while (e.getMessage() == null && e.getCause() != null) {
            e = e.getCause();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * Every generation, loaded here so that all later planning is free of listings, in time order (names are
     * random hex), so the timeline's lanes read top to bottom as history.
     */
    private static List<GenerationRow> rows(Catalog c) throws ObjectStoreException {
        return c.allGenerations().stream().map(GenerationRow::of)
                .sorted(Comparator.comparing((GenerationRow r) -> r.start().orElse(Instant.MAX))
                        .thenComparing(GenerationRow::name))
                .toList();
    }

    /** The most recently updated generation: the one `litestream restore` picks. */
    private static Optional<GenerationRow> latest(List<GenerationRow> rows) {
        return rows.stream().filter(r -> r.end().isPresent()).max(Comparator.comparing(r -> r.end().get()));
    }

    private record Replica(Catalog catalog, List<GenerationRow> rows) {
    }
}
