package dev.litescope.ui.timeline;

/**
 * Where the lanes sit in a timeline {@code height} pixels tall holding {@code lanes} lanes: the axis on top, a
 * lane per generation, the cursor's tag area at the bottom. Pure arithmetic, shared by the painter and the input.
 */
record LaneGeometry(double height, int lanes) {
    static final double AXIS_HEIGHT = 30;
    static final double TAG_AREA = 26;
    static final double LANE_GAP = 8;
    static final double MAX_LANE_HEIGHT = 128;
    static final double MIN_LANE_HEIGHT = 24;

    double laneHeight() {
        int n = Math.max(1, lanes);
        double available = height - AXIS_HEIGHT - TAG_AREA;
        return Math.max(MIN_LANE_HEIGHT, Math.min(MAX_LANE_HEIGHT, available / n - LANE_GAP));
    }

    double laneTop(int lane) {
        return AXIS_HEIGHT + lane * (laneHeight() + LANE_GAP);
    }

    /** The lane at {@code y}, half a gap either side included, or -1. */
    int laneAt(double y) {
        double h = laneHeight();
        for (int i = 0; i < lanes; i++) {
            double top = laneTop(i);
            if (y >= top - LANE_GAP / 2 && y < top + h + LANE_GAP / 2) {
                return i;
            }
        }
        return -1;
    }

    /** The height that shows {@code lanes} lanes at their smallest: below it, lanes would fall off the canvas. */
    static double minimumHeight(int lanes) {
        return AXIS_HEIGHT + TAG_AREA + Math.max(1, lanes) * (MIN_LANE_HEIGHT + LANE_GAP);
    }

    /** The height that shows {@code lanes} lanes at their largest. */
    static double preferredHeight(int lanes) {
        return AXIS_HEIGHT + TAG_AREA + Math.max(1, lanes) * (MAX_LANE_HEIGHT + LANE_GAP);
    }
}
