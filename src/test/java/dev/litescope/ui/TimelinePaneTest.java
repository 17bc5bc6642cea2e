package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import atlantafx.base.theme.PrimerLight;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.v3.Continuity;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.TimelinePane;
import dev.litescope.ui.timeline.TimelineView;
import dev.litescope.ui.timeline.TimelineViewport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The timeline pane in a real window under Monocle, on a replica the real Litestream made: zoom, pan, dragging
 * the cursor onto an object time, typing a moment, and a broken replica's red band, checked on the pixels.
 */
class TimelinePaneTest extends WindowTest {
    static ReplicaFixture fixture;

    @TempDir
    Path tmp;

    MainViewModel model;
    TimelineView view;
    TimelinePane pane;

    @BeforeAll
    static void replica() {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    @Start
    void start(Stage stage) {
        begin(stage);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        model = new MainViewModel(runner, ReplicaOptions.fromEnvironment(Map.of(), false));
        view = new TimelineView(model);
        view.zoneProperty().set(ZoneOffset.UTC);
        pane = new TimelinePane(model, view);
        stage.setScene(Theme.style(new Scene(pane, 760, 520)));
        stage.show();
    }


    @Test
    void zoomNarrowsTheViewAndDraggingEmptyLaneAreaPansIt(FxRobot robot) throws Exception {
        open(robot, fixture.replicaUrl());
        TimelineViewport v = view.viewport();
        assertThat(v.isFitted()).isTrue();
        screenshot("timeline-fit.png");
        double fitted = span(v);

        robot.clickOn("#zoomIn");
        assertThat(span(v)).isCloseTo(fitted / 2, within(fitted * 1e-6));
        robot.clickOn("#zoomIn");
        assertThat(v.zoomFactor()).isCloseTo(4, within(1e-6));
        assertThat(pane.range.getText()).contains("4.0×");
        robot.interact(view::requestFocus);
        robot.type(KeyCode.MINUS);
        assertThat(v.zoomFactor()).isCloseTo(2, within(1e-6));
        robot.type(KeyCode.ADD);
        assertThat(v.zoomFactor()).isCloseTo(4, within(1e-6));

        // Drag along the selected lane's name row, well away from the cursor: the view pans, the moment stays.
        Instant moment = model.selectedTimeProperty().get().orElseThrow();
        robot.interact(() -> view.panBy(-1e6)); // to the start, so there is room to pan later
        double before = v.visibleStartNanos();
        double perPixel = v.nanosPerPixel();
        int lane = model.generations().indexOf(model.selectedGenerationProperty().get().orElseThrow());
        double y = view.laneTop(lane) + 14;
        double x = view.cursorX().filter(cx -> cx > 150 && cx < 500).map(cx -> 600.0).orElse(300.0);
        robot.drag(screen(x, y), MouseButton.PRIMARY).moveTo(screen(x - 150, y)).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(v.visibleStartNanos() - before).isCloseTo(150 * perPixel, within(3 * perPixel));
        assertThat(v.zoomFactor()).isCloseTo(4, within(1e-6));
        assertThat(model.selectedTimeProperty().get()).as("a drag is not a click").contains(moment);
        screenshot("timeline-zoomed.png");

        robot.type(KeyCode.DIGIT0);
        assertThat(v.isFitted()).isTrue();
        robot.type(KeyCode.ADD);
        robot.clickOn("#fit");
        assertThat(v.isFitted()).isTrue();
    }

    @Test
    void draggingTheCursorSnapsToTheNearestObjectTime(FxRobot robot) throws Exception {
        open(robot, fixture.replicaUrl());
        GenerationRow row = MainViewModelTest.richestGeneration(model);
        robot.interact(() -> model.select(row, row.end().orElseThrow()));
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned);
        List<Instant> times = objectTimes(row);
        Instant target = null;
        for (int zoom = 0; zoom < 8 && target == null; zoom++) {
            double cursor = view.cursorX().orElseThrow();
            for (int i = 1; i + 1 < times.size() && target == null; i++) {
                double x = view.viewport().x(times.get(i));
                if (x > 40 && x < view.getWidth() - 40 && Math.abs(x - cursor) > 40
                        && x - view.viewport().x(times.get(i - 1)) > 14 && view.viewport().x(times.get(i
                                + 1)) - x > 14) {
                    target = times.get(i);
                }
            }
            if (target == null) {
                robot.interact(view::zoomIn); // around the cursor, which stays in view
            }
        }
        assertThat(target).as("an object time with room around it").isNotNull();
        int lane = model.generations().indexOf(row);
        double y = view.laneTop(lane) + view.laneHeight() / 2;
        double cursor = view.cursorX().orElseThrow();
        double aim = view.viewport().x(target) + 4; // within the snapping distance, not on it
        robot.drag(screen(cursor, y), MouseButton.PRIMARY).moveTo(screen(aim, y)).drop();
        Instant expected = target;
        waitFor(() -> model.selectedTimeProperty().get().equals(Optional.of(expected))
                && model.planProperty().get() instanceof PlanState.Planned);
        assertThat(model.selectedGenerationProperty().get()).contains(row);

        // Between two objects, far from both, a click picks the moment under the pointer.
        double gapX = (view.viewport().x(target) + view.viewport().x(times.get(times.indexOf(target) + 1))) / 2;
        robot.clickOn(screen(gapX, y));
        waitFor(() -> !model.selectedTimeProperty().get().equals(Optional.of(expected)));
        Instant clicked = model.selectedTimeProperty().get().orElseThrow();
        assertThat(times).doesNotContain(clicked);
        assertThat(Math.abs(view.viewport().x(clicked) - gapX)).isLessThan(1.5);
    }

