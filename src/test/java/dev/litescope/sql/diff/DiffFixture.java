package dev.litescope.sql.diff;

import dev.litescope.sql.Cell;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Databases built for a diff test from SQL, and changes read back as short text for exact assertions. */
public final class DiffFixture {
    private DiffFixture() {
    }

    /** A new database at {@code file} holding what {@code statements} make. */
    public static Path create(Path file, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
        return file;
    }

    /** Every change of {@code table}, read {@code page} at a time, as {@link #text(RowChange)}. */
    static List<String> changes(DatabaseDiff diff, String table, int page) throws Exception {
        List<String> all = new ArrayList<>();
        try (RowChanges rows = diff.rows(diff.table(table))) {
            while (!rows.exhausted()) {
                for (RowChange c : rows.next(page)) {
                    all.add(text(c));
                }
            }
        }
        return all;
    }

    /**
     * {@code op key before -> after}, each cell as {@code typeof:value}, a changed cell of a changed row marked
     * with {@code *}.
     */
    static String text(RowChange c) {
        return c.op() + " " + cells(c.key(), List.of()) + " " + cells(c.before(), c.changed()) + " -> "
                + cells(c.after(), c.changed());
    }

    private static String cells(List<Cell> cells, List<Boolean> changed) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            String v = cell instanceof Cell.Blob b ? b.hex() : cell.toString();
            parts.add(cell.typeName() + ":" + v + (i < changed.size() && changed.get(i) ? "*" : ""));
        }
        return "[" + String.join(" ", parts) + "]";
    }
}
