package dev.litescope.sql;

import java.time.Duration;

/** What one statement gave: rows to read on from a cursor, or a count of changed rows. */
public sealed interface Outcome {
    /** How long SQLite took: to the first row (or to knowing there is none) for rows, to the end for changes. */
    Duration elapsed();

    /** A statement that returns rows (a SELECT, a PRAGMA with results, an INSERT ... RETURNING). Close the cursor. */
    record Rows(ResultCursor cursor, Duration elapsed) implements Outcome {
    }

    /** A statement without rows, with the rows it inserted, updated or deleted (0 for DDL and the like). */
    record Changed(long changes, Duration elapsed) implements Outcome {
    }
}
