package dev.litescope.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a database file holds, at a glance: its tables (SQLite's own {@code sqlite_*} tables left out) with their
 * row counts, in name order. Counting reads every table, so run it off the UI thread.
 */
public record DatabaseSummary(Path file, long fileBytes, List<TableCount> tables) {
    public DatabaseSummary {
        tables = List.copyOf(tables);
    }

    public record TableCount(String name, long rows) {
    }

    public static DatabaseSummary read(Path db) throws SQLException {
        try (Connection c = ReadOnlyDatabase.open(db)) {
            List<TableCount> counts = new ArrayList<>();
            for (String table : tableNames(c)) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM " + ReadOnlyDatabase.quote(table))) {
                    rs.next();
                    counts.add(new TableCount(table, rs.getLong(1)));
                }
            }
            return new DatabaseSummary(db, Files.size(db), counts);
        } catch (IOException e) {
            throw new SQLException("cannot read the size of " + db + ": " + e.getMessage(), e);
        }
    }

    static List<String> tableNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
