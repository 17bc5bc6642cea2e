package dev.litescope.ui;

import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.DiscoveryKeeper;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.sql.RestoredMoments;
import dev.litescope.ui.connections.ConnectionStore;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.connections.CredentialsProbe;
import dev.litescope.ui.console.ConsoleSession;
import dev.litescope.ui.deploy.DeployAnswers;
import dev.litescope.ui.deploy.DeployViewModel;
import dev.litescope.ui.deploy.DeployWindow;
import dev.litescope.ui.fleet.FleetWindow;
import dev.litescope.ui.fleet.FleetWindows;
import dev.litescope.ui.fx.AppIcon;
import dev.litescope.ui.fx.FxTaskRunner;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.monitor.MonitorViewModel;
import dev.litescope.ui.monitor.MonitorWindow;
import dev.litescope.ui.restore.OutputChooser;
import dev.litescope.ui.sample.SampleViewModel;
import dev.litescope.ui.sample.SampleWindow;
import dev.litescope.util.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.Ikon;

/**
 * The desktop app. Started by {@code dev.litescope.app.Launcher} when the jar runs without a subcommand;
 * {@code --open URL} opens a replica at start, else the replica open when it last closed, else the demo. Here the
 * view models are made (through {@link ViewModels}) and handed to the windows, and the window's size, splits,
 * theme, zone and last replica are remembered ({@link WindowState}).
 */
