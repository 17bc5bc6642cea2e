package dev.litescope.sql;

import dev.litescope.util.UserDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every statement the user ran, kept in an SQLite file of its own in the user's data folder, so it outlives the
 * window and can be searched. SQLite's journal keeps the file whole across a crash, so it is written in place
 * rather than through a temporary file. Safe to call from several threads; each call is one short transaction.
 */
public final class QueryHistory implements AutoCloseable {
    /** The file's layout version, in {@code PRAGMA user_version}. */
    static final int VERSION = 1;

    /** How a statement ended. */
    public enum Status {
        /** It returned rows; {@link Entry#rows()} says how many were fetched. */
        ROWS,
        /** It changed rows (or none, for DDL); {@link Entry#rows()} says how many. */
        CHANGED,
        /** SQLite refused it; {@link Entry#error()} says why. */
        FAILED,
        /** The user stopped it. */
        INTERRUPTED
    }

    /**
     * One statement run.
     *
     * @param database what it ran on, as the console names it (a file, or a replica's moment)
     * @param rows rows fetched or changed, 0 for a failure
     */
    public record Entry(long id, String database, String sql, Instant started, Duration duration, long rows,
                        Status status, Optional<String> error) {
    }

    private final Path file;
    private final Connection connection;

    private QueryHistory(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** The history in the user's data folder ({@link UserDirs#data}), created on first use. */
    public static QueryHistory open(Map<String, String> env) throws SqlFailure {
        return open(UserDirs.data(env).resolve("query-history.db"));
    }

    public static QueryHistory open(Path file) throws SqlFailure {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new SqlFailure(SqlFailure.Kind.OTHER, "cannot create the folder for the query history "
                    + file + ": " + e.getMessage() + "; check its permissions", e.getMessage(), -1, e);
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 5000");
                int version;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    version = rs.getInt(1);
                }
                if (version > VERSION) {
                    c.close();
                    throw new SQLException("the query history " + file + " was written by a newer Litescope "
                            + "(layout " + version + "); update Litescope or move the file away");
                }
                st.execute("CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, database TEXT NOT NULL, "
                        + "sql TEXT NOT NULL, started_ms INTEGER NOT NULL, duration_us INTEGER NOT NULL, "
                        + "rows INTEGER NOT NULL, status TEXT NOT NULL, error TEXT)");
                st.execute("PRAGMA user_version = " + VERSION);
            }
            return new QueryHistory(file, c);
        } catch (SQLException e) {
            throw new SqlFailure(SqlFailure.Kind.OTHER, "cannot open the query history " + file + ": "
                    + SqlFailure.sqliteMessage(e), SqlFailure.sqliteMessage(e), -1, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Adds one statement run; returns it with its id. */
    public synchronized Entry record(String database, String sql, Instant started, Duration duration, long rows,
                                     Status status, Optional<String> error) throws SqlFailure {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO history (database, sql, started_ms, "
                + "duration_us, rows, status, error) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, database);
            ps.setString(2, sql);
            ps.setLong(3, started.toEpochMilli());
            ps.setLong(4, duration.toNanos() / 1000);
            ps.setLong(5, rows);
            ps.setString(6, status.name());
            ps.setString(7, error.orElse(null));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Entry(rs.getLong(1), database, sql, Instant.ofEpochMilli(started.toEpochMilli()),
                        Duration.ofNanos(duration.toNanos() / 1000 * 1000), rows, status, error);
            }
        } catch (SQLException e) {
            throw failure("record a statement in", e);
        }
    }

    /**
     * Up to {@code limit} entries whose SQL or database contains {@code text} (ASCII case ignored; blank for all),
     * newest first.
     */
    public synchronized List<Entry> search(String text, int limit) throws SqlFailure {
        String pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<Entry> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, database, sql, started_ms, duration_us, "
                + "rows, status, error FROM history WHERE sql LIKE ?1 ESCAPE '\\' OR database LIKE ?1 ESCAPE '\\' "
                + "ORDER BY started_ms DESC, id DESC LIMIT ?2")) {
            ps.setString(1, pattern);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), Duration.ofNanos(rs.getLong(5) * 1000),
                            rs.getLong(6), Status.valueOf(rs.getString(7)), Optional.ofNullable(rs.getString(8))));
                }
            }
        } catch (SQLException e) {
            throw failure("search", e);
        }
        return found;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            SqlDatabase.LOG.debug("closing the query history {} failed", file, e);
        }
    }

    private SqlFailure failure(String what, SQLException e) {
        String m = SqlFailure.sqliteMessage(e);
        return new SqlFailure(SqlFailure.Kind.OTHER, "cannot " + what + " the query history " + file + ": " + m, m,
                -1, e);
    }
}
