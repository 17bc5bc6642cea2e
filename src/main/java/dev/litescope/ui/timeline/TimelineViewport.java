package dev.litescope.ui.timeline;

import java.time.Duration;
import java.time.Instant;

/**
 * Which stretch of time the timeline shows, and where on screen: pure arithmetic, no Nodes, so it is unit-tested
 * without a screen. Times are nanoseconds from an origin (the content's first moment) held in longs for objects
 * and doubles for the visible window, which keeps nanosecond precision over any span a replica has.
 *
 * <p>The visible window never leaves the content (plus a little room either side so edge markers show) and is
 * never narrower than {@link #MIN_SPAN_NANOS}; zooming keeps the moment under the anchor where it was.
 */
public final class TimelineViewport {
    static final double MIN_SPAN_NANOS = 10_000_000; // 10 ms: axis labels go down to milliseconds
    static final double PAD_FRACTION = 1.0 / 25;

    private Instant origin = Instant.EPOCH;
    private double fullStart;
    private double fullEnd = 1;
    private double start;
    private double end = 1;
    private double x0;
    private double x1 = 1;
    private boolean empty = true;

    /**
     * Shows {@code first}..{@code last} (with some room either side): fitted, unless the user had zoomed or panned
     * into the content before, in which case the same stretch of time stays in view (a replica that grows while
     * it is watched should not throw the user out of the moment they are looking at).
     */
    void setContent(Instant first, Instant last) {
        boolean keep = !empty && !isFitted();
        double shift = keep ? (double) Duration.between(origin, first).toNanos() : 0;
        double keptStart = start - shift;
        double keptEnd = end - shift;
        origin = first;
        double span = Math.max(1e9, nanos(last));
        double pad = span * PAD_FRACTION;
        fullStart = -pad;
        fullEnd = span + pad;
        empty = false;
        if (keep) {
            start = keptStart;
            end = keptEnd;
            clamp();
        } else {
            fit();
        }
    }

    void clear() {
        empty = true;
    }

    boolean isEmpty() {
        return empty;
    }

    /** The pixel columns the time axis maps onto. */
    void setPixels(double left, double right) {
        x0 = left;
        x1 = Math.max(left + 1, right);
    }

    void fit() {
        start = fullStart;
        end = fullEnd;
    }

    public boolean isFitted() {
        return start <= fullStart && end >= fullEnd;
    }

    /**
     * Zooms by {@code factor} (above 1 zooms in) around the pixel {@code anchorX}: the moment under it stays
     * under it, unless the window would leave the content.
     */
    void zoom(double factor, double anchorX) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            return;
        }
        double anchor = nanosAt(anchorX);
        double fraction = (anchorX - x0) / (x1 - x0);
        double span = clampSpan((end - start) / factor);
        start = anchor - fraction * span;
        end = start + span;
        clamp();
    }

    /** Moves the window {@code dx} pixels' worth later (negative: earlier). */
    void pan(double dx) {
        double shift = dx * nanosPerPixel();
        start += shift;
        end += shift;
        clamp();
    }

    /** Moves the window, at the same zoom, so that {@code t} is in view with {@code marginPx} to spare. */
    void reveal(Instant t, double marginPx) {
        double n = nanos(t);
        double margin = Math.min(marginPx, (x1 - x0) / 2) * nanosPerPixel();
        if (n < start + margin) {
            pan((n - margin - start) / nanosPerPixel());
        } else if (n > end - margin) {
            pan((n + margin - end) / nanosPerPixel());
        }
    }

    private double clampSpan(double span) {
        return Math.max(MIN_SPAN_NANOS, Math.min(fullEnd - fullStart, span));
    }

    private void clamp() {
        double span = clampSpan(end - start);
        if (start < fullStart) {
            start = fullStart;
        }
        if (start + span > fullEnd) {
            start = fullEnd - span;
        }
        end = start + span;
    }

    // ---- mapping ----

    /** Nanoseconds from the origin; exact for any instant within ±292 years of it. */
    long nanos(Instant t) {
        return (t.getEpochSecond() - origin.getEpochSecond()) * 1_000_000_000L + (t.getNano() - origin.getNano());
    }

    Instant instant(long nanos) {
        return origin.plusNanos(nanos);
    }

    public double x(long nanos) {
        return x0 + (nanos - start) * (x1 - x0) / (end - start);
    }

    public double x(Instant t) {
        return x(nanos(t));
    }

    double nanosAt(double x) {
        return start + (x - x0) * (end - start) / (x1 - x0);
    }

    Instant instantAt(double x) {
        return instant(Math.round(nanosAt(x)));
    }

    public double nanosPerPixel() {
        return (end - start) / (x1 - x0);
    }

    public double visibleStartNanos() {
        return start;
    }

    public double visibleEndNanos() {
        return end;
    }

    public Instant visibleStart() {
        return instant(Math.round(start));
    }

    Instant visibleEnd() {
        return instant(Math.round(end));
    }

    /** How many times the whole content's span the visible window is narrower: 1 when fitted. */
    public double zoomFactor() {
        return (fullEnd - fullStart) / (end - start);
    }

    public double left() {
        return x0;
    }

    public double right() {
        return x1;
    }
}
