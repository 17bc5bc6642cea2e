package dev.litescope.ui;

import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Layouts;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.LtxRow;
import dev.litescope.util.Cancellation;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * The open replica: its URL, its catalogue and its generations, and its Litestream 0.5 history when it holds LTX
 * files (a replica upgraded from 0.3 holds both), opened and listed again off the UI thread.
 * A newer open supersedes an older one (and a quiet refresh), so a slow listing never overwrites a replica
 * opened after it. While an open runs, and after one fails, nothing of the previous replica is published:
 * no catalogue, no generations, no selection.
 */
public final class ReplicaViewModel {
    /** The key an open and a refresh share: the newest wins. */
    private static final Object LISTING = new Object();
    /** Key ranges listed at once when looking below a path that is not a replica. */
    private static final int BELOW_PARALLELISM = 4;

    private final AppSession session;
    private final SelectionViewModel selection;

    private final StringProperty replicaUrl = new SimpleStringProperty(this, "replicaUrl", "");
    private final ObservableList<GenerationRow> generations;
    private final ObjectProperty<Optional<LtxRow>> ltx;
    private final ObjectProperty<Optional<Catalog>> catalog = new SimpleObjectProperty<>(this, "catalog",
            Optional.empty());
    private final BooleanProperty opening = new SimpleBooleanProperty(this, "opening");
    private final BooleanProperty onGcs = new SimpleBooleanProperty(this, "onGcs");

    /**
     * @param generations the list to fill (the one the selection looks rows up in)
     * @param ltx         the Litestream 0.5 history to fill (the one the selection and the plan read)
     * @param selection   told when a replica opens or is listed again
     */
    public ReplicaViewModel(AppSession session, ObservableList<GenerationRow> generations,
                            ObjectProperty<Optional<LtxRow>> ltx, SelectionViewModel selection) {
        this.session = session;
        this.generations = generations;
        this.ltx = ltx;
        this.selection = selection;
    }

    // ---- commands ----

    /**
     * Opens the bundled demo replica, installed into the user's cache on first use (off the UI thread: it writes
     * a few hundred files).
     */
    public void openDemo(Map<String, String> env) {
        // One task installs and lists: a start that opens the demo waits for the UI thread once, not twice (the
        // first start's UI thread is busy laying the window out).
        open("", Optional.empty(), () -> {
            String url = DemoReplica.install(env).toUri().toString();
            ReplicaUrl parsed = ReplicaUrl.parse(url);
            return new Opened(url, parsed, listed(new Catalog(Replicas.open(parsed, session.options()))));
        }, ". Open a replica of your own with Ctrl+L.");
    }

    /** Opens a replica (a folder, file://, gs:// or gcs:// URL) and lists its generations. */
    public void open(String url) {
        String text = url == null ? "" : url.trim();
        ReplicaUrl parsed;
        try {
            parsed = ReplicaUrl.parse(text);
        } catch (IllegalArgumentException e) {
            session.reportError(e.getMessage());
            return;
        }
        open(text, parsed, () -> new Catalog(Replicas.open(parsed, session.options())));
    }

    /** Shows a catalogue opened elsewhere, such as the timeline benchmark's synthetic one. */
    public void open(Catalog opened) {
        open(opened.replica().url().toString(), opened.replica().url(), () -> opened);
    }

    private void open(String text, ReplicaUrl parsed, Callable<Catalog> opener) {
        open(text, Optional.of(parsed), () -> new Opened(text, parsed, listed(opener.call())), "");
    }

    /** What an open found: the URL as shown in the Replica field, parsed, and its listing. */
    private record Opened(String text, ReplicaUrl parsed, Listed listed) {
    }

    /**
     * @param text   the Replica field's text while the listing runs
     * @param known  the replica, when known before the task runs; empty for the demo, whose folder is known once
     *               the task has installed it
     * @param hint   appended to a failure's message
     */
    private void open(String text, Optional<ReplicaUrl> known, Callable<Opened> opener, String hint) {
        String label = known.map(ReplicaUrl::toString).orElse("the demo replica");
        replicaUrl.set(text);
        clear();
        session.dismissError();
        opening.set(true);
        onGcs.set(known.filter(u -> u instanceof ReplicaUrl.Gcs).isPresent());
        session.setStatus("Listing " + label + " …");
        session.runner().execute(BackgroundTask.ofCallable("Listing " + label, opener)
                .supersedes(LISTING)
                .onSuccess(result -> {
                    Listed opened = result.listed();
                    ReplicaUrl parsed = result.parsed();
                    replicaUrl.set(result.text());
                    onGcs.set(parsed instanceof ReplicaUrl.Gcs);
                    opening.set(false);
                    // Catalogue first: the timeline's lanes name objects through it as they are built.
                    catalog.set(Optional.of(opened.catalog()));
                    ltx.set(opened.ltx());
                    generations.setAll(opened.rows());
                    if (opened.rows().isEmpty() && opened.ltx().isEmpty()) {
                        session.reportError(notAReplica(parsed, opened.below()));
                        session.setStatus("No generations.");
                        return;
                    }
                    session.setStatus(summary(parsed, opened.rows(), opened.ltx()));
                    selection.opened(opened.rows());
                })
                .onFailure(failure -> {
                    opening.set(false);
                    clear();
                    session.reportError("Could not open " + label + ": " + AppSession.message(failure) + hint);
                    session.setStatus("Open failed.");
                }));
    }

