package dev.litescope.ui;

import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.LtxRow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;

/**
 * What the user chose to restore: one {@link RestoreTarget} (a generation and a moment in it), or nothing. The
 * generation row and the moment the timeline and the plan show are read from that one target, so they can
 * never disagree with it. A moment the user asked for that no generation holds is <em>rejected</em>: the
 * rejection says why in words, and while it stands nothing can be restored (the plan shows the rejection).
 *
 * <p>In a Litestream 0.5 history the target is a TXID (no generation): only restorable TXIDs can be selected, and
 * the moment is where the timeline shows that TXID, the first from which a {@code -timestamp} restore gives it.
 */
public final class SelectionViewModel {
    private final AppSession session;
    private final ObservableList<GenerationRow> generations;
    private final ObservableValue<Optional<LtxRow>> ltx;

    private final ObjectProperty<Optional<RestoreTarget>> target =
            new SimpleObjectProperty<>(this, "target", Optional.empty());
    private final ObjectProperty<Optional<GenerationRow>> generation =
            new SimpleObjectProperty<>(this, "generation", Optional.empty());
    private final ObjectProperty<Optional<Instant>> time = new SimpleObjectProperty<>(this, "time", Optional.empty());
    private final StringProperty rejection = new SimpleStringProperty(this, "rejection", "");

    /**
     * @param generations the open replica's generations, which a target's generation is looked up in
     * @param ltx         the open replica's Litestream 0.5 history, which a TXID is looked up in
     */
    public SelectionViewModel(AppSession session, ObservableList<GenerationRow> generations,
                              ObservableValue<Optional<LtxRow>> ltx) {
        this.session = session;
        this.generations = generations;
        this.ltx = ltx;
    }

    // ---- the target, through the record's API (kept to these helpers so a change of RestoreTarget stays here) ----

    static RestoreTarget targetOf(GenerationRow g, Optional<Instant> t) {
        return t.isPresent() ? RestoreTarget.timestamp(g.name(), t.get()) : RestoreTarget.generation(g.name());
    }

    static Optional<String> generationOf(RestoreTarget t) {
        return t.inGeneration();
    }

    static Optional<Instant> timestampOf(RestoreTarget t) {
        return t.asOf();
    }

    // ---- commands ----

    /** Selects a generation; keeps the selected time if the generation spans it, else moves it to its end. */
    public void select(GenerationRow row) {
        Optional<Instant> t = time.get().filter(row::spans).or(row::end);
        select(row, t.orElse(null));
    }

    /** Selects a generation and a moment in it at once (a click on a timeline lane). */
    public void select(GenerationRow row, Instant at) {
        set(Optional.of(targetOf(row, Optional.ofNullable(at))), Optional.of(row), Optional.ofNullable(at));
    }

    /**
     * Selects TXID {@code txid} of the Litestream 0.5 history (typed, or picked on the timeline).
     *
     * @return false when it cannot be restored: the selection stays, rejected with the history's reason
     */
    public boolean selectTxid(long txid) {
        if (ltx.getValue().isEmpty()) {
            reject("TXID " + LtxNames.txid(txid) + ": the open replica holds no Litestream 0.5 LTX files; pick a "
                    + "moment instead");
            return false;
        }
        LtxRow row = ltx.getValue().get();
        Optional<String> why = row.history().whyNotRestorable(txid);
        if (why.isPresent()) {
            reject(why.get());
            return false;
        }
        set(Optional.of(RestoreTarget.txid(txid)), Optional.empty(), row.momentOf(txid));
        return true;
    }

    /**
     * Selects the state of the Litestream 0.5 history in force at {@code at}: the TXID of the restore point at or
     * before it (the first, before every point), with the cursor snapped onto that point.
     */
    public void selectLtxAt(Instant at) {
        Optional<LtxHistory.RestorePoint> point = ltx.getValue().flatMap(r -> r.pointAt(at));
        point.ifPresentOrElse(p -> set(Optional.of(RestoreTarget.txid(p.txid())), Optional.empty(),
                        Optional.of(p.from())),
                () -> reject("The Litestream 0.5 history has no restorable state: no chain of LTX files starts at "
                        + "TXID 1"));
    }

    /** Selects a moment in the selected generation, or the 0.5 history's state at it when a TXID is selected. */
    public void selectTime(Instant at) {
        if (generation.get().isPresent()) {
            select(generation.get().get(), at);
        } else if (selectedTxid().isPresent()) {
            selectLtxAt(at);
        } else {
            session.reportError("Select a generation first.");
        }
    }

    /**
     * Selects moment {@code t} (typed by the user) in a generation that spans it: the selected one if it does,
     * else the one {@code litestream restore -timestamp} would pick, the one updated last.
     *
     * @return false when no generation spans {@code t}: the selection stays, but is rejected with a message
     *         that names the gap {@code t} falls in and the generations on either side
     */
    public boolean selectMoment(Instant t) {
        Optional<GenerationRow> pick = generation.get().filter(g -> g.spans(t))
                .or(() -> generations.stream().filter(g -> g.spans(t)).max(Comparator.comparing(g -> g.end().get())));
        if (pick.isEmpty() && ltx.getValue().isPresent()) {
            LtxRow row = ltx.getValue().get();
            Optional<Long> reached = row.history().txidAt(t);
            if (reached.isPresent()) {
                return selectTxid(reached.get());
            }
            reject("No LTX file is older than " + TimeText.tag(t, session.zoneProperty().get()) + ": the "
                    + "Litestream 0.5 history starts at " + row.history().oldest().map(o -> TimeText.tag(o,
                    session.zoneProperty().get())).orElse("no time") + ". Pick a later moment.");
            return false;
        }
        pick.ifPresentOrElse(g -> select(g, t), () -> reject(outside(t)));
        return pick.isPresent();
    }

