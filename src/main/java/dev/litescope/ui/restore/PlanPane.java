package dev.litescope.ui.restore;

import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Names;
import dev.litescope.restore.FetchEstimate;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.Deferred;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.status.StatusBarViewModel;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The right-hand panel: what a restore of the selected moment would fetch and apply (and for Cloud Storage what
 * the cache already holds and what the rest costs), the restore itself (Restore into the restores folder, Save
 * as… elsewhere, progress, Cancel), and the restored database. It only shows the view model's state; the buttons
 * call its commands.
 */
public final class PlanPane extends VBox {
    final Label target = value("planTarget");
    final Label generation = value("planGeneration");
    final Label snapshot = value("planSnapshot");
    final Label snapshotTime = value("planSnapshotTime");
    final Label segments = value("planSegments");
    final Label indexes = value("planIndexes");
    final Label download = value("planDownload");
    final Label cached = value("planCached");
    final Label cost = value("planCost");
    private final Label[] rowKeys = new Label[6];
    final Label notes = new Label();
    final Label problem = new Label();
    public final Button restore = Icons.on(new Button("_Restore"), Icons.RESTORE);
    public final Button saveAs = Icons.on(new Button("Save _as…"), Icons.SAVE_AS);
    public final Button query = Icons.on(new Button("_Query"), Icons.CONSOLE);
    final Button cancel = Icons.on(new Button("Ca_ncel"), Icons.CANCEL);
    public final Button keep = new Button("Compare with…");
    public final Button compare = new Button("Compare");
    public final Label compareNote = new Label();
    final ProgressBar progress = new ProgressBar(0);
    final Label progressText = new Label();
    public final ResultPane result;

    /** The names of the plan's rows for a Litestream 0.3 plan, and for a 0.5 (LTX) one. */
    private static final String[] V3_KEYS = {"Moment", "Generation", "Snapshot", "Taken", "WAL", "Indexes"};
    private static final String[] LTX_KEYS = {"Moment", "History", "Starts with", "Taken", "LTX files", "TXID"};

