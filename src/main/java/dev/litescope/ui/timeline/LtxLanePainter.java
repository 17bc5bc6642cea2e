package dev.litescope.ui.timeline;

import dev.litescope.replica.ltx.LtxFile;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * Draws the lanes of a Litestream 0.5 history for the {@link TimelinePainter}: level 9's snapshots as diamonds,
 * the compactions of levels 1 to 8 as spans (their TXID range written in when there is room), level-0 files as
 * ticks whose height grows with their size, and the restorable lane: the restore points as dots with their TXIDs,
 * a bar from the first to the newest, and the stretch after a TXID gap in red. What a plan reads is drawn in the
 * accent colour; a file whose TXID cannot be restored in the danger colour.
 */
final class LtxLanePainter {
    private static final Font SMALL = Font.font(11);
    private static final Font SMALL_BOLD = Font.font(null, FontWeight.BOLD, 11);
    private final double[] px = new double[4];
    private final double[] py = new double[4];
    private TimelineViewport v;
    private TimelinePalette p;

    /** Draws lane {@code i} of {@code ltx} into the lane box at {@code top}, {@code laneH} tall. */
    void draw(GraphicsContext g, LtxLanes ltx, int i, double top, double laneH, boolean selected,
              TimelineViewport viewport, TimelinePalette palette) {
        v = viewport;
        p = palette;
        double left = v.left() - 8;
        double width = v.right() - v.left() + 16;
        g.setFill(selected ? p.laneSelected() : p.lane());
        g.fillRoundRect(left, top, width, laneH, 8, 8);
        g.setStroke(selected ? p.accent() : p.laneBorder());
        g.setLineWidth(1);
        g.strokeRoundRect(left + 0.5, top + 0.5, width - 1, laneH - 1, 8, 8);
        String title;
        if (i == ltx.restorableLane()) {
            drawRestorable(g, ltx, top, laneH);
            title = "Restorable TXIDs (Litestream 0.5)";
        } else {
            LtxLanes.Level level = ltx.levels[i];
            if (level.isSnapshots()) {
                drawSnapshots(g, level, top, laneH);
            } else if (level.level == 0) {
                drawTicks(g, level, top, laneH);
            } else {
                drawSpans(g, level, top, laneH);
            }
            title = level.title() + " · " + level.files.length + " file(s)";
        }
        g.setFill(selected ? p.accent() : p.text());
        g.setFont(selected ? SMALL_BOLD : SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(title, left + 6, top + 4);
    }

    private boolean visible(double x0, double x1) {
        return x1 >= v.left() - 8 && x0 <= v.right() + 8;
    }

    private double clampX(double x) {
        return Math.max(v.left() - 8, Math.min(v.right() + 8, x));
    }

    private Color colour(LtxLanes.Level level, int f) {
        Color c = level.planned[f] ? p.accent() : level.restorable[f] ? p.muted() : p.danger();
        return level.dimmed[f] ? c.deriveColor(0, 1, 1, TimelinePainter.DIMMED_OPACITY) : c;
    }

    private void drawSnapshots(GraphicsContext g, LtxLanes.Level level, double top, double laneH) {
        double y = top + Math.min(laneH - 9, 26);
        for (int f = 0; f < level.files.length; f++) {
            double x = v.x(level.times[f]);
            if (!visible(x, x)) {
                continue;
            }
            boolean planned = level.planned[f];
            double r = planned ? 7 : 5.5;
            g.setLineWidth(1);
            TimelinePainter.diamond(g, px, py, x, y, r, planned ? p.accent() : p.snapshotFill(),
                    planned ? p.accent() : p.snapshot());
            if (laneH >= 40) {
                label(g, "1-" + Long.toHexString(level.files[f].maxTxid()), x + r + 3, y - 6, p.text());
            }
        }
    }

    private void drawSpans(GraphicsContext g, LtxLanes.Level level, double top, double laneH) {
        double h = Math.min(14, Math.max(6, laneH - 26));
        double y = top + laneH - h - 5;
        for (int f = 0; f < level.files.length; f++) {
            double x0 = v.x(level.spanFrom[f]);
            double x1 = v.x(level.times[f]);
            if (!visible(x0, x1)) {
                continue;
            }
            double a = clampX(x0);
            double z = Math.max(a + 3, clampX(x1));
            Color c = colour(level, f);
            g.setFill(c.deriveColor(0, 1, 1, level.planned[f] ? 0.45 : 0.25));
            g.fillRect(a, y, z - a - 1, h);
            g.setStroke(c);
            g.setLineWidth(level.planned[f] ? 2 : 1);
            g.strokeRect(a + 0.5, y + 0.5, Math.max(1, z - a - 2), h - 1);
            LtxFile file = level.files[f];
            String range = Long.toHexString(file.minTxid()) + "-" + Long.toHexString(file.maxTxid());
            if (z - a > range.length() * 7 + 8 && h >= 12) {
                g.setFill(p.text());
                g.setFont(SMALL);
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(range, a + 4, y + h / 2);
            }
        }
    }

    private void drawTicks(GraphicsContext g, LtxLanes.Level level, double top, double laneH) {
        double baseline = top + laneH - 5;
        double room = Math.max(4, laneH - 24);
        // Only the files in view, found by binary search: level 0 can hold thousands when compaction is behind.
        double perPixel = v.nanosPerPixel();
        int lo = Lane.lowerBound(level.times, v.visibleStartNanos() - 2 * perPixel);
        int hi = Lane.lowerBound(level.times, v.visibleEndNanos() + 2 * perPixel);
        for (int pass = 0; pass < 2; pass++) {
            for (int f = lo; f < hi; f++) {
                if (level.planned[f] != (pass == 1)) {
                    continue;
                }
                double x = Math.round(v.x(level.times[f])) + 0.5;
                g.setStroke(colour(level, f));
                g.setLineWidth(level.planned[f] ? 2 : 1);
                g.strokeLine(x, baseline, x, baseline - 3 - room * Math.sqrt((double) level.sizes[f] / level.maxSize));
            }
        }
    }

    private void drawRestorable(GraphicsContext g, LtxLanes ltx, double top, double laneH) {
        if (!ltx.hasPoints()) {
            return;
        }
        double y = top + laneH - 10;
        double a = clampX(v.x(ltx.pointTimes[0]));
        double z = Math.max(a + 2, clampX(v.x(ltx.end)));
        g.setFill(p.compareCursor().deriveColor(0, 1, 1, 0.55));
        g.fillRect(a, y - 2, z - a, 4);
        for (long from : ltx.refusedFrom) {
            double r = clampX(v.x(from));
            g.setFill(p.dangerBand());
            g.fillRect(r, top + 1, Math.max(3, z - r), laneH - 2);
            g.setFill(p.danger());
            g.fillRect(r, y - 2, Math.max(3, z - r), 4);
        }
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ltx.pointTimes.length; i++) {
            double x = v.x(ltx.pointTimes[i]);
            if (!visible(x, x)) {
                continue;
            }
            g.setFill(p.compareCursor());
            g.fillOval(x - 3.5, y - 3.5, 7, 7);
            String t = Long.toHexString(ltx.pointTxids[i]);
            if (laneH >= 36 && x - lastLabel > t.length() * 7 + 10) {
                label(g, t, x - 3, y - 20, p.text());
                lastLabel = x;
            }
        }
    }

    private void label(GraphicsContext g, String s, double x, double y, Color c) {
        g.setFill(c);
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(s, x, y);
    }
}
