package dev.litescope.ui.console;

import dev.litescope.sql.Schema;
import dev.litescope.sql.SqlFailure;
import dev.litescope.sql.SqlLexer;
import dev.litescope.sql.SqlScript;
import dev.litescope.sql.SqlToken;
import dev.litescope.ui.fx.Icons;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * One database in the console: its schema and the query history on the left; on the right a toolbar (Run, Run all,
 * Stop, Explain, Export, and for a read-only copy the badge and "Make a writable copy"), the editor, and the
 * results. Escape stops a running query, wherever the focus is in the pane.
 */
public final class ConsolePane extends BorderPane {
    public final SqlEditor editor = new SqlEditor();
    final SchemaTree schema;
    final SchemaTree.Actions schemaActions;
    final ResultsPane results;
    final HistoryPane history;
    public final Button run = Icons.on(new Button("Run"), Icons.RUN);
    public final Button runAll = Icons.on(new Button("Run all"), Icons.RUN_ALL);
    public final Button stop = Icons.on(new Button("Stop"), Icons.STOP);
    public final Button explain = Icons.on(new Button("Explain"), Icons.EXPLAIN);
    public final Button export = Icons.on(new Button("Export…"), Icons.EXPORT);
    public final Button writable = Icons.on(new Button("Make a writable copy…"), Icons.WRITE);
    public final Button save = Icons.only(new Button("Save query…"), Icons.SAVE_AS);
    public final Button load = Icons.only(new Button("Open query…"), Icons.OPEN);
    public final Label status = new Label();
    /** "Follow the timeline", on a replica's moment only. */
    public final ToggleButton follow = Icons.on(new ToggleButton("Follow the timeline"), Icons.HISTORY);
    /** The restore point the followed rows are of. */
    public final Label moment = new Label();
    final FollowGrid followGrid = new FollowGrid();
    private final Optional<FollowViewModel> following;
    private final ConsoleSession session;

    /** What the pane asks of its window: file choosers and opening another tab. */
    public interface Host {
        void export(ConsolePane pane, SqlScript.Part statement);

        void makeWritableCopy(ConsolePane pane);

        void saveQuery(ConsolePane pane);

        void openQuery(ConsolePane pane);

        /** "Compare with…": this database against another SQLite file the user picks. */
        void compareWith(ConsolePane pane);
    }

