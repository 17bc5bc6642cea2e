package dev.litescope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.ltx.LtxPlan;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The timeline's lanes of a Litestream 0.5 history, without a screen: a lane per level (highest first) and the
 * restorable lane, compaction spans, the restore points the cursor snaps to, what a plan reads, the stretch a gap
 * refuses, and what the pointer says over them.
 */
class LtxLanesTest {
    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    static LtxFile file(int level, long min, long max, double seconds) {
        Instant at = T0.plusNanos((long) (seconds * 1e9));
        String key = LtxNames.levelDir(level) + LtxNames.fileName(min, max);
        return new LtxFile(level, min, max, at, new ObjectInfo(key, 100 * (max - min + 1), at));
    }

    /**
     * Level 1 compacts 1-4 and 5-8, level 2 all of 1-8, a snapshot of 1-4; level 0 keeps only 9 to 12: TXIDs 5 to
     * 7 lie inside a compaction whose level-0 files are pruned.
     */
    static List<LtxFile> pruned() {
        List<LtxFile> files = new ArrayList<>(List.of(file(9, 1, 4, 10), file(1, 1, 4, 5), file(1, 5, 8, 30),
                file(2, 1, 8, 30.5)));
        for (int t = 9; t <= 12; t++) {
            files.add(file(0, t, t, 22 + t));
        }
        return files;
    }

    static LtxRow row(List<LtxFile> files) {
        // No catalogue: the lanes read only the history.
        return new LtxRow(null, new LtxHistory(files, HealthWarning.Settings.defaults()));
    }

    static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    @Test
    void aLanePerLevelHighestFirstThenTheRestorableOne() {
        TimelineLanes all = TimelineLanes.of(List.of(), Optional.of(row(pruned())), k -> k);
        LtxLanes ltx = all.ltx().orElseThrow();

        assertThat(all.size()).as("no generations").isZero();
        assertThat(all.total()).isEqualTo(5);
        assertThat(ltx.levels).extracting(l -> l.level).containsExactly(9, 2, 1, 0);
        assertThat(ltx.levels).extracting(LtxLanes.Level::title)
                .containsExactly("L9 snapshots", "L2 compactions", "L1 compactions", "L0 files");
        assertThat(all.restorableLane()).isEqualTo(4);
        // The axis runs from the oldest file to just past the newest, where the last restore point is.
        assertThat(all.first()).contains(T0.plusSeconds(5));
        assertThat(all.last()).contains(T0.plusSeconds(34).plusNanos(1));
        LtxLanes.Level l0 = ltx.levels[3];
        assertThat(l0.times).containsExactly(nanos(26), nanos(27), nanos(28), nanos(29));
        assertThat(l0.restorable).containsExactly(true, true, true, true);
    }

    @Test
    void aCompactionSpansFromTheOldestFileThatHoldsItsTxids() {
        LtxLanes ltx = new LtxLanes(row(pruned()), T0.plusSeconds(5));
        LtxLanes.Level l2 = ltx.levels[1];
        // L2 1-8 holds TXIDs L1 1-4 had at 5 s: its span starts there and ends at its own time.
        assertThat(l2.spanFrom).containsExactly(0L);
        assertThat(l2.times).containsExactly(nanos(25.5));
        LtxLanes.Level l1 = ltx.levels[2];
        assertThat(l1.spanFrom).containsExactly(0L, nanos(25));
        LtxLanes.Level l9 = ltx.levels[0];
        assertThat(l9.spanFrom).as("a snapshot is a moment").containsExactly(l9.times);
    }

    @Test
    void theCursorSnapsOnlyToRestorePointsAndStepsBetweenThem() {
        LtxLanes ltx = new LtxLanes(row(pruned()), T0.plusSeconds(5));
        // 4 from L1 1-4 (the snapshot gives the same), 8 from L1 5-8, then a point per level-0 file.
        assertThat(ltx.pointTxids).containsExactly(4, 8, 9, 10, 11, 12);
        assertThat(ltx.pointTimes[0]).isEqualTo(1L);
        // 20 s is nearer to 8's point (30 s) than to 4's (5 s).
        assertThat(ltx.pointNear(nanos(15))).isEqualTo(T0.plusSeconds(30).plusNanos(1));
        assertThat(ltx.pointNear(nanos(10))).isEqualTo(T0.plusSeconds(5).plusNanos(1));
        assertThat(ltx.pointNear(-nanos(100))).isEqualTo(T0.plusSeconds(5).plusNanos(1));
        Instant at8 = T0.plusSeconds(30).plusNanos(1);
        assertThat(ltx.step(Optional.of(at8), Lane.Step.PREVIOUS)).contains(T0.plusSeconds(5).plusNanos(1));
        assertThat(ltx.step(Optional.of(at8), Lane.Step.NEXT)).contains(T0.plusSeconds(31).plusNanos(1));
        assertThat(ltx.step(Optional.of(T0.plusSeconds(5).plusNanos(1)), Lane.Step.PREVIOUS)).isEmpty();
        assertThat(ltx.step(Optional.empty(), Lane.Step.LAST)).contains(T0.plusSeconds(34).plusNanos(1));
        // Between two points (not on one): the neighbours of the moment.
        assertThat(ltx.step(Optional.of(T0.plusSeconds(20)), Lane.Step.NEXT)).contains(at8);
    }