    public PlanPane(MainViewModel model, Runnable onRestore, Runnable onSaveAs, Consumer<Path> showInFolder,
                    Runnable openInConsole, Runnable queryMoment, Runnable compareMoments) {
        setId("planPane");
        setSpacing(10);
        setPadding(new Insets(12, 14, 12, 14));
        setPrefWidth(370);
        setMinWidth(220);

        Label title = new Label("Restore plan");
        title.getStyleClass().add("title-4");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(84);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().addAll(keys, values);
        Label[] shown = {target, generation, snapshot, snapshotTime, segments, indexes};
        for (int i = 0; i < shown.length; i++) {
            rowKeys[i] = addRow(grid, i, V3_KEYS[i], shown[i]);
        }
        addRow(grid, 6, "Objects", download);
        // Cloud Storage only: a local folder is read in place, not cached, and costs nothing.
        addRow(grid, 7, "Cached", cached).visibleProperty().bind(model.onGcsProperty());
        addRow(grid, 8, "Download", cost).visibleProperty().bind(model.onGcsProperty());
        cached.visibleProperty().bind(model.onGcsProperty());
        cost.visibleProperty().bind(model.onGcsProperty());
        for (Node n : grid.getChildren()) {
            n.managedProperty().bind(n.visibleProperty());
        }

        notes.setId("planNotes");
        notes.setWrapText(true);
        notes.getStyleClass().add("text-muted");
        problem.setId("planProblem");
        problem.setWrapText(true);
        problem.getStyleClass().add("danger");

        restore.setId("restore");
        restore.getStyleClass().add("accent");
        restore.setMnemonicParsing(true);
        restore.setTooltip(new Tooltip("Restore the database as of the selected moment into a new file in "
                + model.restoresDir() + " (Ctrl+R); the file's name gives the generation and the moment in UTC"));
        restore.setMaxWidth(Double.MAX_VALUE);
        restore.setMinWidth(Button.USE_PREF_SIZE);
        restore.setOnAction(e -> onRestore.run());
        saveAs.setId("saveAs");
        saveAs.setMnemonicParsing(true);
        saveAs.setMinWidth(Button.USE_PREF_SIZE);
        saveAs.setTooltip(new Tooltip("Restore into a file you choose (Ctrl+Shift+S); the suggested name gives the "
                + "generation and the moment in UTC, whatever zone the window shows"));
        saveAs.setOnAction(e -> onSaveAs.run());
        cancel.setId("cancel");
        cancel.setMnemonicParsing(true);
        cancel.setTooltip(new Tooltip("Stop the restore; nothing is written (Esc)"));
        cancel.setOnAction(e -> model.cancel());
        cancel.setMinWidth(Button.USE_PREF_SIZE);
        // In a narrow column the buttons wrap onto a second line rather than run out of the window.
        query.setId("queryMoment");
        query.setMnemonicParsing(true);
        query.setMinWidth(Button.USE_PREF_SIZE);
        query.setTooltip(new Tooltip("Restore this moment into the cache (once) and open it in the SQL console, "
                + "read-only (Ctrl+Shift+Q)"));
        query.setOnAction(e -> queryMoment.run());
        keep.setId("keepMoment");
        keep.setMinWidth(Button.USE_PREF_SIZE);
        keep.setTooltip(new Tooltip("Keep this moment as a second cursor on the timeline; then pick another moment "
                + "and Compare (again here: the second cursor goes)"));
        keep.setOnAction(e -> model.compare().keepSelected());
        compare.setId("compareMoments");
        compare.setMinWidth(Button.USE_PREF_SIZE);
        compare.setTooltip(new Tooltip("Restore both moments into the cache (once) and show what differs: schema, "
                + "row counts, and each table's added, removed and changed rows"));
        compare.setOnAction(e -> compareMoments.run());
        FlowPane buttons = new FlowPane(8, 8, restore, saveAs, query, keep, compare, cancel);
        buttons.setAlignment(Pos.CENTER_LEFT);
        // The kept moment's cursor lies under the selected one until the user moves on: say what happened and
        // what to do next.
        compareNote.setId("compareNote");
        compareNote.setWrapText(true);
        compareNote.getStyleClass().add("text-small");
        compareNote.managedProperty().bind(compareNote.textProperty().isNotEmpty());
        compareNote.textProperty().bind(Bindings.createStringBinding(() -> compareNote(model),
                model.compare().keptProperty(), model.selectedTimeProperty(), model.session().zoneProperty()));

        progress.setId("restoreProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progressText.setId("restoreText");
        progressText.setWrapText(true);
        progressText.getStyleClass().add("text-small");

        // Empty notes and problems take no room, so the button stays right under the plan.
        notes.managedProperty().bind(notes.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        result = new ResultPane(model, showInFolder, openInConsole);
        getChildren().addAll(title, grid, notes, problem, buttons, compareNote, progress, progressText);
        // Not in the scene until there is a result to show: it is a sixth of the window's nodes at start.
        Deferred.appendWhenShown(this, result, result.visibleProperty());

        model.planProperty().addListener((o, a, b) -> show(b, model));
        model.fetchEstimateProperty().addListener((o, a, b) -> showEstimate(b, model));
        showEstimate(model.fetchEstimateProperty().get(), model);
        model.selectedTimeProperty().addListener((o, a, b) -> show(model.planProperty().get(), model));
        model.session().zoneProperty().addListener((o, a, b) -> show(model.planProperty().get(), model));
        show(model.planProperty().get(), model);
        restore.disableProperty().bind(model.canRestoreProperty().not());
        query.disableProperty().bind(model.canRestoreProperty().not());
        keep.disableProperty().bind(model.canRestoreProperty().not());
        compare.disableProperty().bind(model.compare().canCompareProperty().not()
                .or(model.canRestoreProperty().not()));
        saveAs.disableProperty().bind(restore.disableProperty());
        cancel.disableProperty().bind(model.restoringProperty().not());
        progress.progressProperty().bind(model.restoreProgressProperty());
        progress.visibleProperty().bind(model.restoringProperty().or(model.restoreTextProperty().isNotEmpty()));
        progressText.textProperty().bind(model.restoreTextProperty());
    }

    private static String compareNote(MainViewModel model) {
        ZoneId zone = model.session().zoneProperty().get();
        Optional<Instant> kept = model.compare().keptProperty().get();
        Optional<Instant> selected = model.selectedTimeProperty().get();
        if (kept.isEmpty()) {
            return "";
        }
        String k = TimeText.tag(kept.get(), zone);
        if (selected.isEmpty() || selected.equals(kept)) {
            return "Kept " + k + " to compare with (the second cursor): move the cursor to another moment, then "
                    + "Compare. Compare with… again forgets it.";
        }
        return "Compare shows what differs between " + k + " (the second cursor) and "
                + TimeText.tag(selected.get(), zone) + ".";
    }

    private void show(PlanState state, MainViewModel model) {
        ZoneId zone = model.session().zoneProperty().get();
        target.setText(model.selectedTimeProperty().get().map(t -> TimeText.tag(t, zone)).orElse("—"));
        notes.setText("");
        problem.setText("");
        boolean ltx = state instanceof PlanState.Planned p && p.plan() instanceof LtxPlan
                || !(state instanceof PlanState.Planned) && model.selectedTxid().isPresent();
        for (int i = 0; i < rowKeys.length; i++) {
            rowKeys[i].setText((ltx ? LTX_KEYS : V3_KEYS)[i]);
        }
        if (state instanceof PlanState.Planned p && p.plan() instanceof LtxPlan plan) {
            showLtx(plan, zone);
        } else if (state instanceof PlanState.Planned p && p.plan() instanceof RestorePlan plan) {
            generation.setText(plan.generation());
            snapshot.setText(String.format(Locale.ROOT, "index %s · %s", Names.hex8(plan.snapshot().index()),
                    Formats.bytes(plan.snapshot().size())));
            snapshotTime.setText(TimeText.tag(plan.snapshot().created(), zone));
            segments.setText(plan.segments().isEmpty() ? "none (snapshot only)"
                    : String.format(Locale.ROOT, "%d segment(s)", plan.segments().size()));
            indexes.setText(plan.segments().isEmpty() ? Names.hex8(plan.snapshot().index())
                    : Names.hex8(plan.segments().get(0).index()) + " .. " + Names.hex8(plan.lastIndex()));
            download.setText(String.format(Locale.ROOT, "%s in %d object(s)", Formats.bytes(plan.storedBytes()),
                    plan.objectCount()));
            notes.setText(plan.notes().isEmpty() ? "" : "Note: " + String.join("\n", plan.notes()));
        } else {
            generation.setText(model.selectedGenerationProperty().get().map(GenerationRow::name)
                    .orElse(ltx ? "Litestream 0.5 (LTX)" : "—"));
            snapshot.setText(state instanceof PlanState.Computing ? "planning…" : "—");
            snapshotTime.setText("—");
            segments.setText("—");
            indexes.setText("—");
            download.setText("—");
            if (state instanceof PlanState.Failed f) {
                problem.setText(f.message());
            } else if (state instanceof PlanState.None) {
                problem.setText("");
            }
        }
    }

    /** A Litestream 0.5 plan: the file it starts from, the files of each level it reads, the TXID it reaches. */
    private void showLtx(LtxPlan plan, ZoneId zone) {
        LtxFile first = plan.files().get(0);
        generation.setText("Litestream 0.5 (LTX)");
        snapshot.setText(first.label() + " · " + Formats.bytes(first.size()));
        snapshotTime.setText(TimeText.tag(first.created(), zone));
        Map<Integer, Long> perLevel = new TreeMap<>();
        plan.files().forEach(f -> perLevel.merge(f.level(), 1L, Long::sum));
        StringBuilder files = new StringBuilder(String.format(Locale.ROOT, "%d file(s):", plan.files().size()));
        perLevel.forEach((level, n) -> files.append(String.format(Locale.ROOT, " L%d ×%d", level, n)));
        segments.setText(files.toString());
        indexes.setText(LtxNames.txid(plan.txid()));
        download.setText(String.format(Locale.ROOT, "%s in %d object(s)", Formats.bytes(plan.storedBytes()),
                plan.objectCount()));
        notes.setText(plan.notes().isEmpty() ? "" : "Note: " + String.join("\n", plan.notes()));
    }

    /**
     * This pane in a vertical scroll pane, for the window's right side: with a restore result under the plan it
     * is taller than a small window. When a result arrives it scrolls into view.
     */
    public ScrollPane inScrollPane(MainViewModel model) {
        ScrollPane scroll = new ScrollPane(this);
        scroll.setId("planScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("clear-scroll");
        scroll.setMinWidth(getMinWidth());
        scroll.setPrefWidth(getPrefWidth() + 14);
        model.restoredSummaryProperty().addListener((o, a, b) -> {
            if (b.isPresent()) {
                scroll.layout();
                scroll.setVvalue(scroll.getVmax());
            }
        });
        // Tabbing to a control scrolled out of view brings it into view, as a browser does.
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                scene.focusOwnerProperty().addListener((fo, before, focused) -> reveal(scroll, focused));
            }
        });
        return scroll;
    }