    @Test
    void typingAMomentMovesTheCursorAndBadTextSaysWhy(FxRobot robot) throws Exception {
        open(robot, fixture.replicaUrl());
        GenerationRow row = MainViewModelTest.richestGeneration(model);
        Instant t = MainViewModelTest.midway(row).truncatedTo(ChronoUnit.MILLIS);
        String withOffset = t.atOffset(ZoneOffset.ofHours(2)).toLocalDateTime() + "+02:00";
        type(robot, withOffset);
        waitFor(() -> model.selectedTimeProperty().get().equals(Optional.of(t)));
        assertThat(model.selectedGenerationProperty().get().orElseThrow().spans(t)).isTrue();
        assertThat(pane.message.isVisible()).isFalse();
        assertThat(pane.moment.getText()).as("shown back in the zone of the axis").endsWith("Z");
        double x = view.cursorX().orElseThrow();
        assertThat(x).isBetween(view.viewport().left(), view.viewport().right());

        // A plain date and time is read in the zone shown: UTC here.
        Instant later = t.plusMillis(1500);
        if (row.spans(later)) {
            type(robot, later.toString().replace("T", " ").replace("Z", ""));
            waitFor(() -> model.selectedTimeProperty().get().equals(Optional.of(later)));
        }

        Instant current = model.selectedTimeProperty().get().orElseThrow();
        type(robot, "27/11/2026 10:15");
        assertThat(pane.message.isVisible()).isTrue();
        assertThat(pane.message.getText()).contains("is not a time").contains("RFC 3339");
        assertThat(model.selectedTimeProperty().get()).contains(current);

        type(robot, "1999-01-01T00:00:00Z");
        assertThat(pane.message.getText()).startsWith("No generation spans 1999-01-01 00:00:00.000 UTC");
        assertThat(model.selectedTimeProperty().get()).contains(current);
        robot.interact(() -> pane.moment.setText("2"));
        assertThat(pane.message.isVisible()).as("typing again clears the message").isFalse();
    }

    @Test
    void aBrokenReplicaShowsRedFromTheBreakWithTheReason(FxRobot robot) throws Exception {
        Path copy = ReplicaFixture.copyOf(fixture, tmp.resolve("replica")).replicaDir();
        // Delete the first (offset 0) segment of an index with more segments, in the richest generation.
        open(robot, fixture.replicaUrl());
        GenerationRow rich = MainViewModelTest.richestGeneration(model);
        List<WalSegment> segs = rich.generation().walSegments();
        WalSegment victim = null;
        for (int i = segs.size() / 2; i + 1 < segs.size() && victim == null; i++) {
            if (segs.get(i).offset() == 0 && segs.get(i + 1).index() == segs.get(i).index()) {
                victim = segs.get(i);
            }
        }
        assertThat(victim).isNotNull();
        Files.delete(copy.resolve(victim.object().key()));

        open(robot, copy.toUri().toString());
        GenerationRow row = model.generations().stream().filter(r -> r.name().equals(rich.name())).findFirst()
                .orElseThrow();
        Continuity.Break br = Continuity.of(row.generation(), model::describe).get(0);
        int lane = model.generations().indexOf(row);
        double top = view.laneTop(lane);
        double fromX = view.viewport().x(br.from());
        double endX = view.viewport().x(row.end().orElseThrow());
        double beforeX = view.viewport().x(row.start().orElseThrow()) + 2;
        assertThat(endX - fromX).as("a band wide enough to see").isGreaterThan(8);

        // Into the break: the plan fails and the cursor turns red with the reason.
        robot.interact(() -> model.select(row, br.from()));
        waitFor(() -> model.planProperty().get() instanceof PlanState.Failed);
        assertThat(((PlanState.Failed) model.planProperty().get()).message()).isEqualTo(br.reason());
        robot.interact(() -> view.zoneProperty().set(ZoneOffset.UTC));

        WritableImage image = snapshot(robot);
        double y = top + 17; // below the lane's name, above the snapshot diamonds and the ticks
        Color band = image.getPixelReader().getColor((int) ((fromX + endX) / 2), (int) y);
        Color outside = image.getPixelReader().getColor((int) beforeX, (int) y);
        assertThat(isRed(band)).as("inside the break: %s", band).isTrue();
        assertThat(isRed(outside)).as("before the break: %s", outside).isFalse();
        Color marker = image.getPixelReader().getColor((int) Math.round(fromX), (int) (top + 4));
        assertThat(marker.getRed()).as("the break's marker: %s", marker).isGreaterThan(0.7);
        assertThat(marker.getGreen()).isLessThan(0.3);
        // The cursor's tag, at the bottom, is red too.
        Color tag = tagColour(image.getPixelReader(), fromX);
        assertThat(tag.getRed()).as("cursor tag %s", tag).isGreaterThan(0.7);
        assertThat(tag.getBlue()).isLessThan(0.35);

        assertThat(view.hoverText((fromX + endX) / 2, top + 17)).contains(br.summary()).contains(br.reason());
        assertThat(view.hoverText(fromX, top + 50)).contains("refused").contains(br.reason());
        screenshot("timeline-broken.png");

        // Zoomed in on the band, the reason is written in the lane.
        robot.interact(() -> {
            for (int i = 0; i < 3; i++) {
                view.zoomIn();
            }
        });
        screenshot("timeline-broken-zoomed.png");
    }