    @Test
    void theRowMapsTxidsToMomentsAndMomentsToPoints() {
        LtxRow row = row(pruned());
        assertThat(row.momentOf(8)).contains(T0.plusSeconds(30).plusNanos(1));
        assertThat(row.momentOf(12)).contains(T0.plusSeconds(34).plusNanos(1));
        assertThat(row.latestRestorable()).contains(12L);
        assertThat(row.pointAt(T0.plusSeconds(29)).map(LtxHistory.RestorePoint::txid)).contains(4L);
        assertThat(row.pointAt(T0).map(LtxHistory.RestorePoint::txid)).as("before every point: the first")
                .contains(4L);
        assertThat(row.history().isRestorable(6)).isFalse();
    }

    @Test
    void aPlanMarksTheFilesItReadsAndOnlyThose() {
        List<LtxFile> files = pruned();
        LtxLanes ltx = new LtxLanes(row(files), T0.plusSeconds(5));
        LtxPlan plan = new LtxPlan(RestoreTarget.txid(9), List.of(files.get(0), files.get(2), files.get(4)),
                List.of());
        ltx.markPlanned(Optional.of(plan));
        assertThat(ltx.levels[0].planned).containsExactly(true);
        assertThat(ltx.levels[1].planned).containsExactly(false);
        assertThat(ltx.levels[2].planned).containsExactly(false, true);
        assertThat(ltx.levels[3].planned).containsExactly(true, false, false, false);
        ltx.markPlanned(Optional.empty());
        assertThat(ltx.levels[2].planned).containsExactly(false, false);
    }

    @Test
    void aGapRefusesEveryRestoreFromTheFileAfterIt() {
        List<LtxFile> files = pruned();
        files.add(file(0, 14, 14, 40));
        LtxLanes ltx = new LtxLanes(row(files), T0.plusSeconds(5));
        assertThat(ltx.gaps).hasSize(1);
        assertThat(ltx.refusedFrom).containsExactly(nanos(35));
        assertThat(ltx.levels[3].restorable).containsExactly(true, true, true, true, false);
        assertThat(ltx.describe(files.get(files.size() - 1))).startsWith("L0 000000000000000e-000000000000000e")
                .contains("lies behind a gap: TXIDs 000000000000000d are in no LTX file");
    }

    @Test
    void theHoverSaysWhyTxidsInsideAPrunedCompactionCannotBeRestored() {
        TimelineLanes all = TimelineLanes.of(List.of(), Optional.of(row(pruned())), k -> k);
        TimelineViewport v = new TimelineViewport();
        v.setPixels(0, 290);
        v.setContent(all.first().orElseThrow(), all.last().orElseThrow());
        LaneGeometry geometry = new LaneGeometry(600, all.total());
        double l1 = geometry.laneTop(2) + geometry.laneHeight() / 2;
        // Halfway along L1 5-8's span (it starts at its own time here: its level-0 files are gone) at 30 s.
        String over = TimelineHover.at(v.x(T0.plusSeconds(30)), l1, all, v, geometry, ZoneOffset.UTC,
                Optional.empty(), Optional.empty());
        assertThat(over).startsWith("L1 0000000000000005-0000000000000008, 400 B, created")
                .contains("TXID 0000000000000007 lies inside L1 0000000000000005-0000000000000008, whose level-0 files "
                        + "are pruned");
        double restorable = geometry.laneTop(4) + geometry.laneHeight() / 2;
        String point = TimelineHover.at(v.x(T0.plusSeconds(30).plusNanos(1)), restorable, all, v, geometry,
                ZoneOffset.UTC, Optional.empty(), Optional.empty());
        assertThat(point).startsWith("TXID 0000000000000008: restorable");
    }
}
