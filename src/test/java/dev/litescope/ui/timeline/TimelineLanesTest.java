package dev.litescope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.Position;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.Continuity;
import dev.litescope.restore.v3.RestorePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The timeline's lane data without a screen: sorted arrays, snapping, stepping between objects and generations,
 * the breaks Continuity finds, what a plan marks, and the per-pixel-column bars of dense ticks.
 */
class TimelineLanesTest {
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final String A = "0000000000000aaa";
    static final String B = "0000000000000bbb";

    /** A generation as Litestream lays it out: a snapshot of index 0, then WAL segments at the given seconds. */
    static Generation generation(String name, int snapshotAt, int[][] indexOffsetSecond) {
        List<Snapshot> snaps = List.of(new Snapshot(name, 0, new ObjectInfo(Names.snapshotsDir(name)
                + "00000000.snapshot.lz4", 5000, T0.plusSeconds(snapshotAt))));
        List<WalSegment> segs = new ArrayList<>();
        for (int[] s : indexOffsetSecond) {
            String key = Names.walDir(name) + Names.hex8(s[0]) + "_" + Names.hex8(s[1]) + ".wal.lz4";
            segs.add(new WalSegment(name, new Position(s[0], s[1]), new ObjectInfo(key, 100L + s[2] * 10L,
                    T0.plusSeconds(s[2]))));
        }
        return new Generation(name, snaps, segs);
    }

    static TimelineLanes lanes(Generation... gens) {
        return TimelineLanes.of(List.of(gens).stream().map(GenerationRow::of).toList(), Function.identity());
    }

