package dev.litescope.ui;

import dev.litescope.sql.QueryHistory;
import dev.litescope.ui.connections.ConnectionsPane;
import dev.litescope.ui.console.ConsolePane;
import dev.litescope.ui.console.ConsoleSession;
import dev.litescope.ui.console.ConsoleWindow;
import dev.litescope.ui.console.DiffWindow;
import dev.litescope.ui.console.HistoryViewModel;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.restore.FileManager;
import dev.litescope.ui.restore.OutputChooser;
import dev.litescope.ui.restore.PlanPane;
import dev.litescope.ui.status.StatusBarView;
import dev.litescope.ui.status.StatusBarViewModel;
import dev.litescope.ui.timeline.TimelinePane;
import dev.litescope.ui.timeline.TimelineView;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Window;

/**
 * The main window, built in code: the menu bar and the replica URL on top, then three columns in a split pane
 * (the connections and the open database's generations, the timeline, the restore plan), a status line at the
 * bottom. Each region is a small class; this one lays them out, gives the side columns way when the window is
 * small, and wires the menu and the keyboard.
 */
public final class MainWindow implements MainMenu.Actions {
    /** The narrowest the window gets: the three columns at their minimum widths. */
    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 560;
    /** Where the two dividers are before the window knows its width. */
    static final double[] DIVIDERS = {0.2, 0.72};

    private final MainViewModel model;
    private final OutputChooser chooser;
    private final BorderPane root = new BorderPane();
    private ConsoleWindow console;
    private ConsoleWindow.Dialogs consoleDialogs = ConsoleWindow.Dialogs.standard();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    final TextField url = new TextField();
    final Button open = Icons.on(new Button("_Open"), Icons.OPEN);
    final ConnectionsPane connections;
    final TimelineView timeline;
    final TimelinePane timelinePane;
    final PlanPane plan;
    final SplitPane columns = new SplitPane();
    final Label error = new Label();
    final StatusBarView statusBar;
    private Consumer<Path> showInFolder;
    private Consumer<String> browse = uri -> { };
    private Path logFile = Path.of("litescope.log");
    private Runnable deployOpener = () -> { };
    private HBox toolbar;
    private final MenuBar menuBar;

    public MainWindow(MainViewModel model, OutputChooser chooser, ConnectionsPane connections) {
        this.model = model;
        this.chooser = chooser;
        this.connections = connections;
        this.showInFolder = dir -> model.parts().restore().showInFolder(FileManager.system());
        this.timeline = new TimelineView(model);
        // One zone for the whole window: the timeline's switch and the View menu both set the session's.
        timeline.zoneProperty().bindBidirectional(model.session().zoneProperty());
        this.timelinePane = new TimelinePane(model, timeline);
        this.plan = new PlanPane(model, this::restore, this::saveAs, dir -> showInFolder.accept(dir),
                () -> model.restoredSource().ifPresent(this::openInConsole),
                () -> model.queryThisMoment(this::openInConsole),
                () -> model.compare().compare(sides -> DiffWindow.open(root.getScene().getWindow(),
                        model.session().runner(), sides)));
        this.statusBar = new StatusBarView(new StatusBarViewModel(model.session()));

        menuBar = MainMenu.build(this, model.canRestoreProperty(), theme, model.session().zoneProperty());
        root.setTop(new VBox(menuBar, toolbar(), errorBanner()));
        root.setCenter(columns());
        root.setBottom(statusBar.node());
        root.setId("mainWindow");
        theme.addListener((o, a, b) -> b.apply());
        model.session().zoneProperty().addListener((o, a, b) ->
                (b.equals(ZoneOffset.UTC) ? timelinePane.utc : timelinePane.local).setSelected(true));
        forgetTheTimelineWhenNothingIsOpen();
    }

