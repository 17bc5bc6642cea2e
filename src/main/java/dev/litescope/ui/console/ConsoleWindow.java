package dev.litescope.ui.console;

import dev.litescope.sql.ResultWriter;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlScript;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.Theme;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The SQL console: one window, a tab for each database opened in it (a restored point, any SQLite file), the
 * window's title naming the database in front. Tabs close with Ctrl+W, and closing one ends its connection.
 */
public final class ConsoleWindow implements ConsolePane.Host {
    public final Stage stage = new Stage();
    final TabPane tabs = new TabPane();
    private final TaskRunner runner;
    private final HistoryViewModel history;
    private final Dialogs dialogs;
    private final Supplier<ZoneId> zone;

    /** The file choosers, replaced in tests (native dialogs cannot be driven headless). */
    public interface Dialogs {
        Optional<Path> openDatabase(Window owner);

        Optional<Path> saveCopy(Window owner, String suggested);

        Optional<Path> exportTo(Window owner, String suggested);

        /** Where to save a query ({@code .sql}); the user picks the folder of saved queries this way. */
        default Optional<Path> saveQuery(Window owner, String suggested) {
            return Optional.empty();
        }

        default Optional<Path> openQuery(Window owner) {
            return Optional.empty();
        }

        /** The file to compare the open database with. */
        default Optional<Path> compareWith(Window owner) {
            return openDatabase(owner);
        }

        static Dialogs standard() {
            return new Dialogs() {
                @Override
                public Optional<Path> openDatabase(Window owner) {
                    FileChooser chooser = new FileChooser();
                    chooser.setTitle("Open a SQLite database (read-only)");
                    chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("SQLite databases",
                            "*.db", "*.sqlite", "*.sqlite3", "*.db3"), new FileChooser.ExtensionFilter("All files",
                            "*"));
                    return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
                }

                @Override
                public Optional<Path> saveCopy(Window owner, String suggested) {
                    return save(owner, "Save a writable copy", suggested);
                }

                @Override
                public Optional<Path> exportTo(Window owner, String suggested) {
                    return save(owner, "Export the rows to (.csv, .tsv, .json or .jsonl)", suggested);
                }

                @Override
                public Optional<Path> saveQuery(Window owner, String suggested) {
                    return save(owner, "Save the query (.sql)", suggested);
                }

                @Override
                public Optional<Path> openQuery(Window owner) {
                    FileChooser chooser = new FileChooser();
                    chooser.setTitle("Open a saved query");
                    chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("SQL", "*.sql"),
                            new FileChooser.ExtensionFilter("All files", "*"));
                    return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
                }

                @Override
                public Optional<Path> compareWith(Window owner) {
                    FileChooser chooser = new FileChooser();
                    chooser.setTitle("Compare with another SQLite database");
                    return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
                }

