package dev.litescope.ui;

import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.RestorePlan;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javafx.collections.ListChangeListener;
import javafx.geometry.VPos;
import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The replica's history on one time axis: a lane per generation, snapshots as diamonds, WAL segments as ticks
 * whose height grows with their stored size, and a vertical cursor at the selected moment. A click on a lane
 * selects that generation and moment; Left/Right step the cursor to the previous/next object time (each step
 * changes what a restore includes), Up/Down move between generations.
 *
 * <p>Drawn on a Canvas because a replica can hold thousands of segments: one node per tick would not scale.
 */
final class TimelineView extends Region {
    static final double AXIS_HEIGHT = 30;
    static final double PAD_X = 16;
    static final double LANE_GAP = 8;
    static final double MAX_LANE_HEIGHT = 88;

    // Primer's palette, so the canvas matches the AtlantaFX Primer theme around it.
    private static final Color LANE = Color.web("#f6f8fa");
    private static final Color LANE_SELECTED = Color.web("#ddf4ff");
    private static final Color LANE_BORDER = Color.web("#d0d7de");
    private static final Color ACCENT = Color.web("#0969da");
    private static final Color MUTED = Color.web("#8c959f");
    private static final Color TEXT = Color.web("#24292f");
    private static final Color SNAPSHOT = Color.web("#9a6700");
    private static final Color CURSOR = Color.web("#cf222e");

    private final MainViewModel model;
    private final Canvas canvas = new Canvas();

    TimelineView(MainViewModel model) {
        this.model = model;
        getChildren().add(canvas);
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.NODE);
        setAccessibleText("Timeline: click a generation's lane to pick the moment to restore");
        setMinSize(240, 160);
        setId("timeline");
        getStyleClass().add("timeline");

