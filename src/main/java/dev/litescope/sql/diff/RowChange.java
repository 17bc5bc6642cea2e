package dev.litescope.sql.diff;

import dev.litescope.sql.Cell;
import java.util.List;
import java.util.Locale;

/**
 * One row that differs: its key (values in the order of {@link TableComparison#keyColumns()}), the whole row on
 * each side in the order of {@link TableComparison#beforeColumns()} and {@link TableComparison#afterColumns()}
 * (empty on the side where the row is not), and, for a changed row, which of the columns the two sides share differ,
 * in the order of {@link TableComparison#commonColumns()}.
 */
public record RowChange(Op op, List<Cell> key, List<Cell> before, List<Cell> after, List<Boolean> changed) {
    public enum Op {
        ADDED, REMOVED, CHANGED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RowChange {
        key = List.copyOf(key);
        before = List.copyOf(before);
        after = List.copyOf(after);
        changed = List.copyOf(changed);
    }
}
