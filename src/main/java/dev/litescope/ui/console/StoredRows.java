package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.RowStore;
import java.util.List;
import javafx.collections.ObservableListBase;

/**
 * A result's fetched rows as the grid's list, over a compact {@link RowStore}: a grid scrolled through a million
 * rows holds their encoded bytes, not a million rows of cell objects. Appended to a page at a time, on the UI
 * thread; read-only otherwise.
 */
final class StoredRows extends ObservableListBase<List<Cell>> {
    private final RowStore store;

    StoredRows(int columns) {
        store = new RowStore(columns);
    }

    /** Rows encoded off the UI thread ({@link RowStore#encode}), filed here on it. */
    void append(RowStore.Encoded page) {
        if (page.rows() == 0) {
            return;
        }
        int from = store.size();
        store.append(page);
        beginChange();
        nextAdd(from, store.size());
        endChange();
    }

    @Override
    public List<Cell> get(int index) {
        return store.get(index);
    }

    @Override
    public int size() {
        return store.size();
    }
}
