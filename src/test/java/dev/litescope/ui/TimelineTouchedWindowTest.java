package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.sql.touched.WalTouches;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.TimelineView;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Units;
import dev.litescope.util.UserDirs;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What each change touched, in the real window under Monocle, on a replica the real Litestream made: the touches
 * are found in the background as the local replica opens, the hover over an isolated WAL tick names the tables
 * and indexes it changed (as the engine finds them), "Changes to" dims exactly the ticks that did not change the
 * chosen table, and a refresh that lists new segments gives them their tables too. On Cloud Storage nothing is
 * downloaded until the timeline's context menu is used, and then exactly the bytes it announced.
 */
class TimelineTouchedWindowTest extends WindowTest {
    static ReplicaFixture fixture;

    @TempDir
    Path tmp;
    MainViewModel model;
    MainWindow window;

    @BeforeAll
    static void replica() {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    @Start
    void start(Stage stage) {
        begin(stage);
    }

    @Test
    void hoverNamesWhatATickChangedAndTheFilterDimsTheOthers(FxRobot robot) throws Exception {
        ReplicaFixture copy = ReplicaFixture.copyOf(fixture, tmp.resolve("replica"));
        Catalog full = catalog(copy);
        Generation richest = null;
        for (String name : full.generationNames()) {
            Generation g = full.generation(name);
            richest = richest == null || g.walSegments().size() > richest.walSegments().size() ? g : richest;
        }
        Map<String, Optional<Map<String, Integer>>> expected = touches(full, richest);
        String generation = richest.name();
        int segmentCount = richest.walSegments().size();
        // The newest three segments are held back, to come with a refresh.
        List<WalSegment> held = richest.walSegments().stream()
                .sorted(Comparator.comparing(WalSegment::position).reversed()).limit(3).toList();
        Path aside = Files.createDirectories(tmp.resolve("held"));
        for (WalSegment s : held) {
            Files.move(copy.replicaDir().resolve(s.object().key()), aside.resolve(String.valueOf(s.index()) + "_"
                    + s.offset()));
        }

        show(robot);
        robot.interact(() -> model.open(copy.replicaUrl()));
        waitFor(() -> !model.generations().isEmpty() && model.planProperty().get() instanceof PlanState.Planned);
        GenerationRow row = row(generation);
        TimelineView view = window.timeline;
        waitFor(60, () -> row.generation().walSegments().stream()
                .noneMatch(s -> view.touchedLine(row, s).contains("…")));
        for (WalSegment s : row.generation().walSegments()) {
            Optional<Map<String, Integer>> want = expected.get(s.object().key());
            assertThat(view.touchedLine(row, s)).as(s.object().key())
                    .isEqualTo(want.map(m -> "\nChanged " + describe(m)).orElseGet(() -> view.touchedLine(row, s)));
        }
        Set<String> names = new TreeSet<>();
        expected.values().forEach(m -> m.ifPresent(p -> names.addAll(p.keySet())));
        // Pick the app table touched by the fewest segments (yet some): the filter then dims most ticks.
        String chosen = names.stream().filter(n -> !n.startsWith("sqlite_") && !n.startsWith("_litestream"))
                .min(Comparator.comparingLong((String n) -> expected.values().stream()
                        .filter(m -> m.isPresent() && m.get().containsKey(n)).count()).thenComparing(n -> n))
                .orElseThrow();
        assertThat(window.timelinePane.changesTo.getItems()).as("the filter's choices").contains(chosen);

        robot.clickOn("#changesTo");
        robot.clickOn(robot.lookup(".list-cell").match(n -> n instanceof ListCell<?> c
                && chosen.equals(c.getItem())).queryAs(Node.class));
        waitFor(() -> view.changesToProperty().get().equals(Optional.of(chosen)));
        int dimmed = 0;
        for (Map.Entry<WalSegment, Boolean> e : view.segments(row)) {
            Optional<Map<String, Integer>> want = expected.get(e.getKey().object().key());
            boolean dims = want.isPresent() && !want.get().containsKey(chosen);
            assertThat(e.getValue()).as("dimmed: " + e.getKey().object().key()).isEqualTo(dims);
            dimmed += dims ? 1 : 0;
        }
        assertThat(dimmed).as("some ticks are dimmed").isPositive();

        // The cursor on a tick that changed the chosen table; zoom in around it until the tick stands alone.
        List<WalSegment> candidates = view.segments(row).stream().map(Map.Entry::getKey)
                .filter(s -> expected.get(s.object().key()).map(m -> m.containsKey(chosen)).orElse(false)).toList();
        // The one farthest in time from its neighbours and the snapshots (a sync can upload several at once).
        List<Instant> others = new ArrayList<>();
        row.generation().walSegments().forEach(s -> others.add(s.created()));
        row.generation().snapshots().forEach(s -> others.add(s.created()));
        WalSegment target = candidates.stream().max(Comparator.comparingLong((WalSegment s) -> others.stream()
                .filter(t -> t != s.created()).mapToLong(t -> Math.abs(Duration.between(t, s.created()).toNanos()))
                .min().orElse(Long.MAX_VALUE))).orElseThrow();
        robot.interact(() -> model.select(row, target.created()));
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned);
        double[] at = null;
        for (int zoom = 0; zoom < 24 && at == null; zoom++) {
            List<Map.Entry<WalSegment, Boolean>> segs = view.segments(row);
            int i = segs.stream().map(Map.Entry::getKey).toList().indexOf(target);
            double x = view.pointOf(row, target.created()).orElseThrow()[0];
            boolean alone = (i == 0 || x - view.pointOf(row, segs.get(i - 1).getKey().created()).orElseThrow()[0] > 12)
                    && (i + 1 == segs.size()
                    || view.pointOf(row, segs.get(i + 1).getKey().created()).orElseThrow()[0] - x > 12)
                    && row.generation().snapshots().stream().allMatch(sn -> Math.abs(view.pointOf(row,
                    sn.created()).orElseThrow()[0] - x) > 12);
            if (alone && x > 60 && x < view.getWidth() - 60) {
                at = new double[]{Math.round(x), view.laneTop(model.generations().indexOf(row))
                        + view.laneHeight() - 12};
            } else {
                robot.interact(view::zoomIn);
            }
        }
        assertThat(at).as("the tick of " + target.object().key() + " alone after zooming in").isNotNull();
        double[] point = at;
        robot.moveTo(new Point2D(point[0] + 1, point[1])).moveTo(screen(view, point));
        String text = describe(expected.get(target.object().key()).orElseThrow());
        waitFor(() -> view.hoverShown().contains("\nChanged " + text));
        assertThat(view.hoverShown()).startsWith(String.format("WAL segment %08x at offset %d", target.index(),
                target.offset()));
        waitFor(5, () -> view.tooltip().isShowing());
        screenshotWithTooltip(view, "timeline-touched.png");

        // The held segments come back: a refresh gives the new ticks their tables too.
        for (WalSegment s : held) {
            Files.move(aside.resolve(String.valueOf(s.index()) + "_" + s.offset()),
                    copy.replicaDir().resolve(s.object().key()), StandardCopyOption.REPLACE_EXISTING);
        }
        robot.interact(model::refresh);
        waitFor(() -> row(generation).segmentCount() == segmentCount);
        GenerationRow fresh = row(generation);
        waitFor(60, () -> held.stream().allMatch(s -> expected.get(s.object().key())
                .map(m -> view.touchedLine(fresh, s).equals("\nChanged " + describe(m))).orElse(true)));
        for (WalSegment s : held) {
            assertThat(view.touchedLine(fresh, s)).as(s.object().key()).doesNotContain("…")
                    .doesNotContain("not looked");
        }
    }