    public Scene scene() {
        // Room for the three columns on a laptop screen, never more than the screen itself.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.max(MIN_WIDTH, Math.min(1400, screen.getWidth() * 0.92)),
                Math.max(MIN_HEIGHT, Math.min(860, screen.getHeight() * 0.9)));
        Theme.style(scene);
        // The side columns start at their preferred widths, the timeline takes the rest.
        double w = scene.getWidth();
        double left = Math.min(0.3, connections.prefWidth(-1) / w);
        double right = Math.max(0.6, 1 - (plan.prefWidth(-1) + 16) / w);
        columns.setDividerPositions(left, right);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), () -> {
            url.requestFocus();
            url.selectAll();
        });
        // Restore (Ctrl+R) and Save as… (Ctrl+Shift+S) are the File menu's accelerators, enabled by canRestore.
        // A filter, not an accelerator: the tree and the lists take Esc for themselves before accelerators run.
        // Only while a restore runs; otherwise Esc goes on to the focused control (the tree's search cancel).
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && model.restoringProperty().get()) {
                model.cancel();
                e.consume();
            }
        });
        return scene;
    }

    /** The theme the window shows; the View menu switches it. */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** The three columns' split pane, whose divider positions the app remembers. */
    public SplitPane columnsPane() {
        return columns;
    }

    /** Restores into a new file in the restores folder, without asking. */
    @Override
    public void restore() {
        if (model.canRestoreProperty().get()) {
            model.restoreToDefault();
        }
    }

    /** How "Show in folder" opens a folder; by default the desktop's file manager. Tests record the call. */
    public void setShowInFolder(Consumer<Path> opener) {
        showInFolder = opener;
    }

    /** How the app opens a file or a web page (its host services): "Show log" uses it. */
    public void setBrowser(Consumer<String> opener, Path log) {
        browse = opener;
        logFile = log;
    }

    /**
     * Adds an item to the menu {@code menu}, made before Help when the bar has none by that name yet: for the
     * actions the app adds that open windows of their own.
     */
    public void addMenuItem(String menu, MenuItem item) {
        Menu target = menuBar.getMenus().stream().filter(m -> m.getText().equals(menu)).findFirst().orElseGet(() -> {
            Menu m = new Menu(menu);
            m.setMnemonicParsing(false);
            menuBar.getMenus().add(menuBar.getMenus().size() - 1, m);
            return m;
        });
        target.getItems().add(item);
    }

    /** Adds a button at the end of the top bar, for actions that open windows of their own. */
    public void addToolbarButton(Button button) {
        toolbar.getChildren().add(button);
    }

    /** Asks for an output file, then restores into it. */
    @Override
    public void saveAs() {
        if (!model.canRestoreProperty().get()) {
            return;
        }
        Optional<Path> out = chooser.choose(root.getScene() == null ? null : root.getScene().getWindow(),
                model.suggestedFileName());
        // The save dialog has asked about overwriting already.
        out.ifPresent(p -> model.restore(p, true));
    }

    @Override
    public void openReplica() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a replica folder (the one that holds \"generations/\")");
        Optional.ofNullable(dc.showDialog(root.getScene() == null ? null : root.getScene().getWindow()))
                .ifPresent(dir -> model.open(dir.toPath().toUri().toString()));
    }

    @Override
    public void addFolder() {
        fire("#addFolder");
    }

    @Override
    public void addBucket() {
        fire("#addBucket");
    }

    @Override
    public void queryMoment() {
        if (model.canRestoreProperty().get()) {
            model.queryThisMoment(this::openInConsole);
        }
    }

    @Override
    public void openDatabase() {
        Window owner = root.getScene() == null ? null : root.getScene().getWindow();
        consoleDialogs.openDatabase(owner).ifPresent(p -> console().open(ConsoleSession.Source.file(p)));
    }

    /** Opens a file in the SQL console (its window made on first use, then kept). */
    public ConsolePane openInConsole(ConsoleSession.Source source) {
        return console().open(source);
    }

    /** The SQL console's window, made on first use with the history in the user's data folder. */
    public ConsoleWindow console() {
        if (console == null) {
            Map<String, String> env = model.session().env();
            HistoryViewModel history = new HistoryViewModel(model.session().runner(), () -> QueryHistory.open(env));
            history.load();
            useConsole(new ConsoleWindow(root.getScene() == null ? null : root.getScene().getWindow(),
                    model.session().runner(), history, consoleDialogs,
                    () -> model.session().zoneProperty().get()));
        }
        return console;
    }

    /** For tests: the console window to open databases in, with its own history and choosers. */
    public void useConsole(ConsoleWindow window) {
        console = window;
    }

    /** For tests: the choosers "Open database…" and the console use (native ones cannot be driven headless). */
    public void setConsoleDialogs(ConsoleWindow.Dialogs dialogs) {
        consoleDialogs = dialogs;
    }

    @Override
    public void showLog() {
        Path log = logFile;
        model.session().runner().execute(BackgroundTask.ofCallable("", () -> Files.isRegularFile(log))
                .onSuccess(exists -> {
                    if (exists) {
                        browse.accept(log.toUri().toString());
                    } else {
                        model.reportError("There is no log yet at " + log + ": Litescope writes it there once "
                                + "something worth logging happens.");
                    }
                }));
    }

    /** Opens the deploy wizard, which the app supplies with {@link #setDeployOpener}. */
    @Override
    public void deployToCloudRun() {
        deployOpener.run();
    }

    /** What "Deploy the sample to Cloud Run…" opens. */
    public void setDeployOpener(Runnable opener) {
        deployOpener = opener;
    }

    @Override
    public void quit() {
        Platform.exit();
    }

    @Override
    public void about() {
        model.session().runner().execute(BackgroundTask.ofCallable("", AboutInfo::collect).onSuccess(info -> {
            Alert about = new Alert(Alert.AlertType.INFORMATION);
            about.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            about.setTitle("About Litescope");
            about.setHeaderText("Litescope: restore any moment of a Litestream replica");
            about.setContentText(info.text());
            Theme.style(about.getDialogPane().getScene());
            about.show();
        }));
    }

    /** The default chooser: a save dialog starting in the user's Downloads folder, else their home. */
    public static OutputChooser saveDialog() {
        return (owner, suggested) -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Restore database to (the suggested name gives the moment in UTC)");
            fc.setInitialFileName(suggested);
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("SQLite database", "*.db", "*.sqlite",
                    "*.sqlite3"), new FileChooser.ExtensionFilter("All files", "*"));
            Path home = Path.of(System.getProperty("user.home"));
            Path downloads = home.resolve("Downloads");
            fc.setInitialDirectory((Files.isDirectory(downloads) ? downloads : home).toFile());
            return Optional.ofNullable(fc.showSaveDialog(owner)).map(File::toPath);
        };
    }

    private void fire(String selector) {
        Node n = connections.lookup(selector);
        if (n instanceof ButtonBase b && !b.isDisabled()) {
            b.fire();
        }
    }

    /**
     * With no replica open (while one opens, and after an open failed) the timeline's header shows no range and
     * no moment of the replica that was open before, and the next replica starts fitted.
     */
    private void forgetTheTimelineWhenNothingIsOpen() {
        model.generations().addListener((ListChangeListener<Object>) c -> {
            if (model.generations().isEmpty()) {
                timelinePane.range.setText("");
                timelinePane.moment.clear();
                timelinePane.fit.fire();
            }
        });
    }

    private Region columns() {
        ScrollPane right = plan.inScrollPane(model);
        connections.setMinWidth(160);
        right.setMinWidth(230);
        columns.getItems().setAll(connections, timelinePane, right);
        // All three give way in proportion as the window shrinks, each down to its minimum width.
        columns.setDividerPositions(DIVIDERS);
        columns.setId("columns");
        return columns;
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
        url.setMinWidth(120);
        open.setId("open");
        open.setMnemonicParsing(true);
        open.setMinWidth(Button.USE_PREF_SIZE);
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
}
