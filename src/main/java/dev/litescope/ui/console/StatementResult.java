package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultCursor;
import dev.litescope.sql.RowStore;
import dev.litescope.sql.SqlFailure;
import dev.litescope.sql.SqlScript;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;

/**
 * What one statement of a run gave: rows read page by page from its one open cursor, a count of changed rows, or
 * SQLite's refusal. Its properties change on the UI thread only; the cursor is read on a worker by
 * {@link ConsoleSession}.
 */
public final class StatementResult {
    /** What kind of answer the statement got. */
    public enum Kind { ROWS, CHANGED, FAILED }

    private final SqlScript.Part statement;
    private final Kind kind;
    private final Duration elapsed;
    private final List<ResultColumn> columns;
    private final Optional<ResultCursor> cursor;
    private final long changes;
    private final Optional<SqlFailure> failure;
    private final StoredRows rows;
    private final ReadOnlyBooleanWrapper exhausted = new ReadOnlyBooleanWrapper(this, "exhausted");
    private final ReadOnlyBooleanWrapper fetching = new ReadOnlyBooleanWrapper(this, "fetching");
    private final ReadOnlyObjectWrapper<OptionalLong> total =
            new ReadOnlyObjectWrapper<>(this, "total", OptionalLong.empty());
    /** A page read before the grid asked for it, not shown yet. */
    private Optional<Page> ahead = Optional.empty();
    /** The grid asked for more rows than it has, and has not been given them yet. */
    private boolean wanted;
    /** The column the rows are ordered by (1-based, negative for descending), 0 for the statement's own order. */
    private final int orderedBy;

    private StatementResult(SqlScript.Part statement, Kind kind, Duration elapsed, List<ResultColumn> columns,
                            Optional<ResultCursor> cursor, long changes, Optional<SqlFailure> failure,
                            int orderedBy) {
        this.statement = statement;
        this.kind = kind;
        this.elapsed = elapsed;
        this.columns = List.copyOf(columns);
        this.cursor = cursor;
        this.changes = changes;
        this.failure = failure;
        this.orderedBy = orderedBy;
        this.rows = new StoredRows(this.columns.size());
        exhausted.set(kind != Kind.ROWS);
    }

    static StatementResult rows(SqlScript.Part statement, ResultCursor cursor, Duration elapsed, int orderedBy) {
        return new StatementResult(statement, Kind.ROWS, elapsed, cursor.columns(), Optional.of(cursor), 0,
                Optional.empty(), orderedBy);
    }

    static StatementResult changed(SqlScript.Part statement, long changes, Duration elapsed) {
        return new StatementResult(statement, Kind.CHANGED, elapsed, List.of(), Optional.empty(), changes,
                Optional.empty(), 0);
    }

    static StatementResult failed(SqlScript.Part statement, SqlFailure failure, Duration elapsed) {
        return new StatementResult(statement, Kind.FAILED, elapsed, List.of(), Optional.empty(), 0,
                Optional.of(failure), 0);
    }

    /** The statement as it was run, with its place in the editor's text. */
    public SqlScript.Part statement() {
        return statement;
    }

    public Kind kind() {
        return kind;
    }

    /** Time to the statement's first page of rows, or to its end. */
    public Duration elapsed() {
        return elapsed;
    }

    public List<ResultColumn> columns() {
        return columns;
    }

    /** The rows fetched so far, kept compact; more arrive as the grid scrolls near the end. */
    public ObservableList<List<Cell>> rows() {
        return rows;
    }

    public long changes() {
        return changes;
    }

    public Optional<SqlFailure> failure() {
        return failure;
    }

    /** 1-based column of the ORDER BY this result was re-run with, negative when descending; 0 for none. */
    public int orderedBy() {
        return orderedBy;
    }

    /** Every row has been fetched. */
    public ReadOnlyBooleanProperty exhaustedProperty() {
        return exhausted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty fetchingProperty() {
        return fetching.getReadOnlyProperty();
    }

    /** The number of rows, once counted on demand (or known because every row was fetched). */
    public ReadOnlyObjectProperty<OptionalLong> totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** One line for the result's tab or the messages: what came back and how long it took. */
    public String summary() {
        String time = ConsoleText.duration(elapsed);
        return switch (kind) {
            case ROWS -> rows.size() + (exhausted.get() ? "" : "+") + (rows.size() == 1 && exhausted.get()
                    ? " row" : " rows") + " · " + time;
            case CHANGED -> changes + (changes == 1 ? " row changed" : " rows changed") + " · " + time;
            case FAILED -> failure.map(SqlFailure::getMessage).orElse("failed") + " · " + time;
        };
    }

    Optional<ResultCursor> cursor() {
        return cursor;
    }

    /** A page of rows read from the cursor, and whether the cursor ended with it. */
    record Page(RowStore.Encoded rows, boolean atEnd) {
    }

    /** The grid wants more rows: the page read ahead for it, if one is ready (taken), else none yet. */
    Optional<Page> want() {
        wanted = true;
        Optional<Page> ready = ahead;
        ahead = Optional.empty();
        return ready;
    }

    /** A page has been read: whether to show it now (it was asked for), else it is kept until it is. */
    boolean read(Page page) {
        if (wanted) {
            return true;
        }
        ahead = Optional.of(page);
        return false;
    }

    void appended(RowStore.Encoded page, boolean atEnd) {
        wanted = false;
        rows.append(page);
        if (atEnd) {
            exhausted.set(true);
            total.set(OptionalLong.of(rows.size()));
        }
    }

    void setFetching(boolean now) {
        fetching.set(now);
    }

    void counted(long n) {
        total.set(OptionalLong.of(n));
    }

    /** Ends the statement's cursor, if it has one still open. Safe to call more than once. */
    void close() {
        cursor.ifPresent(ResultCursor::close);
    }
}
