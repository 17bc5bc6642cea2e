package dev.litescope.ui.timeline;

import java.util.Arrays;

/**
 * Where a lane's WAL segments are denser than pixels, one bar per pixel column, as tall as the largest segment in
 * it, marked planned if any segment in it is, and dimmed when every segment in it is dimmed. The scratch arrays
 * are reused across frames: a frame at 10,000 segments allocates nothing. Pure Java, tested without a screen.
 */
final class TickColumns {
    private long[] max = new long[0];
    private boolean[] planned = new boolean[0];
    private boolean[] lit = new boolean[0];
    private int first;
    private int last = -1;

    /**
     * Collects segments {@code lo} (inclusive) to {@code hi} (exclusive) of {@code lane} into the pixel columns
     * {@code 0..columns-1}, each at the column {@code round(v.x(time))}; what falls outside is left out.
     */
    void collect(Lane lane, int lo, int hi, TimelineViewport v, int columns) {
        reset();
        if (max.length < columns) {
            max = new long[columns];
            planned = new boolean[columns];
            lit = new boolean[columns];
            Arrays.fill(max, -1);
        }
        int cmin = columns;
        int cmax = -1;
        for (int i = lo; i < hi; i++) {
            int c = (int) Math.round(v.x(lane.segmentTimes[i]));
            if (c < 0 || c >= columns) {
                continue;
            }
            if (lane.segmentSizes[i] > max[c]) {
                max[c] = lane.segmentSizes[i];
            }
            planned[c] |= lane.segmentPlanned[i];
            lit[c] |= !lane.segmentDimmed[i];
            cmin = Math.min(cmin, c);
            cmax = Math.max(cmax, c);
        }
        first = cmin;
        last = cmax;
    }

    private void reset() {
        for (int c = Math.max(0, first); c <= last; c++) {
            max[c] = -1;
            planned[c] = false;
            lit[c] = false;
        }
        first = 0;
        last = -1;
    }

    /** The first column that holds a bar (above {@link #last()} when none does). */
    int first() {
        return first;
    }

    int last() {
        return last;
    }

    /** The largest segment's size in column {@code c}, or -1 when none falls in it. */
    long max(int c) {
        return max[c];
    }

    boolean planned(int c) {
        return planned[c];
    }

    /** Whether every segment in column {@code c} is dimmed by the "Changes to" filter. */
    boolean dimmed(int c) {
        return !lit[c];
    }
}
