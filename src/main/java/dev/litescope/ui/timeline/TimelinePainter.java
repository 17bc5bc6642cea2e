package dev.litescope.ui.timeline;

import dev.litescope.restore.v3.Continuity;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Draws a frame of the timeline on its Canvas from the lane data and the viewport: the axis, a lane per generation
 * (its span, the breaks as red bands with their reasons, the WAL segments as ticks whose height grows with their
 * size, faded where the "Changes to" filter dims them, the snapshots as diamonds), any number of cursors with
 * their tags, and the focus ring.
 *
 * <p>Only what is in view is drawn, found by binary search in the lanes' sorted arrays; where ticks are denser
 * than pixels, each pixel column draws one bar for the largest segment in it ({@link TickColumns}).
 */
final class TimelinePainter {
    private static final Font SMALL = Font.font(11);
    private static final Font SMALL_BOLD = Font.font(null, FontWeight.BOLD, 11);
    private static final Font MESSAGE = Font.font(13);
    /** How much of a tick's colour is left when the "Changes to" filter dims it. */
    static final double DIMMED_OPACITY = 0.22;

    /** Everything one frame shows. {@code selectedLane} is -1 when no generation is selected. */
    record Frame(double width, double height, TimelineLanes lanes, TimelineViewport viewport, LaneGeometry geometry,
                 int selectedLane, List<TimelineCursor> cursors, ZoneId zone, boolean focused, String emptyMessage,
                 TimelinePalette palette) {
    }

    private final Text measure = new Text();
    private final TickColumns columns = new TickColumns();
    private final LtxLanePainter ltxPainter = new LtxLanePainter();
    private final double[] diamondX = new double[4];
    private final double[] diamondY = new double[4];
    private TimelineViewport v;
    private TimelinePalette p;

    void paint(GraphicsContext g, Frame f) {
        v = f.viewport();
        p = f.palette();
        double w = f.width();
        double h = f.height();
        g.setFill(p.background());
        g.fillRect(0, 0, w, h);
        if (v.isEmpty()) {
            g.setFill(p.muted());
            g.setFont(MESSAGE);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(f.emptyMessage(), w / 2, h / 2);
        } else {
            TimelineAxis.draw(g, v, f.zone(), w, h, SMALL, p.grid(), p.muted());
            LaneGeometry geometry = f.geometry();
            double laneH = geometry.laneHeight();
            int n = f.lanes().size();
            for (int i = 0; i < n; i++) {
                drawLane(g, f.lanes().get(i), geometry.laneTop(i), laneH, i == f.selectedLane(), w);
            }
            if (f.lanes().ltx().isPresent()) {
                LtxLanes ltx = f.lanes().ltx().get();
                for (int i = 0; i < ltx.size(); i++) {
                    ltxPainter.draw(g, ltx, i, geometry.laneTop(n + i), laneH, n + i == f.selectedLane(), v, p);
                }
            }
            drawCursors(g, f.cursors(), w, h);
        }
        if (f.focused()) {
            g.setStroke(p.accent());
            g.setLineWidth(2);
            g.strokeRect(1, 1, w - 2, h - 2);
        }
    }

