package dev.litescope.ui.timeline;

import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.v3.Continuity;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.util.Units;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.VPos;
import javafx.scene.AccessibleRole;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * The replica's history on one time axis: a lane per generation, snapshots as diamonds, WAL segments as ticks
 * whose height grows with their stored size, the breaks a restore would refuse as red bands, and a cursor at the
 * selected moment.
 *
 * <p>Mouse: a click on a lane selects that generation and moment; dragging empty lane area pans; dragging the
 * cursor moves the moment; Ctrl+wheel (or a pinch) zooms around the pointer; horizontal scroll or Shift+wheel
 * pans. Clicks and drags snap to the nearest object time within {@link #SNAP_PX} pixels (hold Alt not to snap).
 * Keys: Left/Right step the cursor to the previous/next object time (each step changes what a restore includes),
 * Home/End jump to the first/last, Up/Down move between generations, +/- zoom around the cursor, 0 fits all,
 * Shift+Left/Right pan.
 *
 * <p>Drawn on a Canvas: a replica can hold tens of thousands of segments, and one node per tick would not
 * scale. Each generation's object times are sorted into arrays once, so a frame finds what is visible by binary
 * search; where ticks are denser than pixels, each pixel column draws one bar for the largest segment in it.
 */
public final class TimelineView extends Region {
    static final double AXIS_HEIGHT = 30;
    public static final double TAG_AREA = 26;
    static final double PAD_X = 16;
    static final double LANE_GAP = 8;
    static final double MAX_LANE_HEIGHT = 128;
    static final double SNAP_PX = 6;
    static final double ZOOM_STEP = 2;

    // Primer's palette, so the canvas matches the AtlantaFX Primer theme around it.
    private static final Color LANE = Color.web("#f6f8fa");
    private static final Color LANE_SELECTED = Color.web("#ddf4ff");
    private static final Color LANE_BORDER = Color.web("#d0d7de");
    private static final Color GRID = Color.web("#eaeef2");
    private static final Color ACCENT = Color.web("#0969da");
    private static final Color MUTED = Color.web("#8c959f");
    private static final Color TEXT = Color.web("#24292f");
    private static final Color SNAPSHOT = Color.web("#9a6700");
    private static final Color SNAPSHOT_FILL = Color.web("#d4a72c");
    private static final Color CURSOR = Color.web("#8250df");
    static final Color DANGER = Color.web("#cf222e");
    private static final Color DANGER_BAND = Color.web("#ff8182", 0.45);
    private static final Color DANGER_TEXT = Color.web("#82071e");
    private static final Color LABEL_BACK = Color.web("#ffffff", 0.85);

    private static final Font SMALL = Font.font(11);
    private static final Font SMALL_BOLD = Font.font(null, FontWeight.BOLD, 11);
    private static final Font MESSAGE = Font.font(13);

    private final MainViewModel model;
    /** Held: the model hands out an unmodifiable wrapper, which listens weakly and would be collected. */
    private final ObservableList<GenerationRow> rows;
    private final Canvas canvas = new Canvas();
    private final TimelineViewport viewport = new TimelineViewport();
    private final ObjectProperty<ZoneId> zone = new SimpleObjectProperty<>(this, "zone", ZoneId.systemDefault());
    private final Tooltip tooltip = new Tooltip();
    private final Text measure = new Text();
    private String tooltipText = "";
    private Runnable onViewChanged = () -> { };
    private Lane[] lanes = new Lane[0];

    // Per-pixel-column scratch for dense ticks, reused across frames.
    private long[] columnMax = new long[0];
    private boolean[] columnPlanned = new boolean[0];

    private enum Drag { NONE, PENDING, PAN, CURSOR }

    private Drag drag = Drag.NONE;
    private double pressX;
    private double lastX;

    public TimelineView(MainViewModel model) {
        this.model = model;
        this.rows = model.generations();
        getChildren().add(canvas);
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.NODE);
        setAccessibleText("Timeline: click a generation's lane to pick the moment to restore");
        setAccessibleHelp("Left and Right step between objects, Up and Down between generations, plus and minus "
                + "zoom, 0 fits everything, Shift with Left or Right pans");
        setMinSize(240, 160);
        setId("timeline");
        getStyleClass().add("timeline");
        tooltip.setShowDelay(Duration.millis(250));
        tooltip.setShowDuration(Duration.seconds(30));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(460);

        rows.addListener((ListChangeListener<GenerationRow>) c -> rebuild());
        model.selectedGenerationProperty().addListener((o, a, b) -> draw());
        model.selectedTimeProperty().addListener((o, a, b) -> {
            // Keep the moment in view when it moves by keyboard, typing or the generation list.
            if (b.isPresent() && drag != Drag.CURSOR) {
                viewport.reveal(b.get(), 12);
            }
            draw();
        });
        model.planProperty().addListener((o, a, b) -> {
            markPlanned();
            draw();
        });
        zone.addListener((o, a, b) -> draw());
        focusedProperty().addListener((o, a, b) -> draw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPress);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDrag);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::onRelease);
        addEventHandler(MouseEvent.MOUSE_MOVED, this::onMove);
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> setHover(""));
        addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        addEventHandler(ZoomEvent.ZOOM, e -> {
            zoomAt(e.getZoomFactor(), e.getX());
            e.consume();
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
        rebuild();
    }

    /** The zone of the axis labels and the cursor's tag. */
    public ObjectProperty<ZoneId> zoneProperty() {
        return zone;
    }

    public TimelineViewport viewport() {
        return viewport;
    }

    /** Called after every frame, so that a label can say which stretch of time is in view. */
    void setOnViewChanged(Runnable r) {
        onViewChanged = r;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
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
        return AXIS_HEIGHT + TAG_AREA + Math.max(1, rows.size()) * (MAX_LANE_HEIGHT + LANE_GAP);
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

    private void zoomAt(double factor, double x) {
        syncPixels();
        viewport.zoom(factor, x);
        draw();
    }

    /** Zoom keeps the cursor where it is when it is in view, else the middle. */
    private double anchor() {
        syncPixels();
        Optional<Instant> t = model.selectedTimeProperty().get();
        if (t.isPresent() && !viewport.isEmpty()) {
            double x = viewport.x(t.get());
            if (x >= viewport.left() && x <= viewport.right()) {
                return x;
            }
        }
        return (viewport.left() + viewport.right()) / 2;
    }

    // ---- geometry ----

    private void syncPixels() {
        viewport.setPixels(PAD_X, Math.max(PAD_X + 1, getWidth() - PAD_X));
    }

    public double laneHeight() {
        int n = Math.max(1, lanes.length);
        double available = getHeight() - AXIS_HEIGHT - TAG_AREA;
        return Math.max(24, Math.min(MAX_LANE_HEIGHT, available / n - LANE_GAP));
    }

    public double laneTop(int lane) {
        return AXIS_HEIGHT + lane * (laneHeight() + LANE_GAP);
    }

    /** The point in the lane of {@code row} at time {@code t}, in this region's coordinates (for tests). */
    public Optional<double[]> pointOf(GenerationRow row, Instant t) {
        int lane = rows.indexOf(row);
        if (lane < 0 || viewport.isEmpty()) {
            return Optional.empty();
        }
        syncPixels();
        return Optional.of(new double[]{viewport.x(t), laneTop(lane) + laneHeight() / 2});
    }

    /** The x of the cursor, if one is set (for tests and for grabbing it with the mouse). */
    public Optional<Double> cursorX() {
        syncPixels();
        return model.selectedTimeProperty().get().filter(t -> !viewport.isEmpty()).map(viewport::x);
    }

    private int laneAt(double y) {
        double h = laneHeight();
        for (int i = 0; i < lanes.length; i++) {
            double top = laneTop(i);
            if (y >= top - LANE_GAP / 2 && y < top + h + LANE_GAP / 2) {
                return i;
            }
        }
        return -1;
    }

    private int laneOf(Optional<GenerationRow> row) {
        for (int i = 0; i < lanes.length && row.isPresent(); i++) {
            if (lanes[i].row.equals(row.get())) {
                return i;
            }
        }
        return -1;
    }

    // ---- per-generation arrays, built when the generations change ----

    /** One generation's objects as time-sorted arrays of nanoseconds from the viewport's origin. */
    private static final class Lane {
        final GenerationRow row;
        final boolean hasObjects;
        final long start;
        final long end;
        final WalSegment[] segments;
        final long[] segmentTimes;
        final long[] segmentSizes;
        final boolean[] segmentPlanned;
        final long maxSize;
        final Snapshot[] snapshots;
        final long[] snapshotTimes;
        final boolean[] snapshotPlanned;
        /** Every distinct object time: where a restore's result changes, so where the cursor snaps. */
        final long[] objectTimes;
        final Instant[] objectInstants;
        final Continuity.Break[] breaks;
        final long[] breakFrom;
        final long[] breakUntil;
        final Map<String, Integer> segmentByKey = new HashMap<>();

        Lane(GenerationRow row, TimelineViewport v, Function<String, String> describe) {
            this.row = row;
            List<WalSegment> segs = row.generation().walSegments();
            segments = segs.toArray(new WalSegment[0]);
            Arrays.sort(segments, Comparator.comparing(WalSegment::created));
            segmentTimes = new long[segments.length];
            segmentSizes = new long[segments.length];
            segmentPlanned = new boolean[segments.length];
            long max = 1;
            for (int i = 0; i < segments.length; i++) {
                segmentTimes[i] = v.nanos(segments[i].created());
                segmentSizes[i] = Math.max(1, segments[i].size());
                max = Math.max(max, segmentSizes[i]);
                segmentByKey.put(segments[i].object().key(), i);
            }
            maxSize = max;
            snapshots = row.generation().snapshots().toArray(new Snapshot[0]);
            Arrays.sort(snapshots, Comparator.comparing(Snapshot::created));
            snapshotTimes = new long[snapshots.length];
            snapshotPlanned = new boolean[snapshots.length];
            for (int i = 0; i < snapshots.length; i++) {
                snapshotTimes[i] = v.nanos(snapshots[i].created());
            }
            Instant[] all = new Instant[segments.length + snapshots.length];
            for (int i = 0; i < segments.length; i++) {
                all[i] = segments[i].created();
            }
            for (int i = 0; i < snapshots.length; i++) {
                all[segments.length + i] = snapshots[i].created();
            }
            Arrays.sort(all);
            int n = 0;
            for (Instant t : all) {
                if (n == 0 || !all[n - 1].equals(t)) {
                    all[n++] = t;
                }
            }
            objectInstants = Arrays.copyOf(all, n);
            objectTimes = new long[n];
            for (int i = 0; i < n; i++) {
                objectTimes[i] = v.nanos(objectInstants[i]);
            }
            hasObjects = n > 0;
            start = hasObjects ? objectTimes[0] : 0;
            end = hasObjects ? objectTimes[n - 1] : 0;
            breaks = Continuity.of(row.generation(), describe).toArray(new Continuity.Break[0]);
            breakFrom = new long[breaks.length];
            breakUntil = new long[breaks.length];
            for (int i = 0; i < breaks.length; i++) {
                breakFrom[i] = v.nanos(breaks[i].from());
                breakUntil[i] = breaks[i].until().map(v::nanos).orElse(end);
            }
        }
    }

    private void rebuild() {
        Instant min = null;
        Instant max = null;
        for (GenerationRow r : rows) {
            if (r.bounds().isPresent()) {
                min = min == null || r.start().get().isBefore(min) ? r.start().get() : min;
                max = max == null || r.end().get().isAfter(max) ? r.end().get() : max;
            }
        }
        if (min == null) {
            viewport.clear();
        } else {
            viewport.setContent(min, max);
        }
        lanes = new Lane[rows.size()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(rows.get(i), viewport, model::describe);
        }
        markPlanned();
        requestLayout();
        draw();
    }

    private void markPlanned() {
        for (Lane lane : lanes) {
            Arrays.fill(lane.segmentPlanned, false);
            Arrays.fill(lane.snapshotPlanned, false);
        }
        Optional<RestorePlan> plan = model.currentPlan();
        if (plan.isEmpty()) {
            return;
        }
        for (Lane lane : lanes) {
            if (!lane.row.name().equals(plan.get().generation())) {
                continue;
            }
            for (WalSegment s : plan.get().segments()) {
                Integer i = lane.segmentByKey.get(s.object().key());
                if (i != null) {
                    lane.segmentPlanned[i] = true;
                }
            }
            for (int i = 0; i < lane.snapshots.length; i++) {
                lane.snapshotPlanned[i] = lane.snapshots[i].equals(plan.get().snapshot());
            }
        }
    }

    /** The first index whose value is at least {@code key}. */
    static int lowerBound(long[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the value nearest to {@code key}; {@code a} must not be empty. */
    static int nearest(long[] a, double key) {
        int i = lowerBound(a, key);
        if (i == a.length) {
            return i - 1;
        }
        if (i > 0 && key - a[i - 1] <= a[i] - key) {
            return i - 1;
        }
        return i;
    }

    /**
     * The moment at {@code x} in {@code lane}: the nearest object time when it is within {@link #SNAP_PX} pixels
     * (unless {@code free}), and never outside the generation's span.
     */
    private Instant momentAt(Lane lane, double x, boolean free) {
        double n = viewport.nanosAt(x);
        if (!free) {
            int i = nearest(lane.objectTimes, n);
            if (Math.abs(viewport.x(lane.objectTimes[i]) - x) <= SNAP_PX) {
                return lane.objectInstants[i];
            }
        }
        if (n <= lane.start) {
            return lane.objectInstants[0];
        }
        if (n >= lane.end) {
            return lane.objectInstants[lane.objectInstants.length - 1];
        }
        return viewport.instant(Math.round(n));
    }

    // ---- input ----

    private void onPress(MouseEvent e) {
        requestFocus();
        if (e.getButton() != MouseButton.PRIMARY || viewport.isEmpty()) {
            return;
        }
        syncPixels();
        pressX = e.getX();
        lastX = e.getX();
        drag = nearCursor(e.getX(), e.getY()) ? Drag.CURSOR : Drag.PENDING;
        e.consume();
    }

    private boolean nearCursor(double x, double y) {
        Optional<Double> cx = cursorX();
        return cx.isPresent() && Math.abs(cx.get() - x) <= 5 && y >= AXIS_HEIGHT - 12
                && laneOf(model.selectedGenerationProperty().get()) >= 0;
    }

    private void onDrag(MouseEvent e) {
        if (drag == Drag.PENDING && Math.abs(e.getX() - pressX) > 3) {
            drag = Drag.PAN;
            setCursor(Cursor.CLOSED_HAND);
        }
        if (drag == Drag.PAN) {
            viewport.pan(lastX - e.getX());
            lastX = e.getX();
            draw();
        } else if (drag == Drag.CURSOR) {
            int lane = laneOf(model.selectedGenerationProperty().get());
            if (lane >= 0 && lanes[lane].hasObjects) {
                Instant t = momentAt(lanes[lane], e.getX(), e.isAltDown());
                if (!model.selectedTimeProperty().get().equals(Optional.of(t))) {
                    model.select(lanes[lane].row, t);
                }
            }
        }
        e.consume();
    }

    private void onRelease(MouseEvent e) {
        if (drag == Drag.PENDING) {
            int lane = laneAt(e.getY());
            if (lane >= 0 && lanes[lane].hasObjects) {
                // A click just beside a generation's span means its edge: clamp rather than refuse.
                model.select(lanes[lane].row, momentAt(lanes[lane], e.getX(), e.isAltDown()));
            }
        }
        drag = Drag.NONE;
        setCursor(nearCursor(e.getX(), e.getY()) ? Cursor.H_RESIZE : Cursor.DEFAULT);
        e.consume();
    }

    private void onMove(MouseEvent e) {
        setCursor(nearCursor(e.getX(), e.getY()) ? Cursor.H_RESIZE : Cursor.DEFAULT);
        setHover(hoverText(e.getX(), e.getY()));
    }

    private void setHover(String text) {
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

    private void onScroll(ScrollEvent e) {
        if (viewport.isEmpty()) {
            return;
        }
        syncPixels();
        if (e.isControlDown() || e.isShortcutDown()) {
            // One wheel notch (40) zooms 1.5×, around the pointer.
            zoomAt(Math.pow(1.5, e.getDeltaY() / 40), e.getX());
        } else {
            // Horizontal scroll, or Shift+wheel (which some platforms leave vertical), or a plain wheel: pan.
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            panBy(-d);
        }
        e.consume();
    }

    private void onKey(KeyEvent e) {
        step(e);
        // The arrows belong to the timeline while it has the focus: at the first or last object or lane they do
        // nothing, rather than move the focus to whatever control is beside it.
        if (e.getCode().isArrowKey()) {
            e.consume();
        }
    }

    private void step(KeyEvent e) {
        KeyCode code = e.getCode();
        if (code == KeyCode.PLUS || code == KeyCode.ADD || code == KeyCode.EQUALS) {
            zoomIn();
            e.consume();
            return;
        }
        if (code == KeyCode.MINUS || code == KeyCode.SUBTRACT) {
            zoomOut();
            e.consume();
            return;
        }
        if (code == KeyCode.DIGIT0 || code == KeyCode.NUMPAD0) {
            fit();
            e.consume();
            return;
        }
        if (e.isShiftDown() && (code == KeyCode.LEFT || code == KeyCode.RIGHT)) {
            syncPixels();
            panBy((code == KeyCode.LEFT ? -1 : 1) * (viewport.right() - viewport.left()) / 4);
            e.consume();
            return;
        }
        if (lanes.length == 0) {
            return;
        }
        int lane = laneOf(model.selectedGenerationProperty().get());
        if (lane < 0) {
            if (code.isArrowKey()) {
                model.select(lanes[0].row);
                e.consume();
            }
            return;
        }
        Lane l = lanes[lane];
        if (code == KeyCode.UP && lane > 0) {
            model.select(lanes[lane - 1].row);
            e.consume();
            return;
        }
        if (code == KeyCode.DOWN && lane < lanes.length - 1) {
            model.select(lanes[lane + 1].row);
            e.consume();
            return;
        }
        if (!l.hasObjects) {
            return;
        }
        Instant now = model.selectedTimeProperty().get().orElse(l.objectInstants[l.objectInstants.length - 1]);
        int at = Arrays.binarySearch(l.objectInstants, now);
        Instant next = null;
        if (code == KeyCode.LEFT) {
            int i = at >= 0 ? at - 1 : -at - 2;
            next = i >= 0 ? l.objectInstants[i] : null;
        } else if (code == KeyCode.RIGHT) {
            int i = at >= 0 ? at + 1 : -at - 1;
            next = i < l.objectInstants.length ? l.objectInstants[i] : null;
        } else if (code == KeyCode.HOME) {
            next = l.objectInstants[0];
        } else if (code == KeyCode.END) {
            next = l.objectInstants[l.objectInstants.length - 1];
        }
        if (next != null) {
            model.select(l.row, next);
            e.consume();
        }
    }

    /** What the pointer is over, in words: a break's reason, an object, the refused cursor, a generation. */
    public String hoverText(double x, double y) {
        if (viewport.isEmpty()) {
            return "";
        }
        syncPixels();
        Optional<Double> cx = cursorX();
        if (cx.isPresent() && Math.abs(cx.get() - x) <= 4 && model.planProperty().get() instanceof PlanState.Failed f) {
            return "The restore of this moment is refused: " + f.message();
        }
        int i = laneAt(y);
        if (i < 0) {
            return "";
        }
        Lane lane = lanes[i];
        ZoneId z = zone.get();
        double n = viewport.nanosAt(x);
        double slack = 4 * viewport.nanosPerPixel();
        for (int b = 0; b < lane.breaks.length; b++) {
            if (n >= lane.breakFrom[b] - slack && n <= Math.max(lane.breakUntil[b], lane.breakFrom[b]) + slack) {
                Continuity.Break br = lane.breaks[b];
                return br.summary() + " (from " + TimeText.tag(br.from(), z)
                        + br.until().map(u -> " until the snapshot of " + TimeText.tag(u, z)).orElse("") + "):\n"
                        + br.reason();
            }
        }
        if (lane.snapshots.length > 0) {
            int s = nearest(lane.snapshotTimes, n);
            if (Math.abs(viewport.x(lane.snapshotTimes[s]) - x) <= 6) {
                Snapshot snap = lane.snapshots[s];
                return String.format(Locale.ROOT, "Snapshot of index %08x, %s, created %s", snap.index(),
                        Units.bytes(snap.size()), TimeText.tag(snap.created(), z));
            }
        }
        if (lane.segments.length > 0) {
            int s = nearest(lane.segmentTimes, n);
            if (Math.abs(viewport.x(lane.segmentTimes[s]) - x) <= 3) {
                WalSegment seg = lane.segments[s];
                return String.format(Locale.ROOT, "WAL segment %08x at offset %d, %s, created %s", seg.index(),
                        seg.offset(), Units.bytes(seg.size()), TimeText.tag(seg.created(), z));
            }
        }
        GenerationRow row = lane.row;
        return "Generation " + row.name() + row.bounds().map(b -> ", " + TimeText.tag(b.start(), z) + " to "
                + TimeText.tag(b.end(), z)).orElse(", no objects");
    }

    // ---- drawing ----

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (viewport.isEmpty()) {
            g.setFill(MUTED);
            g.setFont(MESSAGE);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(rows.isEmpty() ? "Open a replica to see its generations on a timeline."
                    : "The replica's generations hold no objects.", w / 2, h / 2);
            drawFocus(g, w, h);
            return;
        }
        syncPixels();
        drawAxis(g, h);
        int selected = laneOf(model.selectedGenerationProperty().get());
        double laneH = laneHeight();
        for (int i = 0; i < lanes.length; i++) {
            drawLane(g, lanes[i], laneTop(i), laneH, i == selected);
        }
        drawCursor(g, w, h);
        drawFocus(g, w, h);
        onViewChanged.run();
    }

    private void drawFocus(GraphicsContext g, double w, double h) {
        if (isFocused()) {
            g.setStroke(ACCENT);
            g.setLineWidth(2);
            g.strokeRect(1, 1, w - 2, h - 2);
        }
    }

    private void drawAxis(GraphicsContext g, double h) {
        double span = viewport.visibleEndNanos() - viewport.visibleStartNanos();
        long step = niceStep((long) (span / Math.max(2, (viewport.right() - viewport.left()) / 90)));
        ZoneId z = zone.get();
        Instant visibleStart = viewport.visibleStart();
        // Ticks fall on round times of the shown zone (its offset at the left edge).
        long offset = z.getRules().getOffset(visibleStart).getTotalSeconds() * 1_000_000_000L;
        long originAbs = toEpochNanos(viewport.instant(0));
        long startAbs = originAbs + (long) viewport.visibleStartNanos();
        long first = Math.floorDiv(startAbs + offset, step) * step + step - offset;
        DateTimeFormatter format = step % 86_400_000_000_000L == 0 ? DAY
                : step >= 3_600_000_000_000L ? DAY_HOUR
                : step % 1_000_000_000L == 0 ? SECONDS : MILLIS;
        format = format.withZone(z);
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setLineWidth(1);
        double endAbs = originAbs + viewport.visibleEndNanos();
        for (long n = first; n < endAbs; n += step) {
            double x = Math.round(viewport.x(n - originAbs)) + 0.5;
            g.setStroke(GRID);
            g.strokeLine(x, AXIS_HEIGHT - 4, x, h - TAG_AREA);
            if (x < 34 || x > canvas.getWidth() - 34) {
                continue; // a label cut by the edge reads as a different time
            }
            g.setFill(MUTED);
            g.fillText(format.format(Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L),
                    Math.floorMod(n, 1_000_000_000L))), x, 6);
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    private void drawLane(GraphicsContext g, Lane lane, double top, double laneH, boolean selected) {
        double left = viewport.left() - 8;
        double width = viewport.right() - viewport.left() + 16;
        g.setFill(selected ? LANE_SELECTED : LANE);
        g.fillRoundRect(left, top, width, laneH, 8, 8);
        g.setStroke(selected ? ACCENT : LANE_BORDER);
        g.setLineWidth(1);
        g.strokeRoundRect(left + 0.5, top + 0.5, width - 1, laneH - 1, 8, 8);

        double xl = viewport.left();
        double xr = viewport.right();
        if (lane.hasObjects) {
            // The generation's span as a thin bar along the lane's bottom.
            double x0 = clampX(viewport.x(lane.start));
            double x1 = Math.max(x0 + 2, clampX(viewport.x(lane.end)));
            if (x1 > xl && x0 < xr) {
                g.setFill(selected ? ACCENT.deriveColor(0, 1, 1, 0.35) : LANE_BORDER);
                g.fillRect(x0, top + laneH - 5, x1 - x0, 3);
            }
        }
        drawBreakBands(g, lane, top, laneH);
        drawTicks(g, lane, top, laneH);
        drawSnapshots(g, lane, top);
        drawBreakLabels(g, lane, top, laneH);

        g.setFill(selected ? ACCENT : TEXT);
        g.setFont(selected ? SMALL_BOLD : SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(lane.row.name(), left + 6, top + 4);
    }

    private double clampX(double x) {
        return Math.max(viewport.left() - 8, Math.min(viewport.right() + 8, x));
    }

    private void drawBreakBands(GraphicsContext g, Lane lane, double top, double laneH) {
        for (int b = 0; b < lane.breaks.length; b++) {
            double fx = viewport.x(lane.breakFrom[b]);
            double ux = viewport.x(Math.max(lane.breakFrom[b], lane.breakUntil[b]));
            if (ux < viewport.left() - 8 || fx > viewport.right() + 8) {
                continue;
            }
            double a = clampX(fx);
            double z = Math.max(a + 3, clampX(ux));
            g.setFill(DANGER_BAND);
            g.fillRect(a, top + 1, z - a, laneH - 2);
            if (fx >= viewport.left() - 8) {
                double x = Math.round(fx) + 0.5;
                g.setStroke(DANGER);
                g.setLineWidth(2);
                g.strokeLine(x, top + 1, x, top + laneH - 1);
                g.setFill(DANGER);
                g.fillPolygon(new double[]{x - 5, x + 5, x}, new double[]{top + 1, top + 1, top + 8}, 3);
            }
        }
    }

    /** What is missing, and the planner's words when the band is wide enough to read them. */
    private void drawBreakLabels(GraphicsContext g, Lane lane, double top, double laneH) {
        for (int b = 0; b < lane.breaks.length; b++) {
            double a = Math.max(viewport.left(), viewport.x(lane.breakFrom[b]));
            double z = Math.min(viewport.right(), viewport.x(Math.max(lane.breakFrom[b], lane.breakUntil[b])));
            if (z - a < 70) {
                continue;
            }
            Continuity.Break br = lane.breaks[b];
            double y = top + 38;
            g.save();
            g.beginPath();
            g.rect(a, top, z - a, laneH);
            g.clip();
            textWithBackground(g, "⚠ " + br.summary(), SMALL_BOLD, a + 6, y, DANGER_TEXT);
            if (laneH >= 70 && z - a >= 160) {
                // The reason, wrapped at words over the lines the lane has room for.
                int lines = (int) ((top + laneH - 6 - (y + 15)) / 14);
                String rest = br.reason();
                for (int line = 0; line < lines && !rest.isEmpty(); line++) {
                    String fits = line == lines - 1 ? rest : fitting(rest, z - a - 14);
                    textWithBackground(g, fits, SMALL, a + 6, y + 15 + line * 14, DANGER_TEXT);
                    rest = rest.substring(fits.length()).stripLeading();
                }
            }
            g.restore();
        }
    }

    /** The longest run of whole words from the start of {@code s} that fits {@code width} (at least one word). */
    private String fitting(String s, double width) {
        measure.setFont(SMALL);
        int end = s.indexOf(' ');
        if (end < 0) {
            return s;
        }
        int next = end;
        while (next >= 0) {
            measure.setText(s.substring(0, next));
            if (measure.getLayoutBounds().getWidth() > width) {
                break;
            }
            end = next;
            next = s.indexOf(' ', next + 1);
        }
        if (next < 0) {
            measure.setText(s);
            if (measure.getLayoutBounds().getWidth() <= width) {
                return s;
            }
        }
        return s.substring(0, end);
    }

    private void textWithBackground(GraphicsContext g, String s, Font font, double x, double y, Color color) {
        measure.setFont(font);
        measure.setText(s);
        double tw = measure.getLayoutBounds().getWidth();
        g.setFill(LABEL_BACK);
        g.fillRoundRect(x - 3, y - 1, tw + 6, 15, 4, 4);
        g.setFill(color);
        g.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(s, x, y);
    }

    private void drawTicks(GraphicsContext g, Lane lane, double top, double laneH) {
        if (lane.segments.length == 0) {
            return;
        }
        double perPixel = viewport.nanosPerPixel();
        int lo = lowerBound(lane.segmentTimes, viewport.visibleStartNanos() - 2 * perPixel);
        int hi = lowerBound(lane.segmentTimes, viewport.visibleEndNanos() + 2 * perPixel);
        double baseline = top + laneH - 7;
        // Square root: one large segment (a checkpoint's rewrite) should not flatten all the others.
        double room = Math.max(4, laneH - 45);
        double maxSize = lane.maxSize;
        double columns = viewport.right() - viewport.left();
        if (hi - lo <= columns / 2) {
            for (int pass = 0; pass < 2; pass++) {
                boolean planned = pass == 1;
                g.setStroke(planned ? ACCENT : MUTED);
                g.setLineWidth(planned ? 2 : 1);
                for (int i = lo; i < hi; i++) {
                    if (lane.segmentPlanned[i] == planned) {
                        double x = Math.round(viewport.x(lane.segmentTimes[i])) + 0.5;
                        g.strokeLine(x, baseline, x, baseline - 3 - room * Math.sqrt(lane.segmentSizes[i] / maxSize));
                    }
                }
            }
            return;
        }
        // Denser than pixels: one bar per pixel column, as tall as the largest segment in it.
        int n = (int) Math.ceil(canvas.getWidth()) + 2;
        if (columnMax.length < n) {
            columnMax = new long[n];
            columnPlanned = new boolean[n];
            Arrays.fill(columnMax, -1);
        }
        int cmin = n;
        int cmax = -1;
        for (int i = lo; i < hi; i++) {
            int c = (int) Math.round(viewport.x(lane.segmentTimes[i]));
            if (c < 0 || c >= n) {
                continue;
            }
            if (lane.segmentSizes[i] > columnMax[c]) {
                columnMax[c] = lane.segmentSizes[i];
            }
            columnPlanned[c] |= lane.segmentPlanned[i];
            cmin = Math.min(cmin, c);
            cmax = Math.max(cmax, c);
        }
        for (int pass = 0; pass < 2; pass++) {
            boolean planned = pass == 1;
            g.setStroke(planned ? ACCENT : MUTED);
            g.setLineWidth(1);
            for (int c = cmin; c <= cmax; c++) {
                if (columnMax[c] >= 0 && columnPlanned[c] == planned) {
                    double x = c + 0.5;
                    g.strokeLine(x, baseline, x, baseline - 3 - room * Math.sqrt(columnMax[c] / maxSize));
                }
            }
        }
        for (int c = Math.max(0, cmin); c <= cmax; c++) {
            columnMax[c] = -1;
            columnPlanned[c] = false;
        }
    }

    private final double[] diamondX = new double[4];
    private final double[] diamondY = new double[4];

    private void drawSnapshots(GraphicsContext g, Lane lane, double top) {
        double perPixel = viewport.nanosPerPixel();
        int lo = lowerBound(lane.snapshotTimes, viewport.visibleStartNanos() - 8 * perPixel);
        int hi = lowerBound(lane.snapshotTimes, viewport.visibleEndNanos() + 8 * perPixel);
        double y = top + 28;
        g.setLineWidth(1);
        for (int i = lo; i < hi; i++) {
            double x = viewport.x(lane.snapshotTimes[i]);
            boolean inPlan = lane.snapshotPlanned[i];
            double r = inPlan ? 7 : 5.5;
            diamondX[0] = x;
            diamondX[1] = x + r;
            diamondX[2] = x;
            diamondX[3] = x - r;
            diamondY[0] = y - r;
            diamondY[1] = y;
            diamondY[2] = y + r;
            diamondY[3] = y;
            g.setFill(inPlan ? SNAPSHOT : SNAPSHOT_FILL);
            g.fillPolygon(diamondX, diamondY, 4);
            g.setStroke(SNAPSHOT);
            g.strokePolygon(diamondX, diamondY, 4);
        }
    }

    private void drawCursor(GraphicsContext g, double w, double h) {
        Optional<Instant> maybe = model.selectedTimeProperty().get();
        if (maybe.isEmpty()) {
            return;
        }
        Instant t = maybe.get();
        PlanState state = model.planProperty().get();
        boolean failed = state instanceof PlanState.Failed;
        Color color = failed ? DANGER : CURSOR;
        double cx = viewport.x(t);
        boolean inView = cx >= viewport.left() - 1 && cx <= viewport.right() + 1;
        String label = TimeText.tag(t, zone.get());
        if (!inView) {
            label = cx < viewport.left() ? "◀ " + label : label + " ▶";
        }
        if (failed) {
            label = label + "  ·  refused: " + ((PlanState.Failed) state).message();
        }
        double bottom = h - TAG_AREA;
        if (inView) {
            double x = Math.round(cx) + 0.5;
            g.setStroke(color);
            g.setLineWidth(2);
            g.strokeLine(x, AXIS_HEIGHT - 6, x, bottom + 4);
            g.setFill(color);
            g.fillPolygon(new double[]{x - 5, x + 5, x}, new double[]{AXIS_HEIGHT - 10, AXIS_HEIGHT - 10,
                    AXIS_HEIGHT - 3}, 3);
        }
        // The exact moment in a tag at the bottom, kept inside the canvas near either edge.
        measure.setFont(SMALL);
        measure.setText(label);
        double tagW = Math.min(w - 4, measure.getLayoutBounds().getWidth() + 16);
        double anchor = inView ? cx : cx < viewport.left() ? 0 : w;
        double tagX = Math.max(2, Math.min(w - tagW - 2, anchor - tagW / 2));
        double tagY = bottom + 4;
        g.setFill(color);
        g.fillRoundRect(tagX, tagY, tagW, 18, 6, 6);
        g.save();
        g.beginPath();
        g.rect(tagX + 4, tagY, tagW - 8, 18);
        g.clip();
        g.setFill(Color.WHITE);
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(label, tagX + 8, tagY + 9);
        g.restore();
    }

    private static long toEpochNanos(Instant t) {
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L) + t.getNano();
    }

    /** The smallest of 1, 2, 5 × 10^k ns (and minutes/hours/days) not below {@code rough}. */
    static long niceStep(long rough) {
        long[] fixed = {60_000_000_000L, 120_000_000_000L, 300_000_000_000L, 600_000_000_000L, 1_800_000_000_000L,
                3_600_000_000_000L, 10_800_000_000_000L, 21_600_000_000_000L, 43_200_000_000_000L,
                86_400_000_000_000L};
        long step = 1_000_000L;
        while (step < 60_000_000_000L) {
            for (long m : new long[]{1, 2, 5}) {
                if (step * m >= rough && step * m <= 30_000_000_000L) {
                    return step * m;
                }
            }
            step *= 10;
        }
        for (long f : fixed) {
            if (f >= rough) {
                return f;
            }
        }
        long days = 86_400_000_000_000L;
        return (rough + days - 1) / days * days;
    }
}