    ConsolePane(ConsoleSession session, HistoryViewModel historyVm, Host host, ZoneId zone) {
        this.session = session;
        setId("consolePane");
        getStyleClass().add("console-pane");
        schemaActions = new SchemaTree.Actions() {
            @Override
            public void insert(String text) {
                editor.insertAtCaret(text);
                editor.focusEditor();
            }

            @Override
            public void selectTop(String table) {
                editor.setText("SELECT * FROM " + SchemaTree.quote(table) + " LIMIT 100;");
                runAll();
            }

            @Override
            public void count(String table) {
                editor.setText("SELECT count(*) FROM " + SchemaTree.quote(table) + ";");
                runAll();
            }

            @Override
            public boolean followsRows() {
                return session.source().timeline().isPresent();
            }

            @Override
            public void history(String table) {
                Optional<Schema.Table> t = session.schemaProperty().get().flatMap(s -> s.table(table));
                Optional<TimelineFeed> feed = session.source().timeline();
                if (t.isEmpty() || feed.isEmpty()) {
                    return;
                }
                RowKeyDialog.ask(getScene().getWindow(), t.get()).ifPresent(key -> RowHistoryWindow.open(
                        getScene().getWindow(), session.runner(), new RowHistoryViewModel.Request(feed.get(),
                                t.get().name(), key, t)));
            }
        };
        schema = new SchemaTree(schemaActions);
        results = new ResultsPane(session);
        history = new HistoryPane(historyVm, text -> {
            editor.insertAtCaret(text);
            editor.focusEditor();
        }, text -> {
            editor.setText(text);
            runAll();
        }, zone);
        session.schemaProperty().addListener((o, a, b) -> b.ifPresent(s -> {
            schema.show(s);
            editor.setCompletions(Completions.of(s));
        }));
        session.schemaProperty().get().ifPresent(schema::show);
        session.results().addListener((ListChangeListener<StatementResult>) c -> markFailure());

        TabPane side = new TabPane(new Tab("Schema", schema), new Tab("History", history));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setId("consoleSide");
        side.setMinWidth(180);
        following = session.source().timeline().map(feed -> new FollowViewModel(session.runner(), feed,
                () -> editor.statementToRun().map(SqlScript.Part::sql)));
        following.ifPresent(f -> session.onClose(f::close));
        SplitPane work = new SplitPane(editor, following.isPresent() ? followable(results) : results);
        work.setOrientation(Orientation.VERTICAL);
        work.setDividerPositions(0.38);
        SplitPane columns = new SplitPane(side, work);
        columns.setDividerPositions(0.24);
        SplitPane.setResizableWithParent(side, false);
        setTop(toolbar(host));
        setCenter(columns);
        status.setId("consoleStatus");
        status.setPadding(new Insets(3, 8, 3, 8));
        status.textProperty().bind(Bindings.createStringBinding(this::statusText, session.errorProperty(),
                session.noticeProperty(), session.runningProperty(), session.openProperty(), session.results(),
                follow.selectedProperty()));
        status.getStyleClass().add("text-small");
        setBottom(status);
        editor.setOnRun(this::runAtCaret);
        editor.setOnRunAll(this::runAll);
        KeyCombination saveKey = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && session.runningProperty().get()) {
                session.stop();
                e.consume();
            } else if (saveKey.match(e)) {
                host.saveQuery(this);
                e.consume();
            }
        });
    }

    public ConsoleSession session() {
        return session;
    }

    /** The results, or while following the timeline the followed rows under the moment they are of. */
    private BorderPane followable(ResultsPane normal) {
        FollowViewModel f = following.orElseThrow();
        BorderPane box = new BorderPane(normal);
        moment.setId("consoleMoment");
        moment.getStyleClass().add("follow-moment");
        moment.setPadding(new Insets(3, 8, 3, 8));
        moment.textProperty().bind(Bindings.createStringBinding(() -> !f.errorProperty().get().isEmpty()
                ? f.errorProperty().get() : f.momentProperty().get().isEmpty() ? "Following the timeline…"
                : "At " + f.momentProperty().get() + f.resultProperty().get().map(r -> " · " + r.rows().size()
                + (r.truncated() ? "+" : "") + " row(s), " + r.changedCells() + " cell(s) changed").orElse(""),
                f.errorProperty(), f.momentProperty(), f.resultProperty()));
        BorderPane followed = new BorderPane(followGrid);
        followed.setTop(moment);
        f.resultProperty().addListener((o, a, r) -> r.ifPresent(followGrid::show));
        f.followingProperty().bind(follow.selectedProperty());
        follow.selectedProperty().addListener((o, a, on) -> box.setCenter(on ? followed : normal));
        return box;
    }

    private HBox toolbar(Host host) {
        run.setId("run");
        run.setTooltip(new Tooltip("Run the statement at the caret, or the selection (Ctrl+Enter)"));
        run.setOnAction(e -> runAtCaret());
        runAll.setId("runAll");
        runAll.setTooltip(new Tooltip("Run every statement, each into its own result (Ctrl+Shift+Enter)"));
        runAll.setOnAction(e -> runAll());
        stop.setId("stop");
        stop.setTooltip(new Tooltip("Interrupt SQLite: the running statement ends at once (Esc)"));
        stop.setOnAction(e -> session.stop());
        explain.setId("explain");
        explain.setTooltip(new Tooltip("Show how SQLite would run the statement at the caret (EXPLAIN QUERY PLAN)"));
        explain.setOnAction(e -> editor.statementToRun().ifPresent(session::explain));
        export.setId("export");
        export.setTooltip(new Tooltip("Write every row of the statement at the caret to a CSV, TSV, JSON or JSON "
                + "Lines file, straight from SQLite"));
        export.setOnAction(e -> editor.statementToRun().ifPresent(p -> host.export(this, p)));
        writable.setId("makeWritable");
        writable.setTooltip(new Tooltip("Copy this database to a file you choose and open the copy to change it; "
                + "this file stays as it is"));
        writable.setOnAction(e -> host.makeWritableCopy(this));
        var notOpen = session.openProperty().not();
        var busy = session.runningProperty();
        run.disableProperty().bind(notOpen.or(busy));
        runAll.disableProperty().bind(notOpen.or(busy));
        explain.disableProperty().bind(notOpen.or(busy));
        export.disableProperty().bind(notOpen.or(busy));
        stop.disableProperty().bind(busy.not());
        Label badge = new Label(session.readOnly() ? "read-only" : "writable");
        badge.setId("accessBadge");
        badge.setGraphic(Icons.of(session.readOnly() ? Icons.LOCK : Icons.WRITE));
        badge.getStyleClass().addAll("access-badge", session.readOnly() ? "read-only" : "writable");
        badge.setTooltip(new Tooltip(session.readOnly() ? "Opened with SQLite's read-only flag: nothing can change "
                + "this file" : "Changes are written to " + session.source().file()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        save.setId("saveQuery");
        save.setTooltip(new Tooltip("Save the editor's text as a .sql file, in a folder you pick (Ctrl+S)"));
        save.setOnAction(e -> host.saveQuery(this));
        load.setId("openQuery");
        load.setTooltip(new Tooltip("Open a saved .sql file into the editor"));
        load.setOnAction(e -> host.openQuery(this));
        Button compare = Icons.on(new Button("Compare with…"), Icons.COMPARE);
        compare.setId("compareWith");
        compare.setTooltip(new Tooltip("Compare this database with another SQLite file: schema, row counts and the "
                + "rows added, removed and changed"));
        compare.setOnAction(e -> host.compareWith(this));
        HBox bar = new HBox(6, run, runAll, stop, explain, export, save, load, compare, gap, badge);
        if (session.source().timeline().isPresent()) {
            follow.setId("followTimeline");
            follow.setTooltip(new Tooltip("Run the statement at the caret again at each restore point the timeline's "
                    + "cursor moves to (drag it, or the arrow keys), changed cells marked"));
            bar.getChildren().add(bar.getChildren().indexOf(gap), follow);
        }
        if (session.readOnly()) {
            bar.getChildren().add(writable);
        }
        for (var n : bar.getChildren()) {
            if (n instanceof Button b) {
                b.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("console-toolbar");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        Icons.labelsWhenRoomy(bar);
        return bar;
    }

    private void runAtCaret() {
        editor.statementToRun().ifPresent(p -> session.run(List.of(p)));
    }

    private void runAll() {
        List<SqlScript.Part> all = editor.allStatements();
        if (!all.isEmpty()) {
            session.run(all);
        }
    }

    /** Marks where SQLite stopped reading in the editor: the token at its error offset, else the statement. */
    private void markFailure() {
        editor.clearError();
        session.results().stream().filter(r -> r.kind() == StatementResult.Kind.FAILED).findFirst()
                .ifPresent(r -> {
                    SqlScript.Part part = r.statement();
                    Optional<SqlFailure> f = r.failure();
                    int at = f.flatMap(x -> x.offset().isPresent() ? Optional.of(x.offset().getAsInt())
                            : Optional.empty()).orElse(-1);
                    if (at >= 0 && at < part.sql().length()) {
                        SqlToken token = SqlLexer.tokenize(part.sql()).stream()
                                .filter(t -> t.start() <= at && at < t.end()).findFirst().orElseThrow();
                        editor.markError(part.start() + token.start(), part.start() + token.end());
                    } else if (f.map(x -> x.kind() != SqlFailure.Kind.INTERRUPTED).orElse(false)) {
                        editor.markError(part.start(), part.end());
                    }
                });
    }

    private String statusText() {
        if (!session.errorProperty().get().isEmpty()) {
            return session.errorProperty().get();
        }
        if (!session.openProperty().get()) {
            return "Opening " + session.source().file() + "…";
        }
        if (session.runningProperty().get()) {
            return "Running… Esc or Stop interrupts it";
        }
        if (!session.noticeProperty().get().isEmpty()) {
            return session.noticeProperty().get();
        }
        if (follow.isSelected()) {
            // The last Run's rows are not on screen: the followed ones are, counted in the line above them.
            return "Following the timeline: the statement at the caret runs again at each restore point";
        }
        List<StatementResult> done = session.results();
        if (done.isEmpty()) {
            return session.source().file() + (session.readOnly() ? " · read-only" : " · writable");
        }
        return done.size() + (done.size() == 1 ? " statement" : " statements") + " · "
                + done.get(done.size() - 1).summary();
    }
}