public final class LitescopeApp extends Application {
    private FxTaskRunner runner;
    private SampleViewModel sample;
    private SampleWindow sampleWindow;
    private DeployWindow deployWindow;
    private Runnable deployOpener = () -> { };
    private WindowState remembered;
    private Stage stage;
    private MainWindow window;
    private MainViewModel model;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        runner = new FxTaskRunner();
        Map<String, String> env = System.getenv();
        Pricing pricing;
        try {
            pricing = Pricing.load(env);
        } catch (IllegalArgumentException e) {
            // A broken price table should not keep the window from opening; the defaults are list prices.
            pricing = Pricing.DEFAULT;
        }
        ReplicaOptions options = ReplicaOptions.fromEnvironment(env, true);
        remembered = WindowState.inConfigDir(env);
        AppSession session = new AppSession(runner, options, pricing, UserDirs.restores(env), env);
        session.zoneProperty().set(remembered.utc() ? ZoneOffset.UTC : ZoneId.systemDefault());
        ViewModels parts = new ViewModels(session);
        model = new MainViewModel(parts);
        ConnectionsViewModel connections = new ConnectionsViewModel(model, runner, options,
                ConnectionStore.inConfigDir(env), CredentialsProbe.applicationDefault(options),
                () -> DemoReplica.install(env), new DiscoveryKeeper(Optional.of(UserDirs.cache(env)),
                Clock.systemUTC()));
        List<String> args = getParameters().getRaw();
        // Nothing named: what was open last time, else the bundled demo, so a first start has something to
        // explore. Started once the window is built and before it is shown, so that the listing runs beside the
        // window's first styling and layout, not beside its building, and is on the first frame.
        Runnable openAtStart = args.isEmpty()
                ? () -> remembered.lastReplica().ifPresentOrElse(model::open, () -> model.openDemo(env)) : () -> { };
        window = show(stage, model, MainWindow.saveDialog(), connections, ConnectionsPane.Dialogs.standard(),
                openAtStart);
        window.themeProperty().set(remembered.theme());
        window.setBrowser(uri -> getHostServices().showDocument(uri), logFile(env));
        place(stage, window, remembered);
        LaunchProbe.attachIfRequested(stage.getScene(), model);
        sample = new SampleViewModel(session, parts.replica(), connections, env,
                UserDirs.data(env).resolve("sample").resolve("data"));
        window.addToolbarButton(sampleButton(stage));
        MonitorViewModel monitorModel = new MonitorViewModel(session);
        Supplier<MonitorWindow> monitor = addMonitor(window, stage, monitorModel,
                url -> getHostServices().showDocument(url), model::open);
        DeployViewModel deploy = new DeployViewModel(session, remembered);
        deployOpener = () -> {
            if (deployWindow == null) {
                deployWindow = new DeployWindow(deploy, stage, url -> getHostServices().showDocument(url));
                deployWindow.offerMonitor(a -> monitorDeployed(monitorModel, monitor, a));
            }
            deployWindow.show();
        };
        window.setDeployOpener(deployOpener);
        connections.load();
        // With no arguments, the start replica was opened above.
        boolean opened = args.isEmpty();
        if (!args.isEmpty() && args.get(0).equals("console")) {
            window.console().show();
            opened = consoleTarget(args).map(this::openInConsole).orElse(false);
        }
        if (!opened && !openFromArguments(args, model)) {
            remembered.lastReplica().ifPresentOrElse(model::open, () -> model.openDemo(env));
        }
    }

    /**
     * The app's log file: {@code $XDG_STATE_HOME/litescope/litescope.log}, by default under
     * {@code ~/.local/state}.
     */
    static Path logFile(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home")).resolve(".local").resolve("state");
        return base.resolve("litescope").resolve("litescope.log");
    }

    /** Puts the window where it was, if that still fits a screen, with its columns split as they were. */
    static void place(Stage stage, MainWindow window, WindowState state) {
        state.bounds().filter(b -> !Screen.getScreensForRectangle(b.x(), b.y(), b.width(), b.height())
                .isEmpty()).ifPresent(b -> {
                    stage.setX(b.x());
                    stage.setY(b.y());
                    stage.setWidth(Math.max(MainWindow.MIN_WIDTH, b.width()));
                    stage.setHeight(Math.max(MainWindow.MIN_HEIGHT, b.height()));
                });
        state.dividers().ifPresent(d -> window.columnsPane().setDividerPositions(d));
    }

    /** Writes down the window's place, its columns, theme, zone and the replica open now. */
    static void remember(Stage stage, MainWindow window, MainViewModel model, WindowState state) {
        if (!stage.isIconified() && !stage.isMaximized()) {
            state.setBounds(new WindowState.Bounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        }
        double[] d = window.columnsPane().getDividerPositions();
        if (d.length == 2) {
            state.setDividers(d[0], d[1]);
        }
        state.setTheme(window.themeProperty().get());
        state.setUtc(model.session().isUtc());
        Optional.of(model.replicaUrlProperty().get()).filter(u -> !u.isBlank() && !model.generations().isEmpty())
                .ifPresent(state::setLastReplica);
    }

    /** "Run sample…": opens the sample's window (one, kept), where the user starts and stops it. */
    private Button sampleButton(Stage owner) {
        return toolbarButton("Run _sample…", "runSample", Icons.SAMPLE, "Run the bundled Cloud Run sample (the app "
                + "and Litestream) on this machine and watch its replica grow", () -> {
                    if (sampleWindow == null) {
                        sampleWindow = new SampleWindow(sample, owner, url -> getHostServices().showDocument(url));
                        sampleWindow.offerDeploy(deployOpener);
                        sampleWindow.offerMonitor(localMonitor(sample, runner, owner,
                                url -> getHostServices().showDocument(url), model::open)::get);
                    }
                    sampleWindow.show();
                });
    }

    /**
     * "Monitor…" on the toolbar and "Cloud Run → Monitor a deployed service…": the dashboard of a deployed service,
     * one window made when first asked for and kept, whose "Open on timeline" opens the replica in the main window.
     *
     * @return opens the dashboard (making it the first time) and gives it
     */
    static Supplier<MonitorWindow> addMonitor(MainWindow window, Stage owner, MonitorViewModel monitor,
                                              Consumer<String> browse, Consumer<String> openOnTimeline) {
        MonitorWindow[] made = {null};
        Supplier<MonitorWindow> open = () -> {
            if (made[0] == null) {
                made[0] = new MonitorWindow(monitor, owner, browse, openOnTimeline);
            }
            made[0].show();
            return made[0];
        };
        window.addToolbarButton(toolbarButton("_Monitor…", "openMonitor", Icons.MONITOR, "The dashboard of the "
                + "sample deployed on Cloud Run: its revisions, logs, metrics, replica and what it costs", open::get));
        MenuItem item = new MenuItem("Monitor a deployed service…");
        item.setId("monitorItem");
        item.setMnemonicParsing(false);
        item.setOnAction(e -> open.get());
        window.addMenuItem("Cloud Run", item);
        return open;
    }

    /**
     * The sample window's "Monitor…": the dashboard of the locally running sample (one window, made when first
     * asked for and kept), read at once each time it is opened.
     */
    static Supplier<MonitorWindow> localMonitor(SampleViewModel sample, TaskRunner runner, Window owner,
                                                Consumer<String> browse, Consumer<String> openOnTimeline) {
        MonitorViewModel model = MonitorViewModel.local(runner, sample::monitorReading);
        MonitorWindow[] made = {null};
        return () -> {
            if (made[0] == null) {
                made[0] = new MonitorWindow(model, owner, browse, openOnTimeline);
            }
            made[0].show();
            model.refresh();
            return made[0];
        };
    }

    /** "Open monitor" at the end of a deploy: the dashboard on the service just deployed, read at once. */
    static void monitorDeployed(MonitorViewModel monitor, Supplier<MonitorWindow> open, DeployAnswers a) {
        monitor.projectProperty().set(a.project());
        monitor.regionProperty().set(a.region());
        monitor.serviceProperty().set(a.service());
        monitor.bucketProperty().set(a.bucket());
        monitor.replicaPathProperty().set(a.replicaPath());
        open.get();
        monitor.refresh();
    }

    private static Button toolbarButton(String text, String id, Ikon icon, String tip, Runnable action) {
        Button b = Icons.on(new Button(text), icon);
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setMinWidth(Button.USE_PREF_SIZE);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    @Override
    public void stop() {
        if (remembered != null && window != null) {
            remember(stage, window, model, remembered);
            remembered.save();
        }
        if (sample != null) {
            sample.shutdown();
        }
        if (runner != null) {
            runner.close();
        }
    }

    /** Themes and shows the main window on {@code stage}; shared with the window tests. */
    public static MainWindow show(Stage stage, MainViewModel model, OutputChooser chooser,
                                  ConnectionsViewModel connections, ConnectionsPane.Dialogs dialogs) {
        return show(stage, model, chooser, connections, dialogs, () -> { });
    }

    /** As above, running {@code beforeShow} once the window is built, just before it is shown. */
    static MainWindow show(Stage stage, MainViewModel model, OutputChooser chooser, ConnectionsViewModel connections,
                           ConnectionsPane.Dialogs dialogs, Runnable beforeShow) {
        Theme.LIGHT.apply();
        MainWindow window = new MainWindow(model, chooser, new ConnectionsPane(connections, model, dialogs));
        stage.setTitle("Litescope");
        AppIcon.apply(stage);
        stage.setScene(window.scene());
        stage.setMinWidth(MainWindow.MIN_WIDTH);
        stage.setMinHeight(MainWindow.MIN_HEIGHT);
        beforeShow.run();
        stage.show();
        FleetWindows.attach(connections, model, stage, FleetWindow.Dialogs.standard());
        return window;
    }

    /** What {@code litescope console [FILE|URL@TIME]} names, if anything. */
    static Optional<String> consoleTarget(List<String> args) {
        return args.size() > 1 ? Optional.of(args.get(1)) : Optional.empty();
    }

    /**
     * Opens a SQLite file read-only in the console, or a replica's moment ({@code URL@RFC3339}) restored through
     * the cache of restored moments; the replica itself opens in the main window.
     *
     * @return whether a replica was named (and opened)
     */
    private boolean openInConsole(String target) {
        return openInConsole(target, model, window::openInConsole);
    }

    /** {@link #openInConsole(String)}, for a test: what the console is handed goes to {@code console}. */
    static boolean openInConsole(String target, MainViewModel model, Consumer<ConsoleSession.Source> console) {
        Path file = Path.of(target);
        Optional<RestoredMoments.Moment> moment = Files.exists(file) ? Optional.empty()
                : RestoredMoments.Moment.parse(target);
        if (moment.isPresent()) {
            model.open(moment.get().url());
            model.queryMoment(moment.get(), console);
            return true;
        }
        console.accept(ConsoleSession.Source.file(file));
        return false;
    }

    /** @return whether the arguments named a replica to open */
    static boolean openFromArguments(List<String> args, MainViewModel model) {
        boolean opened = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--open") && i + 1 < args.size()) {
                model.open(args.get(i + 1));
                opened = true;
            } else if (args.get(i).startsWith("--open=")) {
                model.open(args.get(i).substring("--open=".length()));
                opened = true;
            }
        }
        return opened;
    }
}