    /** Scrolls {@code scroll} so that {@code node}, if it is inside this pane, is fully visible. */
    private void reveal(ScrollPane scroll, Node node) {
        if (node == null) {
            return;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == this) {
                Bounds b = sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                double content = getBoundsInLocal().getHeight();
                double view = scroll.getViewportBounds().getHeight();
                if (content <= view) {
                    return;
                }
                double top = scroll.getVvalue() * (content - view);
                if (b.getMinY() < top) {
                    scroll.setVvalue(Math.max(0, b.getMinY() - 8) / (content - view));
                } else if (b.getMaxY() > top + view) {
                    scroll.setVvalue(Math.min(content - view, b.getMaxY() + 8 - view) / (content - view));
                }
                return;
            }
        }
    }

    private void showEstimate(Optional<FetchEstimate> estimate, MainViewModel model) {
        if (estimate.isEmpty()) {
            cached.setText(model.currentAnyPlan().isPresent() ? "checking…" : "—");
            cost.setText("—");
            return;
        }
        FetchEstimate e = estimate.get();
        cached.setText(e.cachedObjects() == 0 ? "nothing yet"
                : String.format(Locale.ROOT, "%d object(s), %s", e.cachedObjects(), Formats.bytes(e.cachedBytes())));
        cost.setText(e.downloads() == 0 ? "nothing: all cached"
                : String.format(Locale.ROOT, "%d get(s) · %s · ≈ %s", e.downloads(), Formats.bytes(e.downloadBytes()),
                StatusBarViewModel.usd(e.cost(model.pricing()))));
    }

    private static Label value(String id) {
        Label l = new Label("—");
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Label.USE_PREF_SIZE);
        return l;
    }

    private static Label addRow(GridPane grid, int row, String key, Label value) {
        Label k = new Label(key);
        k.getStyleClass().add("text-muted");
        k.setMinWidth(Label.USE_PREF_SIZE);
        GridPane.setValignment(k, VPos.TOP);
        grid.addRow(row, k, value);
        k.setLabelFor(value);
        return k;
    }
}