    @Test
    void lanesHoldSortedDistinctObjectTimesFromTheFirstObject() {
        // Listed by position, created out of that order; the snapshot shares its second with a segment.
        Generation a = generation(A, 10, new int[][]{{0, 0, 30}, {0, 4096, 10}, {0, 8192, 20}});
        Generation b = generation(B, 50, new int[][]{{0, 0, 60}});
        TimelineLanes lanes = lanes(a, b);
        assertThat(lanes.size()).isEqualTo(2);
        assertThat(lanes.first()).contains(T0.plusSeconds(10));
        assertThat(lanes.last()).contains(T0.plusSeconds(60));
        Lane lane = lanes.get(0);
        assertThat(lane.objectInstants).containsExactly(T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30));
        assertThat(lane.objectTimes).containsExactly(0, 10_000_000_000L, 20_000_000_000L);
        assertThat(lane.segmentTimes).containsExactly(0, 10_000_000_000L, 20_000_000_000L);
        assertThat(lane.segmentSizes).containsExactly(200, 300, 400);
        assertThat(lane.maxSize).isEqualTo(400);
        assertThat(lanes.get(1).start).isEqualTo(40_000_000_000L);
        assertThat(lanes.indexOf(Optional.of(GenerationRow.of(b)))).isEqualTo(1);
        assertThat(lanes.indexOf(Optional.empty())).isEqualTo(-1);
        assertThat(TimelineLanes.of(List.of(), Function.identity()).first()).isEmpty();
    }

    @Test
    void aMomentSnapsToTheNearestObjectWithinTheDistanceAndStaysInTheSpan() {
        Lane lane = lanes(generation(A, 0, new int[][]{{0, 0, 10}, {0, 4096, 20}})).get(0);
        long s = 1_000_000_000L;
        assertThat(lane.momentAt(11.5 * s, 2 * s)).isEqualTo(T0.plusSeconds(10));
        assertThat(lane.momentAt(18.5 * s, 2 * s)).isEqualTo(T0.plusSeconds(20));
        assertThat(lane.momentAt(15 * s, 2 * s)).as("too far from both").isEqualTo(T0.plusSeconds(15));
        assertThat(lane.momentAt(11.5 * s, 0)).as("no snapping").isEqualTo(T0.plusMillis(11_500));
        assertThat(lane.momentAt(-5 * s, 0)).as("before the span").isEqualTo(T0);
        assertThat(lane.momentAt(99 * s, 0)).as("after the span").isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void stepsGoFromObjectToObjectAndLanesToTheirNeighbours() {
        TimelineLanes lanes = lanes(generation(A, 0, new int[][]{{0, 0, 10}, {0, 4096, 20}}),
                generation(B, 30, new int[][]{}));
        Lane lane = lanes.get(0);
        Optional<Instant> at10 = Optional.of(T0.plusSeconds(10));
        assertThat(lane.step(at10, Lane.Step.PREVIOUS)).contains(T0);
        assertThat(lane.step(at10, Lane.Step.NEXT)).contains(T0.plusSeconds(20));
        assertThat(lane.step(Optional.of(T0.plusSeconds(15)), Lane.Step.PREVIOUS)).contains(T0.plusSeconds(10));
        assertThat(lane.step(Optional.of(T0.plusSeconds(15)), Lane.Step.NEXT)).contains(T0.plusSeconds(20));
        assertThat(lane.step(Optional.of(T0), Lane.Step.PREVIOUS)).as("at the first object").isEmpty();
        assertThat(lane.step(Optional.empty(), Lane.Step.NEXT)).as("from the newest").isEmpty();
        assertThat(lane.step(Optional.empty(), Lane.Step.PREVIOUS)).contains(T0.plusSeconds(10));
        assertThat(lane.step(at10, Lane.Step.FIRST)).contains(T0);
        assertThat(lane.step(at10, Lane.Step.LAST)).contains(T0.plusSeconds(20));
        assertThat(lanes.neighbour(0, 1)).isEqualTo(1);
        assertThat(lanes.neighbour(0, -1)).isEqualTo(-1);
        assertThat(lanes.neighbour(1, 1)).isEqualTo(-1);
        assertThat(lanes.neighbour(-1, 1)).as("no lane selected").isEqualTo(-1);
    }

    @Test
    void breaksAreContinuitysWithTheirSpanInNanoseconds() {
        // Index 1 is missing: restores from index 2's first segment on run into it.
        Generation g = generation(A, 0, new int[][]{{0, 0, 10}, {2, 0, 20}, {2, 4096, 30}});
        Lane lane = lanes(g).get(0);
        List<Continuity.Break> expected = Continuity.of(g, Function.identity());
        assertThat(expected).hasSize(1);
        assertThat(lane.breaks).containsExactlyElementsOf(expected);
        assertThat(lane.breakFrom[0]).isEqualTo(lane.nanos(expected.get(0).from()));
        assertThat(lane.breakUntil[0]).as("no later snapshot: to the lane's end").isEqualTo(lane.end);
    }

    @Test
    void aPlanMarksItsSnapshotAndSegmentsInItsGenerationOnly() {
        Generation a = generation(A, 0, new int[][]{{0, 0, 10}, {0, 4096, 20}, {0, 8192, 30}});
        Generation b = generation(B, 40, new int[][]{{0, 0, 50}});
        TimelineLanes lanes = lanes(a, b);
        RestorePlan plan = new RestorePlan(RestoreTarget.latest(), A, a.snapshots().get(0),
                a.walSegments().subList(0, 2), List.of());
        lanes.markPlanned(Optional.of(plan));
        Lane lane = lanes.get(0);
        assertThat(lane.snapshotPlanned).containsExactly(true);
        assertThat(lane.segmentPlanned).containsExactly(true, true, false);
        assertThat(lanes.get(1).snapshotPlanned).containsExactly(false);
        assertThat(lanes.get(1).segmentPlanned).containsExactly(false);

        lanes.markPlanned(Optional.empty());
        assertThat(lane.snapshotPlanned).containsExactly(false);
        assertThat(lane.segmentPlanned).containsExactly(false, false, false);
    }

    @Test
    void denseTicksBecomeOneBarPerPixelColumnAsTallAsTheLargest() {
        int[][] segs = new int[40][];
        for (int i = 0; i < segs.length; i++) {
            segs[i] = new int[]{0, i * 4096, 10 + i}; // sizes grow with the second: 100 + 10 s
        }
        Lane lane = lanes(generation(A, 0, segs)).get(0);
        TimelineViewport v = new TimelineViewport();
        v.setPixels(0, 10);
        v.setContent(T0, T0.plusSeconds(49));
        TickColumns columns = new TickColumns();
        columns.collect(lane, 0, lane.segments.length, v, 12);
        long total = 0;
        long largest = 0;
        for (int c = columns.first(); c <= columns.last(); c++) {
            if (columns.max(c) >= 0) {
                total++;
                largest = Math.max(largest, columns.max(c));
                assertThat(columns.planned(c)).isFalse();
            }
        }
        assertThat(total).as("40 segments in at most 11 columns").isBetween(5L, 11L);
        assertThat(largest).isEqualTo(lane.maxSize);
        int lastColumn = (int) Math.round(v.x(lane.segmentTimes[39]));
        assertThat(columns.max(lastColumn)).isEqualTo(lane.segmentSizes[39]);

        // A second collection starts from empty columns, and a planned segment marks its column.
        lane.segmentPlanned[0] = true;
        columns.collect(lane, 0, 1, v, 12);
        int c0 = (int) Math.round(v.x(lane.segmentTimes[0]));
        assertThat(columns.first()).isEqualTo(c0);
        assertThat(columns.last()).isEqualTo(c0);
        assertThat(columns.max(c0)).isEqualTo(lane.segmentSizes[0]);
        assertThat(columns.planned(c0)).isTrue();
        assertThat(columns.max(lastColumn)).isEqualTo(lastColumn == c0 ? lane.segmentSizes[0] : -1);
    }
}