    private void drawLane(GraphicsContext g, Lane lane, double top, double laneH, boolean selected, double w) {
        double left = v.left() - 8;
        double width = v.right() - v.left() + 16;
        g.setFill(selected ? p.laneSelected() : p.lane());
        g.fillRoundRect(left, top, width, laneH, 8, 8);
        g.setStroke(selected ? p.accent() : p.laneBorder());
        g.setLineWidth(1);
        g.strokeRoundRect(left + 0.5, top + 0.5, width - 1, laneH - 1, 8, 8);
        if (lane.hasObjects) {
            // The generation's span as a thin bar along the lane's bottom.
            double x0 = clampX(v.x(lane.start));
            double x1 = Math.max(x0 + 2, clampX(v.x(lane.end)));
            if (x1 > v.left() && x0 < v.right()) {
                g.setFill(selected ? p.accent().deriveColor(0, 1, 1, 0.35) : p.laneBorder());
                g.fillRect(x0, top + laneH - 5, x1 - x0, 3);
            }
        }
        drawBreakBands(g, lane, top, laneH);
        drawTicks(g, lane, top, laneH, w);
        drawSnapshots(g, lane, top);
        drawBreakLabels(g, lane, top, laneH);

        g.setFill(selected ? p.accent() : p.text());
        g.setFont(selected ? SMALL_BOLD : SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(lane.row.name(), left + 6, top + 4);
    }

    private double clampX(double x) {
        return Math.max(v.left() - 8, Math.min(v.right() + 8, x));
    }

    private void drawBreakBands(GraphicsContext g, Lane lane, double top, double laneH) {
        for (int b = 0; b < lane.breaks.length; b++) {
            double fx = v.x(lane.breakFrom[b]);
            double ux = v.x(Math.max(lane.breakFrom[b], lane.breakUntil[b]));
            if (ux < v.left() - 8 || fx > v.right() + 8) {
                continue;
            }
            double a = clampX(fx);
            double z = Math.max(a + 3, clampX(ux));
            g.setFill(p.dangerBand());
            g.fillRect(a, top + 1, z - a, laneH - 2);
            if (fx >= v.left() - 8) {
                double x = Math.round(fx) + 0.5;
                g.setStroke(p.danger());
                g.setLineWidth(2);
                g.strokeLine(x, top + 1, x, top + laneH - 1);
                g.setFill(p.danger());
                g.fillPolygon(new double[]{x - 5, x + 5, x}, new double[]{top + 1, top + 1, top + 8}, 3);
            }
        }
    }

    /** What is missing, and the planner's words when the band is wide enough to read them. */
    private void drawBreakLabels(GraphicsContext g, Lane lane, double top, double laneH) {
        for (int b = 0; b < lane.breaks.length; b++) {
            double a = Math.max(v.left(), v.x(lane.breakFrom[b]));
            double z = Math.min(v.right(), v.x(Math.max(lane.breakFrom[b], lane.breakUntil[b])));
            if (z - a < 70) {
                continue;
            }
            Continuity.Break br = lane.breaks[b];
            double y = top + 38;
            g.save();
            g.beginPath();
            g.rect(a, top, z - a, laneH);
            g.clip();
            textWithBackground(g, "⚠ " + br.summary(), SMALL_BOLD, a + 6, y, p.dangerText());
            if (laneH >= 70 && z - a >= 160) {
                // The reason, wrapped at words over the lines the lane has room for.
                int lines = (int) ((top + laneH - 6 - (y + 15)) / 14);
                String rest = br.reason();
                for (int line = 0; line < lines && !rest.isEmpty(); line++) {
                    String fits = line == lines - 1 ? rest : fitting(rest, z - a - 14);
                    textWithBackground(g, fits, SMALL, a + 6, y + 15 + line * 14, p.dangerText());
                    rest = rest.substring(fits.length()).stripLeading();
                }
            }
            g.restore();
        }
    }

    /** The longest run of whole words from the start of {@code s} that fits {@code width} (at least one word). */
    private String fitting(String s, double width) {
        int end = s.indexOf(' ');
        if (end < 0) {
            return s;
        }
        int next = end;
        while (next >= 0) {
            if (width(s.substring(0, next), SMALL) > width) {
                break;
            }
            end = next;
            next = s.indexOf(' ', next + 1);
        }
        if (next < 0 && width(s, SMALL) <= width) {
            return s;
        }
        return s.substring(0, end);
    }

    private double width(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private void textWithBackground(GraphicsContext g, String s, Font font, double x, double y, Color color) {
        double tw = width(s, font);
        g.setFill(p.labelBack());
        g.fillRoundRect(x - 3, y - 1, tw + 6, 15, 4, 4);
        g.setFill(color);
        g.setFont(font);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(s, x, y);
    }

    private void drawTicks(GraphicsContext g, Lane lane, double top, double laneH, double w) {
        if (lane.segments.length == 0) {
            return;
        }
        double perPixel = v.nanosPerPixel();
        int lo = Lane.lowerBound(lane.segmentTimes, v.visibleStartNanos() - 2 * perPixel);
        int hi = Lane.lowerBound(lane.segmentTimes, v.visibleEndNanos() + 2 * perPixel);
        double baseline = top + laneH - 7;
        // Square root: one large segment (a checkpoint's rewrite) should not flatten all the others.
        double room = Math.max(4, laneH - 45);
        double maxSize = lane.maxSize;
        if (hi - lo <= (v.right() - v.left()) / 2) {
            // Dimmed first, then the rest, the planned last: what the filter keeps is drawn over what it dims.
            for (int pass = 0; pass < 3; pass++) {
                for (int i = lo; i < hi; i++) {
                    if (pass(lane.segmentPlanned[i], lane.segmentDimmed[i]) == pass) {
                        tickStroke(g, lane.segmentPlanned[i], lane.segmentDimmed[i]);
                        g.setLineWidth(lane.segmentPlanned[i] ? 2 : 1);
                        double x = Math.round(v.x(lane.segmentTimes[i])) + 0.5;
                        g.strokeLine(x, baseline, x, baseline - 3 - room * Math.sqrt(lane.segmentSizes[i] / maxSize));
                    }
                }
            }
            return;
        }
        // Denser than pixels: one bar per pixel column, as tall as the largest segment in it.
        columns.collect(lane, lo, hi, v, (int) Math.ceil(w) + 2);
        g.setLineWidth(1);
        for (int pass = 0; pass < 3; pass++) {
            for (int c = columns.first(); c <= columns.last(); c++) {
                if (columns.max(c) >= 0 && pass(columns.planned(c), columns.dimmed(c)) == pass) {
                    tickStroke(g, columns.planned(c), columns.dimmed(c));
                    double x = c + 0.5;
                    g.strokeLine(x, baseline, x, baseline - 3 - room * Math.sqrt(columns.max(c) / maxSize));
                }
            }
        }
    }

    private static int pass(boolean planned, boolean dimmed) {
        return dimmed ? 0 : planned ? 2 : 1;
    }

    /** A tick's colour: the accent when the plan fetches it, faded when the "Changes to" filter dims it. */
    private void tickStroke(GraphicsContext g, boolean planned, boolean dimmed) {
        Color c = planned ? p.accent() : p.muted();
        g.setStroke(dimmed ? c.deriveColor(0, 1, 1, DIMMED_OPACITY) : c);
    }

    private void drawSnapshots(GraphicsContext g, Lane lane, double top) {
        double perPixel = v.nanosPerPixel();
        int lo = Lane.lowerBound(lane.snapshotTimes, v.visibleStartNanos() - 8 * perPixel);
        int hi = Lane.lowerBound(lane.snapshotTimes, v.visibleEndNanos() + 8 * perPixel);
        double y = top + 28;
        g.setLineWidth(1);
        for (int i = lo; i < hi; i++) {
            double x = v.x(lane.snapshotTimes[i]);
            boolean inPlan = lane.snapshotPlanned[i];
            double r = inPlan ? 7 : 5.5;
            diamond(g, diamondX, diamondY, x, y, r, inPlan ? p.snapshot() : p.snapshotFill(), p.snapshot());
        }
    }

    /**
     * Where the cursors' tags go along the bottom: each centred under its cursor and kept inside the canvas, moved
     * aside, in the cursors' order from left to right, so that no tag covers another (two cursors near the right
     * edge push the left one's tag further left). Returns each tag's left edge, in the order given.
     */
    static double[] placeTags(double[] anchors, double[] widths, double width) {
        int n = anchors.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> anchors[i]));
        double[] x = new double[n];
        double end = Double.NEGATIVE_INFINITY;
        for (int i : order) {
            x[i] = Math.max(Math.max(2, Math.min(width - widths[i] - 2, anchors[i] - widths[i] / 2)), end + 4);
            end = x[i] + widths[i];
        }
        double limit = width - 2;
        for (int k = n - 1; k >= 0; k--) {
            int i = order[k];
            x[i] = Math.max(2, Math.min(x[i], limit - widths[i]));
            limit = x[i] - 4;
        }
        return x;
    }

