package dev.litescope.ui.tables;

import dev.litescope.sql.DatabaseSummary;
import dev.litescope.sql.TablePage;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.util.Locale;
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
 * A read-only look at a database file: its tables, and one page of the chosen table's rows at a time. Every read
 * goes through the {@link TaskRunner} on a read-only connection; a page that arrives after the user moved on is
 * dropped.
 */
public final class TableBrowserViewModel {
    public static final int PAGE_SIZE = 200;

    private final TaskRunner runner;
    private final Path db;
    private final int pageSize;
    private final ObservableList<DatabaseSummary.TableCount> tables = FXCollections.observableArrayList();
    private final ObjectProperty<Optional<String>> selectedTable =
            new SimpleObjectProperty<>(this, "selectedTable", Optional.empty());
    private final ObjectProperty<Optional<TablePage>> page = new SimpleObjectProperty<>(this, "page", Optional.empty());
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty range = new SimpleStringProperty(this, "range", "");
    private long seq;

    public TableBrowserViewModel(TaskRunner runner, Path db) {
        this(runner, db, PAGE_SIZE);
    }

    public TableBrowserViewModel(TaskRunner runner, Path db, int pageSize) {
        this.runner = runner;
        this.db = db;
        this.pageSize = pageSize;
    }

    /** Lists the tables and shows the first page of the first one (Litestream's own tables only if alone). */
    public void load() {
        long s = ++seq;
        loading.set(true);
        runner.run(() -> DatabaseSummary.read(db), summary -> {
            if (s != seq) {
                return;
            }
            loading.set(false);
            tables.setAll(summary.tables());
            // Start on the app's data rather than Litestream's bookkeeping tables.
            summary.tables().stream().map(DatabaseSummary.TableCount::name)
                    .filter(n -> !n.startsWith("_litestream_")).findFirst()
                    .or(() -> summary.tables().stream().map(DatabaseSummary.TableCount::name).findFirst())
                    .ifPresent(this::select);
        }, failure -> failed(s, failure));
    }

    public void select(String table) {
        if (selectedTable.get().equals(Optional.of(table)) && page.get().isPresent()) {
            return;
        }
        selectedTable.set(Optional.of(table));
        read(table, 0);
    }

    public void next() {
        page.get().filter(TablePage::hasNext).ifPresent(p -> read(p.table(), p.offset() + pageSize));
    }

    public void previous() {
        page.get().filter(TablePage::hasPrevious).ifPresent(p -> read(p.table(), Math.max(0, p.offset() - pageSize)));
    }

    private void read(String table, long offset) {
        long s = ++seq;
        loading.set(true);
        runner.run(() -> TablePage.read(db, table, offset, pageSize), p -> {
            if (s != seq) {
                return;
            }
            loading.set(false);
            error.set("");
            page.set(Optional.of(p));
            range.set(p.rows().isEmpty() ? "no rows"
                    : String.format(Locale.ROOT, "rows %,d–%,d of %,d", p.offset() + 1, p.offset() + p.rows().size(),
                    p.totalRows()));
        }, failure -> failed(s, failure));
    }

    private void failed(long s, Throwable t) {
        if (s != seq) {
            return;
        }
        loading.set(false);
        error.set("Cannot read " + db.getFileName() + ": " + MainViewModel.message(t));
    }

    public Path database() {
        return db;
    }

    public ObservableList<DatabaseSummary.TableCount> tables() {
        return FXCollections.unmodifiableObservableList(tables);
    }

    public ReadOnlyObjectProperty<Optional<String>> selectedTableProperty() {
        return selectedTable;
    }

    public ReadOnlyObjectProperty<Optional<TablePage>> pageProperty() {
        return page;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** "rows 201–400 of 1,234". */
    public ReadOnlyStringProperty rangeProperty() {
        return range;
    }
}
