package dev.litescope.ui;

import dev.litescope.ui.connections.ConnectionStore;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.connections.CredentialsProbe;
import dev.litescope.ui.fx.FxTaskRunner;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.restore.OutputChooser;
import dev.litescope.ui.sample.SampleViewModel;
import dev.litescope.ui.sample.SampleWindow;
import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.util.UserDirs;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;

/**
 * The desktop app. Started by {@code dev.litescope.app.Launcher} when the jar runs without a subcommand;
 * {@code --open URL} opens a replica at start.
 */
public final class LitescopeApp extends Application {
    private FxTaskRunner runner;
    private SampleViewModel sample;
    private SampleWindow sampleWindow;

    @Override
    public void start(Stage stage) {
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
        MainViewModel model = new MainViewModel(runner, options, pricing, UserDirs.restores(env));
        ConnectionsViewModel connections = new ConnectionsViewModel(model, runner, options,
                ConnectionStore.inConfigDir(env), CredentialsProbe.applicationDefault(options.gcs()),
                () -> DemoReplica.install(env));
        MainWindow window = show(stage, model, MainWindow.saveDialog(), connections, ConnectionsPane.Dialogs.standard());
        window.setShowInFolder(dir -> getHostServices().showDocument(dir.toUri().toString()));
        LaunchProbe.attachIfRequested(stage.getScene(), model);
        sample = new SampleViewModel(runner, env, options, model, connections,
                UserDirs.data(env).resolve("sample").resolve("data"));
        window.addToolbarButton(sampleButton(stage));
        connections.load();
        if (!openFromArguments(getParameters().getRaw(), model)) {
            // Nothing to open: show the bundled demo, so that a first start has something to explore.
            model.openDemo(System.getenv());
        }
    }

    /** "Run sample…": opens the sample's window (one, kept), where the user starts and stops it. */
    private Button sampleButton(Stage owner) {
        Button b = Icons.on(new Button("Run _sample…"), Icons.SAMPLE);
        b.setId("runSample");
        b.setMnemonicParsing(true);
        b.setMinWidth(Button.USE_PREF_SIZE);
        b.setTooltip(new Tooltip("Run the bundled Cloud Run sample (the app and Litestream) on this machine and "
                + "watch its replica grow"));
        b.setOnAction(e -> {
            if (sampleWindow == null) {
                sampleWindow = new SampleWindow(sample, owner, url -> getHostServices().showDocument(url));
            }
            sampleWindow.show();
        });
        return b;
    }

    @Override
    public void stop() {
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
        Theme.LIGHT.apply();
        MainWindow window = new MainWindow(model, chooser, new ConnectionsPane(connections, model, dialogs));
        stage.setTitle("Litescope");
        stage.setScene(window.scene());
        stage.setMinWidth(900);
        stage.setMinHeight(480);
        stage.show();
        return window;
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
