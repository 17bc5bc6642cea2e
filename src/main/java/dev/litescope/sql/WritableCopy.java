package dev.litescope.sql;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A copy of a database to change, so that the file it came from (a restored point, a file opened read-only) never
 * changes behind the user's back. SQLite's backup API writes it, so the copy is consistent even while another
 * program writes the source, and it holds what a {@code -wal} beside the source held too. It is written to a
 * temporary file beside the target and moved into place: a failed copy leaves nothing.
 */
public final class WritableCopy {
    private WritableCopy() {
    }

    /** Copies {@code source} to {@code target}, replacing it (the save dialog asked), and returns the target. */
    public static Path make(Path source, Path target) throws SqlFailure, IOException {
        Path to = target.toAbsolutePath().normalize();
        if (to.equals(source.toAbsolutePath().normalize())) {
            throw new IOException("the copy must go to another file than " + source + "; choose a new name");
        }
        Path dir = to.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + to.getFileName() + ".", ".litescope-tmp");
        boolean moved = false;
        try (SqlDatabase db = SqlDatabase.open(source, SqlDatabase.Access.READ_ONLY)) {
            Files.delete(temp); // the backup makes the file itself
            db.read(() -> backup(db.connection(), temp));
            try {
                Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            return to;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static Void backup(Connection c, Path to) throws SQLException {
        try (Statement st = c.createStatement()) {
            // sqlite-jdbc's own statement for sqlite3_backup: the whole database, page by page.
            st.executeUpdate("backup to " + to.toAbsolutePath());
        }
        return null;
    }
}