                private Optional<Path> save(Window owner, String title, String suggested) {
                    FileChooser chooser = new FileChooser();
                    chooser.setTitle(title);
                    chooser.setInitialFileName(suggested);
                    return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
                }
            };
        }
    }

    /**
     * @param owner the main window, which this one stays with (above it, closed with it); null for none
     */
    public ConsoleWindow(Window owner, TaskRunner runner, HistoryViewModel history, Dialogs dialogs,
                         Supplier<ZoneId> zone) {
        if (owner != null) {
            stage.initOwner(owner);
        }
        this.runner = runner;
        this.history = history;
        this.dialogs = dialogs;
        this.zone = zone;
        tabs.setId("consoleTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> retitle());
        Button open = Icons.on(new Button("Open database…"), Icons.OPEN);
        open.setId("openDatabase");
        open.setTooltip(new Tooltip("Open any SQLite file, read-only (Ctrl+O)"));
        open.setOnAction(e -> openFromDisk());
        HBox bar = new HBox(8, open);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 0, 8));
        Label empty = new Label("Open a database, or restore a point and choose \"Open in SQL console\"");
        empty.getStyleClass().add("text-muted");
        StackPane body = new StackPane(empty, tabs);
        tabs.visibleProperty().bind(Bindings.isNotEmpty(tabs.getTabs()));
        empty.visibleProperty().bind(tabs.visibleProperty().not());
        BorderPane root = new BorderPane(body);
        root.setTop(bar);
        Scene scene = new Scene(root, 1100, 720);
        Theme.style(scene);
        var accelerators = scene.getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openFromDisk);
        accelerators.put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), this::closeTab);
        stage.setScene(scene);
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.setOnHidden(e -> tabs.getTabs().forEach(t -> pane(t).session().close()));
        retitle();
    }

    /** Opens {@code source} in a new tab, or brings its tab to the front when it is open already. */
    public ConsolePane open(ConsoleSession.Source source) {
        for (Tab t : tabs.getTabs()) {
            if (pane(t).session().source().equals(source)) {
                tabs.getSelectionModel().select(t);
                show();
                return pane(t);
            }
        }
        ConsoleSession session = new ConsoleSession(runner, source);
        session.addRunListener(history);
        ConsolePane pane = new ConsolePane(session, history, this, zone.get());
        Tab tab = new Tab(source.file().getFileName().toString(), pane);
        tab.setTooltip(new Tooltip(source.title()));
        tab.setGraphic(Icons.of(source.access() == SqlDatabase.Access.READ_ONLY ? Icons.LOCK : Icons.DATABASE));
        tab.setOnClosed(e -> {
            session.close();
            retitle();
        });
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        session.open();
        show();
        pane.editor.focusEditor();
        return pane;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    /** The pane of the tab in front. */
    public Optional<ConsolePane> current() {
        return Optional.ofNullable(tabs.getSelectionModel().getSelectedItem()).map(ConsoleWindow::pane);
    }

    private void openFromDisk() {
        dialogs.openDatabase(stage).ifPresent(p -> open(ConsoleSession.Source.file(p)));
    }

    private void closeTab() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t != null) {
            tabs.getTabs().remove(t);
            pane(t).session().close();
            retitle();
        }
    }

    private void retitle() {
        stage.setTitle(current().map(p -> "SQL console — " + p.session().source().title())
                .orElse("SQL console") + " — Litescope");
    }

    private static ConsolePane pane(Tab t) {
        return (ConsolePane) t.getContent();
    }

    @Override
    public void export(ConsolePane pane, SqlScript.Part statement) {
        String base = pane.session().source().file().getFileName().toString().replaceFirst("\\.[^.]*$", "");
        dialogs.exportTo(stage, base + ".csv").ifPresent(target -> {
            ResultWriter.Format format = formatOf(target);
            pane.session().export(statement, format, target);
        });
    }

    /** The format a file name asks for by its extension; CSV when it names none of them. */
    static ResultWriter.Format formatOf(Path target) {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ResultWriter.Format f : ResultWriter.Format.values()) {
            if (name.endsWith("." + f.extension())) {
                return f;
            }
        }
        return ResultWriter.Format.CSV;
    }

    @Override
    public void saveQuery(ConsolePane pane) {
        dialogs.saveQuery(stage, "query.sql").ifPresent(p -> pane.session().saveScript(p, pane.editor.getText()));
    }

    @Override
    public void openQuery(ConsolePane pane) {
        dialogs.openQuery(stage).ifPresent(p -> pane.session().loadScript(p, pane.editor::setText));
    }

    @Override
    public void makeWritableCopy(ConsolePane pane) {
        Path file = pane.session().source().file();
        String name = file.getFileName().toString().replaceFirst("(\\.[^.]*)?$", "-copy$1");
        dialogs.saveCopy(stage, name).ifPresent(target -> pane.session().makeWritableCopy(target, this::open));
    }

    @Override
    public void compareWith(ConsolePane pane) {
        ConsoleSession.Source source = pane.session().source();
        // A file's title names its folder too; the diff window's header has room for the names only.
        String title = source.equals(ConsoleSession.Source.file(source.file()))
                ? source.file().getFileName().toString() : source.title();
        dialogs.compareWith(stage).ifPresent(other -> compare(new DiffViewModel.Sides(source.file(), title,
                other, other.getFileName().toString())));
    }

    /** Opens a diff window of the two databases, kept with this one. */
    public DiffWindow compare(DiffViewModel.Sides sides) {
        return DiffWindow.open(stage, runner, sides);
    }
}