        model.generations().addListener((ListChangeListener<GenerationRow>) c -> draw());
        model.selectedGenerationProperty().addListener((o, a, b) -> draw());
        model.selectedTimeProperty().addListener((o, a, b) -> draw());
        model.planProperty().addListener((o, a, b) -> draw());
        focusedProperty().addListener((o, a, b) -> draw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPress);
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
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
        return AXIS_HEIGHT + Math.max(1, model.generations().size()) * (MAX_LANE_HEIGHT + LANE_GAP);
    }

    // ---- geometry ----

    /** The shared axis: every generation's span, with a little room either side so edge markers show. */
    Optional<Axis> axis() {
        Instant min = null;
        Instant max = null;
        for (GenerationRow r : model.generations()) {
            if (r.bounds().isEmpty()) {
                continue;
            }
            Instant s = r.start().get();
            Instant e = r.end().get();
            min = min == null || s.isBefore(min) ? s : min;
            max = max == null || e.isAfter(max) ? e : max;
        }
        if (min == null) {
            return Optional.empty();
        }
        Duration span = Duration.between(min, max);
        if (span.toMillis() < 1000) {
            span = Duration.ofSeconds(1);
        }
        Duration pad = span.dividedBy(25);
        return Optional.of(new Axis(min.minus(pad), max.plus(pad), PAD_X, Math.max(PAD_X + 1, getWidth() - PAD_X)));
    }

    double laneHeight() {
        int n = Math.max(1, model.generations().size());
        double available = getHeight() - AXIS_HEIGHT - 8;
        return Math.max(24, Math.min(MAX_LANE_HEIGHT, available / n - LANE_GAP));
    }

    double laneTop(int lane) {
        return AXIS_HEIGHT + lane * (laneHeight() + LANE_GAP);
    }

    /** The point in the lane of {@code row} at time {@code t}, in this region's coordinates (for tests). */
    Optional<double[]> pointOf(GenerationRow row, Instant t) {
        int lane = model.generations().indexOf(row);
        return axis().filter(a -> lane >= 0).map(a -> new double[]{a.x(t), laneTop(lane) + laneHeight() / 2});
    }

    record Axis(Instant start, Instant end, double x0, double x1) {
        double x(Instant t) {
            double nanos = Duration.between(start, t).toNanos();
            return x0 + (x1 - x0) * nanos / Duration.between(start, end).toNanos();
        }

        Instant time(double x) {
            double f = (x - x0) / (x1 - x0);
            return start.plusNanos(Math.round(f * Duration.between(start, end).toNanos()));
        }
    }

    // ---- input ----

    private void onPress(MouseEvent e) {
        requestFocus();
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        Optional<Axis> axis = axis();
        if (axis.isEmpty()) {
            return;
        }
        List<GenerationRow> rows = model.generations();
        for (int lane = 0; lane < rows.size(); lane++) {
            double top = laneTop(lane);
            if (e.getY() >= top && e.getY() < top + laneHeight() + LANE_GAP / 2 && rows.get(lane).bounds().isPresent()) {
                GenerationRow row = rows.get(lane);
                // A click just beside a generation's span means its edge: clamp rather than refuse.
                Instant t = axis.get().time(e.getX());
                Instant start = row.start().get();
                Instant end = row.end().get();
                t = t.isBefore(start) ? start : t.isAfter(end) ? end : t;
                model.select(row, t);
                return;
            }
        }
    }

    private void onKey(KeyEvent e) {
        Optional<GenerationRow> selected = model.selectedGenerationProperty().get();
        List<GenerationRow> rows = model.generations();
        if (rows.isEmpty()) {
            return;
        }
        if (selected.isEmpty()) {
            if (e.getCode().isArrowKey()) {
                model.select(rows.get(0));
                e.consume();
            }
            return;
        }
        GenerationRow row = selected.get();
        int lane = rows.indexOf(row);
        Instant now = model.selectedTimeProperty().get().orElse(row.end().orElse(Instant.EPOCH));
        TreeSet<Instant> times = new TreeSet<>();
        row.generation().snapshots().forEach(s -> times.add(s.created()));
        row.generation().walSegments().forEach(s -> times.add(s.created()));
        Instant next = null;
        if (e.getCode() == KeyCode.LEFT) {
            next = times.lower(now);
        } else if (e.getCode() == KeyCode.RIGHT) {
            next = times.higher(now);
        } else if (e.getCode() == KeyCode.HOME) {
            next = times.isEmpty() ? null : times.first();
        } else if (e.getCode() == KeyCode.END) {
            next = times.isEmpty() ? null : times.last();
        } else if (e.getCode() == KeyCode.UP && lane > 0) {
            model.select(rows.get(lane - 1));
            e.consume();
        } else if (e.getCode() == KeyCode.DOWN && lane < rows.size() - 1) {
            model.select(rows.get(lane + 1));
            e.consume();
        }
        if (next != null) {
            model.select(row, next);
            e.consume();
        }
    }

    // ---- drawing ----

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Optional<Axis> maybeAxis = axis();
        if (maybeAxis.isEmpty()) {
            g.setFill(MUTED);
            g.setFont(Font.font(13));
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(model.generations().isEmpty() ? "Open a replica to see its generations on a timeline."
                    : "The replica's generations hold no objects.", w / 2, h / 2);
            return;
        }
        Axis axis = maybeAxis.get();
        drawAxis(g, axis, h);

        Optional<GenerationRow> selected = model.selectedGenerationProperty().get();
        Optional<RestorePlan> plan = model.currentPlan();
        Set<String> planned = new HashSet<>();
        plan.ifPresent(p -> {
            planned.add(p.snapshot().object().key());
            p.segments().forEach(s -> planned.add(s.object().key()));
        });
        List<GenerationRow> rows = model.generations();
        double laneH = laneHeight();
        for (int lane = 0; lane < rows.size(); lane++) {
            GenerationRow row = rows.get(lane);
            boolean isSelected = selected.isPresent() && selected.get().equals(row);
            drawLane(g, axis, row, laneTop(lane), laneH, isSelected, planned);
        }

        model.selectedTimeProperty().get().ifPresent(t -> {
            double x = Math.round(axis.x(t)) + 0.5;
            g.setStroke(CURSOR);
            g.setLineWidth(2);
            g.strokeLine(x, AXIS_HEIGHT - 6, x, h - 22);
            g.setFill(CURSOR);
            g.fillPolygon(new double[]{x - 5, x + 5, x}, new double[]{AXIS_HEIGHT - 10, AXIS_HEIGHT - 10,
                    AXIS_HEIGHT - 3}, 3);
            // The exact moment in a tag at the bottom, kept inside the canvas near either edge.
            String label = Formats.time(t);
            g.setFont(Font.font(11));
            double tagW = 150;
            double tagX = Math.max(2, Math.min(w - tagW - 2, x - tagW / 2));
            g.setFill(CURSOR);
            g.fillRoundRect(tagX, h - 22, tagW, 18, 6, 6);
            g.setFill(Color.WHITE);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(label, tagX + tagW / 2, h - 13);
        });
        if (isFocused()) {
            g.setStroke(ACCENT);
            g.setLineWidth(2);
            g.strokeRect(1, 1, w - 2, h - 2);
        }
    }

    private void drawAxis(GraphicsContext g, Axis axis, double h) {
        long spanNanos = Duration.between(axis.start(), axis.end()).toNanos();
        long step = niceStep(spanNanos / Math.max(2, (long) ((axis.x1() - axis.x0()) / 90)));
        long first = Math.floorDiv(toNanos(axis.start()), step) * step + step;
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (long n = first; n < toNanos(axis.end()); n += step) {
            Instant t = Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
            double x = Math.round(axis.x(t)) + 0.5;
            g.setStroke(Color.web("#eaeef2"));
            g.setLineWidth(1);
            g.strokeLine(x, AXIS_HEIGHT - 4, x, h - 4);
            g.setFill(MUTED);
            String label = Formats.clock(t);
            // Whole seconds need no milliseconds; keeps labels short and readable.
            if (step % 1_000_000_000L == 0) {
                label = label.substring(0, 8);
            }
            g.fillText(label, x, 6);
        }
    }

    private void drawLane(GraphicsContext g, Axis axis, GenerationRow row, double top, double laneH,
                          boolean selected, Set<String> planned) {
        double left = axis.x0() - 8;
        double width = axis.x1() - axis.x0() + 16;
        g.setFill(selected ? LANE_SELECTED : LANE);
        g.fillRoundRect(left, top, width, laneH, 8, 8);
        g.setStroke(selected ? ACCENT : LANE_BORDER);
        g.setLineWidth(1);
        g.strokeRoundRect(left + 0.5, top + 0.5, width - 1, laneH - 1, 8, 8);

        if (row.bounds().isPresent()) {
            // The generation's span as a thin bar along the lane's bottom.
            double x0 = axis.x(row.start().get());
            double x1 = Math.max(x0 + 2, axis.x(row.end().get()));
            g.setFill(selected ? ACCENT.deriveColor(0, 1, 1, 0.35) : LANE_BORDER);
            g.fillRect(x0, top + laneH - 5, x1 - x0, 3);
        }

        long maxSize = Math.max(1, row.generation().walSegments().stream().mapToLong(WalSegment::size).max()
                .orElse(1));
        // Rows inside a lane: its name, then the snapshot diamonds, then the segment ticks rising from the bottom.
        double baseline = top + laneH - 7;
        double room = Math.max(4, laneH - 45);
        for (WalSegment s : row.generation().walSegments()) {
            double x = Math.round(axis.x(s.created())) + 0.5;
            // Square root: one large segment (a checkpoint's rewrite) should not flatten all the others.
            double tick = 3 + room * Math.sqrt((double) s.size() / maxSize);
            g.setStroke(planned.contains(s.object().key()) ? ACCENT : MUTED);
            g.setLineWidth(planned.contains(s.object().key()) ? 2 : 1);
            g.strokeLine(x, baseline, x, baseline - tick);
        }
        for (Snapshot s : row.generation().snapshots()) {
            double x = axis.x(s.created());
            double y = top + 28;
            boolean inPlan = planned.contains(s.object().key());
            double r = inPlan ? 7 : 5.5;
            g.setFill(inPlan ? SNAPSHOT : Color.web("#d4a72c"));
            g.fillPolygon(new double[]{x, x + r, x, x - r}, new double[]{y - r, y, y + r, y}, 4);
            g.setStroke(SNAPSHOT);
            g.setLineWidth(1);
            g.strokePolygon(new double[]{x, x + r, x, x - r}, new double[]{y - r, y, y + r, y}, 4);
        }
        g.setFill(selected ? ACCENT : TEXT);
        g.setFont(Font.font(null, selected ? FontWeight.BOLD : FontWeight.NORMAL, 11));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(row.name(), left + 6, top + 4);
    }

    private static long toNanos(Instant t) {
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L) + t.getNano();
    }

    /** The smallest of 1, 2, 5 × 10^k ns (and minutes/hours) not below {@code rough}. */
    static long niceStep(long rough) {
        long[] fixed = {60_000_000_000L, 120_000_000_000L, 300_000_000_000L, 600_000_000_000L, 1_800_000_000_000L,
                3_600_000_000_000L, 21_600_000_000_000L, 86_400_000_000_000L};
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
        return Math.max(rough, 86_400_000_000_000L);
    }
}
