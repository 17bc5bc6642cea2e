package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.connections.BucketDialog;
import dev.litescope.ui.connections.ConnectionEntry;
import dev.litescope.ui.connections.ConnectionFixtures;
import dev.litescope.ui.connections.ConnectionNode;
import dev.litescope.ui.connections.ConnectionStore;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.connections.CredentialsProbe;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The connections panel in the real window under Monocle: buckets served by the loopback GCS server, a folder of
 * replicas and the demo; the native choosers are replaced (they cannot be driven headless), the rest is real.
 */
class ConnectionsWindowTest extends WindowTest {
    static ReplicaFixture fixture;
    static Catalog catalog;
    static LoopbackGcs gcs;

    @TempDir
    Path tmp;

    MainViewModel model;
    ConnectionsViewModel connections;
    MainWindow window;
    /** What the "Add bucket…" dialog answers next. */
    volatile String bucketAnswer = "gs://replicas/apps";
    volatile Path folderAnswer;
    /** When set, the credentials check fails with this, as it does without Application Default Credentials. */
    volatile Optional<String> noCredentials = Optional.empty();

    @BeforeAll
    static void replicas() throws Exception {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        catalog = Catalogs.of(fixture);
        gcs = LoopbackGcs.start();
        ConnectionFixtures.upload(fixture, gcs, "replicas", "apps", "guestbook/db", "shop/db");
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        begin(stage);
        gcs.clearFaults();
        ReplicaOptions options = new ReplicaOptions(new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(),
                RetryPolicy.defaults()), Optional.empty());
        model = new MainViewModel(runner, options);
        ConnectionStore store = new ConnectionStore(tmp.resolve("config/connections.txt"));
        store.save(List.of());
        CredentialsProbe real = CredentialsProbe.applicationDefault(options);
        connections = new ConnectionsViewModel(model, runner, options, store, () -> {
            if (noCredentials.isPresent()) {
                throw new ObjectStoreException(noCredentials.get());
            }
            real.check();
        }, () -> DemoReplica.install(Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString())));
        ConnectionsPane.Dialogs dialogs = new ConnectionsPane.Dialogs() {
            @Override
            public Optional<Path> chooseFolder(Window owner) {
                return Optional.ofNullable(folderAnswer);
            }

            @Override
            public Optional<String> askBucket(Window owner) {
                return Optional.ofNullable(bucketAnswer);
            }
        };
        window = LitescopeApp.show(stage, model, (owner, suggested) -> Optional.of(tmp.resolve("gui.db")),
                connections, dialogs);
        connections.load();
    }

    @Test
    void addABucketPickADatabaseSeeItsGenerationsAndRestore(FxRobot robot) throws Exception {
        robot.clickOn("#addBucket");
        waitFor(() -> cell(robot, "shop/db").isPresent());
        ConnectionNode node = connections.connections().get(0);
        assertThat(node.errorProperty().get()).isEmpty();
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::path)
                .containsExactly("guestbook/db", "shop/db");
        // What each costs to keep: storage at the price table's rate, for replicas in Cloud Storage.
        assertThat(texts(cell(robot, "shop/db").orElseThrow()))
                .anyMatch(t -> t.matches("(?s).*≈ \\$[0-9.]+/month.*"));
        // Nothing opens until a database is chosen.
        assertThat(model.replicaUrlProperty().get()).isEmpty();

        robot.clickOn(cell(robot, "shop/db").orElseThrow());
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned);
        assertThat(model.replicaUrlProperty().get()).isEqualTo("gs://replicas/apps/shop/db");
        assertThat(model.generations()).extracting(GenerationRow::name)
                .containsExactlyInAnyOrderElementsOf(catalog.generationNames());

        // The generations appear under the database, and on the timeline.
        GenerationRow row = MainViewModelTest.richestGeneration(model);
        waitFor(() -> generationCell(robot, row).isPresent());
        robot.clickOn(generationCell(robot, row).orElseThrow());
        waitFor(() -> model.selectedGenerationProperty().get().equals(Optional.of(row))
                && model.planProperty().get() instanceof PlanState.Planned);
        assertThat(window.timeline.pointOf(row, row.end().orElseThrow())).isPresent();

        // Back to the newest generation's end, the full state, and restore it from the bucket.
        GenerationRow newest = model.generations().stream().max((a, b) -> a.end().orElseThrow()
                .compareTo(b.end().orElseThrow())).orElseThrow();
        robot.clickOn(generationCell(robot, newest).orElseThrow());
        waitFor(() -> model.selectedGenerationProperty().get().equals(Optional.of(newest))
                && model.planProperty().get() instanceof PlanState.Planned);
        robot.interact(() -> model.select(newest, newest.end().orElseThrow()));
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned);
        robot.clickOn("#saveAs");
        waitFor(() -> model.lastRestoreProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(AppDatabase.digest(tmp.resolve("gui.db"))).isEqualTo(fixture.expectedDigest());

        // Remembered: the bucket is in the file.
        assertThat(Files.readString(tmp.resolve("config/connections.txt"))).contains("bucket gs://replicas/apps");
    }

    /**
     * The issue's own walk through the demo: open it, pick a generation in the tree and a moment on its lane with
     * the mouse, restore, and get the same bytes as the command line restoring the same target.
     */
    @Test
    void aMomentOfTheDemoPickedWithTheMouseRestoresAsTheCommandLineDoes(FxRobot robot) throws Exception {
        robot.interact(() -> connections.addDemo());
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned
                && model.generations().stream().allMatch(g -> generationCell(robot, g).isPresent()));
        assertThat(texts(cell(robot, "Demo replica").orElseThrow())).as("a local folder costs nothing to keep")
                .noneMatch(t -> t.contains("/month"));
        // The middle generation, which is neither the one opened at first nor the newest.
        GenerationRow row = model.generations().get(1);
        robot.clickOn(generationCell(robot, row).orElseThrow());
        waitFor(() -> model.selectedGenerationProperty().get().equals(Optional.of(row)));

        Instant start = row.start().orElseThrow();
        Instant middle = start.plus(Duration.between(start, row.end().orElseThrow()).dividedBy(2));
        Point2D screen = WaitForAsyncUtils.asyncFx(() -> {
            double[] p = window.timeline.pointOf(row, middle).orElseThrow();
            return window.timeline.localToScreen(p[0], p[1]);
        }).get(10, TimeUnit.SECONDS);
        robot.clickOn(screen);
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned
                && model.selectedTimeProperty().get().filter(t -> !t.equals(row.end().orElseThrow())).isPresent());
        Instant picked = model.selectedTimeProperty().get().orElseThrow();
        assertThat(Duration.between(start, picked).abs()).as("a moment inside the generation, near the click")
                .isLessThan(Duration.between(start, row.end().orElseThrow()));

        robot.clickOn("#saveAs");
        waitFor(() -> model.lastRestoreProperty().get().isPresent() || !model.errorProperty().get().isEmpty());
        assertThat(model.errorProperty().get()).isEmpty();

        assertThat(RestoreComparison.sha256(tmp.resolve("gui.db"))).isEqualTo(MainViewModelTest.cliRestore(
                model.replicaUrlProperty().get(), row.name(), picked, tmp.resolve("cli.db")));
    }

    @Test
    void demoFolderAndBucketTogether(FxRobot robot) throws Exception {
        Path folder = tmp.resolve("replicas");
        ConnectionFixtures.copies(fixture, folder, "orders", "reports/monthly.db");
        // The demo is one replica: added, it is searched and opened at once.
        robot.interact(() -> connections.addDemo());
        waitFor(() -> model.planProperty().get() instanceof PlanState.Planned
                && model.generations().stream().allMatch(g -> generationCell(robot, g).isPresent()));
        assertThat(model.generations()).hasSize(3);
        // Folded, the demo leaves room for the other two connections' databases in a window of 780 pixels: a
        // database at the tree's lower edge was cut off, and the click meant for it hit the buttons below.
        robot.interact(() -> window.connections.tree.getRoot().getChildren().stream()
                .filter(i -> i.getValue().value() instanceof ConnectionNode n
                        && n.connection().label().equals("Demo replica"))
                .forEach(i -> i.setExpanded(false)));
        robot.interact(() -> {
            connections.addFolder(folder);
            connections.addBucket("gs://replicas/apps");
        });
        waitFor(() -> cell(robot, "shop/db").isPresent() && cell(robot, "reports/monthly.db").isPresent());
        robot.clickOn(cell(robot, "shop/db").orElseThrow());
        // Opened, the database's generations come into view below it without the user scrolling.
        waitFor(() -> model.replicaUrlProperty().get().endsWith("shop/db")
                && model.planProperty().get() instanceof PlanState.Planned
                && !model.generations().isEmpty() && model.generations().stream().allMatch(this::inView));
        waitFor(() -> model.generations().stream().allMatch(g -> generationCell(robot, g).isPresent()));
        assertThat(Files.readString(tmp.resolve("config/connections.txt")))
                .contains("demo\nfolder " + folder).contains("bucket gs://replicas/apps");
        screenshot("connections-panel.png");
    }

    /**
     * Delete, then Undo from the notice and Ctrl+Z: the connection comes back at its place and in the file. The
     * pane with the demo, a folder, a bucket and a missing folder is drawn in the light and the dark theme.
     */
    @Test
    void aRemovedConnectionComesBackWithUndoAndThePaneReadsInBothThemes(FxRobot robot) throws Exception {
        Path folder = tmp.resolve("replicas");
        ConnectionFixtures.copies(fixture, folder, "orders", "reports/monthly.db");
        Path gone = tmp.resolve("unmounted/replicas");
        robot.interact(() -> {
            connections.addDemo();
            connections.addFolder(folder);
            connections.addBucket("gs://replicas/apps");
            connections.addFolder(gone);
        });
        waitFor(() -> connections.connections().size() == 4
                && connections.connections().stream().allMatch(n -> n.searchedProperty().get())
                && cell(robot, "shop/db").isPresent());
        assertThat(texts(cell(robot, "replicas").orElseThrow())).anyMatch(t -> t.startsWith("2 databases · "));
        TreeCell<?> missing = cell(robot, "replicas", 1).orElseThrow();
        assertThat(texts(missing)).anyMatch(t -> t.contains("does not exist"));
        screenshot("connections-pane-light.png");

        Path file = tmp.resolve("config/connections.txt");
        String bucketLine = "bucket gs://replicas/apps";
        int at = connections.connections().stream().map(n -> n.connection().label()).toList()
                .indexOf("gs://replicas/apps");
        robot.clickOn(cell(robot, "gs://replicas/apps").orElseThrow()).type(KeyCode.DELETE);
        waitFor(() -> connections.connections().size() == 3 && !Files.readString(file).contains(bucketLine));
        Label notice = robot.lookup("#removedText").queryAs(Label.class);
        Node noticeBox = robot.lookup("#removedNotice").query();
        assertThat(noticeBox.isVisible()).isTrue();
        assertThat(notice.getText()).contains("Removed gs://replicas/apps");
        screenshot("connections-removed.png");
        robot.clickOn("#undoRemove");
        waitFor(() -> connections.connections().size() == 4 && Files.readString(file).contains(bucketLine));
        assertThat(connections.connections().get(at).connection().label()).isEqualTo("gs://replicas/apps");
        assertThat(Files.readString(file).lines().toList().indexOf(bucketLine)).isEqualTo(at + 1); // after the header
        assertThat(noticeBox.isVisible()).isFalse();

        // Ctrl+Z while the notice shows does the same.
        robot.clickOn(cell(robot, "orders").orElseThrow());
        robot.clickOn(cell(robot, "replicas").orElseThrow()).type(KeyCode.DELETE);
        waitFor(() -> connections.connections().size() == 3);
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        waitFor(() -> connections.connections().size() == 4 && Files.readString(file).contains("folder " + folder));
        assertThat(connections.connections().get(1).connection().label()).isEqualTo("replicas");

        try {
            robot.interact(() -> Theme.DARK.apply());
            screenshot("connections-pane-dark.png");
        } finally {
            robot.interact(() -> Theme.LIGHT.apply());
        }
    }

    @Test
    void anUnreadableBucketShowsTheMessage(FxRobot robot) throws Exception {
        // Every listing of the bucket is refused until the permission is "granted" below.
        gcs.failNext(1000, 403, r -> r.kind() == LoopbackGcs.Kind.LIST && "replicas".equals(r.bucket()));
        robot.clickOn("#addBucket");
        waitFor(() -> !model.errorProperty().get().isEmpty());
        Label banner = robot.lookup("#error").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).startsWith("Could not search gs://replicas/apps for databases")
                .contains("permission denied");
        // ... and on the connection's own line in the tree.
        waitFor(() -> cell(robot, "gs://replicas/apps").isPresent());
        TreeCell<?> node = cell(robot, "gs://replicas/apps").orElseThrow();
        assertThat(texts(node)).anyMatch(t -> t.contains("permission denied"));
        screenshot("connections-forbidden.png");

        // F5 on the connection searches again: the permission is there now.
        gcs.clearFaults();
        robot.clickOn(node).type(KeyCode.F5);
        waitFor(() -> cell(robot, "shop/db").isPresent());

        bucketAnswer = "gs://no-such-bucket";
        robot.clickOn("#addBucket");
        waitFor(() -> model.errorProperty().get().contains("no-such-bucket"));
        assertThat(banner.getText()).contains("does not exist");

        // Delete forgets a connection.
        robot.clickOn(cell(robot, "gs://no-such-bucket").orElseThrow()).type(KeyCode.DELETE);
        waitFor(() -> connections.connections().size() == 1);
    }

    @Test
    void withoutCredentialsTheWindowSaysHowToLogIn(FxRobot robot) throws Exception {
        noCredentials = Optional.of("no Google Cloud credentials found: run `gcloud auth application-default login`, "
                + "or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file");
        robot.clickOn("#addBucket");
        waitFor(() -> !model.errorProperty().get().isEmpty());
        assertThat(robot.lookup("#error").queryAs(Label.class).getText())
                .contains("gcloud auth application-default login").contains("GOOGLE_APPLICATION_CREDENTIALS");
        assertThat(connections.connections()).isEmpty();
        assertThat(robot.lookup("#addBucket").queryButton().isDisabled()).isFalse();
        screenshot("connections-no-credentials.png");
    }

    @Test
    void theBucketDialogChecksTheUrlAsItIsTyped(FxRobot robot) throws Exception {
        Dialog<String>[] dialog = new Dialog[1];
        robot.interact(() -> {
            dialog[0] = BucketDialog.build();
            dialog[0].initOwner(stage);
            dialog[0].show();
        });
        TextField field = (TextField) dialog[0].getDialogPane().lookup("#bucketUrl");
        Button add = (Button) dialog[0].getDialogPane().lookupButton(BucketDialog.ADD);
        Label problem = (Label) dialog[0].getDialogPane().lookup("#bucketProblem");
        assertThat(add.isDisabled()).isTrue();
        robot.interact(() -> field.setText("/var/lib/replica"));
        assertThat(add.isDisabled()).isTrue();
        assertThat(problem.getText()).contains("Add folder");
        robot.interact(() -> field.setText("gs://my-bucket/apps"));
        assertThat(add.isDisabled()).isFalse();
        assertThat(problem.getText()).isEmpty();
        robot.interact(() -> field.setText("s3://my-bucket/apps"));
        TestWindows.screenshot(dialog[0].getDialogPane().getScene(), "bucket-dialog.png");
        robot.interact(() -> dialog[0].close());
    }

    /** The cell showing the connection or database named {@code text}, scrolled into view first. */
    private Optional<TreeCell<?>> cell(FxRobot robot, String text) {
        return cell(robot, text, 0);
    }

    /** The {@code nth} (from 0) cell named {@code text}, in tree order. */
    private Optional<TreeCell<?>> cell(FxRobot robot, String text, int nth) {
        reveal(robot, v -> v instanceof ConnectionNode n && n.connection().label().equals(text)
                || v instanceof ConnectionsViewModel.Database d && d.label().equals(text));
        return robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> !c.isEmpty() && c.isVisible() && texts(c).anyMatch(text::equals))
                .sorted(Comparator.comparingInt(c -> c.getIndex()))
                .skip(nth).<TreeCell<?>>map(c -> c).findFirst();
    }

    private Optional<TreeCell<?>> generationCell(FxRobot robot, GenerationRow row) {
        reveal(robot, row::equals);
        return robot.lookup(".tree-cell").queryAllAs(TreeCell.class).stream()
                .filter(c -> c.getItem() instanceof ConnectionEntry e && row.equals(e.value()))
                .<TreeCell<?>>map(c -> c).findFirst();
    }

    /** Whether the tree shows the generation's whole row where it is now scrolled. */
    private boolean inView(GenerationRow row) {
        var tree = window.connections.tree;
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                Bounds view = tree.localToScene(tree.getLayoutBounds());
                return tree.lookupAll(".tree-cell").stream().filter(TreeCell.class::isInstance)
                        .map(TreeCell.class::cast)
                        .filter(c -> c.isVisible() && c.getItem() instanceof ConnectionEntry e && row.equals(e.value()))
                        .anyMatch(c -> {
                            Bounds b = c.localToScene(c.getLayoutBounds());
                            return b.getMinY() >= view.getMinY() - 0.5 && b.getMaxY() <= view.getMaxY() + 0.5;
                        });
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The tree makes cells only for the rows in view: scroll the wanted item there. */
    private void reveal(FxRobot robot, Predicate<Object> wanted) {
        robot.interact(() -> {
            var tree = window.connections.tree;
            for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                var item = tree.getTreeItem(i);
                if (item != null && wanted.test(item.getValue().value())) {
                    tree.scrollTo(Math.max(0, i - 1));
                    // Lay the rows out now: otherwise the cells looked up next are those of the old position.
                    tree.layout();
                    return;
                }
            }
        });
    }

    private static Stream<String> texts(TreeCell<?> cell) {
        return cell.lookupAll(".label").stream().filter(Label.class::isInstance).map(n -> ((Label) n).getText());
    }

}
