package dev.litescope.ui.console;

import dev.litescope.sql.diff.DatabaseDiff;
import dev.litescope.sql.diff.RowChange;
import dev.litescope.sql.diff.RowChanges;
import dev.litescope.sql.diff.SchemaChange;
import dev.litescope.sql.diff.TableComparison;
import dev.litescope.sql.diff.TableCount;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the diff window shows of two databases, "before" and "after": the schema differences, every table's row
 * counts with its added, removed and changed rows, and the differing rows of the table the user picks, read a page
 * at a time as the grid scrolls (never either table whole). All reading runs through the task runner, one task at a
 * time on the one connection of a {@link DatabaseDiff}; {@link #cancel()} interrupts the running one.
 */
public final class DiffViewModel {
    /** Rows read per page of a table's changes. */
    static final int PAGE = 200;

    /** The two databases, each with the name the window gives it (a file name, or a replica and its moment). */
    public record Sides(Path before, String beforeTitle, Path after, String afterTitle) {
    }

    private final TaskRunner runner;
    private final Sides sides;
    /** Serialises the worker threads on the diff's one connection; the UI thread never takes it. */
    private final Object lock = new Object();
    private final ObservableList<SchemaChange> schema = FXCollections.observableArrayList();
    private final ObservableList<TableCount> counts = FXCollections.observableArrayList();
    private final ObservableList<RowChange> rows = FXCollections.observableArrayList();
    // One read-only view of each, kept: a view listens to its list weakly, so a listener added to a view made
    // afresh on each call stopped firing once that view was collected (the diff window then never picked the
    // first differing table).
    private final ObservableList<SchemaChange> schemaView = FXCollections.unmodifiableObservableList(schema);
    private final ObservableList<TableCount> countsView = FXCollections.unmodifiableObservableList(counts);
    private final ObservableList<RowChange> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<Optional<TableComparison>> table = new SimpleObjectProperty<>(this, "table",
            Optional.empty());
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty exhausted = new SimpleBooleanProperty(this, "exhausted", true);
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private volatile DatabaseDiff diff;
    private RowChanges changes;
    private TaskHandle running;
    private boolean closed;

    public DiffViewModel(TaskRunner runner, Sides sides) {
        this.runner = runner;
        this.sides = sides;
    }

    public Sides sides() {
        return sides;
    }

    /** Opens both files and reads the schema differences and every table's counts. */
    public void open() {
        List<TableCount> found = new ArrayList<>();
        start(BackgroundTask.of("Comparing " + sides.beforeTitle() + " with " + sides.afterTitle(), context -> {
            synchronized (lock) {
                DatabaseDiff opened = DatabaseDiff.open(sides.before(), sides.after());
                diff = opened; // so that Stop reaches the counts
                try {
                    List<TableComparison> tables = opened.tables();
                    for (int i = 0; i < tables.size(); i++) {
                        context.cancellation().check();
                        context.progress((double) i / tables.size(), tables.get(i).name());
                        found.add(opened.count(tables.get(i)));
                    }
                } catch (Exception e) {
                    diff = null;
                    opened.close(); // nothing half-read is shown, and nothing is left open
                    throw e;
                }
                return opened.schemaChanges();
            }
        }).onSuccess(changed -> {
            schema.setAll(changed);
            counts.setAll(found);
            long differing = found.stream().filter(c -> !c.same()).count();
            status.set(changed.size() + (changed.size() == 1 ? " schema change, " : " schema changes, ")
                    + differing + " of " + found.size() + (found.size() == 1 ? " table" : " tables")
                    + " with different rows");
        }));
    }

    /** Shows the differing rows of the table named {@code name}: the first page now, the rest as asked. */
    public void select(String name) {
        RowChanges old = changes;
        changes = null;
        rows.clear();
        table.set(Optional.empty());
        exhausted.set(true);
        List<RowChange> first = new ArrayList<>();
        RowChanges[] opened = new RowChanges[1];
        start(BackgroundTask.of("Reading the changed rows of " + name, context -> {
            synchronized (lock) {
                if (old != null) {
                    old.close();
                }
                if (diff == null) {
                    throw new IllegalStateException("the two databases are not open; close this window and "
                            + "compare them again");
                }
                TableComparison t = diff.table(name);
                opened[0] = diff.rows(t);
                try {
                    context.cancellation().check();
                    first.addAll(opened[0].next(PAGE));
                } catch (Exception e) {
                    opened[0].close();
                    throw e;
                }
                return t;
            }
        }).onSuccess(t -> {
            table.set(Optional.of(t));
            changes = opened[0];
            rows.setAll(first);
            exhausted.set(opened[0].exhausted());
        }));
    }

    /** The next page of the selected table's changes, unless one is being read or there are no more. */
    public void fetchMore() {
        RowChanges from = changes;
        if (from == null || busy.get() || exhausted.get() || closed) {
            return;
        }
        start(BackgroundTask.of("", context -> {
            synchronized (lock) {
                return from.next(PAGE);
            }
        }).onSuccess(page -> {
            if (from == changes) {
                rows.addAll(page);
                exhausted.set(from.exhausted());
            }
        }));
    }

    /** Stops the task running now: its count or page ends at once. */
    public void cancel() {
        if (running != null) {
            running.cancel();
        }
        DatabaseDiff d = diff;
        if (d != null) {
            d.interrupt();
        }
    }

    /** Ends the rows being read and both files' connection; the window calls this when it closes. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancel();
        RowChanges last = changes;
        changes = null;
        runner.execute(BackgroundTask.ofCallable("", () -> {
            synchronized (lock) {
                closeQuietly(last);
                if (diff != null) {
                    diff.close();
                }
                return null;
            }
        }));
    }

    private static void closeQuietly(RowChanges c) {
        if (c != null) {
            c.close();
        }
    }

    private <T> void start(BackgroundTask<T> task) {
        if (closed) {
            return;
        }
        busy.set(true);
        error.set("");
        running = runner.execute(task.supersedes(this).onFailure(e -> {
            if (!(e instanceof Cancellation.CancelledException)) {
                error.set(AppSession.message(e));
            } else {
                error.set("Stopped");
            }
        }).onFinished(() -> busy.set(false)));
    }

    public ObservableList<SchemaChange> schemaChanges() {
        return schemaView;
    }

    public ObservableList<TableCount> counts() {
        return countsView;
    }

    /** The selected table's changes read so far, in key order. */
    public ObservableList<RowChange> rows() {
        return rowsView;
    }

    public ReadOnlyObjectProperty<Optional<TableComparison>> tableProperty() {
        return table;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** True once every change of the selected table has been read (and while none is selected). */
    public ReadOnlyBooleanProperty exhaustedProperty() {
        return exhausted;
    }

    /** What went wrong last, for the user; empty when nothing did. */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** A line summing the comparison up, once it has been read. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }
}
