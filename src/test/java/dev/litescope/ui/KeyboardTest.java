package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.connections.ConnectionNode;
import dev.litescope.ui.connections.ConnectionStore;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.console.ConsolePane;
import dev.litescope.ui.console.ConsoleWindow;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.TimelinePane;
import dev.litescope.ui.timeline.TimelineViewport;
import dev.litescope.util.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The issue's "every action reachable without the mouse": the real window under Monocle, driven by key presses
 * only (no clicks, no pointer moves, no commands called on the view models; they are only read). The
 * connections come from the store's first run (the demo), in temporary config, data and cache folders.
 */
class KeyboardTest extends WindowTest {
    @TempDir
    Path tmp;

    MainViewModel model;
    ConnectionsViewModel connections;
    MainWindow window;
    Path restores;

    @Start
    void start(Stage stage) {
        begin(stage);
    }

    @AfterEach
    void stop() {
        SharedGcsReplica.gcs().clearFaults();
    }

    private void show(FxRobot robot, Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        e.put("XDG_DATA_HOME", tmp.resolve("data").toString());
        e.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        restores = UserDirs.restores(e);
        ReplicaOptions options = ReplicaOptions.fromEnvironment(e, false);
        model = new MainViewModel(runner, options, Pricing.DEFAULT, restores);
        connections = new ConnectionsViewModel(model, runner, options, ConnectionStore.inConfigDir(e), () -> {
        }, () -> DemoReplica.install(e));
        robot.interact(() -> {
            window = LitescopeApp.show(stage, model, (owner, suggested) -> Optional.of(tmp.resolve("saved.db")),
                    connections, ConnectionsPane.Dialogs.standard());
            TestWindows.console(window, runner, tmp.resolve("console"));
            connections.load();
        });
        // A first run remembers the demo, searched but not opened.
        waitFor(() -> connections.connections().size() == 1
                && connections.connections().get(0).searchedProperty().get());
    }

    /** Alt+C, the arrows to the demo, Enter: the demo opens and its generations appear under it. */
    private void openDemo(FxRobot robot) {
        robot.push(KeyCode.ALT, KeyCode.C);
        assertThat(focusOwner()).as("Alt+C focuses the connections").isSameAs(window.connections.tree);
        robot.type(KeyCode.DOWN);
        assertThat(treeSelection()).isSameAs(connections.connections().get(0));
        robot.type(KeyCode.ENTER);
        waitFor(() -> model.generations().size() == 3 && model.planProperty().get() instanceof PlanState.Planned);
        assertThat(model.errorProperty().get()).isEmpty();
    }

    @Test
    void aWholeSessionWithTheKeyboardOnly(FxRobot robot) throws Exception {
        show(robot, Map.of());
        openDemo(robot);

        // The arrows pick a generation in the tree.
        GenerationRow opened = model.selectedGenerationProperty().get().orElseThrow();
        assertThat(treeSelection()).isEqualTo(opened);
        int at = model.generations().indexOf(opened);
        robot.type(at > 0 ? KeyCode.UP : KeyCode.DOWN);
        GenerationRow picked = model.generations().get(at > 0 ? at - 1 : at + 1);
        waitFor(() -> model.selectedGenerationProperty().get().equals(Optional.of(picked)));
        assertThat(treeSelection()).isEqualTo(picked);

        // Tab reaches the timeline.
        tabUntil(robot, n -> n == window.timeline, 20);

        // ←/→ step between objects of the selected generation.
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned);
        Instant before = model.selectedTimeProperty().get().orElseThrow();
        robot.type(KeyCode.LEFT);
        waitFor(() -> model.selectedTimeProperty().get().map(t -> t.isBefore(before)).orElse(false));
        Instant stepped = model.selectedTimeProperty().get().orElseThrow();
        assertThat(isObjectTime(picked, stepped)).as("a step lands on an object's time").isTrue();
        robot.type(KeyCode.RIGHT);
        waitFor(() -> model.selectedTimeProperty().get().equals(Optional.of(before)));
        assertThat(focusOwner()).isSameAs(window.timeline);

