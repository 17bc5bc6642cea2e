package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.Plan;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.sql.touched.LtxSweep;
import dev.litescope.sql.touched.LtxTouches;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.LtxRow;
import dev.litescope.ui.timeline.TimelineView;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Units;
import dev.litescope.util.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A Litestream 0.5 replica in the real window under Monocle: written by the test's LTX writer from captured SQLite
 * states, with compactions at levels 1 and 2, snapshots, the level-0 files up to TXID 16 pruned and TXID 29 lost.
 * The window lists its levels as lanes, says why a pruned TXID cannot be restored, shows the gap's warning, takes a
 * typed TXID, snaps a click to a restore point, and restores the picked TXID into exactly the captured bytes.
 */
class LtxWindowTest extends WindowTest {
    static final int PAGE = 4096;
    static final int TXNS = 30;
    static final Instant BASE = Instant.parse("2026-11-30T09:00:00Z");

    @TempDir
    Path tmp;
    MainViewModel model;
    MainWindow window;
    Path restores;
    List<byte[]> states;

    @Start
    void start(Stage stage) {
        begin(stage);
    }

    private List<LtxReplicaBuilder.Built> files() throws Exception {
        states = SqliteStates.capture(tmp, PAGE, TXNS, 13);
        return new LtxReplicaBuilder(states, PAGE, BASE).compact(1, 4).compact(2, 3)
                .snapshotAt(10, 20)
                .keep(b -> b.level() != 0 || b.max() > 16 && b.max() != 29)
                .build();
    }

    private Path replica() throws Exception {
        Path root = tmp.resolve("replica");
        LtxReplicaBuilder.writeTo(root, files());
        return root;
    }

    private void show(FxRobot robot) {
        show(robot, Map.of(), false);
    }

    private void show(FxRobot robot, Map<String, String> env, boolean cache) {
        Map<String, String> e = new HashMap<>(env);
        e.put("XDG_DATA_HOME", tmp.resolve("data").toString());
        e.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        restores = UserDirs.restores(e);
        model = new MainViewModel(runner, ReplicaOptions.fromEnvironment(e, cache), Pricing.DEFAULT, restores);
        robot.interact(() -> window = TestWindows.show(stage, model, runner, (owner, suggested) -> Optional.empty(),
                tmp.resolve("app")));
        // Room for every lane, whatever size an earlier test left the stage at; settled before anything is clicked.
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1180);
            stage.setHeight(720);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean planned(long txid) {
        return model.planProperty().get() instanceof PlanState.Planned p && p.plan() instanceof LtxPlan l
                && l.txid() == txid;
    }

