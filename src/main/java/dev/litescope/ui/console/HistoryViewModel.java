package dev.litescope.ui.console;

import dev.litescope.sql.QueryHistory;
import dev.litescope.sql.SqlFailure;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskRunner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every statement the console ran, kept in the history file ({@link QueryHistory}) for every tab: each result is
 * recorded as it arrives, and the list shows the newest that match the search text.
 */
public final class HistoryViewModel implements ConsoleSession.RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryViewModel.class);
    static final int SHOWN = 500;

    private final TaskRunner runner;
    private final Callable<QueryHistory> opener;
    private volatile QueryHistory history;
    private final ObservableList<QueryHistory.Entry> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private String searched = "";

    public HistoryViewModel(TaskRunner runner, Callable<QueryHistory> opener) {
        this.runner = runner;
        this.opener = opener;
    }

    /** Opens the history file and lists its newest entries. */
    public void load() {
        runner.execute(BackgroundTask.ofCallable("", () -> {
            QueryHistory h = opener.call();
            history = h;
            return h.search("", SHOWN);
        }).onSuccess(entries::setAll).onFailure(e -> error.set("The query history is not kept: " + e.getMessage())));
    }

    /** Lists the newest entries whose statement or database contains {@code text}. */
    public void search(String text) {
        searched = text == null ? "" : text;
        QueryHistory h = history;
        if (h == null) {
            return;
        }
        String s = searched;
        runner.execute(BackgroundTask.ofCallable("", () -> h.search(s, SHOWN)).supersedes(this)
                .onSuccess(entries::setAll).onFailure(e -> error.set("Searching the history: " + e.getMessage())));
    }

    @Override
    public void ran(ConsoleSession.Source source, StatementResult r) {
        QueryHistory h = history;
        if (h == null) {
            return;
        }
        QueryHistory.Status status = switch (r.kind()) {
            case ROWS -> QueryHistory.Status.ROWS;
            case CHANGED -> QueryHistory.Status.CHANGED;
            case FAILED -> r.failure().map(SqlFailure::kind).filter(SqlFailure.Kind.INTERRUPTED::equals).isPresent()
                    ? QueryHistory.Status.INTERRUPTED : QueryHistory.Status.FAILED;
        };
        long rows = r.kind() == StatementResult.Kind.ROWS ? r.rows().size() : r.changes();
        Instant started = Instant.now().minus(r.elapsed());
        Optional<String> why = r.failure().map(SqlFailure::getMessage);
        String sql = r.statement().sql().strip();
        String s = searched;
        runner.execute(BackgroundTask.ofCallable("", () -> {
            h.record(source.title(), sql, started, r.elapsed(), rows, status, why);
            return h.search(s, SHOWN);
        }).supersedes(this).onSuccess(entries::setAll)
                .onFailure(e -> LOG.warn("recording a statement in the history failed", e)));
    }

    public ObservableList<QueryHistory.Entry> entries() {
        return entries;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Closes the file, on a worker. */
    public void close() {
        QueryHistory h = history;
        history = null;
        if (h != null) {
            runner.execute(BackgroundTask.ofCallable("", () -> {
                h.close();
                return List.of();
            }));
        }
    }
}