    /**
     * Lists the open replica again, quietly: the selection stays (see {@link SelectionViewModel}). Nothing is
     * cleared while the listing runs, and an open started meanwhile wins.
     */
    public void refresh() {
        if (catalog.get().isEmpty() || opening.get()) {
            return;
        }
        ReplicaUrl url = catalog.get().get().replica().url();
        session.runner().execute(BackgroundTask.ofCallable("", () -> {
                    Catalog c = new Catalog(Replicas.open(url, session.options()));
                    return listed(c);
                })
                .supersedes(LISTING)
                .onSuccess(fresh -> {
                    catalog.set(Optional.of(fresh.catalog()));
                    ltx.set(fresh.ltx());
                    generations.setAll(fresh.rows());
                    selection.refreshed(fresh.rows());
                    // A live replica grows: the status line follows it.
                    session.setStatus(summary(url, fresh.rows(), fresh.ltx()));
                })
                .onFailure(failure -> session.setStatus("Could not refresh " + url + ": "
                        + AppSession.message(failure))));
    }

    private static String summary(ReplicaUrl url, List<GenerationRow> rows, Optional<LtxRow> ltx) {
        String v3 = String.format(Locale.ROOT, "%d generation(s), %s stored", rows.size(),
                Formats.bytes(rows.stream().mapToLong(GenerationRow::storedBytes).sum()));
        if (ltx.isEmpty()) {
            return url + ": " + v3;
        }
        LtxHistory h = ltx.get().history();
        String levels = String.format(Locale.ROOT, "%d LTX file(s) in %d level(s), TXIDs up to %s, %s stored",
                h.files().size(), h.levels().size(), h.maxTxid().map(LtxNames::txid).orElse("none"),
                Formats.bytes(h.files().stream().mapToLong(LtxFile::size).sum()));
        String warned = h.warnings().isEmpty() ? "" : String.format(Locale.ROOT, ", %d health warning(s)",
                h.warnings().size());
        return url + ": " + (rows.isEmpty() ? "" : v3 + " (Litestream 0.3) and ") + levels + warned;
    }

    private void clear() {
        selection.clear();
        catalog.set(Optional.empty());
        ltx.set(Optional.empty());
        generations.clear();
    }

    // ---- state ----

    /** The replica last opened, as the user typed it. */
    public ReadOnlyStringProperty replicaUrlProperty() {
        return replicaUrl;
    }

    /** The open replica's catalogue; empty while opening, after a failed open, or before any. */
    public ReadOnlyObjectProperty<Optional<Catalog>> catalogProperty() {
        return catalog;
    }

    /** The open replica's Litestream 0.5 history; empty when it holds no LTX files, while opening, or before any. */
    public ReadOnlyObjectProperty<Optional<LtxRow>> ltxProperty() {
        return ltx;
    }

    public ReadOnlyBooleanProperty openingProperty() {
        return opening;
    }

    /** Whether the open replica is in Cloud Storage, where downloads cost operations. */
    public ReadOnlyBooleanProperty onGcsProperty() {
        return onGcs;
    }

    /** An object's key as messages name it: a path, or gs://bucket/key (as the planner's refusals do). */
    public String describe(String key) {
        return catalog.get().map(c -> c.replica().store().describe(key)).orElse(key);
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

    /**
     * The generations and the Litestream 0.5 history of {@code c}'s replica. A replica of LTX files alone has no
     * generations to list (the 0.3 catalogue would refuse it as a 0.5 replica): its history is all there is.
     */
    private static Listed listed(Catalog c) throws ObjectStoreException, InterruptedException {
        Optional<LtxRow> ltx = ltx(c);
        boolean v3 = ltx.isEmpty() || Layouts.holds(c.replica(), Discovery.Format.LITESTREAM_0_3);
        List<GenerationRow> rows = v3 ? rows(c) : List.of();
        // Not a replica: perhaps a folder (or prefix) of them, which a user may well type here.
        List<Discovery.Named> below = rows.isEmpty() && ltx.isEmpty()
                ? new Discovery(c.replica(), BELOW_PARALLELISM).findNames(new Cancellation()) : List.of();
        return new Listed(c, rows, ltx, below);
    }

    /** What to say when {@code url} holds no history: where to look, or which replicas lie below it. */
    static String notAReplica(ReplicaUrl url, List<Discovery.Named> below) {
        if (below.isEmpty()) {
            return "No Litestream generations or LTX files found at " + url + ". Is this the replica's folder (the "
                    + "one that holds \"generations/\" or \"ltx/\")?";
        }
        String first = below.get(0).url().toString();
        return url + " is not a replica but holds " + below.size() + (below.size() == 1 ? " replica" : " replicas")
                + " below it (" + first + (below.size() > 1 ? ", …" : "") + "): open one of them, or add " + url
                + " as a connection (Add folder… or Add bucket…) to see them all.";
    }

    /** The replica's Litestream 0.5 history, listed once here, when it holds LTX files. */
    private static Optional<LtxRow> ltx(Catalog c) throws ObjectStoreException {
        return Layouts.holds(c.replica(), Discovery.Format.LITESTREAM_0_5)
                ? Optional.of(LtxRow.of(new LtxCatalog(c.replica()))) : Optional.empty();
    }

    private record Listed(Catalog catalog, List<GenerationRow> rows, Optional<LtxRow> ltx,
                          List<Discovery.Named> below) {
    }
}
