package dev.litescope.ui.timeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** The time axis: grid lines on round times of the shown zone, about every 90 pixels, labelled at the top. */
final class TimelineAxis {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final long[] FIXED = {60_000_000_000L, 120_000_000_000L, 300_000_000_000L, 600_000_000_000L,
            1_800_000_000_000L, 3_600_000_000_000L, 10_800_000_000_000L, 21_600_000_000_000L, 43_200_000_000_000L,
            DAY_NANOS};

    private TimelineAxis() {
    }

    /** Draws the grid from the axis down to the tag area, and the labels, in a canvas {@code w} by {@code h}. */
    static void draw(GraphicsContext g, TimelineViewport v, ZoneId z, double w, double h, Font font,
                     Color grid, Color label) {
        double span = v.visibleEndNanos() - v.visibleStartNanos();
        long step = niceStep((long) (span / Math.max(2, (v.right() - v.left()) / 90)));
        // Ticks fall on round times of the shown zone (its offset at the left edge).
        long offset = z.getRules().getOffset(v.visibleStart()).getTotalSeconds() * 1_000_000_000L;
        long originAbs = toEpochNanos(v.instant(0));
        long startAbs = originAbs + (long) v.visibleStartNanos();
        long first = Math.floorDiv(startAbs + offset, step) * step + step - offset;
        DateTimeFormatter format = (step % DAY_NANOS == 0 ? DAY
                : step >= 3_600_000_000_000L ? DAY_HOUR
                : step % 1_000_000_000L == 0 ? SECONDS : MILLIS).withZone(z);
        g.setFont(font);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.setLineWidth(1);
        double endAbs = originAbs + v.visibleEndNanos();
        for (long n = first; n < endAbs; n += step) {
            double x = Math.round(v.x(n - originAbs)) + 0.5;
            g.setStroke(grid);
            g.strokeLine(x, LaneGeometry.AXIS_HEIGHT - 4, x, h - LaneGeometry.TAG_AREA);
            if (x < 34 || x > w - 34) {
                continue; // a label cut by the edge reads as a different time
            }
            g.setFill(label);
            g.fillText(format.format(Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L),
                    Math.floorMod(n, 1_000_000_000L))), x, 6);
        }
    }

    private static long toEpochNanos(Instant t) {
        return Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L) + t.getNano();
    }

    /** The smallest of 1, 2, 5 × 10^k ns (and minutes/hours/days) not below {@code rough}. */
    static long niceStep(long rough) {
        long step = 1_000_000L;
        while (step < 60_000_000_000L) {
            for (long m : new long[]{1, 2, 5}) {
                if (step * m >= rough && step * m <= 30_000_000_000L) {
                    return step * m;
                }
            }
            step *= 10;
        }
        for (long f : FIXED) {
            if (f >= rough) {
                return f;
            }
        }
        return (rough + DAY_NANOS - 1) / DAY_NANOS * DAY_NANOS;
    }
}
