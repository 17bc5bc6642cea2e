package dev.litescope.ui.console;

import dev.litescope.sql.Export;
import dev.litescope.sql.Outcome;
import dev.litescope.sql.QueryPlan;
import dev.litescope.sql.ResultWriter;
import dev.litescope.sql.RowStore;
import dev.litescope.sql.Schema;
import dev.litescope.sql.SchemaReader;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlFailure;
import dev.litescope.sql.SqlScript;
import dev.litescope.sql.WritableCopy;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database open in the console, the model behind one tab: the connection (opened on a worker, read-only unless
 * the user made a writable copy), its schema, and the results of the last run, one per statement. Every database
 * call runs through the {@link TaskRunner}; {@link #stop()} interrupts SQLite from the UI thread at once.
 * (Past 400 lines: every database call of a tab goes through here, each with the state it changes.)
 */
public final class ConsoleSession {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);
    /** Rows a page of the grid asks for at a time. */
    public static final int PAGE = 200;

    /**
     * What a tab shows: a file on disk, under a title that says what it is (the file, or the replica, its
     * generation and the moment it was restored at), and for a replica's moment the timeline it can follow.
     */
    public record Source(Path file, String title, SqlDatabase.Access access, Optional<TimelineFeed> timeline) {
        public Source(Path file, String title, SqlDatabase.Access access) {
            this(file, title, access, Optional.empty());
        }

        public static Source file(Path file) {
            return new Source(file, file.getFileName() + " — " + file.toAbsolutePath().getParent(),
                    SqlDatabase.Access.READ_ONLY);
        }
    }

    private final TaskRunner runner;
    private final List<Runnable> closeActions = new ArrayList<>();
    private final Source source;
    /** Set on the UI thread once open; read by workers. */
    private volatile SqlDatabase database;
    private final ReadOnlyObjectWrapper<Optional<Schema>> schema =
            new ReadOnlyObjectWrapper<>(this, "schema", Optional.empty());
    private final ReadOnlyObjectWrapper<Optional<QueryPlan>> plan =
            new ReadOnlyObjectWrapper<>(this, "plan", Optional.empty());
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper(this, "open");
    private final ObservableList<StatementResult> results = FXCollections.observableArrayList();
    private final List<RunListener> listeners = new ArrayList<>();
    /** The export running now, which Stop cancels. */
    private Optional<TaskHandle> exporting = Optional.empty();
    private volatile boolean stopped;

    /** Told of each statement as a run ends it, for the history. */
    public interface RunListener {
        void ran(Source source, StatementResult result);
    }

    public ConsoleSession(TaskRunner runner, Source source) {
        this.runner = runner;
        this.source = source;
    }

    public Source source() {
        return source;
    }

    public boolean readOnly() {
        return source.access() == SqlDatabase.Access.READ_ONLY;
    }

    public void addRunListener(RunListener listener) {
        listeners.add(listener);
    }

    /** Opens the file and reads its schema. */
    public void open() {
        runner.execute(BackgroundTask.ofCallable("Opening " + source.file().getFileName(), () -> {
            SqlDatabase db = SqlDatabase.open(source.file(), source.access());
            try {
                return new Opened(db, SchemaReader.read(db));
            } catch (SqlFailure | RuntimeException e) {
                db.close();
                throw e;
            }
        }).onSuccess(o -> {
            database = o.db();
            schema.set(Optional.of(o.schema()));
            open.set(true);
        }).onFailure(e -> error.set(e.getMessage())));
    }

    private record Opened(SqlDatabase db, Schema schema) {
    }

    /** Reads the schema again, after a statement that may have changed it. */
    public void refreshSchema() {
        SqlDatabase db = database;
        if (db == null) {
            return;
        }
        runner.execute(BackgroundTask.ofCallable("", () -> SchemaReader.read(db))
                .supersedes(this + "schema").onSuccess(s -> schema.set(Optional.of(s)))
                .onFailure(e -> LOG.warn("reading the schema of {} again failed", source.file(), e)));
    }

    /**
     * Runs the statements in order, each result shown as it ends; the first failure (or a Stop) ends the run. The
     * previous run's results and their cursors are dropped.
     */
    public void run(List<SqlScript.Part> statements) {
        SqlDatabase db = database;
        if (db == null || running.get() || statements.isEmpty()) {
            return;
        }
        List<StatementResult> old = List.copyOf(results);
        results.clear();
        error.set("");
        notice.set("");
        running.set(true);
        String title = statements.size() == 1 ? "Running a statement" : "Running " + statements.size() + " statements";
        runner.execute(BackgroundTask.of(title, context -> {
            old.forEach(StatementResult::close);
            boolean schemaMayChange = false;
            for (SqlScript.Part part : statements) {
                StatementResult r = execute(db, part, part.sql(), 0);
                runner.post(() -> shown(r));
                if (r.kind() == StatementResult.Kind.FAILED) {
                    break;
                }
                schemaMayChange |= r.kind() == StatementResult.Kind.CHANGED;
            }
            return schemaMayChange;
        }).onSuccess(changed -> {
            if (changed) {
                refreshSchema();
            }
        }).onFailure(e -> error.set(e.getMessage())).onFinished(() -> running.set(false)));
    }

    /** Runs one statement and, when it gives rows, reads its first page, on the calling worker. */
    private static StatementResult execute(SqlDatabase db, SqlScript.Part part, String sql, int orderedBy) {
        long start = System.nanoTime();
        try {
            Outcome outcome = db.execute(sql);
            if (outcome instanceof Outcome.Rows rows) {
                try {
                    RowStore.Encoded page = RowStore.read(rows.cursor(), PAGE);
                    StatementResult r = StatementResult.rows(part, rows.cursor(),
                            Duration.ofNanos(System.nanoTime() - start), orderedBy);
                    r.appended(page, rows.cursor().exhausted());
                    return r;
                } catch (SqlFailure e) {
                    rows.cursor().close();
                    throw e;
                }
            }
            Outcome.Changed changed = (Outcome.Changed) outcome;
            return StatementResult.changed(part, changed.changes(), changed.elapsed());
        } catch (SqlFailure e) {
            return StatementResult.failed(part, e, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void shown(StatementResult r) {
        results.add(r);
        for (RunListener l : listeners) {
            l.ran(source, r);
        }
    }

    /**
     * Shows the next page of {@code result}'s rows from its open cursor (the grid calls this near its end): the page
     * read ahead, if one is ready, else one read now. Once a result has {@link #READ_AHEAD_FROM} rows, each page
     * shown starts the reading of the next, so that a grid scrolled on to the end does not wait for SQLite while it
     * lays out the rows it has.
     */
    public void fetchMore(StatementResult result) {
        if (result.exhaustedProperty().get() || result.cursor().isEmpty()) {
            return;
        }
        Optional<StatementResult.Page> ahead = result.want();
        if (ahead.isPresent()) {
            show(result, ahead.get());
        } else if (!result.fetchingProperty().get()) {
            read(result);
        }
    }

    /** Rows fetched from which the next page is read before the grid asks for it. */
    static final int READ_AHEAD_FROM = 1_600;

    private void read(StatementResult result) {
        result.setFetching(true);
        var cursor = result.cursor().get();
        int n = pageAfter(result.rows().size());
        runner.execute(BackgroundTask.ofCallable("", () -> {
            try {
                return Optional.of(new StatementResult.Page(RowStore.read(cursor, n), cursor.exhausted()));
            } catch (SqlFailure e) {
                if (cursor.closed()) { // a new run ended the statement while its page was read ahead: no failure
                    return Optional.<StatementResult.Page>empty();
                }
                throw e;
            }
        }).onSuccess(read -> {
                    result.setFetching(false);
                    read.filter(result::read).ifPresent(p -> show(result, p));
                }).onFailure(e -> {
                    result.setFetching(false);
                    if (results.contains(result)) { // else dropped by a new run while its page was read ahead
                        error.set("Reading more rows: " + e.getMessage());
                    }
                }));
    }

    private void show(StatementResult result, StatementResult.Page page) {
        result.appended(page.rows(), page.atEnd());
        if (!page.atEnd() && result.rows().size() >= READ_AHEAD_FROM) {
            read(result);
        }
    }

    /** Rows a page holds at most, however far the grid is scrolled: a fetch of them takes about 0.2 s. */
    static final int MAX_PAGE = 131_072;

    /**
     * The next page's size after {@code fetched} rows: as many again, from {@link #PAGE} up to {@link #MAX_PAGE}. In
     * pages of 200 a grid held at its end took 5,000 round trips through the UI thread for a million rows (five
     * minutes, measured); growing pages take about twenty, encoded on the worker.
     */
    static int pageAfter(int fetched) {
        return Math.max(PAGE, Math.min(MAX_PAGE, fetched));
    }

    /**
     * Runs {@code result}'s statement again ordered by a column (1-based; negative for descending; 0 for its own
     * order), in place of it: SQLite sorts, not the grid, so the order covers every row, not just those fetched.
     */
    public void sort(StatementResult result, int column) {
        SqlDatabase db = database;
        int i = results.indexOf(result);
        if (db == null || i < 0 || running.get() || result.kind() != StatementResult.Kind.ROWS) {
            return;
        }
        SqlScript.Part part = result.statement();
        String sql = column == 0 ? part.sql() : db.orderedBy(part.sql(), Math.abs(column), column > 0);
        String what = column == 0 ? "Running the statement again"
                : "Sorting by " + result.columns().get(Math.abs(column) - 1).name();
        running.set(true);
        runner.execute(BackgroundTask.ofCallable(what, () -> {
                    result.close();
                    return execute(db, part, sql, column);
                }).onSuccess(r -> {
                    int at = results.indexOf(result);
                    if (at >= 0) {
                        results.set(at, r);
                    }
                }).onFailure(e -> error.set(e.getMessage())).onFinished(() -> running.set(false)));
    }

    /** Counts every row of {@code result}'s statement (it re-runs it as a count). */
    public void count(StatementResult result) {
        SqlDatabase db = database;
        if (db == null || result.kind() != StatementResult.Kind.ROWS) {
            return;
        }
        runner.execute(BackgroundTask.ofCallable("Counting rows", () -> db.count(result.statement().sql()))
                .onSuccess(result::counted).onFailure(e -> error.set("Counting: " + e.getMessage())));
    }

    /** Asks SQLite how it would run {@code statement}; the plan arrives in {@link #planProperty()}. */
    public void explain(SqlScript.Part statement) {
        SqlDatabase db = database;
        if (db == null) {
            return;
        }
        runner.execute(BackgroundTask.ofCallable("Explaining the query plan",
                () -> QueryPlan.explain(db, statement.sql())).supersedes(this + "plan")
                .onSuccess(p -> {
                    error.set("");
                    plan.set(Optional.of(p));
                }).onFailure(e -> error.set("Explain: " + e.getMessage())));
    }

    /**
     * Writes every row of {@code statement} to {@code target}, streamed from SQLite (not from the grid), through a
     * temporary file moved into place; cancelling leaves nothing behind.
     */
    public TaskHandle export(SqlScript.Part statement, ResultWriter.Format format, Path target) {
        SqlDatabase db = database;
        if (db == null || running.get()) {
            throw new IllegalStateException("the database is not open, or busy");
        }
        running.set(true);
        stopped = false;
        error.set("");
        notice.set("");
        TaskHandle handle = runner.execute(BackgroundTask.of("Exporting to " + target.getFileName(), context ->
                Export.toFile(db, statement.sql(), format, true, target,
                        rows -> context.progress(-1, rows + " rows written"), context.cancellation()))
                .onSuccess(r -> notice.set("Exported " + r.rows() + (r.rows() == 1 ? " row" : " rows") + " ("
                        + Formats.bytes(r.bytes()) + ") to " + r.file() + " in " + ConsoleText.duration(r.elapsed())))
                .onFailure(e -> {
                    if (e instanceof Cancellation.CancelledException || stopped) {
                        notice.set("Export to " + target + " stopped; nothing was written");
                    } else {
                        error.set("Export to " + target + " failed: " + e.getMessage());
                    }
                }).onFinished(() -> {
                    running.set(false);
                    exporting = Optional.empty();
                    stopped = false;
                }));
        exporting = Optional.of(handle);
        return handle;
    }

    /** Copies the file for changing ({@link WritableCopy}) and hands the copy, to open writable, to {@code done}. */
    public void makeWritableCopy(Path target, Consumer<Source> done) {
        runner.execute(BackgroundTask.ofCallable("Copying to " + target.getFileName(),
                () -> WritableCopy.make(source.file(), target))
                .onSuccess(copy -> done.accept(new Source(copy, copy.getFileName() + " — writable copy of "
                        + source.title(), SqlDatabase.Access.WRITABLE)))
                .onFailure(e -> error.set("The writable copy failed: " + e.getMessage())));
    }

    /** Saves the editor's text as a {@code .sql} file, through a temporary file moved into place. */
    public void saveScript(Path target, String sql) {
        runner.execute(BackgroundTask.ofCallable("Saving " + target.getFileName(), () -> {
            Path file = target.toAbsolutePath().normalize();
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".litescope-tmp");
            try {
                Files.writeString(temp, sql);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return file;
        }).onSuccess(f -> notice.set("Saved the query to " + f))
                .onFailure(e -> error.set("Saving the query to " + target + " failed: " + e.getMessage())));
    }

    /** Reads a {@code .sql} file for the editor. */
    public void loadScript(Path file, Consumer<String> into) {
        runner.execute(BackgroundTask.ofCallable("Reading " + file.getFileName(), () -> Files.readString(file))
                .onSuccess(into).onFailure(e -> error.set("Reading " + file + " failed: " + e.getMessage())));
    }

    /**
     * Interrupts what SQLite is doing for this tab, at once: a run ends with an "interrupted" result, an export is
     * cancelled and leaves nothing.
     */
    public void stop() {
        stopped = running.get();
        exporting.ifPresent(TaskHandle::cancel);
        SqlDatabase db = database;
        if (db != null) {
            db.interrupt();
        }
    }

    TaskRunner runner() {
        return runner;
    }

    /** Runs {@code action} when the tab closes. */
    void onClose(Runnable action) {
        closeActions.add(action);
    }

    /** Ends the connection, on a worker: a statement may still hold it until the interrupt lands. */
    public void close() {
        closeActions.forEach(Runnable::run);
        closeActions.clear();
        SqlDatabase db = database;
        database = null;
        open.set(false);
        if (db != null) {
            db.interrupt();
            List<StatementResult> old = List.copyOf(results);
            runner.execute(BackgroundTask.ofCallable("", () -> {
                old.forEach(StatementResult::close);
                db.close();
                return db;
            }).onFailure(e -> LOG.warn("closing {} failed", source.file(), e)));
        }
    }

    public ObservableList<StatementResult> results() {
        return results;
    }

    public ReadOnlyObjectProperty<Optional<Schema>> schemaProperty() {
        return schema.getReadOnlyProperty();
    }

    /** The last query plan explained. */
    public ReadOnlyObjectProperty<Optional<QueryPlan>> planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** The outcome of the last export, for the status line. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }
}
