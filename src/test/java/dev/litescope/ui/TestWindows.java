package dev.litescope.ui;

import dev.litescope.replica.ReplicaOptions;
import java.nio.file.Path;
import java.util.Map;
import javafx.stage.Stage;

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
        ConnectionsViewModel connections = new ConnectionsViewModel(model, runner,
                ReplicaOptions.fromEnvironment(Map.of(), false), new ConnectionStore(dir.resolve("connections.txt")),
                () -> {
                }, () -> dir.resolve("no-demo"));
        return LitescopeApp.show(stage, model, chooser, connections, ConnectionsPane.Dialogs.standard());
    }
}
