package dev.litescope.restore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** SQLite's own check of a restored file, run before the file is put in place. */
public final class IntegrityCheck {
    private IntegrityCheck() {
    }

    /**
     * @return the check's report: {@code ok}, or the problems it found, one per line (at most 20)
     */
    public static String run(Path db, RestoreOptions.IntegrityCheck mode) throws SQLException {
        String pragma = mode == RestoreOptions.IntegrityCheck.FULL ? "integrity_check(20)" : "quick_check(20)";
        // immutable=1: read the file as it is, creating no -wal or -shm next to it.
        String url = "jdbc:sqlite:file:" + db.toAbsolutePath().toUri().getRawPath() + "?immutable=1";
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return String.join("\n", lines);
        }
    }
}
