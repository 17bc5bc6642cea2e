package dev.litescope.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** A small real SQLite file with the shapes a table view must cope with. */
public final class SqlFixture {
    public static final int PEOPLE = 450;

    private SqlFixture() {
    }

    /**
     * people: {@value #PEOPLE} rows, every third note NULL, every fifth photo a BLOB of (id * 10) bytes; {@code odd
     * "name"}: a name that needs quoting; kv: WITHOUT ROWID; empty: no rows. In WAL mode, as Litestream leaves a
     * database.
     */
    public static Path create(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, note TEXT,"
                        + " photo BLOB)");
                st.execute("CREATE TABLE \"odd \"\"name\"\"\" (x)");
                st.execute("INSERT INTO \"odd \"\"name\"\"\" VALUES (1), ('two'), (NULL)");
                st.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID");
                st.execute("INSERT INTO kv VALUES ('b', 2), ('a', 1), ('c', 3)");
                st.execute("CREATE TABLE empty (a INTEGER)");
                st.execute("CREATE VIEW people_view AS SELECT id FROM people");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO people VALUES (?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= PEOPLE; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, "person " + id);
                    ps.setDouble(3, id / 4.0);
                    ps.setString(4, id % 3 == 0 ? null : "note " + id);
                    ps.setBytes(5, id % 5 == 0 ? new byte[id * 10] : null);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return file;
    }
}
