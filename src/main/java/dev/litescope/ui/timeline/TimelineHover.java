package dev.litescope.ui.timeline;

import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.v3.Continuity;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.Units;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What the pointer is over, in words, for the timeline's tooltip: the refused cursor, a break's reason, a
 * snapshot, a WAL segment (and what it changed, when asked), or the generation; in a Litestream 0.5 history's
 * lanes an LTX file (and why the TXIDs it ends at or holds cannot be restored, when they cannot), a restore
 * point, a gap. Pure Java over the lane data and the viewport.
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
        return at(x, y, lanes, v, geometry, z, cursorX, refusal, (row, seg) -> "");
    }

    /** As above, with {@code touched}'s line (what the segment changed) after a WAL segment's. */
    static String at(double x, double y, TimelineLanes lanes, TimelineViewport v, LaneGeometry geometry, ZoneId z,
                     Optional<Double> cursorX, Optional<String> refusal,
                     BiFunction<GenerationRow, WalSegment, String> touched) {
        if (v.isEmpty()) {
            return "";
        }
        if (cursorX.isPresent() && Math.abs(cursorX.get() - x) <= 4 && refusal.isPresent()) {
            return "The restore of this moment is refused: " + refusal.get();
        }
        int i = geometry.laneAt(y);
        if (i >= lanes.size() && lanes.ltx().isPresent() && i < lanes.total()) {
            return ltx(x, lanes.ltx().get(), i - lanes.size(), v, z);
        }
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
                        seg.offset(), Units.bytes(seg.size()), TimeText.tag(seg.created(), z))
                        + touched.apply(lane.row, seg);
            }
        }
        GenerationRow row = lane.row;
        return "Generation " + row.name() + row.bounds().map(b -> ", " + TimeText.tag(b.start(), z) + " to "
                + TimeText.tag(b.end(), z)).orElse(", no objects");
    }

    /** Over lane {@code lane} of a 0.5 history: a restore point or a refused stretch, or a file of a level. */
    private static String ltx(double x, LtxLanes ltx, int lane, TimelineViewport v, ZoneId z) {
        double n = v.nanosAt(x);
        LtxHistory h = ltx.row.history();
        if (lane == ltx.restorableLane()) {
            if (ltx.hasPoints()) {
                int p = Lane.nearest(ltx.pointTimes, n);
                if (Math.abs(v.x(ltx.pointTimes[p]) - x) <= 6) {
                    return "TXID " + LtxNames.txid(ltx.pointTxids[p]) + ": restorable; a restore of any moment from "
                            + TimeText.tag(ltx.pointInstants[p], z) + " on gives it, until the next point";
                }
            }
            for (int g = 0; g < ltx.refusedFrom.length; g++) {
                if (n >= ltx.refusedFrom[g]) {
                    return "A restore from here on is refused: " + ltx.gaps[g].describe();
                }
            }
            Optional<Long> at = h.txidAt(v.instantAt(x));
            return "Restorable states of the Litestream 0.5 history: " + h.restorableTxids().size() + " TXID(s) in "
                    + h.restorableRanges().size() + " range(s)"
                    + at.map(t -> "; a restore of this moment gives TXID " + LtxNames.txid(t)).orElse("")
                    + ". Click to pick the nearest restore point.";
        }
        LtxLanes.Level level = ltx.levels[lane];
        Optional<LtxFile> file = nearest(x, level, v);
        if (file.isPresent()) {
            LtxFile f = file.get();
            String d = ltx.describe(f);
            int nl = d.indexOf('\n');
            return (nl < 0 ? d : d.substring(0, nl)) + ", created " + TimeText.tag(f.created(), z)
                    + (nl < 0 ? "" : d.substring(nl));
        }
        return level.title() + ": " + level.files.length + " file(s), TXIDs "
                + LtxNames.txid(Arrays.stream(level.files).mapToLong(LtxFile::minTxid).min().orElse(0)) + " to "
                + LtxNames.txid(Arrays.stream(level.files).mapToLong(LtxFile::maxTxid).max().orElse(0));
    }

    /** The LTX file of a level's lane under the pointer, if the pointer is over one (within 4 pixels). */
    static Optional<LtxFile> ltxFileAt(double x, double y, TimelineLanes lanes, TimelineViewport v,
                                       LaneGeometry geometry) {
        if (v.isEmpty() || lanes.ltx().isEmpty()) {
            return Optional.empty();
        }
        LtxLanes ltx = lanes.ltx().get();
        int lane = geometry.laneAt(y) - lanes.size();
        if (lane < 0 || lane >= ltx.levels.length || lane == ltx.restorableLane()) {
            return Optional.empty();
        }
        return nearest(x, ltx.levels[lane], v);
    }

    private static Optional<LtxFile> nearest(double x, LtxLanes.Level level, TimelineViewport v) {
        int best = -1;
        double dist = Double.MAX_VALUE;
        for (int f = 0; f < level.files.length; f++) {
            double x0 = v.x(level.spanFrom[f]);
            double x1 = v.x(level.times[f]);
            double d = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
            if (d < dist || d == 0 && dist == 0) {
                dist = d;
                best = f;
            }
        }
        return best >= 0 && dist <= 4 ? Optional.of(level.files[best]) : Optional.empty();
    }
}