    private void type(FxRobot robot, String text) {
        robot.interact(() -> window.timelinePane.moment.setText(text));
        robot.clickOn("#moment").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    /** The timeline's hover text at {@code p}, asked on the UI thread. */
    private String hover(double[] p) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> window.timeline.hoverText(p[0], p[1])).get();
    }

    private Point2D screen(double[] p) {
        return window.timeline.localToScreen(p[0], p[1]);
    }

    @Test
    void aReplicaOfLevelsIsShownPickedByTxidAndRestoredExactly(FxRobot robot) throws Exception {
        Path root = replica();
        show(robot);
        robot.interact(() -> window.url.setText(root.toString()));
        robot.clickOn("#open");
        // Opened at the newest TXID a restore can reach: 28, before the lost level-0 file of 29.
        waitFor(() -> planned(28));
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.generations()).isEmpty();
        LtxRow ltx = model.ltxProperty().get().orElseThrow();
        assertThat(ltx.history().levels()).extracting(l -> l.level()).containsExactly(0, 1, 2, 9);
        assertThat(model.statusProperty().get()).contains("in 4 level(s)").contains("TXIDs up to 000000000000001e")
                .contains("1 health warning(s)");
        assertThat(window.timelinePane.health.isVisible()).isTrue();
        assertThat(window.timelinePane.health.getText()).contains("TXIDs 000000000000001d are in no LTX file");
        assertThat(text(robot, "#planIndexes")).isEqualTo("000000000000001c");

        // The lanes: level 9 on top, then 2, 1 and 0, then the restorable states; the pointer says why TXIDs
        // inside L1 9-12 cannot be restored (their level-0 files are pruned).
        double[] l1 = window.timeline.pointOfLevel(1, BASE.plusSeconds(12)).orElseThrow();
        assertThat(window.timeline.hoverText(l1[0], l1[1])).contains("L1 0000000000000009-000000000000000c")
                .contains("TXID 000000000000000b lies inside L1 0000000000000009-000000000000000c, whose level-0 "
                        + "files are pruned");
        double[] snapshot = window.timeline.pointOfLevel(9, BASE.plusSeconds(20).plusMillis(400)).orElseThrow();
        assertThat(snapshot[1]).isLessThan(l1[1]);

        // A pruned TXID typed: refused with the reason, nothing to restore.
        type(robot, "000000000000000b");
        assertThat(window.timelinePane.message.getText()).contains("whose level-0 files are pruned")
                .contains("the nearest restorable TXIDs are 000000000000000a and 000000000000000c");
        waitFor(() -> model.planProperty().get() instanceof PlanState.Failed);
        assertThat(robot.lookup("#restore").queryButton().isDisabled()).isTrue();

        // A restorable one typed: planned from the snapshot of 10, L2 1-12 (it reaches as far as L1 9-12 and starts
        // lower), L1 13-16 and level-0 files 17 to 19.
        type(robot, "0000000000000013");
        waitFor(() -> planned(19));
        assertThat(model.targetProperty().get()).contains(RestoreTarget.txid(19));
        assertThat(text(robot, "#planSnapshot")).startsWith("L9 0000000000000001-000000000000000a");
        assertThat(text(robot, "#planSegments")).isEqualTo("6 file(s): L0 ×3 L1 ×1 L2 ×1 L9 ×1");

        // A click in the restorable lane a little after TXID 24's point snaps onto that point.
        Instant at24 = ltx.momentOf(24).orElseThrow();
        double[] near = window.timeline.pointOfRestorable(at24.plusMillis(150)).orElseThrow();
        robot.clickOn(screen(near));
        waitFor(() -> planned(24));
        assertThat(model.selectedTimeProperty().get()).contains(at24);
        assertThat(model.selectedTxid()).contains(24L);

        // The arrows step between restore points only: right to 25, left back to 24.
        robot.type(KeyCode.RIGHT);
        waitFor(() -> planned(25));
        assertThat(model.selectedTimeProperty().get()).isEqualTo(ltx.momentOf(25));
        robot.type(KeyCode.LEFT);
        waitFor(() -> planned(24));

        robot.clickOn("#restore");
        waitFor(() -> model.lastRestoreProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        Path out = model.lastRestoreProperty().get().orElseThrow().output();
        assertThat(out.getParent()).isEqualTo(restores);
        assertThat(out.getFileName().toString()).startsWith("litescope-txid-0000000000000018");
        assertThat(Files.readAllBytes(out)).isEqualTo(states.get(24 - 1));
        waitFor(() -> model.restoredSummaryProperty().get().isPresent());
        TestWindows.screenshotLightAndDark(stage.getScene(), "ltx-replica.png");
    }

    @Test
    void hoveringAFileReadsItsHeaderAndShowsItsOwnTimeWhereItIsNotTheObjectTime(FxRobot robot) throws Exception {
        Path root = replica();
        // The level-0 file of TXID 20 copied by hand: its mtime, the object time, is 300 ms after its header's.
        Instant header20 = LtxReplicaBuilder.l0Time(BASE, 20);
        Path file20 = root.resolve("ltx/0/0000000000000014-0000000000000014.ltx");
        Files.setLastModifiedTime(file20, FileTime.from(header20.plusMillis(300)));
        show(robot);
        robot.interact(() -> model.session().zoneProperty().set(ZoneOffset.UTC));
        robot.interact(() -> window.url.setText(root.toString()));
        robot.clickOn("#open");
        waitFor(() -> planned(28));
        // What the files changed is found as the replica opens; once it is, "Changes to" shows under the timeline
        // and the lanes settle where they stay.
        waitFor(60, () -> !window.timeline.touchedNames().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        double[] at20 = window.timeline.pointOfLevel(0, header20.plusMillis(300)).orElseThrow();
        robot.moveTo(screen(at20));
        String first = hover(at20);
        assertThat(first).startsWith("L0 0000000000000014-0000000000000014");
        // Read off the UI thread, then said in the same tooltip.
        waitFor(() -> hover(at20)
                .contains("Its header says"));
        assertThat(hover(at20))
                .contains("created 2026-11-30 09:00:20.300 UTC")
                .contains("Its header says 2026-11-30 09:00:20.000 UTC; a restore by timestamp goes by the object "
                        + "time, as Litestream does");

        // A file whose header and object agree gets no line once its header is read.
        double[] at22 = window.timeline.pointOfLevel(0, LtxReplicaBuilder.l0Time(BASE, 22)).orElseThrow();
        hover(at22);
        waitFor(() -> !hover(at22)
                .contains("Reading its header"));
        assertThat(hover(at22))
                .startsWith("L0 0000000000000016-0000000000000016").doesNotContain("header");

        // What the file changed, found off the UI thread in one pass over the history.
        waitFor(() -> !hover(at20).contains("Changed: …"));
        assertThat(hover(at20)).containsPattern("\nChanged items \\(\\d+ pages?\\)");
    }

    /**
     * "Changes to" over a 0.5 history: what every file changed is found in one pass when the replica opens, the
     * filter offers those tables, and choosing one dims exactly the files that left it alone, as two restores per
     * file ({@link LtxTouches}, a code path of its own) tell. Snapshots hold every table and are never dimmed.
     */
    @Test
    void theChangesToFilterDimsTheFilesThatLeftTheChosenTableAlone(FxRobot robot) throws Exception {
        Path root = replica();
        show(robot);
        robot.interact(() -> window.url.setText(root.toString()));
        robot.clickOn("#open");
        waitFor(() -> planned(28));
        TimelineView view = window.timeline;
        waitFor(60, () -> !view.touchedNames().isEmpty());

        LtxCatalog catalog = new LtxCatalog(Replicas.open(ReplicaUrl.parse(root.toString())));
        List<LtxFile> files = view.ltxFiles().stream().map(Map.Entry::getKey)
                .filter(f -> f.level() != LtxNames.SNAPSHOT_LEVEL).toList();
        Map<String, Optional<Map<String, Integer>>> expected = new HashMap<>();
        for (LtxTouches.Touched t : new LtxTouches(catalog).of(files, new Cancellation())) {
            expected.put(t.file().object().key(), t.pagesByOwner());
        }
        Set<String> names = new TreeSet<>();
        expected.values().forEach(m -> m.ifPresent(p -> names.addAll(p.keySet())));
        assertThat(window.timelinePane.changesTo.getItems()).as("the filter's choices").containsAll(names);
        // The workload writes one table in every transaction: the owner fewest files touched (here the freelist)
        // is the one whose choice dims some and keeps some lit.
        String chosen = names.stream()
                .min(Comparator.comparingLong((String n) -> expected.values().stream()
                        .filter(m -> m.isPresent() && m.get().containsKey(n)).count()).thenComparing(n -> n))
                .orElseThrow();

        robot.clickOn("#changesTo");
        robot.clickOn(robot.lookup(".list-cell").match(n -> n instanceof ListCell<?> c
                && chosen.equals(c.getItem())).queryAs(Node.class));
        waitFor(() -> view.changesToProperty().get().equals(Optional.of(chosen)));
        WaitForAsyncUtils.waitForFxEvents();
        int dimmed = 0;
        int lit = 0;
        for (Map.Entry<LtxFile, Boolean> e : view.ltxFiles()) {
            Optional<Map<String, Integer>> want = expected.getOrDefault(e.getKey().object().key(), Optional.empty());
            boolean dims = want.isPresent() && !want.get().containsKey(chosen);
            assertThat(e.getValue()).as("dimmed: %s", e.getKey().object().key()).isEqualTo(dims);
            dimmed += dims ? 1 : 0;
            lit += want.isPresent() && !dims ? 1 : 0;
        }
        assertThat(dimmed).as("files dimmed").isPositive();
        assertThat(lit).as("files that changed %s, lit", chosen).isPositive();
        TestWindows.screenshotLightAndDark(stage.getScene(), "ltx-changes-to.png");
    }

    @Test
    void aPathUpgradedFrom03ShowsBothHistoriesOnOneTimeline(FxRobot robot) throws Exception {
        ReplicaFixture v3 = ReplicaFixture.copyOf(ReplicaFixture.shared(PAGE, Workload.standard(PAGE)),
                tmp.resolve("both"));
        states = SqliteStates.capture(tmp, PAGE, 12, 17);
        // Litestream 0.5 took over a minute after the 0.3 history's last object.
        Instant last = Files.walk(v3.replicaDir().resolve("generations")).filter(Files::isRegularFile)
                .map(f -> f.toFile().lastModified()).max(Long::compare).map(Instant::ofEpochMilli).orElseThrow();
        LtxReplicaBuilder.writeTo(v3.replicaDir(), new LtxReplicaBuilder(states, PAGE, last.plusSeconds(1))
                .compact(1, 4).snapshotAt(8).build());
        show(robot);
        robot.interact(() -> window.url.setText(v3.replicaUrl()));
        robot.clickOn("#open");
        waitFor(() -> planned(12));
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.generations()).hasSizeGreaterThan(1);
        GenerationRow first = model.generations().get(0);

        // A generation's lane above the levels: a click there picks a 0.3 moment, planned by the 0.3 planner.
        double[] lane = window.timeline.pointOf(first, first.end().orElseThrow()).orElseThrow();
        double[] l0 = window.timeline.pointOfLevel(0, LtxReplicaBuilder.l0Time(last.plusSeconds(1), 12)).orElseThrow();
        assertThat(lane[1]).isLessThan(l0[1]);
        robot.clickOn(screen(lane));
        waitFor(() -> model.currentPlan().isPresent() && model.selectedGenerationProperty().get().isPresent());
        assertThat(model.selectedTxid()).isEmpty();
        TestWindows.screenshotLightAndDark(stage.getScene(), "ltx-upgraded.png");
    }

    @Test
    void aReplicaInCloudStorageIsRestoredByTxidAtItsLitestreamTimestamps(FxRobot robot) throws Exception {
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            // Uploaded 2.5 s after Litestream stamped each file: the listing's litestream-timestamp is the time.
            LtxReplicaBuilder.upload(gcs, "ltx-bucket", "app/db", files(), 2500);
            show(robot, Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), true);
            robot.interact(() -> window.url.setText("gs://ltx-bucket/app/db"));
            robot.clickOn("#open");
            waitFor(() -> planned(28));
            assertThat(model.errorProperty().get()).isEmpty();
            LtxRow ltx = model.ltxProperty().get().orElseThrow();
            assertThat(ltx.momentOf(28)).contains(LtxReplicaBuilder.l0Time(BASE, 28).plusNanos(1));

            type(robot, "0000000000000013");
            waitFor(() -> planned(19));
            // The plan's cache and download rows, as for a 0.3 plan: nothing cached yet, every file to fetch.
            Plan plan = model.currentAnyPlan().orElseThrow();
            String gets = plan.objectCount() + " get(s) · " + Formats.bytes(plan.storedBytes()) + " · ≈ ";
            waitFor(() -> text(robot, "#planCost").startsWith(gets));
            assertThat(text(robot, "#planCached")).isEqualTo("nothing yet");
            assertThat(robot.lookup("#planCost").queryAs(Label.class).isVisible()).isTrue();
            robot.clickOn("#restore");
            waitFor(() -> model.lastRestoreProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
            assertThat(model.errorProperty().get()).isEmpty();
            assertThat(Files.readAllBytes(model.lastRestoreProperty().get().orElseThrow().output()))
                    .isEqualTo(states.get(19 - 1));
            // Restored through the cache: the same plan now downloads nothing.
            waitFor(() -> text(robot, "#planCost").equals("nothing: all cached"));
            assertThat(text(robot, "#planCached")).isEqualTo(String.format(Locale.ROOT, "%d object(s), %s",
                    plan.objectCount(), Formats.bytes(plan.storedBytes())));
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(plan.objectCount());
        }
    }

    /**
     * On Cloud Storage nothing is looked up unasked; the context menu says what looking downloads, worked out from
     * the listing beforehand, and that is exactly what the loopback server then serves (through the object cache:
     * each file once). The answers are those of a local sweep, and nothing is left to find afterwards.
     */
    @Test
    void onCloudStorageTheFilesAreSweptOnlyWhenAskedAndDownloadWhatTheMenuSaid(FxRobot robot) throws Exception {
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            List<LtxReplicaBuilder.Built> built = files();
            LtxReplicaBuilder.upload(gcs, "ltx-bucket", "app/db", built, 0);
            show(robot, Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), true);
            robot.interact(() -> window.url.setText("gs://ltx-bucket/app/db"));
            robot.clickOn("#open");
            waitFor(() -> planned(28));
            TimelineView view = window.timeline;
            List<LtxFile> files = view.ltxFiles().stream().map(Map.Entry::getKey)
                    .filter(f -> f.level() != LtxNames.SNAPSHOT_LEVEL).toList();
            LtxFile some = files.get(0);
            assertThat(view.touchedLine(some)).as("nothing downloaded unasked").contains("not looked up");
            assertThat(view.touchedNames()).isEmpty();

            Path local = replica();
            LtxCatalog catalog = new LtxCatalog(Replicas.open(ReplicaUrl.parse(local.toString())));
            List<LtxFile> localFiles = catalog.files().stream().filter(f -> f.level() != LtxNames.SNAPSHOT_LEVEL)
                    .toList();
            long bytes = new LtxSweep(catalog).bytesToRead(localFiles);
            Set<String> names = new TreeSet<>();
            for (LtxTouches.Touched t : new LtxSweep(catalog).of(localFiles, n -> { }, new Cancellation())) {
                t.pagesByOwner().ifPresent(m -> names.addAll(m.keySet()));
            }
            String item = "Find what each change touched (downloads " + Units.bytes(bytes) + ")";
            double[] p = view.pointOfLevel(0, LtxReplicaBuilder.l0Time(BASE, 20)).orElseThrow();
            waitFor(() -> {
                robot.type(KeyCode.ESCAPE);
                robot.rightClickOn(screen(p));
                return view.findTouchedItem().getParentPopup().isShowing()
                        && view.findTouchedItem().getText().equals(item);
            });
            gcs.resetCounters();
            robot.clickOn(item);
            waitFor(60, () -> files.stream().noneMatch(f -> view.touchedLine(f).contains("…")
                    || view.touchedLine(f).contains("not looked")));
            assertThat(gcs.mediaBytesServed()).as("what the item said it would download").isEqualTo(bytes);
            for (LtxFile f : files) {
                assertThat(view.touchedLine(f)).as(f.relativeName()).startsWith("\nChanged");
            }
            assertThat(view.touchedNames()).as("the same answers as a sweep of the local copy")
                    .containsExactlyElementsOf(names);
            robot.rightClickOn(screen(p));
            waitFor(() -> view.findTouchedItem().getParentPopup().isShowing());
            assertThat(view.findTouchedItem().isDisable()).as("nothing left to find").isTrue();
            robot.type(KeyCode.ESCAPE);
        }
    }
}
