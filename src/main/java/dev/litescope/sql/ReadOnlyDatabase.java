package dev.litescope.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * Opens a SQLite file so that looking at it cannot change it: SQLite's read-only mode ({@code mode=ro}) plus a
 * read-only connection, so a write is refused by SQLite itself rather than by our care.
 *
 * <p>A restored database is in WAL mode, and SQLite opening a WAL-mode file creates {@code -wal} and {@code -shm}
 * files next to it, which a read-only connection then cannot remove. When there is no {@code -wal}, the main file
 * holds the whole database, so it is opened {@code immutable=1}: no locks and no companion files. Should another
 * program start writing it meanwhile, reads may fail or be stale, but the file is never written. With a
 * {@code -wal} present the database may be in use, and SQLite must read the WAL: then it is opened normally.
 */
public final class ReadOnlyDatabase {
    private ReadOnlyDatabase() {
    }

    public static Connection open(Path db) throws SQLException {
        if (!Files.isRegularFile(db)) {
            // Otherwise SQLite reports a vague "unable to open", or creates an empty database.
            throw new SQLException("no database file at " + db);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:" + uri(db), config.toProperties());
    }

    /**
     * The SQLite URI filename that opens {@code db} read-only as described above, also for {@code ATTACH} on a
     * connection {@link #open} made (such a connection takes URI filenames).
     */
    public static String uri(Path db) {
        boolean walPresent = Files.exists(Path.of(db.toAbsolutePath() + "-wal"));
        return db.toAbsolutePath().toUri() + "?mode=ro" + (walPresent ? "" : "&immutable=1");
    }

    /** {@code name} as an SQL identifier, whatever it holds. */
    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
