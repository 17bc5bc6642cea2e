package dev.litescope.ui;

import dev.litescope.ui.fx.Theme;
import dev.litescope.replica.Replica;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.restore.OutputChooser;
import dev.litescope.ui.restore.PlanPane;
import dev.litescope.ui.status.StatusBarView;
import dev.litescope.ui.status.StatusBarViewModel;
import dev.litescope.ui.timeline.TimelinePane;
import dev.litescope.ui.timeline.TimelineView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The main window, built in code: the replica URL on top, the connections (and the open database's generations)
 * on the left, the timeline in the centre, the restore plan on the right, a status line at the bottom. Each region is a small class; this one
 * only lays them out and wires keyboard shortcuts.
 */
public final class MainWindow {
    private final MainViewModel model;
    private final OutputChooser chooser;
    private final BorderPane root = new BorderPane();
    final TextField url = new TextField();
    final Button open = Icons.on(new Button("_Open"), Icons.OPEN);
    final ConnectionsPane connections;
    final TimelineView timeline;
    final PlanPane plan;
    final Label error = new Label();
    final StatusBarView statusBar;
    private java.util.function.Consumer<Path> showInFolder = dir -> { };
    private HBox toolbar;

    public MainWindow(MainViewModel model, OutputChooser chooser, ConnectionsPane connections) {
        this.model = model;
        this.chooser = chooser;
        this.connections = connections;
        this.timeline = new TimelineView(model);
        this.plan = new PlanPane(model, this::restore, this::saveAs, dir -> showInFolder.accept(dir));
        this.statusBar = new StatusBarView(new StatusBarViewModel(model));

        root.setTop(new VBox(toolbar(), errorBanner()));
        root.setLeft(connections);
        root.setCenter(centre());
        root.setRight(plan.inScrollPane(model));
        root.setBottom(statusLine());
        root.setId("mainWindow");
    }

    public Scene scene() {
        // Room for the three columns on a laptop screen, never more than the screen itself.
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.max(900, Math.min(1400, screen.getWidth() * 0.92)),
                Math.max(480, Math.min(860, screen.getHeight() * 0.9)));
        Theme.style(scene);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), () -> {
            url.requestFocus();
            url.selectAll();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), () -> {
            if (!plan.restore.isDisabled()) {
                restore();
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), () -> {
            if (!plan.saveAs.isDisabled()) {
                saveAs();
            }
        });
        // A filter, not an accelerator: the tree and the lists take Esc for themselves before accelerators run.
        // Only while a restore runs; otherwise Esc goes on to the focused control (the tree's search cancel).
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && model.restoringProperty().get()) {
                model.cancel();
                e.consume();
            }
        });
        return scene;
    }

    /** Restores into a new file in the restores folder, without asking. */
    void restore() {
        model.restoreToDefault();
    }

    /** How "Show in folder" opens a folder: the app passes its host services; tests record the call. */
    public void setShowInFolder(java.util.function.Consumer<Path> opener) {
        showInFolder = opener;
    }

    /** Adds a button at the end of the top bar, for actions that open windows of their own. */
    public void addToolbarButton(Button button) {
        toolbar.getChildren().add(button);
    }

    /** Asks for an output file, then restores into it. */
    void saveAs() {
        Optional<Path> out = chooser.choose(root.getScene() == null ? null : root.getScene().getWindow(),
                model.suggestedFileName());
        // The save dialog has asked about overwriting already.
        out.ifPresent(p -> model.restore(p, true));
    }

    /** The default chooser: a save dialog starting in the user's Downloads folder, else their home. */
    public static OutputChooser saveDialog() {
        return (owner, suggested) -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Restore database to");
            fc.setInitialFileName(suggested);
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("SQLite database", "*.db", "*.sqlite",
                    "*.sqlite3"), new FileChooser.ExtensionFilter("All files", "*"));
            Path home = Path.of(System.getProperty("user.home"));
            Path downloads = home.resolve("Downloads");
            fc.setInitialDirectory((Files.isDirectory(downloads) ? downloads : home).toFile());
            return Optional.ofNullable(fc.showSaveDialog(owner)).map(java.io.File::toPath);
        };
    }

    private Region toolbar() {
        Label label = new Label("Rep_lica");
        label.setMnemonicParsing(true);
        label.setLabelFor(url);
        url.setId("url");
        url.setPromptText("Replica folder, file:///path, gs://bucket/path or gcs://bucket/path");
        url.setTooltip(new Tooltip("Where Litestream replicates to (Ctrl+L); press Enter to open"));
        url.setOnAction(e -> model.open(url.getText()));
        model.replicaUrlProperty().addListener((o, a, b) -> {
            if (!b.equals(url.getText())) {
                url.setText(b);
            }
        });
        HBox.setHgrow(url, Priority.ALWAYS);
        open.setId("open");
        open.setMnemonicParsing(true);
        open.setTooltip(new Tooltip("List the replica's generations"));
        open.setOnAction(e -> model.open(url.getText()));
        open.disableProperty().bind(model.openingProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.openingProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        HBox bar = new HBox(8, label, url, open, busy);
        toolbar = bar;
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 14, 10, 14));
        bar.getStyleClass().add("toolbar");
        return new VBox(bar, new Separator());
    }

    private Region errorBanner() {
        error.setId("error");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(error, Priority.ALWAYS);
        Button dismiss = Icons.on(new Button("_Dismiss"), Icons.DISMISS);
        dismiss.setMnemonicParsing(true);
        dismiss.setMinWidth(Button.USE_PREF_SIZE);
        dismiss.setTooltip(new Tooltip("Hide this message"));
        dismiss.setOnAction(e -> model.dismissError());
        HBox banner = new HBox(10, error, dismiss);
        banner.setId("errorBanner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(8, 14, 8, 14));
        // Primer's danger colours: dark red text on a pale red background.
        banner.getStyleClass().add("error-banner");
        error.getStyleClass().add("error-text");
        banner.visibleProperty().bind(model.errorProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private Region centre() {
        return new TimelinePane(model, timeline);
    }

    private Region statusLine() {
        return statusBar.node();
    }
}
