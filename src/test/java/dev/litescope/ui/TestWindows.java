package dev.litescope.ui;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.sql.QueryHistory;
import dev.litescope.ui.connections.ConnectionStore;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.console.ConsoleWindow;
import dev.litescope.ui.console.HistoryViewModel;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.restore.OutputChooser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Shows the real main window for a test or a benchmark whose subject is not the connections panel: the panel is
 * there, remembering its connections in {@code dir} (never the user's configuration), with no demo and a
 * credentials check that passes.
 */
public final class TestWindows {
    private TestWindows() {
    }

    public static MainWindow show(Stage stage, MainViewModel model, TaskRunner runner, OutputChooser chooser,
                                  Path dir) {
        MainWindow window = LitescopeApp.show(stage, model, chooser, connections(model, runner, dir),
                ConnectionsPane.Dialogs.standard());
        resetSize(stage);
        return window;
    }

    /**
     * TestFX hands every test class the same stage, at whatever size the class before left it (some test small
     * windows, where the plan's buttons scroll out of sight): each starts from one size and place instead, a
     * window a new user's screen would give it that lies whole on the headless screen.
     */
    public static void resetSize(Stage stage) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setX(screen.getMinX());
        stage.setY(screen.getMinY());
        stage.setWidth(Math.min(1280, screen.getWidth()));
        stage.setHeight(Math.min(780, screen.getHeight()));
    }

    /**
     * A connections panel's model for a test that is not about connections: remembered in {@code dir}, no demo,
     * a credentials check that passes.
     */
    public static ConnectionsViewModel connections(MainViewModel model, TaskRunner runner, Path dir) {
        return new ConnectionsViewModel(model, runner, ReplicaOptions.fromEnvironment(Map.of(), false),
                new ConnectionStore(dir.resolve("connections.txt")), () -> {
                }, () -> dir.resolve("no-demo"));
    }

    /**
     * Gives the window a SQL console of its own for a test: its history in {@code dir}, never the user's, and
     * choosers that answer nothing. Made on the FX thread, whichever thread asks.
     */
    public static ConsoleWindow console(MainWindow window, TaskRunner runner, Path dir) {
        if (!Platform.isFxApplicationThread()) {
            try {
                return WaitForAsyncUtils.asyncFx(() -> console(window, runner, dir)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the console window could not be made", e);
            }
        }
        HistoryViewModel history = new HistoryViewModel(runner, () -> QueryHistory.open(dir.resolve("history.db")));
        history.load();
        ConsoleWindow console = new ConsoleWindow(window.columnsPane().getScene().getWindow(), runner, history,
                noConsoleDialogs(), () -> ZoneOffset.UTC);
        window.useConsole(console);
        return console;
    }

    /** The console's file choosers, answering nothing: native dialogs cannot be driven headless. */
    public static ConsoleWindow.Dialogs noConsoleDialogs() {
        return new ConsoleWindow.Dialogs() {
            @Override
            public Optional<Path> openDatabase(Window owner) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> saveCopy(Window owner, String suggested) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> exportTo(Window owner, String suggested) {
                return Optional.empty();
            }
        };
    }

    /**
     * A scene as rendered in the light theme under {@code name}, then in the dark one under {@code name-dark.png};
     * the light theme is back on afterwards.
     */
    public static void screenshotLightAndDark(Scene scene, String name) throws Exception {
        screenshot(scene, name);
        try {
            WaitForAsyncUtils.asyncFx(Theme.DARK::apply).get(10, TimeUnit.SECONDS);
            screenshot(scene, name.replace(".png", "-dark.png"));
        } finally {
            WaitForAsyncUtils.asyncFx(Theme.LIGHT::apply).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    /** A scene as rendered, into the build's screenshots folder, for a human to look at. */
    public static void screenshot(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        Path dir = Files.createDirectories(Path.of(System.getProperty("litescope.buildDir", "target"), "screenshots"));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", dir.resolve(name).toFile());
    }
}