        // ↑/↓ between generations; at the first and last lane the arrow stays in the timeline.
        for (int i = 0; i < 4; i++) {
            robot.type(KeyCode.UP);
        }
        assertThat(focusOwner()).as("Up at the first lane keeps the focus").isSameAs(window.timeline);
        GenerationRow top = model.selectedGenerationProperty().get().orElseThrow();
        robot.type(KeyCode.DOWN);
        waitFor(() -> !model.selectedGenerationProperty().get().equals(Optional.of(top)));
        robot.type(KeyCode.UP);
        waitFor(() -> model.selectedGenerationProperty().get().equals(Optional.of(top)));
        // Right at the newest object has nowhere to go, and must not move the focus either.
        robot.type(KeyCode.END).type(KeyCode.RIGHT).type(KeyCode.RIGHT);
        assertThat(focusOwner()).as("Right at the last object keeps the focus").isSameAs(window.timeline);

        // + / − / 0 zoom, Shift+←/→ pan.
        TimelineViewport view = window.timeline.viewport();
        assertThat(view.isFitted()).isTrue();
        robot.type(KeyCode.PLUS);
        waitFor(() -> view.zoomFactor() > 1.01);
        robot.type(KeyCode.PLUS);
        double twice = view.zoomFactor();
        assertThat(twice).isGreaterThan(1.5);
        robot.type(KeyCode.MINUS);
        waitFor(() -> view.zoomFactor() < twice - 0.01);
        Instant left = view.visibleStart();
        robot.push(KeyCode.SHIFT, KeyCode.LEFT);
        waitFor(() -> view.visibleStart().isBefore(left));
        Instant panned = view.visibleStart();
        robot.push(KeyCode.SHIFT, KeyCode.RIGHT);
        waitFor(() -> view.visibleStart().isAfter(panned));
        robot.type(KeyCode.DIGIT0);
        waitFor(view::isFitted);
        assertThat(focusOwner()).isSameAs(window.timeline);
        screenshot("keyboard-timeline-focus.png");

        // The moment field: Shift+Tab back to it, type, Enter moves the cursor.
        tabBackUntil(robot, n -> n == pane().moment, 8);
        GenerationRow middle = model.generations().get(1);
        Instant aim = middle.start().orElseThrow().plus(Duration.between(middle.start().orElseThrow(),
                middle.end().orElseThrow()).dividedBy(2));
        ZoneId zone = window.timeline.zoneProperty().get();
        String text = TimeText.format(aim, zone);
        Instant expected = TimeText.parse(text, zone).orElseThrow();
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(text);
        robot.type(KeyCode.ENTER);
        waitFor(() -> model.selectedTimeProperty().get().equals(Optional.of(expected))
                && model.planProperty().get() instanceof PlanState.Planned);
        assertThat(model.selectedGenerationProperty().get()).contains(middle);
        assertThat(pane().message.getText()).isEmpty();

        // Ctrl+R restores into the (temporary) restores folder.
        String name = model.suggestedFileName();
        robot.push(KeyCode.CONTROL, KeyCode.R);
        waitFor(() -> model.restoredSummaryProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        Path restored = restores.resolve(name);
        assertThat(restored).isRegularFile();
        assertThat(model.restoredSummaryProperty().get().orElseThrow().file()).isEqualTo(restored);

        // Ctrl+Shift+S saves as (the chooser answers a temporary file).
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.S);
        waitFor(() -> model.restoredSummaryProperty().get().map(s -> s.file().equals(tmp.resolve("saved.db")))
                .orElse(false));
        assertThat(RestoreComparison.sha256(tmp.resolve("saved.db"))).isEqualTo(RestoreComparison.sha256(restored));

        // Tab from the moment field, past the plan's buttons, reaches "Open in SQL console"; Space opens it.
        assertThat(focusOwner()).isSameAs(pane().moment);
        List<Node> path = tabUntil(robot, n -> n == window.plan.result.openTables, 20);
        assertThat(path).contains(window.plan.restore, window.plan.result.showFolder, window.plan.result.copyPath);
        screenshot("keyboard-result-focus.png");
        robot.type(KeyCode.SPACE);
        ConsoleWindow console = window.console();
        waitFor(() -> console.stage.isFocused() && console.current().map(p -> p.session().openProperty().get())
                .orElse(false));
        ConsolePane pane = console.current().orElseThrow();
        assertThat(pane.session().source().file()).isEqualTo(tmp.resolve("saved.db"));

