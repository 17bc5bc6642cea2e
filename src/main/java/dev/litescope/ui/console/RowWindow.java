package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import java.util.AbstractList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableListBase;

/**
 * A bounded run of a result's rows, the list the grid's table shows: JavaFX's table walks a size for every row it
 * holds on each layout, so a table over a million rows spent seconds there. The window holds at most
 * {@link #SIZE} rows from {@link #start()}, follows the rows appended inside it, and moves as the grid scrolls.
 */
final class RowWindow extends ObservableListBase<List<Cell>> {
    /** Rows the table holds at most: a walk over them takes a fraction of a millisecond. */
    static final int SIZE = 10_000;

    private final ObservableList<List<Cell>> rows;
    private final int capacity;
    private int start;

    RowWindow(ObservableList<List<Cell>> rows) {
        this(rows, SIZE);
    }

    RowWindow(ObservableList<List<Cell>> rows, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a window of rows holds at least one row, not " + capacity);
        }
        this.rows = rows;
        this.capacity = capacity;
        rows.addListener((ListChangeListener<List<Cell>>) this::appended);
    }

    /** The index among all the rows of the window's first row. */
    int start() {
        return start;
    }

    int capacity() {
        return capacity;
    }

    /** The first row {@code from} could start a full window at, given the rows there are. */
    int clamp(int from) {
        return Math.max(0, Math.min(from, rows.size() - capacity));
    }

    /** Moves the window to start at row {@code from} (clamped); one change replacing every row it held. */
    void moveTo(int from) {
        int to = clamp(from);
        if (to == start) {
            return;
        }
        int was = start;
        int held = size();
        start = to;
        List<List<Cell>> removed = new AbstractList<>() {
            @Override
            public List<Cell> get(int i) {
                return rows.get(was + i);
            }

            @Override
            public int size() {
                return held;
            }
        };
        beginChange();
        nextReplace(0, size(), removed);
        endChange();
    }

    private void appended(ListChangeListener.Change<? extends List<Cell>> c) {
        while (c.next()) {
            if (!c.wasAdded() || c.wasRemoved()) {
                throw new IllegalStateException("a result's rows are only ever appended");
            }
            int from = Math.max(c.getFrom(), start) - start;
            int to = Math.min(c.getTo(), start + capacity) - start;
            if (to > from) {
                beginChange();
                nextAdd(from, to);
                endChange();
            }
        }
    }

    @Override
    public List<Cell> get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("row " + index + " of a window of " + size());
        }
        return rows.get(start + index);
    }

    @Override
    public int size() {
        return Math.max(0, Math.min(capacity, rows.size() - start));
    }
}
