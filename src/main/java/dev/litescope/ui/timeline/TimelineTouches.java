package dev.litescope.ui.timeline;

import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.sql.touched.LtxTouches;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;

/**
 * The timeline's "what each change touched": the WAL segments' answers ({@link GenerationTouches}) and the LTX
 * files' ({@link LtxFileTouches}) for the hover, the "Changes to" filter that dims the lanes' segments, its
 * choices, and the context menu that looks a Cloud Storage replica's changes up (both formats' together). Used
 * on the UI thread only.
 */
final class TimelineTouches {
    private final TaskRunner runner;
    private final ObservableList<GenerationRow> rows;
    private final Supplier<TimelineLanes> lanes;
    private final Runnable changed;
    private final GenerationTouches generations;
    private Optional<LtxFileTouches> ltx = Optional.empty();
    private final ObjectProperty<Optional<String>> changesTo = new SimpleObjectProperty<>(this, "changesTo",
            Optional.empty());
    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final ContextMenu menu = new ContextMenu();
    final MenuItem find = new MenuItem("Find what each change touched");

    /**
     * @param lanes   the lanes on screen, whose segments the filter dims
     * @param changed run when answers arrive or the filter changes: redraw, and say the hover again
     */
    TimelineTouches(Region view, TaskRunner runner, ObservableList<GenerationRow> rows,
                    Supplier<TimelineLanes> lanes, Runnable changed) {
        this.runner = runner;
        this.rows = rows;
        this.lanes = lanes;
        this.changed = changed;
        this.generations = new GenerationTouches(runner, this::answered);
        find.setId("findTouched");
        find.setOnAction(e -> {
            generations.computeAll(rows);
            ltx.ifPresent(LtxFileTouches::findAll);
        });
        menu.getItems().add(find);
        // The menu key or the platform's gesture; and a secondary click, which not every platform reports as one.
        view.addEventHandler(ContextMenuEvent.CONTEXT_MENU_REQUESTED, e -> {
            showMenu(view, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        view.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() == MouseButton.SECONDARY) {
                showMenu(view, e.getScreenX(), e.getScreenY());
            }
        });
        changesTo.addListener((o, a, b) -> {
            markDimmed();
            changed.run();
        });
    }

    ObjectProperty<Optional<String>> changesTo() {
        return changesTo;
    }

    ObservableList<String> names() {
        return names;
    }

    /** The lanes were rebuilt for a replica opened or listed again: look at what changed, dim anew. */
    void rebuilt(Optional<Catalog> catalog, Optional<LtxRow> history, boolean onGcs) {
        Optional<LtxFileTouches> before = ltx;
        before.ifPresent(LtxFileTouches::close);
        Map<String, LtxTouches.Touched> known = before.flatMap(t -> history.map(t::knownFor)).orElse(Map.of());
        boolean asked = before.flatMap(t -> history.map(t::continuesInto)).orElse(false);
        ltx = history.map(r -> new LtxFileTouches(runner, r, !onGcs || asked, known, this::answered));
        answered();
        generations.update(catalog, rows, !onGcs);
        markDimmed();
    }

    /** The hover's line about segment {@code s} of {@code row}. */
    String line(GenerationRow row, WalSegment s) {
        return generations.line(row, s);
    }

    /** The hover's line about LTX file {@code f}, if a 0.5 history is open. */
    String line(LtxFile f) {
        return ltx.map(t -> t.line(f)).orElse("");
    }

    /** The context menu, its item saying what looking up the changes downloads (nothing once all are found). */
    private void showMenu(Region view, double screenX, double screenY) {
        if (menu.isShowing()) {
            return;
        }
        long bytes = generations.bytesToFetch(rows);
        OptionalLong ltxBytes = ltx.map(LtxFileTouches::bytesToFetch).orElse(OptionalLong.of(0));
        if (ltxBytes.isEmpty()) {
            find.setText("Find what each change touched (working out the download…)");
        } else {
            bytes += ltxBytes.getAsLong();
            find.setText(bytes > 0 ? "Find what each change touched (downloads " + Units.bytes(bytes) + ")"
                    : "Find what each change touched");
        }
        find.setDisable(bytes == 0 && ltxBytes.isPresent());
        menu.show(view, screenX, screenY);
    }

    private void answered() {
        TreeSet<String> all = new TreeSet<>(generations.names());
        ltx.ifPresent(t -> all.addAll(t.names()));
        List<String> known = new ArrayList<>(all);
        if (!known.equals(names)) {
            names.setAll(known);
        }
        markDimmed();
        changed.run();
    }

    private void markDimmed() {
        Optional<String> chosen = changesTo.get();
        TimelineLanes on = lanes.get();
        for (int i = 0; i < on.size(); i++) {
            Lane lane = on.get(i);
            lane.markDimmed(s -> TouchedText.dims(chosen, generations.touched(lane.row, s)));
        }
        on.ltx().ifPresent(levels -> levels.markDimmed(f -> ltx.map(t -> TouchedText.dims(chosen, t.touched(f)))
                .orElse(false)));
    }
}
