package dev.litescope.ui.timeline;

import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.restore.PlanState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * The replica's history on one time axis: a lane per generation, snapshots as diamonds, WAL segments as ticks
 * whose height grows with their stored size, the breaks a restore would refuse as red bands, and a cursor at the
 * selected moment; hovering a segment says which tables and indexes it changed, and a "Changes to" filter dims
 * the segments that did not change the chosen one ({@link GenerationTouches}; right-click to look a Cloud Storage
 * replica's changes up). A Litestream 0.5 history adds its lanes below: one per level and the restorable states, where
 * the cursor snaps only to the points a restore can reach.
 *
 * <p>This Region wires the parts: the lane data ({@link TimelineLanes}, rebuilt when the generations change), the
 * {@link TimelineViewport}, the {@link TimelinePainter} that draws a frame on one Canvas (a replica can hold tens
 * of thousands of segments, and one node per tick would not scale), the {@link TimelineInput} (mouse and keys),
 * and the colours of the stylesheet's timeline section ({@link TimelineStyle}).
 */
public final class TimelineView extends Region {
    public static final double TAG_AREA = LaneGeometry.TAG_AREA;
    static final double PAD_X = 16;
    static final double ZOOM_STEP = 2;
    static final double MIN_HEIGHT = 160;

    private final MainViewModel model;
    /** Held: the model hands out an unmodifiable wrapper, which listens weakly and would be collected. */
    private final ObservableList<GenerationRow> rows;
    private final Canvas canvas = new Canvas();
    private final TimelineViewport viewport = new TimelineViewport();
    private final ObjectProperty<ZoneId> zone = new SimpleObjectProperty<>(this, "zone", ZoneId.systemDefault());
    private final Tooltip tooltip = new Tooltip();
    private final TimelinePainter painter = new TimelinePainter();
    private final TimelineStyle style;
    private final TimelineInput input;
    private String tooltipText = "";
    private Runnable onViewChanged = () -> { };
    private TimelineLanes lanes = TimelineLanes.EMPTY;
    /** The open 0.5 history's header times, read a file at a time as the pointer rests on one. */
    private Optional<LtxHeaderTimes> headerTimes = Optional.empty();
    /** What each change touched, for the hover and the "Changes to" filter. */
    private final TimelineTouches touches;
    private double hoverX;
    private double hoverY;
    private boolean restyled;

    public TimelineView(MainViewModel model) {
        this.model = model;
        this.rows = model.generations();
        this.style = new TimelineStyle(this, this::restyled);
        getChildren().add(canvas);
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.NODE);
        setAccessibleText("Timeline: click a generation's lane to pick the moment to restore");
        setAccessibleHelp("Left and Right step between objects, Up and Down between generations, plus and minus "
                + "zoom, 0 fits everything, Shift with Left or Right pans");
        setMinSize(240, MIN_HEIGHT);
        setId("timeline");
        getStyleClass().add("timeline");
        tooltip.setShowDelay(Duration.millis(250));
        tooltip.setShowDuration(Duration.seconds(30));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(460);

        touches = new TimelineTouches(this, model.session().runner(), rows, () -> lanes, () -> {
            draw();
            headerRead();
        });

        input = TimelineInput.install(this, new TimelineInput.Selection() {
            @Override
            public Optional<GenerationRow> generation() {
                return model.selectedGenerationProperty().get();
            }

            @Override
            public Optional<Instant> time() {
                return model.selectedTimeProperty().get();
            }

            @Override
            public void select(GenerationRow row) {
                model.select(row);
            }

            @Override
            public void select(GenerationRow row, Instant t) {
                model.select(row, t);
            }

            @Override
            public boolean ltxSelected() {
                return model.selectedTxid().isPresent();
            }

            @Override
            public void selectLtx(Instant restorePoint) {
                model.selectLtxAt(restorePoint);
            }
        });
        model.ltxProperty().addListener((o, a, b) -> rebuild());
        rows.addListener((ListChangeListener<GenerationRow>) c -> rebuild());
        model.selectedGenerationProperty().addListener((o, a, b) -> draw());
        model.selectedTimeProperty().addListener((o, a, b) -> {
            // Keep the moment in view when it moves by keyboard, typing or the generation list.
            if (b.isPresent() && !input.draggingCursor()) {
                viewport.reveal(b.get(), 12);
            }
            draw();
        });
        model.planProperty().addListener((o, a, b) -> {
            lanes.markPlanned(model.currentAnyPlan());
            draw();
        });
        model.compare().keptProperty().addListener((o, a, b) -> draw());
        zone.addListener((o, a, b) -> draw());
        focusedProperty().addListener((o, a, b) -> draw());
        rebuild();
    }

    /** The zone of the axis labels and the cursor's tag. */
    public ObjectProperty<ZoneId> zoneProperty() {
        return zone;
    }

    public TimelineViewport viewport() {
        return viewport;
    }

    /** The "Changes to" filter: the table or index whose changes stay lit; empty shows every change alike. */
    public ObjectProperty<Optional<String>> changesToProperty() {
        return touches.changesTo();
    }

    /** The tables and indexes the replica's changes are known to have touched, for the filter's choices. */
    public ObservableList<String> touchedNames() {
        return touches.names();
    }

    /** The lane's WAL segments in time order, with whether the filter dims each (for tests). */
    public List<Map.Entry<WalSegment, Boolean>> segments(GenerationRow row) {
        int i = rows.indexOf(row);
        List<Map.Entry<WalSegment, Boolean>> out = new ArrayList<>();
        for (int s = 0; i >= 0 && s < lanes.get(i).segments.length; s++) {
            out.add(Map.entry(lanes.get(i).segments[s], lanes.get(i).segmentDimmed[s]));
        }
        return out;
    }

    /** The 0.5 history's files, level by level in time order, with whether the filter dims each (for tests). */
    public List<Map.Entry<LtxFile, Boolean>> ltxFiles() {
        List<Map.Entry<LtxFile, Boolean>> out = new ArrayList<>();
        lanes.ltx().ifPresent(l -> {
            for (LtxLanes.Level level : l.levels) {
                for (int f = 0; f < level.files.length; f++) {
                    out.add(Map.entry(level.files[f], level.dimmed[f]));
                }
            }
        });
        return out;
    }

    /** Called after every frame, so that a label can say which stretch of time is in view. */
    void setOnViewChanged(Runnable r) {
        onViewChanged = r;
    }

    TimelineStyle timelineStyle() {
        return style;
    }

    public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
        return TimelineStyle.cssMetaData();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return getClassCssMetaData();
    }

    /** A colour changed (a theme switch changes them all in one CSS pass): redraw once, in the layout after it. */
    private void restyled() {
        restyled = true;
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h || restyled) {
            restyled = false;
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 640;
    }

    @Override
    protected double computePrefHeight(double width) {
        return LaneGeometry.preferredHeight(lanes.total());
    }

    // ---- commands (buttons and keys) ----

    public void zoomIn() {
        zoomAt(ZOOM_STEP, anchor());
    }

    void zoomOut() {
        zoomAt(1 / ZOOM_STEP, anchor());
    }

    void fit() {
        viewport.fit();
        draw();
    }

    /** Pans by {@code dx} pixels' worth: positive shows later times. */
    public void panBy(double dx) {
        viewport.pan(dx);
        draw();
    }

    void reveal(Instant t) {
        viewport.reveal(t, 40);
        draw();
    }

    void zoomAt(double factor, double x) {
        syncedViewport().zoom(factor, x);
        draw();
    }

    /** Zoom keeps the cursor where it is when it is in view, else the middle. */
    private double anchor() {
        syncedViewport();
        Optional<Double> x = cursorX().filter(cx -> cx >= viewport.left() && cx <= viewport.right());
        return x.orElse((viewport.left() + viewport.right()) / 2);
    }

    // ---- geometry ----

    /** The viewport, mapped onto this region's current width. */
    TimelineViewport syncedViewport() {
        viewport.setPixels(PAD_X, Math.max(PAD_X + 1, getWidth() - PAD_X));
        return viewport;
    }

    LaneGeometry geometry() {
        return new LaneGeometry(getHeight(), lanes.total());
    }

    TimelineLanes lanes() {
        return lanes;
    }

    public double laneHeight() {
        return geometry().laneHeight();
    }

    public double laneTop(int lane) {
        return geometry().laneTop(lane);
    }

    /** The point in the lane of {@code row} at time {@code t}, in this region's coordinates (for tests). */
    public Optional<double[]> pointOf(GenerationRow row, Instant t) {
        int lane = rows.indexOf(row);
        if (lane < 0 || viewport.isEmpty()) {
            return Optional.empty();
        }
        syncedViewport();
        return Optional.of(new double[]{viewport.x(t), laneTop(lane) + laneHeight() / 2});
    }

    /** The point in the restorable lane of the 0.5 history at time {@code t} (for tests). */
    public Optional<double[]> pointOfRestorable(Instant t) {
        int lane = lanes.restorableLane();
        if (lane < 0 || viewport.isEmpty()) {
            return Optional.empty();
        }
        syncedViewport();
        return Optional.of(new double[]{viewport.x(t), laneTop(lane) + laneHeight() / 2});
    }

    /** The point in the lane of level {@code level} of the 0.5 history at time {@code t} (for tests). */
    public Optional<double[]> pointOfLevel(int level, Instant t) {
        Optional<LtxLanes> ltx = lanes.ltx();
        for (int i = 0; ltx.isPresent() && i < ltx.get().levels.length; i++) {
            if (ltx.get().levels[i].level == level && !viewport.isEmpty()) {
                syncedViewport();
                return Optional.of(new double[]{viewport.x(t), laneTop(lanes.size() + i) + laneHeight() / 2});
            }
        }
        return Optional.empty();
    }

    /** The x of the cursor, if one is set (for tests and for grabbing it with the mouse). */
    public Optional<Double> cursorX() {
        syncedViewport();
        return model.selectedTimeProperty().get().filter(t -> !viewport.isEmpty()).map(viewport::x);
    }

    /** What the pointer is over, in words: a break's reason, an object, the refused cursor, a generation. */
    public String hoverText(double x, double y) {
        syncedViewport();
        hoverX = x;
        hoverY = y;
        String text = TimelineHover.at(x, y, lanes, viewport, geometry(), zone.get(), cursorX(), refusal(),
                touches::line);
        var file = TimelineHover.ltxFileAt(x, y, lanes, viewport, geometry());
        if (file.isPresent() && headerTimes.isPresent()) {
            text += headerTimes.get().line(file.get(), zone.get());
        }
        if (file.isPresent()) {
            text += touches.line(file.get());
        }
        return text;
    }

    /** The hover text the tooltip shows now; empty when none is installed (for tests). */
    public String hoverShown() {
        return tooltipText;
    }

    /** The tooltip over the timeline (for tests that picture it). */
    public Tooltip tooltip() {
        return tooltip;
    }

    /** The context menu's "Find what each change touched" (for tests). */
    public MenuItem findTouchedItem() {
        return touches.find;
    }

    /** The hover's line about what segment {@code s} of {@code row} changed (for tests). */
    public String touchedLine(GenerationRow row, WalSegment s) {
        return touches.line(row, s);
    }

    /** The hover's line about what LTX file {@code f} changed (for tests). */
    public String touchedLine(LtxFile f) {
        return touches.line(f);
    }

    /** A header read came back: say it, if the pointer is still over the timeline. */
    private void headerRead() {
        if (!tooltipText.isEmpty()) {
            showHover(hoverText(hoverX, hoverY));
        }
    }

    void showHover(String text) {
        if (text.equals(tooltipText)) {
            return;
        }
        tooltipText = text;
        if (text.isEmpty()) {
            Tooltip.uninstall(this, tooltip);
        } else {
            tooltip.setText(text);
            Tooltip.install(this, tooltip);
        }
    }

    private Optional<String> refusal() {
        return model.planProperty().get() instanceof PlanState.Failed f ? Optional.of(f.message()) : Optional.empty();
    }

    // ---- data and drawing ----

    private void rebuild() {
        lanes = TimelineLanes.of(rows, model.ltxProperty().get(), model::describe);
        headerTimes = model.ltxProperty().get().map(r -> new LtxHeaderTimes(model.session().runner(),
                r.catalog().replica().store(), this::headerRead));
        lanes.first().ifPresentOrElse(first -> viewport.setContent(first, lanes.last().orElseThrow()),
                viewport::clear);
        lanes.markPlanned(model.currentAnyPlan());
        touches.rebuilt(model.parts().replica().catalogProperty().get(), model.ltxProperty().get(),
                model.onGcsProperty().get());
        // Every lane at least at its smallest: a 0.5 history adds a lane per level, which must not fall off.
        setMinHeight(Math.max(MIN_HEIGHT, LaneGeometry.minimumHeight(lanes.total())));
        requestLayout();
        draw();
    }

    /** The selected moment's cursor (purple, or red with the reason when refused), and the kept one to compare. */
    private List<TimelineCursor> cursors(TimelinePalette palette) {
        List<TimelineCursor> cursors = new ArrayList<>(2);
        model.compare().keptProperty().get().ifPresent(k -> cursors.add(new TimelineCursor(k,
                palette.compareCursor(), TimeText.tag(k, zone.get()), "")));
        Optional<Instant> t = model.selectedTimeProperty().get();
        if (t.isEmpty()) {
            return cursors;
        }
        Optional<String> refused = refusal();
        cursors.add(new TimelineCursor(t.get(), refused.isPresent() ? palette.danger() : palette.cursor(),
                TimeText.tag(t.get(), zone.get()), refused.map(m -> "refused: " + m)
                .orElse(model.selectedTxid().map(x -> "TXID " + LtxNames.txid(x)).orElse(""))));
        return cursors;
    }

    void draw() {
        syncedViewport();
        TimelinePalette palette = style.palette();
        String empty = lanes.total() == 0 ? "Open a replica to see its generations on a timeline."
                : "The replica's generations hold no objects.";
        int selected = model.selectedTxid().isPresent() ? lanes.restorableLane()
                : lanes.indexOf(model.selectedGenerationProperty().get());
        painter.paint(canvas.getGraphicsContext2D(), new TimelinePainter.Frame(canvas.getWidth(), canvas.getHeight(),
                lanes, viewport, geometry(), selected, cursors(palette), zone.get(), isFocused(), empty, palette));
        if (!viewport.isEmpty()) {
            onViewChanged.run();
        }
    }
}
