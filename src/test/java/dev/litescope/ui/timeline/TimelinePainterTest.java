package dev.litescope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.WalSegment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The painter on a real Canvas under Monocle, checked on the pixels: ticks the "Changes to" filter dims, and two
 * cursors (the selected moment and time travel's comparison moment), each a line in its own colour with its own
 * tag, and tags that stay apart when the two moments are close.
 */
@ExtendWith(ApplicationExtension.class)
class TimelinePainterTest {
    static final double W = 600;
    static final double H = 300;
    static final Color PRIMARY = Color.rgb(130, 80, 223);
    static final Color COMPARE = Color.rgb(26, 127, 55);

    @Start
    void start(Stage stage) {
        // Nothing to show: the painter draws on a Canvas of its own.
    }

    static final TimelinePalette PALETTE = new TimelinePalette(Color.WHITE, Color.rgb(246, 248, 250),
            Color.rgb(221, 244, 255), Color.rgb(208, 215, 222), Color.rgb(234, 238, 242), Color.rgb(9, 105, 218),
            Color.rgb(140, 149, 159), Color.rgb(36, 41, 47), Color.rgb(154, 103, 0), Color.rgb(212, 167, 44),
            PRIMARY, COMPARE, Color.rgb(207, 34, 46), Color.rgb(255, 129, 130, 0.4), Color.rgb(130, 7, 30),
            Color.WHITE, Color.WHITE);

    private PixelReader paint(FxRobot robot, List<TimelineCursor> cursors, TimelineViewport[] out) {
        return paint(robot, cursors, out, s -> false);
    }

    private PixelReader paint(FxRobot robot, List<TimelineCursor> cursors, TimelineViewport[] out,
                              Predicate<WalSegment> dim) {
        Generation g = TimelineLanesTest.generation(TimelineLanesTest.A, 0,
                new int[][]{{0, 0, 10}, {0, 4096, 20}, {0, 8192, 40}});
        TimelineLanes lanes = TimelineLanesTest.lanes(g);
        lanes.get(0).markDimmed(dim);
        TimelineViewport v = new TimelineViewport();
        v.setPixels(TimelineView.PAD_X, W - TimelineView.PAD_X);
        v.setContent(lanes.first().orElseThrow(), lanes.last().orElseThrow());
        out[0] = v;
        PixelReader[] pixels = new PixelReader[1];
        robot.interact(() -> {
            Canvas canvas = new Canvas(W, H);
            new TimelinePainter().paint(canvas.getGraphicsContext2D(), new TimelinePainter.Frame(W, H, lanes, v,
                    new LaneGeometry(H, lanes.size()), 0, cursors, ZoneOffset.UTC, false, "", PALETTE));
            pixels[0] = canvas.snapshot(null, null).getPixelReader();
        });
        return pixels[0];
    }

    private static TimelineCursor cursor(int second, Color colour, String note) {
        Instant t = TimelineLanesTest.T0.plusSeconds(second);
        return new TimelineCursor(t, colour, t.toString(), note);
    }

    @Test
    void twoCursorsEachDrawTheirLineAndTagInTheirColour() {
        TimelineViewport[] v = new TimelineViewport[1];
        PixelReader px = paint(new FxRobot(), List.of(cursor(10, PRIMARY, ""), cursor(35, COMPARE, "comparing")), v);
        double x1 = Math.round(v[0].x(TimelineLanesTest.T0.plusSeconds(10)));
        double x2 = Math.round(v[0].x(TimelineLanesTest.T0.plusSeconds(35)));
        double lineY = LaneGeometry.AXIS_HEIGHT + 40;
        assertThat(px.getColor((int) x1, (int) lineY)).as("primary line").isEqualTo(PRIMARY);
        assertThat(px.getColor((int) x2, (int) lineY)).as("comparison line").isEqualTo(COMPARE);
        assertThat(px.getColor((int) ((x1 + x2) / 2), (int) lineY)).as("between the two")
                .isNotIn(PRIMARY, COMPARE);
        int tagY = (int) (H - LaneGeometry.TAG_AREA + 5);
        assertThat(px.getColor((int) x1, tagY)).as("primary tag").isEqualTo(PRIMARY);
        assertThat(px.getColor((int) x2, tagY)).as("comparison tag").isEqualTo(COMPARE);
    }

    @Test
    void ticksTheFilterDimsAreFadedAndTheOthersKeepTheirColour() {
        TimelineViewport[] v = new TimelineViewport[1];
        PixelReader px = paint(new FxRobot(), List.of(), v, s -> s.offset() == 4096);
        LaneGeometry geometry = new LaneGeometry(H, 1);
        int y = (int) (geometry.laneTop(0) + geometry.laneHeight() - 7 - 2);
        Color lit = px.getColor((int) Math.round(v[0].x(TimelineLanesTest.T0.plusSeconds(40))), y);
        Color dimmed = px.getColor((int) Math.round(v[0].x(TimelineLanesTest.T0.plusSeconds(20))), y);
        Color lane = PALETTE.lane();
        assertThat(lit).as("a tick the filter keeps").isEqualTo(PALETTE.muted());
        assertThat(distance(dimmed, lane)).as("the dimmed tick is close to the lane's colour")
                .isLessThan(distance(PALETTE.muted(), lane) * 0.4).isGreaterThan(0.01);
        PixelReader all = paint(new FxRobot(), List.of(), v, s -> false);
        assertThat(all.getColor((int) Math.round(v[0].x(TimelineLanesTest.T0.plusSeconds(20))), y))
                .as("without the filter").isEqualTo(PALETTE.muted());
    }

    private static double distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue());
    }

    @Test
    void tagsOfCursorsAtTheSameMomentSitSideBySide() {
        TimelineViewport[] v = new TimelineViewport[1];
        PixelReader px = paint(new FxRobot(), List.of(cursor(20, PRIMARY, ""), cursor(20, COMPARE, "")), v);
        int tagY = (int) (H - LaneGeometry.TAG_AREA + 5);
        int primary = 0;
        int compare = 0;
        int lastPrimary = -1;
        int firstCompare = Integer.MAX_VALUE;
        for (int x = 0; x < W; x++) {
            Color c = px.getColor(x, tagY);
            if (c.equals(PRIMARY)) {
                primary++;
                lastPrimary = x;
            } else if (c.equals(COMPARE)) {
                compare++;
                firstCompare = Math.min(firstCompare, x);
            }
        }
        assertThat(primary).as("the primary tag shows").isGreaterThan(60);
        assertThat(compare).as("the comparison tag shows whole beside it").isGreaterThan(60);
        assertThat(firstCompare).as("the comparison tag starts after the primary one").isGreaterThan(lastPrimary);
    }

    @Test
    void tagsNearTheRightEdgeMakeRoomLeftwardsAndNeverOverlap() {
        // The kept cursor at the very end, the selected one just before it, listed in that order: the left tag
        // moves left rather than being covered.
        double[] x = TimelinePainter.placeTags(new double[] {590, 560}, new double[] {180, 180}, 600);
        assertThat(x[0]).as("the right tag stays inside").isEqualTo(600 - 2 - 180.0);
        assertThat(x[1] + 180).as("the left tag ends before the right one starts").isLessThanOrEqualTo(x[0] - 4);
        double[] apart = TimelinePainter.placeTags(new double[] {100, 400}, new double[] {80, 80}, 600);
        assertThat(apart).as("tags with room stay centred under their cursors").containsExactly(60, 360);
        double[] left = TimelinePainter.placeTags(new double[] {0, 5}, new double[] {100, 100}, 600);
        assertThat(left[0]).isEqualTo(2);
        assertThat(left[1]).isEqualTo(106);
    }
}
