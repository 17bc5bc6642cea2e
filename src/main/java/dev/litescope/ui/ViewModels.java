package dev.litescope.ui;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.restore.PlanViewModel;
import dev.litescope.ui.restore.RestoreViewModel;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.LtxRow;
import dev.litescope.util.UserDirs;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The one place the main window's view models are made and tied together: the session, the open replica, the
 * selection, the plan and the restore. The app and the tests build them here, so no view model builds another.
 */
public final class ViewModels {
    private final AppSession session;
    private final ObservableList<GenerationRow> generations = FXCollections.observableArrayList();
    /**
     * One read-only view, kept: an unmodifiable wrapper listens to its source weakly, so listeners added to a
     * wrapper made per call would stop hearing changes once that wrapper is collected.
     */
    private final ObservableList<GenerationRow> generationsView;
    /** The open replica's Litestream 0.5 history: the replica fills it, the selection, plan and restore read it. */
    private final ObjectProperty<Optional<LtxRow>> ltx = new SimpleObjectProperty<>(this, "ltx", Optional.empty());
    private final SelectionViewModel selection;
    private final ReplicaViewModel replica;
    private final PlanViewModel plan;
    private final RestoreViewModel restore;

    public ViewModels(AppSession session) {
        this.session = session;
        ObservableList<GenerationRow> readOnly = FXCollections.unmodifiableObservableList(generations);
        this.selection = new SelectionViewModel(session, readOnly, ltx);
        this.replica = new ReplicaViewModel(session, generations, ltx, selection);
        this.plan = new PlanViewModel(session, replica.catalogProperty(), replica.ltxProperty(),
                selection.targetProperty(), selection.rejectionProperty());
        this.restore = new RestoreViewModel(session, plan, replica.catalogProperty(), replica.ltxProperty(),
                this::suggestedFileName);
        this.generationsView = readOnly;
    }

    /** With list prices, restoring into the user's data directory ({@link UserDirs#restores}). */
    public static ViewModels create(TaskRunner runner, ReplicaOptions options) {
        return create(runner, options, Pricing.DEFAULT, UserDirs.restores(System.getenv()));
    }

    public static ViewModels create(TaskRunner runner, ReplicaOptions options, Pricing pricing, Path restoresDir) {
        return new ViewModels(new AppSession(runner, options, pricing, restoresDir, System.getenv()));
    }

    public AppSession session() {
        return session;
    }

    /** The open replica's generations, read-only, in time order. */
    public ObservableList<GenerationRow> generations() {
        return generationsView;
    }

    public SelectionViewModel selection() {
        return selection;
    }

    public ReplicaViewModel replica() {
        return replica;
    }

    public PlanViewModel plan() {
        return plan;
    }

    public RestoreViewModel restore() {
        return restore;
    }

    /**
     * A file name for the restored database that says what it is: generation and moment, the moment in UTC
     * whatever zone the window shows (so names sort and compare across machines).
     */
    public String suggestedFileName() {
        String g = selection.generationProperty().get().map(GenerationRow::name)
                .or(() -> selection.selectedTxid().map(t -> "txid-" + LtxNames.txid(t))).orElse("latest");
        String t = selection.timeProperty().get().map(i -> i.toString().replace(":", "").replace("-", "")).orElse("");
        return "litescope-" + g + (t.isEmpty() ? "" : "-" + t) + ".db";
    }
}
