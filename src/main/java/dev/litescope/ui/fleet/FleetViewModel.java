package dev.litescope.ui.fleet;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetFilter;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The fleet table's state: every replica a connection's search found, those the filter keeps in the chosen
 * order, their totals and histograms, and the bulk runs (verify, restore, export) over a selection with a result
 * per replica. Properties and lists only, no Nodes.
 *
 * <p>The replicas come from the connection's own search (the tree's), never from a second listing. The filter and
 * the sort are the command line's ({@link FleetFilter}, {@link FleetSort}): a term the filter does not understand
 * is shown in {@link #filterErrorProperty()} while the last filter that parsed stays applied. The filter and the
 * sort run off the UI thread ({@link ShownRows}), each superseding the one before, so typing or clicking a header
 * over 100,000 rows leaves the UI thread only the swap of the finished rows. Bulk runs go through
 * {@link BulkRun} as a {@link BackgroundTask}; their results reach the UI thread in batches, so a run of thousands
 * of replicas costs the UI thread one update per frame, not one per replica.
 */
public final class FleetViewModel {
    /** Replicas restored or verified at once, as the command line's default. */
    static final int PARALLELISM = 4;

    /** The table's totals over what the filter shows. */
    public record Totals(int replicas, long bytes, long objects, double cost) {
    }

    private final TaskRunner runner;
    private final String location;
    private final Callable<Replica> searched;
    private final Pricing pricing;
    private final Clock clock;
    private List<FleetReplica> all = List.of();
    private FleetFilter filter = FleetFilter.all();
    private final ObservableList<FleetReplica> shown = FXCollections.observableArrayList();
    private final ObservableList<FleetReplica> shownView = FXCollections.unmodifiableObservableList(shown);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ReadOnlyStringWrapper filterError = new ReadOnlyStringWrapper(this, "filterError", "");
    private final ReadOnlyObjectWrapper<FleetSort> sort = new ReadOnlyObjectWrapper<>(this, "sort",
            FleetSort.BY_PATH);
    private final ReadOnlyObjectWrapper<Totals> totals = new ReadOnlyObjectWrapper<>(this, "totals",
            new Totals(0, 0, 0, 0));
    private final ReadOnlyObjectWrapper<List<FleetHistogram.Bucket>> lagHistogram =
            new ReadOnlyObjectWrapper<>(this, "lagHistogram", FleetHistogram.lag(List.of()));
    private final ReadOnlyObjectWrapper<List<FleetHistogram.Bucket>> sizeHistogram =
            new ReadOnlyObjectWrapper<>(this, "sizeHistogram", FleetHistogram.size(List.of()));
    private final Map<String, BulkRun.Result> results = new HashMap<>();
    private final ReadOnlyBooleanWrapper replacing = new ReadOnlyBooleanWrapper(this, "replacing");
    private final ReadOnlyIntegerWrapper resultsVersion = new ReadOnlyIntegerWrapper(this, "resultsVersion");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper resultsShown = new ReadOnlyBooleanWrapper(this, "resultsShown");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper bulkStatus = new ReadOnlyStringWrapper(this, "bulkStatus", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private Optional<TaskHandle> bulk = Optional.empty();
    private Optional<Boolean> byResult = Optional.empty();

    /**
     * @param location where the replicas are, for titles ("gs://bucket/tenants")
     * @param searched opens the searched prefix (its store holds every replica); called off the UI thread, and
     *                 its store is closed when the run ends
     */
    public FleetViewModel(TaskRunner runner, String location, Callable<Replica> searched, Pricing pricing,
                          Clock clock) {
        this.runner = runner;
        this.location = location;
        this.searched = searched;
        this.pricing = pricing;
        this.clock = clock;
        filterText.addListener((o, a, b) -> applyFilter(b));
    }

    // ---- commands ----

    /**
     * Shows what a search found: each replica's lag, cost and health are worked out now, off the UI thread.
     *
     * @param searchedRoot the searched prefix's key prefix (ending in '/', or empty)
     */
    public void load(List<Discovery.Found> found, String searchedRoot) {
        List<Discovery.Found> copy = List.copyOf(found);
        runner.execute(BackgroundTask.ofCallable("", () -> {
            Instant now = clock.instant();
            return copy.stream().map(f -> FleetReplica.of(f, searchedRoot, now, pricing)).toList();
        }).supersedes(new LoadKey(this)).onSuccess(replicas -> {
            all = replicas;
            apply();
        }).onFailure(failure -> error.set("Could not read the replicas of " + location + ": "
                + MainViewModel.message(failure))));
    }

    /** Orders the table; the column headers set it. */
    public void sort(FleetSort order) {
        if (!order.equals(sort.get()) || byResult.isPresent()) {
            byResult = Optional.empty();
            sort.set(order);
            apply();
        }
    }

    /**
     * Orders the table by the last bulk run's results: failed first, then skipped, ok, and replicas without a
     * result; descending turns that round. Ties go by path. The order is taken when asked: results that arrive
     * later do not move the rows.
     */
    public void sortByResult(boolean descending) {
        byResult = Optional.of(descending);
        apply();
    }

    /** Whether the table is ordered by result, and which way; empty when by {@link #sortProperty()}. */
    public Optional<Boolean> sortedByResult() {
        return byResult;
    }

    /** Restores each replica to a temporary file, runs {@code PRAGMA integrity_check} on it and deletes it. */
    public void verify(List<FleetReplica> which) {
        run("Verifying", which, RestoreTarget.latest(),
                (r, list, l, c) -> r.verifyAll(list, l, c));
    }

    /**
     * Restores each replica to its own file below {@code dir} (one per tenant path, as {@code restore-all}).
     *
     * @param at      the moment to restore; empty for the latest state
     * @param replace replace files that exist already; otherwise they are kept and the replica is skipped
     */
    public void restore(List<FleetReplica> which, Path dir, Optional<Instant> at, boolean replace) {
        run("Restoring", which, at.map(RestoreTarget::timestamp).orElseGet(RestoreTarget::latest),
                (r, list, l, c) -> r.restoreAll(list, dir, replace, l, c));
    }

    /** Writes the table as shown (the filter's rows in the shown order) to {@code file} as CSV. */
    public void exportCsv(Path file) {
        List<FleetReplica> rows = List.copyOf(shown);
        Map<String, BulkRun.Result> known = Map.copyOf(results);
        runner.execute(BackgroundTask.ofCallable("Exporting " + rows.size() + " replicas to " + file, () -> {
            FleetCsv.write(file, rows, known);
            return rows.size();
        }).onSuccess(n -> bulkStatus.set("Exported " + n + " replica(s) to " + file))
                .onFailure(failure -> error.set("Could not export the table to " + file + ": "
                        + MainViewModel.message(failure) + ". Choose a folder you can write to.")));
    }

    /** Stops the bulk run under way; the replicas not started yet are not tried. */
    public void cancelBulk() {
        bulk.ifPresent(TaskHandle::cancel);
    }

    /** Shows a problem the window found (a moment it cannot read), with what to do. */
    public void reportError(String message) {
        error.set(message);
    }

    public void dismissError() {
        error.set("");
    }

    // ---- state ----

    /** The replicas the filter keeps, in the chosen order. */
    public ObservableList<FleetReplica> shown() {
        return shownView;
    }

    /** True while the shown rows are being replaced: a table keeps its selection across it. */
    public ReadOnlyBooleanProperty replacingProperty() {
        return replacing.getReadOnlyProperty();
    }

    /** Every replica found. */
    public List<FleetReplica> all() {
        return all;
    }

    public String location() {
        return location;
    }

    /** What the filter box holds; setting it filters the table. */
    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Why the filter's text is not understood, naming the term; empty when it is. */
    public ReadOnlyStringProperty filterErrorProperty() {
        return filterError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FleetSort> sortProperty() {
        return sort.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Totals> totalsProperty() {
        return totals.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<FleetHistogram.Bucket>> lagHistogramProperty() {
        return lagHistogram.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<FleetHistogram.Bucket>> sizeHistogramProperty() {
        return sizeHistogram.getReadOnlyProperty();
    }

    /** The last bulk run's result for a replica, if it was in one. */
    public Optional<BulkRun.Result> resultOf(FleetReplica r) {
        return Optional.ofNullable(results.get(r.path()));
    }

    /** Changes each time results arrive: the table redraws its result column then. */
    public ReadOnlyIntegerProperty resultsVersionProperty() {
        return resultsVersion.getReadOnlyProperty();
    }

    /** While a bulk verify or restore runs. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Whether a bulk run has begun here: the table has a Result column from then on, its room the path's before. */
    public ReadOnlyBooleanProperty resultsShownProperty() {
        return resultsShown.getReadOnlyProperty();
    }

    /** How far the bulk run is, 0..1. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The bulk run's counts so far, then its summary ("Verified 300 of 300: 299 ok, 1 failed…"). */
    public ReadOnlyStringProperty bulkStatusProperty() {
        return bulkStatus.getReadOnlyProperty();
    }

    /** A failure of a whole run or export, with what to do; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    // ---- internals ----

    private record LoadKey(FleetViewModel model) {
    }

    private record ShownKey(FleetViewModel model) {
    }

    @FunctionalInterface
    private interface Bulk {
        BulkRun.Totals run(BulkRun run, List<FleetReplica> which, BulkRun.Listener listener, Cancellation cancel)
                throws Exception;
    }

    private void run(String verb, List<FleetReplica> which, RestoreTarget target, Bulk job) {
        if (running.get()) {
            error.set("A bulk run is under way: wait for it, or cancel it first.");
            return;
        }
        if (which.isEmpty()) {
            error.set("No replica is selected: select rows in the table, or use \"all shown\".");
            return;
        }
        List<FleetReplica> list = List.copyOf(which);
        resultsShown.set(true);
        list.forEach(r -> results.remove(r.path()));
        resultsVersion.set(resultsVersion.get() + 1);
        Queue<BulkRun.Result> arrived = new ConcurrentLinkedQueue<>();
        running.set(true);
        progress.set(0);
        error.set("");
        bulkStatus.set(verb + " " + list.size() + " replica(s)…");
        String title = verb + " " + list.size() + " replica(s) of " + location;
        BackgroundTask<BulkRun.Totals> task = BackgroundTask.of(title, context -> {
            Replica opened = searched.call();
            try (ObjectStore store = opened.store()) {
                Consumer<BulkRun.Totals> toUi = context.coalesced(t -> drain(arrived, t, verb, false));
                BulkRun.Listener listener = (r, soFar) -> {
                    arrived.add(r);
                    context.progress(soFar.fraction(), "");
                    toUi.accept(soFar);
                };
                return job.run(new BulkRun(opened, target, PARALLELISM), list, listener, context.cancellation());
            }
        }).onSuccess(t -> drain(arrived, t, verb, true))
                .onFailure(failure -> {
                    drain(arrived, null, verb, true);
                    if (!(failure instanceof Cancellation.CancelledException)) {
                        error.set(verb + " the replicas of " + location + " failed: "
                                + MainViewModel.message(failure));
                    }
                })
                .onFinished(() -> {
                    running.set(false);
                    bulk = Optional.empty();
                });
        TaskHandle handle = runner.execute(task);
        bulk = handle.isOver() ? Optional.empty() : Optional.of(handle);
    }

    /** Takes in the results that arrived, on the UI thread. */
    private void drain(Queue<BulkRun.Result> arrived, BulkRun.Totals t, String verb, boolean end) {
        for (BulkRun.Result r = arrived.poll(); r != null; r = arrived.poll()) {
            results.put(r.replica().path(), inWindowWords(r));
        }
        resultsVersion.set(resultsVersion.get() + 1);
        if (t != null) {
            progress.set(t.fraction());
            bulkStatus.set(summary(verb, t, end));
        } else if (end) {
            bulkStatus.set(verb + " stopped.");
        }
    }

    /** A kept file's advice names the window's box, not the command line's flag. */
    private static BulkRun.Result inWindowWords(BulkRun.Result r) {
        if (r.outcome() != BulkRun.Outcome.SKIPPED || !r.message().contains("-force")) {
            return r;
        }
        return new BulkRun.Result(r.replica(), r.outcome(), r.file(), r.databaseBytes(), r.bytesDownloaded(),
                r.elapsed(), r.message().replace("restore with -force", "tick \"" + REPLACE + "\""));
    }

    /** The box that makes a restore replace existing files. */
    public static final String REPLACE = "Replace existing files";

    /** "Verified 300 of 300 replica(s): 299 ok, 1 failed, 0 skipped in 1.3 s". */
    static String summary(String verb, BulkRun.Totals t, boolean end) {
        String done = end ? (verb.equals("Verifying") ? "Verified" : "Restored") : verb;
        return String.format(Locale.ROOT, "%s %d of %d replica(s): %d ok, %d failed, %d skipped%s in %.1f s", done,
                t.done(), t.total(), t.ok(), t.failed(), t.skipped(), t.cancelled() ? " (cancelled)" : "",
                t.elapsed().toMillis() / 1000.0);
    }

    private void applyFilter(String text) {
        try {
            filter = text == null || text.isBlank() ? FleetFilter.all() : FleetFilter.parse(text);
            filterError.set("");
        } catch (IllegalArgumentException e) {
            filterError.set(e.getMessage());
            return; // the last filter that parsed stays
        }
        apply();
    }

    /**
     * Works out the shown rows off the UI thread. Each call supersedes the one before (a keystroke, a header
     * click, a new search), so an older filter still running is stopped and its rows never land after newer ones;
     * the UI thread only swaps in the finished rows, totals and histograms together.
     */
    private void apply() {
        List<FleetReplica> rows = all;
        FleetFilter keep = filter;
        Comparator<FleetReplica> order = byResult.map(desc -> ShownRows.byResult(results, desc))
                .orElseGet(() -> sort.get().comparator());
        runner.execute(BackgroundTask.of("", context -> ShownRows.of(rows, keep, order, context.cancellation()))
                .supersedes(new ShownKey(this))
                .onSuccess(this::show));
    }

    private void show(ShownRows view) {
        replacing.set(true);
        shown.setAll(view.rows());
        replacing.set(false);
        totals.set(view.totals());
        lagHistogram.set(view.lag());
        sizeHistogram.set(view.size());
    }
}
