package dev.litescope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.v3.Generation;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a change touched, in the hover's words, whether the "Changes to" filter dims it, and the hover over a WAL
 * tick carrying that line; and the per-column dimming of ticks denser than pixels. No screen.
 */
class TouchedTextTest {
    private static Map<String, Integer> counts(Object... nameThenPages) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenPages.length; i += 2) {
            m.put((String) nameThenPages[i], (Integer) nameThenPages[i + 1]);
        }
        return m;
    }

    @Test
    void describesTheTablesAndIndexesMostPagesFirstWithTheUnitOnce() {
        assertThat(TouchedText.describe(counts("orders", 12, "orders_by_user", 3)))
                .isEqualTo("orders (12 pages), orders_by_user (3)");
        assertThat(TouchedText.describe(counts("users", 1))).isEqualTo("users (1 page)");
        assertThat(TouchedText.describe(Map.of())).startsWith("no table or index");
    }

    @Test
    void theFilterDimsOnlyChangesKnownNotToTouchTheChosenName() {
        Optional<Map<String, Integer>> orders = Optional.of(counts("orders", 12, "orders_by_user", 3));
        assertThat(TouchedText.dims(Optional.of("users"), orders)).isTrue();
        assertThat(TouchedText.dims(Optional.of("orders_by_user"), orders)).isFalse();
        assertThat(TouchedText.dims(Optional.of("orders"), orders)).isFalse();
        assertThat(TouchedText.dims(Optional.empty(), orders)).as("no filter").isFalse();
        assertThat(TouchedText.dims(Optional.of("users"), Optional.empty())).as("unknown: it may have").isFalse();
        assertThat(TouchedText.dims(Optional.of("users"), Optional.of(Map.of()))).isTrue();
    }

    @Test
    void theHoverOverATickAddsWhatItChanged() {
        Generation g = TimelineLanesTest.generation(TimelineLanesTest.A, 0,
                new int[][]{{0, 0, 10}, {0, 4096, 20}, {0, 8192, 40}});
        TimelineLanes lanes = TimelineLanesTest.lanes(g);
        TimelineViewport v = new TimelineViewport();
        v.setPixels(16, 584);
        v.setContent(lanes.first().orElseThrow(), lanes.last().orElseThrow());
        LaneGeometry geometry = new LaneGeometry(300, lanes.size());
        double y = geometry.laneTop(0) + geometry.laneHeight() - 10;
        double x = v.x(TimelineLanesTest.T0.plusSeconds(20));
        String text = TimelineHover.at(x, y, lanes, v, geometry, ZoneOffset.UTC, Optional.empty(), Optional.empty(),
                (row, seg) -> seg.offset() == 4096 ? "\nChanged " + TouchedText.describe(counts("orders", 12,
                        "orders_by_user", 3)) : "\nChanged: ?");
        assertThat(text).startsWith("WAL segment 00000000 at offset 4096")
                .endsWith("\nChanged orders (12 pages), orders_by_user (3)");
        String generation = TimelineHover.at(v.x(TimelineLanesTest.T0.plusSeconds(30)), y, lanes, v, geometry,
                ZoneOffset.UTC, Optional.empty(), Optional.empty(), (row, seg) -> "\nChanged: ?");
        assertThat(generation).as("between ticks: the generation, no change line").startsWith("Generation ")
                .doesNotContain("Changed");
    }

    @Test
    void aPixelColumnIsDimmedOnlyWhenEverySegmentInItIs() {
        Generation g = TimelineLanesTest.generation(TimelineLanesTest.A, 0,
                new int[][]{{0, 0, 10}, {0, 4096, 10}, {0, 8192, 40}});
        TimelineLanes lanes = TimelineLanesTest.lanes(g);
        Lane lane = lanes.get(0);
        TimelineViewport v = new TimelineViewport();
        v.setPixels(0, 100);
        v.setContent(lanes.first().orElseThrow(), lanes.last().orElseThrow());
        TickColumns columns = new TickColumns();
        lane.markDimmed(s -> s.offset() == 0);
        columns.collect(lane, 0, 3, v, 102);
        int first = (int) Math.round(v.x(TimelineLanesTest.T0.plusSeconds(10)));
        int last = (int) Math.round(v.x(TimelineLanesTest.T0.plusSeconds(40)));
        assertThat(columns.dimmed(first)).as("one of its two segments is lit").isFalse();
        lane.markDimmed(s -> s.offset() != 8192);
        columns.collect(lane, 0, 3, v, 102);
        assertThat(columns.dimmed(first)).as("both dimmed").isTrue();
        assertThat(columns.dimmed(last)).isFalse();
    }
}