    @Test
    void onCloudStorageItIsFoundOnlyWhenAskedWithTheBytesItDownloads(FxRobot robot) throws Exception {
        ReplicaFixture gcsFixture = SharedGcsReplica.fixture();
        LoopbackGcs gcs = SharedGcsReplica.gcs();
        show(robot, gcsFixture.litestreamEnv());
        robot.interact(() -> model.open(gcsFixture.replicaUrl()));
        waitFor(() -> !model.generations().isEmpty() && model.planProperty().get() instanceof PlanState.Planned);
        TimelineView view = window.timeline;
        List<GenerationRow> rows = List.copyOf(model.generations());
        GenerationRow row = rows.stream().max(Comparator.comparingInt(GenerationRow::segmentCount)).orElseThrow();
        WalSegment some = row.generation().walSegments().get(0);
        assertThat(view.touchedLine(row, some)).as("nothing downloaded unasked").contains("not looked up");
        assertThat(view.touchedNames()).isEmpty();
        assertThat(window.timelinePane.changesTo.getParent().isVisible()).isFalse();

        long bytes = 0;
        for (GenerationRow r : rows) {
            int first = r.generation().snapshots().stream().mapToInt(Snapshot::index).min().orElse(Integer.MAX_VALUE);
            if (first == Integer.MAX_VALUE || r.segmentCount() == 0) {
                continue;
            }
            bytes += r.generation().snapshots().stream().filter(sn -> sn.index() == first).findFirst().orElseThrow()
                    .size() + r.generation().walSegments().stream().filter(s -> s.index() >= first)
                    .mapToLong(WalSegment::size).sum();
        }
        gcs.resetCounters();
        double[] p = view.pointOf(row, row.start().orElseThrow()).orElseThrow();
        robot.rightClickOn(view.localToScreen(view.getWidth() / 2, p[1] - view.laneHeight() / 2 + 14));
        waitFor(() -> view.findTouchedItem().getParentPopup().isShowing());
        String item = view.findTouchedItem().getText();
        assertThat(item).isEqualTo("Find what each change touched (downloads " + Units.bytes(bytes) + ")");
        robot.clickOn(item);
        waitFor(60, () -> rows.stream().allMatch(r -> r.generation().walSegments().stream()
                .noneMatch(s -> view.touchedLine(r, s).contains("…")
                        || view.touchedLine(r, s).contains("not looked"))));
        assertThat(view.touchedLine(row, some)).startsWith("\nChanged");
        assertThat(view.touchedNames()).isNotEmpty();
        assertThat(gcs.mediaBytesServed()).as("what the item said it would download").isEqualTo(bytes);
        waitFor(() -> window.timelinePane.changesTo.getParent().isVisible());
        robot.rightClickOn(view.localToScreen(view.getWidth() / 2, p[1] - view.laneHeight() / 2 + 14));
        waitFor(() -> view.findTouchedItem().getParentPopup().isShowing());
        assertThat(view.findTouchedItem().isDisable()).as("nothing left to find").isTrue();
        robot.type(KeyCode.ESCAPE);
    }