    @Test
    void theDarkThemeRecoloursTheCanvas(FxRobot robot) throws Exception {
        open(robot, fixture.replicaUrl());
        int lane = model.generations().indexOf(model.selectedGenerationProperty().get().orElseThrow());
        int other = lane == 0 ? 1 : 0;
        double y = view.laneTop(other) + 17;
        WritableImage light = snapshot(robot);
        Color lightBack = light.getPixelReader().getColor(3, (int) view.laneTop(0) - 3);
        Color lightLane = light.getPixelReader().getColor((int) view.viewport().left() + 2, (int) y);
        screenshot("timeline-light.png");
        try {
            robot.interact(Theme.DARK::apply);
            WaitForAsyncUtils.waitForFxEvents();
            WritableImage dark = snapshot(robot);
            Color darkBack = dark.getPixelReader().getColor(3, (int) view.laneTop(0) - 3);
            Color darkLane = dark.getPixelReader().getColor((int) view.viewport().left() + 2, (int) y);
            screenshot("timeline-dark.png");
            assertThat(lightBack.getBrightness()).as("light background %s", lightBack).isGreaterThan(0.9);
            assertThat(darkBack.getBrightness()).as("dark background %s", darkBack).isLessThan(0.2);
            assertThat(lightLane.getBrightness()).as("light lane %s", lightLane).isGreaterThan(0.9);
            assertThat(darkLane.getBrightness()).as("dark lane %s", darkLane).isLessThan(0.2);
            assertThat(darkLane).as("a lane stands out from the background").isNotEqualTo(darkBack);
        } finally {
            robot.interact(Theme.LIGHT::apply);
        }
    }

    // ---- helpers ----

    private static boolean isRed(Color c) {
        return c.getRed() - c.getGreen() > 0.12 && c.getRed() - c.getBlue() > 0.12;
    }

    private Color tagColour(PixelReader pixels, double x) {
        double yTag = view.getHeight() - TimelineView.TAG_AREA + 6; // inside the tag, above its text
        return pixels.getColor((int) Math.max(6, Math.min(view.getWidth() - 6, x + 3)), (int) yTag);
    }

    private static List<Instant> objectTimes(GenerationRow row) {
        TreeSet<Instant> set = new TreeSet<>();
        row.generation().snapshots().stream().map(Snapshot::created).forEach(set::add);
        row.generation().walSegments().stream().map(WalSegment::created).forEach(set::add);
        return List.copyOf(set);
    }

    private void type(FxRobot robot, String text) {
        robot.interact(() -> pane.moment.setText(text));
        robot.clickOn("#moment").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void open(FxRobot robot, String url) {
        robot.interact(() -> model.open(url));
        waitFor(() -> !model.generations().isEmpty() && !model.openingProperty().get()
                && model.planProperty().get() instanceof PlanState.Planned);
    }

    private static double span(TimelineViewport v) {
        return v.visibleEndNanos() - v.visibleStartNanos();
    }

    private Point2D screen(double x, double y) {
        return view.localToScreen(x, y);
    }


    private WritableImage snapshot(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = view.snapshot(null, null));
        return image[0];
    }
}
