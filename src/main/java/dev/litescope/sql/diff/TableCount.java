package dev.litescope.sql.diff;

import java.util.OptionalLong;

/**
 * A table's rows on each side and how many were added, removed and changed. {@code rowsBefore} is empty when the
 * table is only in the second database, {@code rowsAfter} when only in the first; the three changes are empty when
 * the rows cannot be matched (see {@link TableComparison#comparable()}).
 */
public record TableCount(String name, OptionalLong rowsBefore, OptionalLong rowsAfter, OptionalLong added,
                         OptionalLong removed, OptionalLong changed) {
    /** True when the table is on both sides with the same rows. */
    public boolean same() {
        return rowsBefore.isPresent() && rowsAfter.isPresent() && added.orElse(1) == 0 && removed.orElse(1) == 0
                && changed.orElse(1) == 0;
    }
}