    /** Rejects what the user typed (text that is no moment, or a moment no generation holds), in words. */
    public void reject(String why) {
        rejection.set(why);
    }

    /** Nothing selected (a replica is being opened, or has none). */
    public void clear() {
        set(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A replica was opened with these generations (and the 0.5 history, if any): start where `litestream restore`
     * would, at the latest state of the history that holds the newer data.
     */
    void opened(List<GenerationRow> rows) {
        Optional<GenerationRow> v3 = latest(rows);
        Optional<LtxRow> v5 = ltx.getValue().filter(r -> r.latestRestorable().isPresent());
        boolean newer = v5.isPresent() && (v3.isEmpty() || !v5.get().history().newest().orElseThrow()
                .isBefore(v3.get().end().orElseThrow()));
        if (newer) {
            selectTxid(v5.get().latestRestorable().get());
        } else {
            v3.ifPresentOrElse(this::select, this::clear);
        }
    }

    /**
     * The open replica was listed again: the same generation by name and the same moment stay, except that a
     * moment at the end of its generation follows the end as it grows.
     */
    void refreshed(List<GenerationRow> rows) {
        if (target.get().orElse(null) instanceof RestoreTarget.Txid t) {
            // The same TXID stays while it can still be restored (its moment may move as files are compacted).
            if (ltx.getValue().map(r -> r.history().isRestorable(t.txid())).orElse(false)) {
                selectTxid(t.txid());
            } else {
                opened(rows);
            }
            return;
        }
        Optional<GenerationRow> was = generation.get();
        Optional<Instant> at = time.get();
        boolean following = was.isPresent() && at.isPresent() && was.get().end().equals(at);
        Optional<GenerationRow> now = was.flatMap(w -> rows.stream()
                .filter(r -> r.name().equals(w.name())).findFirst());
        if (now.isPresent()) {
            select(now.get(), following ? now.get().end().orElse(null) : at.orElse(null));
        } else {
            opened(rows);
        }
    }

    private void set(Optional<RestoreTarget> t, Optional<GenerationRow> row, Optional<Instant> at) {
        rejection.set("");
        // Row first: listeners of the moment read the generation it belongs to.
        generation.set(row);
        time.set(at);
        target.set(t);
    }

    /** Why no generation holds {@code t}: before the first, after the last, or in a gap between two. */
    private String outside(Instant t) {
        ZoneId zone = session.zoneProperty().get();
        String at = "No generation spans " + TimeText.tag(t, zone) + ": ";
        Optional<GenerationRow> before = generations.stream()
                .filter(g -> g.end().isPresent() && g.end().get().isBefore(t))
                .max(Comparator.comparing(g -> g.end().get()));
        Optional<GenerationRow> after = generations.stream()
                .filter(g -> g.start().isPresent() && g.start().get().isAfter(t))
                .min(Comparator.comparing(g -> g.start().get()));
        if (before.isEmpty() && after.isEmpty()) {
            return "Open a replica first.";
        }
        if (before.isPresent() && after.isPresent()) {
            return at + "it falls in the gap between generation " + before.get().name() + ", which ends at "
                    + TimeText.tag(before.get().end().get(), zone) + ", and generation " + after.get().name()
                    + ", which starts at " + TimeText.tag(after.get().start().get(), zone)
                    + ". Pick a moment in either.";
        }
        if (after.isPresent()) {
            return at + "the replica's objects go from " + TimeText.tag(after.get().start().get(), zone)
                    + " (generation " + after.get().name() + ") to " + TimeText.tag(lastEnd().orElseThrow(), zone)
                    + ". Pick a moment in that range.";
        }
        return at + "the replica's objects go from " + TimeText.tag(firstStart().orElseThrow(), zone) + " to "
                + TimeText.tag(before.get().end().get(), zone) + " (the end of generation " + before.get().name()
                + "). Pick a moment in that range.";
    }

    private Optional<Instant> firstStart() {
        return generations.stream().flatMap(r -> r.start().stream()).min(Instant::compareTo);
    }

    private Optional<Instant> lastEnd() {
        return generations.stream().flatMap(r -> r.end().stream()).max(Instant::compareTo);
    }

    /** The most recently updated generation: the one `litestream restore` picks. */
    static Optional<GenerationRow> latest(List<GenerationRow> rows) {
        return rows.stream().filter(r -> r.end().isPresent()).max(Comparator.comparing(r -> r.end().get()));
    }

    // ---- state ----

    /** The one selection: what a restore now would restore. */
    public ReadOnlyObjectProperty<Optional<RestoreTarget>> targetProperty() {
        return target;
    }

    /** The target's generation, as a row of the open replica. */
    public ReadOnlyObjectProperty<Optional<GenerationRow>> generationProperty() {
        return generation;
    }

    /** The target's moment; for a TXID, where the timeline shows it. */
    public ReadOnlyObjectProperty<Optional<Instant>> timeProperty() {
        return time;
    }

    /** The TXID of the Litestream 0.5 history selected, if that is what is selected. */
    public Optional<Long> selectedTxid() {
        return target.get().filter(RestoreTarget.Txid.class::isInstance).map(t -> ((RestoreTarget.Txid) t).txid());
    }

    /** Why the moment last asked for was refused; empty when it was not. */
    public ReadOnlyStringProperty rejectionProperty() {
        return rejection;
    }
}