    private void drawCursors(GraphicsContext g, List<TimelineCursor> cursors, double w, double h) {
        int n = cursors.size();
        String[] labels = new String[n];
        double[] anchors = new double[n];
        double[] widths = new double[n];
        double bottom = h - LaneGeometry.TAG_AREA;
        double axis = LaneGeometry.AXIS_HEIGHT;
        for (int i = 0; i < n; i++) {
            TimelineCursor c = cursors.get(i);
            double cx = v.x(c.at());
            boolean inView = cx >= v.left() - 1 && cx <= v.right() + 1;
            String label = inView ? c.tag() : cx < v.left() ? "◀ " + c.tag() : c.tag() + " ▶";
            labels[i] = c.note().isEmpty() ? label : label + "  ·  " + c.note();
            widths[i] = Math.min(w - 4, width(labels[i], SMALL) + 16);
            anchors[i] = inView ? cx : cx < v.left() ? 0 : w;
            if (inView) {
                double x = Math.round(cx) + 0.5;
                g.setStroke(c.colour());
                g.setLineWidth(2);
                g.strokeLine(x, axis - 6, x, bottom + 4);
                g.setFill(c.colour());
                g.fillPolygon(new double[]{x - 5, x + 5, x}, new double[]{axis - 10, axis - 10, axis - 3}, 3);
            }
        }
        // The exact moment in a tag at the bottom, kept inside the canvas near either edge.
        double[] xs = placeTags(anchors, widths, w);
        double tagY = bottom + 4;
        for (int i = 0; i < n; i++) {
            g.setFill(cursors.get(i).colour());
            g.fillRoundRect(xs[i], tagY, widths[i], 18, 6, 6);
            g.save();
            g.beginPath();
            g.rect(xs[i] + 4, tagY, widths[i] - 8, 18);
            g.clip();
            g.setFill(p.onEmphasis());
            g.setFont(SMALL);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(labels[i], xs[i] + 8, tagY + 9);
            g.restore();
        }
    }

    /** A snapshot's diamond of half-width {@code r} around (x, y); {@code xs} and {@code ys} are 4-long scratch. */
    static void diamond(GraphicsContext g, double[] xs, double[] ys, double x, double y, double r, Paint fill,
                        Paint stroke) {
        xs[0] = x;
        xs[1] = x + r;
        xs[2] = x;
        xs[3] = x - r;
        ys[0] = y - r;
        ys[1] = y;
        ys[2] = y + r;
        ys[3] = y;
        g.setFill(fill);
        g.fillPolygon(xs, ys, 4);
        g.setStroke(stroke);
        g.strokePolygon(xs, ys, 4);
    }
}