    /** The engine's answer, by segment key: what the window must show. */
    private static Map<String, Optional<Map<String, Integer>>> touches(Catalog catalog, Generation g)
            throws Exception {
        Map<String, Optional<Map<String, Integer>>> by = new HashMap<>();
        for (WalTouches.Touched t : new WalTouches(catalog.replica()).of(g, new Cancellation())) {
            by.put(t.segment().object().key(), t.pagesByOwner());
        }
        return by;
    }

    private static String describe(Map<String, Integer> m) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            parts.add(e.getKey() + " (" + e.getValue() + (parts.isEmpty() ? e.getValue() == 1 ? " page)" : " pages)"
                    : ")"));
        }
        return m.isEmpty() ? "no table or index (only free or non-b-tree pages)" : String.join(", ", parts);
    }

    private static Catalog catalog(ReplicaFixture f) throws Exception {
        return new Catalog(Replicas.open(ReplicaUrl.parse(f.replicaUrl()), ReplicaOptions.fromEnvironment(Map.of(),
                false)));
    }

    private GenerationRow row(String name) {
        return model.generations().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private void show(FxRobot robot) {
        show(robot, Map.of());
    }

    private void show(FxRobot robot, Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.put("XDG_DATA_HOME", tmp.resolve("data").toString());
        e.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        model = new MainViewModel(runner, ReplicaOptions.fromEnvironment(e, false), Pricing.DEFAULT,
                UserDirs.restores(e));
        robot.interact(() -> window = TestWindows.show(stage, model, runner, (owner, suggested) -> Optional.empty(),
                tmp.resolve("app")));
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1000);
            stage.setHeight(700);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Point2D screen(TimelineView view, double[] p) {
        return view.localToScreen(p[0], p[1]);
    }

    /** The window with the tooltip drawn where it shows (a popup is a window of its own, not in the scene). */
    private void screenshotWithTooltip(TimelineView view, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage scene = SwingFXUtils.fromFXImage(WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(
                null)).get(10, TimeUnit.SECONDS), null);
        double[] where = new double[2];
        BufferedImage tip = SwingFXUtils.fromFXImage(WaitForAsyncUtils.asyncFx(() -> {
            where[0] = view.tooltip().getX() - stage.getX() - stage.getScene().getX();
            where[1] = view.tooltip().getY() - stage.getY() - stage.getScene().getY();
            return view.tooltip().getScene().snapshot(null);
        }).get(10, TimeUnit.SECONDS), null);
        Graphics2D g = scene.createGraphics();
        g.drawImage(tip, (int) where[0], (int) where[1], null);
        g.dispose();
        Path dir = Files.createDirectories(Path.of(System.getProperty("litescope.buildDir", "target"),
                "screenshots"));
        ImageIO.write(scene, "png", dir.resolve(name).toFile());
    }
}
