package dev.litescope.sql.diff;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultCursor;
import dev.litescope.sql.SqlFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The differing rows of one table in key order, read a page at a time from one running statement: neither table is
 * ever held, only the page asked for. {@link DatabaseDiff#interrupt()} makes the next {@link #next} fail as
 * interrupted. Close it (or read it to the end) to end the statement.
 */
public final class RowChanges implements AutoCloseable {
    private final TableComparison table;
    private final ResultCursor cursor;

    RowChanges(TableComparison table, ResultCursor cursor) {
        this.table = table;
        this.cursor = cursor;
    }

    /** The table, for its key and the columns of each side. */
    public TableComparison table() {
        return table;
    }

    /** Up to {@code max} more changes, fewer (or none) at the end. */
    public List<RowChange> next(int max) throws SqlFailure {
        List<List<Cell>> rows = cursor.fetch(max);
        List<RowChange> page = new ArrayList<>(rows.size());
        int keys = table.keyColumns().size();
        int common = table.commonColumns().size();
        int before = table.beforeColumns().size();
        for (List<Cell> row : rows) {
            RowChange.Op op = RowChange.Op.valueOf(((Cell.Text) row.get(0)).value().toUpperCase(Locale.ROOT));
            int at = 1 + keys;
            List<Boolean> changed = new ArrayList<>(common);
            for (int i = 0; i < common; i++) {
                changed.add(row.get(at + i) instanceof Cell.Integer n && n.value() != 0);
            }
            at += common;
            List<Cell> b = op == RowChange.Op.ADDED ? List.of() : row.subList(at, at + before);
            at += before;
            List<Cell> a = op == RowChange.Op.REMOVED ? List.of() : row.subList(at, row.size());
            page.add(new RowChange(op, row.subList(1, 1 + keys), b, a,
                    op == RowChange.Op.CHANGED ? changed : List.of()));
        }
        return page;
    }

    /** True once the last change has been read. */
    public boolean exhausted() {
        return cursor.exhausted();
    }

    @Override
    public void close() {
        cursor.close();
    }
}