        // The console: the editor has the focus; type a statement, Ctrl+Enter runs it.
        waitFor(() -> console.stage.getScene().getFocusOwner() == pane.editor.area());
        // The robot writes into its target window's scene, the main window's unless told.
        robot.targetWindow(console.stage);
        robot.write("SELECT count(*) FROM sqlite_schema");
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        waitFor(() -> !pane.session().results().isEmpty() && !pane.session().runningProperty().get());
        assertThat(pane.session().results().get(0).rows()).hasSize(1);
        // Ctrl+W closes the tab; "Open _in SQL console" (Alt+I) opens it again.
        robot.push(KeyCode.CONTROL, KeyCode.W);
        waitFor(() -> console.current().isEmpty());
        robot.interact(() -> stage.requestFocus());
        waitFor(() -> stage.isFocused());
        robot.push(KeyCode.ALT, KeyCode.I);
        waitFor(() -> console.stage.isFocused() && console.current().isPresent());
        robot.interact(console.stage::close);
        robot.targetWindow(stage);
        waitFor(() -> stage.isFocused());

        // In the connections: F5 searches again, Delete removes.
        ConnectionNode demo = connections.connections().get(0);
        AtomicInteger searches = new AtomicInteger();
        demo.searchingProperty().addListener((o, a, b) -> {
            if (b) {
                searches.incrementAndGet();
            }
        });
        robot.push(KeyCode.ALT, KeyCode.C);
        assertThat(focusOwner()).isSameAs(window.connections.tree);
        robot.type(KeyCode.HOME);
        assertThat(treeSelection()).isSameAs(demo);
        robot.type(KeyCode.F5);
        waitFor(() -> searches.get() == 1 && !demo.searchingProperty().get());
        robot.type(KeyCode.DELETE);
        waitFor(() -> connections.connections().isEmpty());
        assertThat(Files.readString(tmp.resolve("config/litescope/connections.txt"))).doesNotContain("demo\n");
    }

    @Test
    void escapeCancelsARunningRestore(FxRobot robot) throws Exception {
        ReplicaFixture fixture = SharedGcsReplica.fixture();
        LoopbackGcs gcs = SharedGcsReplica.gcs();
        show(robot, fixture.litestreamEnv());

        // Ctrl+L, the URL, Enter.
        robot.push(KeyCode.CONTROL, KeyCode.L);
        assertThat(focusOwner()).isSameAs(window.url);
        robot.write(fixture.replicaUrl());
        robot.type(KeyCode.ENTER);
        waitFor(() -> model.replicaUrlProperty().get().equals(fixture.replicaUrl())
                && model.planProperty().get() instanceof PlanState.Planned);
        assertThat(model.errorProperty().get()).isEmpty();

        gcs.delay(Duration.ofSeconds(2));
        robot.push(KeyCode.CONTROL, KeyCode.R);
        waitFor(() -> model.restoringProperty().get() && model.restoreTextProperty().get().contains("objects"));
        // The focus is still in the URL field, which has its own use for Esc: the cancel must win.
        assertThat(focusOwner()).isSameAs(window.url);
        robot.type(KeyCode.ESCAPE);
        waitFor(() -> !model.restoringProperty().get());
        assertThat(model.restoreTextProperty().get()).isEqualTo("Cancelled; nothing was written.");
        assertThat(model.lastRestoreProperty().get()).isEmpty();
        assertThat(RestoreComparison.leftovers(restores)).isEmpty();

        // And from the timeline.
        tabUntil(robot, n -> n == window.timeline, 30);
        robot.push(KeyCode.CONTROL, KeyCode.R);
        waitFor(() -> model.restoringProperty().get() && model.restoreTextProperty().get().contains("objects"));
        robot.type(KeyCode.ESCAPE);
        waitFor(() -> !model.restoringProperty().get());
        assertThat(model.restoreTextProperty().get()).isEqualTo("Cancelled; nothing was written.");
        assertThat(RestoreComparison.leftovers(restores)).isEmpty();

        // And from the connections, whose tree has its own use for Esc.
        robot.push(KeyCode.ALT, KeyCode.C);
        assertThat(focusOwner()).isSameAs(window.connections.tree);
        robot.push(KeyCode.CONTROL, KeyCode.R);
        waitFor(() -> model.restoringProperty().get() && model.restoreTextProperty().get().contains("objects"));
        robot.type(KeyCode.ESCAPE);
        waitFor(() -> !model.restoringProperty().get());
        assertThat(model.restoreTextProperty().get()).isEqualTo("Cancelled; nothing was written.");
        assertThat(model.lastRestoreProperty().get()).isEmpty();
        assertThat(RestoreComparison.leftovers(restores)).isEmpty();
    }

    @Test
    void tabVisitsTheRegionsInOrderAndEveryControlIsDescribed(FxRobot robot) throws Exception {
        show(robot, Map.of());
        openDemo(robot);
        robot.push(KeyCode.CONTROL, KeyCode.R);
        waitFor(() -> model.restoredSummaryProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        waitFor(() -> !window.plan.result.openTables.isDisabled());

        // From the replica field, once round the window.
        robot.push(KeyCode.CONTROL, KeyCode.L);
        assertThat(focusOwner()).isSameAs(window.url);
        List<Node> visited = new ArrayList<>();
        visited.add(window.url);
        for (int i = 0; i < 40; i++) {
            robot.type(KeyCode.TAB);
            Node n = focusOwner();
            if (n == window.url) {
                break;
            }
            visited.add(n);
        }
        assertThat(focusOwner()).as("Tab comes round to the replica field: %s", names(visited)).isSameAs(window.url);
        List<String> regions = visited.stream().map(this::region).toList();
        assertThat(regions).as("focus went to %s", names(visited)).doesNotContain("elsewhere");
        List<String> order = List.of("top bar", "connections", "timeline controls", "timeline", "plan buttons",
                "result");
        List<String> distinct = regions.stream().distinct().toList();
        assertThat(distinct).as("the regions in Tab order, from %s", names(visited)).isEqualTo(order);
        for (int i = 1; i < regions.size(); i++) {
            assertThat(order.indexOf(regions.get(i))).as("Tab order %s", names(visited))
                    .isGreaterThanOrEqualTo(order.indexOf(regions.get(i - 1)));
        }
        assertThat(visited).contains(window.open, window.connections.tree, pane().zoomIn, pane().fit, pane().moment,
                pane().local, window.timeline, window.plan.restore, window.plan.saveAs, window.plan.result.openTables);

        // Tab stops at the zone switch once; the arrows move within it and Space picks the other zone.
        tabUntil(robot, n -> n == pane().local || n == pane().utc, 20);
        ToggleButton other = focusOwner() == pane().local ? pane().utc : pane().local;
        robot.type(focusOwner() == pane().local ? KeyCode.RIGHT : KeyCode.LEFT);
        assertThat(focusOwner()).isSameAs(other);
        robot.type(KeyCode.SPACE);
        waitFor(() -> other.isSelected() && window.timeline.zoneProperty().get().equals(other == pane().utc
                ? ZoneOffset.UTC : ZoneId.systemDefault()));

        // Every control the issue names has a tooltip or an accessible text, visible now or not.
        List<String> undescribed = new ArrayList<>();
        walk(stage.getScene().getRoot(), n -> {
            boolean wanted = n instanceof Button || n instanceof TextField || n instanceof ToggleButton
                    || n instanceof Hyperlink || n instanceof TreeView || n == window.timeline;
            boolean tip = n instanceof Control c && c.getTooltip() != null && !c.getTooltip().getText().isBlank();
            boolean text = n.getAccessibleText() != null && !n.getAccessibleText().isBlank();
            if (wanted && !tip && !text) {
                undescribed.add(describe(n));
            }
        });
        assertThat(undescribed).as("controls with neither a tooltip nor an accessible text").isEmpty();

        // One mnemonic per Alt key (JavaFX matches them ignoring case): two on one key only move the focus
        // between them, and neither fires.
        Map<Character, List<String>> byKey = new TreeMap<>();
        walk(stage.getScene().getRoot(), n -> {
            if (n instanceof Labeled l && l.isMnemonicParsing() && l.getText() != null) {
                int at = l.getText().indexOf('_');
                if (at >= 0 && at + 1 < l.getText().length()) {
                    Node target = l instanceof Label label && label.getLabelFor() != null
                            ? label.getLabelFor() : l;
                    byKey.computeIfAbsent(Character.toUpperCase(l.getText().charAt(at + 1)), k -> new ArrayList<>())
                            .add(describe(target));
                }
            }
        });
        assertThat(byKey).containsKeys('C', 'L', 'I');
        List<String> clashes = byKey.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "Alt+" + e.getKey() + ": " + e.getValue()).toList();
        assertThat(clashes).as("Alt keys used twice in the main window").isEmpty();
    }

    // ---- helpers ----

    private TimelinePane pane() {
        return (TimelinePane) window.timeline.getParent();
    }

    private Node focusOwner() {
        return focusOwner(stage.getScene());
    }

    private static Node focusOwner(Scene scene) {
        WaitForAsyncUtils.waitForFxEvents();
        return scene.getFocusOwner();
    }

    private Object treeSelection() {
        WaitForAsyncUtils.waitForFxEvents();
        var item = window.connections.tree.getSelectionModel().getSelectedItem();
        return item == null ? null : item.getValue().value();
    }

    private List<Node> tabUntil(FxRobot robot, Predicate<Node> wanted, int max) {
        return tabUntil(robot, stage.getScene(), wanted, max);
    }

    /** Presses Tab until the focus is where wanted, at most {@code max} times; returns where it went. */
    private static List<Node> tabUntil(FxRobot robot, Scene scene, Predicate<Node> wanted, int max) {
        return traverse(robot, scene, wanted, max, KeyCode.TAB);
    }

    private void tabBackUntil(FxRobot robot, Predicate<Node> wanted, int max) {
        traverse(robot, stage.getScene(), wanted, max, KeyCode.SHIFT, KeyCode.TAB);
    }

    private static List<Node> traverse(FxRobot robot, Scene scene, Predicate<Node> wanted, int max, KeyCode... keys) {
        List<Node> visited = new ArrayList<>();
        for (int i = 0; i < max && !wanted.test(focusOwner(scene)); i++) {
            robot.push(keys);
            visited.add(focusOwner(scene));
        }
        assertThat(wanted.test(focusOwner(scene))).as("reached by %s within %d presses; focus went %s",
                List.of(keys), max, names(visited)).isTrue();
        return visited;
    }

    private static boolean isObjectTime(GenerationRow row, Instant t) {
        return row.generation().walSegments().stream().anyMatch(s -> s.created().equals(t))
                || row.generation().snapshots().stream().anyMatch(s -> s.created().equals(t));
    }

    /** Which part of the window a focused node is in. */
    private String region(Node n) {
        if (n == window.url || n == window.open || "runSample".equals(n.getId())) {
            return "top bar";
        }
        if (isIn(n, window.connections)) {
            return "connections";
        }
        if (isIn(n, window.timeline) || n == pane().changesTo) {
            return "timeline"; // its "Changes to" filter sits under it, so comes after it
        }
        if (isIn(n, pane())) {
            return "timeline controls";
        }
        if (isIn(n, window.plan.result)) {
            return "result";
        }
        if (isIn(n, window.plan)) {
            return "plan buttons";
        }
        return "elsewhere";
    }

    private static boolean isIn(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static void walk(Node n, Consumer<Node> visit) {
        visit.accept(n);
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> walk(c, visit));
        }
    }

    private static String describe(Node n) {
        if (n == null) {
            return "nothing";
        }
        String what = n.getClass().getSimpleName();
        if (n.getId() != null) {
            return what + "#" + n.getId();
        }
        if (n instanceof Labeled l) {
            return what + " \"" + l.getText() + "\"";
        }
        return what;
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(KeyboardTest::describe).toList();
    }


    @Override
    protected String whereItStopped() {
        return "; focus on " + describe(focusOwner());
    }

}
