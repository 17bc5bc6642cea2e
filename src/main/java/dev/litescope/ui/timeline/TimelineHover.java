package dev.litescope.ui.timeline;

import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.v3.Continuity;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.Units;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * What the pointer is over, in words, for the timeline's tooltip: the refused cursor, a break's reason, a
 * snapshot, a WAL segment, or the generation. Pure Java over the lane data and the viewport.
 */
final class TimelineHover {
    private TimelineHover() {
    }

    /**
     * @param cursorX the cursor's x, if one is set
     * @param refusal why the cursor's moment cannot be restored, if it cannot
     */
    static String at(double x, double y, TimelineLanes lanes, TimelineViewport v, LaneGeometry geometry, ZoneId z,
                     Optional<Double> cursorX, Optional<String> refusal) {
        if (v.isEmpty()) {
            return "";
        }
        if (cursorX.isPresent() && Math.abs(cursorX.get() - x) <= 4 && refusal.isPresent()) {
            return "The restore of this moment is refused: " + refusal.get();
        }
        int i = geometry.laneAt(y);
        if (i < 0 || i >= lanes.size()) {
            return "";
        }
        Lane lane = lanes.get(i);
        double n = v.nanosAt(x);
        double slack = 4 * v.nanosPerPixel();
        for (int b = 0; b < lane.breaks.length; b++) {
            if (n >= lane.breakFrom[b] - slack && n <= Math.max(lane.breakUntil[b], lane.breakFrom[b]) + slack) {
                Continuity.Break br = lane.breaks[b];
                return br.summary() + " (from " + TimeText.tag(br.from(), z)
                        + br.until().map(u -> " until the snapshot of " + TimeText.tag(u, z)).orElse("") + "):\n"
                        + br.reason();
            }
        }
        if (lane.snapshots.length > 0) {
            int s = Lane.nearest(lane.snapshotTimes, n);
            if (Math.abs(v.x(lane.snapshotTimes[s]) - x) <= 6) {
                Snapshot snap = lane.snapshots[s];
                return String.format(Locale.ROOT, "Snapshot of index %08x, %s, created %s", snap.index(),
                        Units.bytes(snap.size()), TimeText.tag(snap.created(), z));
            }
        }
        if (lane.segments.length > 0) {
            int s = Lane.nearest(lane.segmentTimes, n);
            if (Math.abs(v.x(lane.segmentTimes[s]) - x) <= 3) {
                WalSegment seg = lane.segments[s];
                return String.format(Locale.ROOT, "WAL segment %08x at offset %d, %s, created %s", seg.index(),
                        seg.offset(), Units.bytes(seg.size()), TimeText.tag(seg.created(), z));
            }
        }
        GenerationRow row = lane.row;
        return "Generation " + row.name() + row.bounds().map(b -> ", " + TimeText.tag(b.start(), z) + " to "
                + TimeText.tag(b.end(), z)).orElse(", no objects");
    }
}
