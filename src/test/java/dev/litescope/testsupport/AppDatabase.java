package dev.litescope.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The schema the {@link Workload} app writes, and read-only checks on any SQLite file that should
 * hold it (the source database or a restored copy).
 *
 * <p>Litestream's own tables ({@code _litestream_seq}, {@code _litestream_lock}) are left out of
 * counts and digests: they are replication bookkeeping, not app data.
 */
public final class AppDatabase {
    /** App tables, in the order counts and digests visit them. */
    public static final List<String> TABLES = List.of("users", "orders", "events");

    static final List<String> DDL = List.of(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,"
                    + " bio TEXT, created_at INTEGER NOT NULL)",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, amount_cents INTEGER NOT NULL,"
                    + " note TEXT, payload BLOB)",
            "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, body TEXT, at INTEGER NOT NULL)",
            "CREATE INDEX orders_user ON orders(user_id)",
            "CREATE INDEX events_kind_at ON events(kind, at)",
            "CREATE UNIQUE INDEX users_email ON users(email)");

    private AppDatabase() {
    }

    /**
     * Opens without write access, so inspecting a file cannot checkpoint or otherwise change it.
     * SQLite still creates a {@code -shm} next to a WAL-mode file if the directory allows.
     */
    public static Connection openReadOnly(Path db) throws SQLException {
        if (!Files.isRegularFile(db)) {
            // Otherwise SQLite reports a vague "unable to open" or, worse, creates an empty file.
            throw new SQLException("no database file at " + db);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), cfg.toProperties());
    }

    /** {@code PRAGMA integrity_check} rows joined with newlines: exactly {@code "ok"} for a sound file. */
    public static String integrityCheck(Path db) throws SQLException {
        try (Connection c = openReadOnly(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return String.join("\n", rows);
        }
    }

    public static Map<String, Long> rowCounts(Path db) throws SQLException {
        try (Connection c = openReadOnly(db)) {
            return rowCounts(c);
        }
    }

    /** SHA-256 over every app row, in primary-key order; equal digests mean equal app data. */
    public static String digest(Path db) throws SQLException {
        try (Connection c = openReadOnly(db)) {
            return digest(c);
        }
    }

    static Map<String, Long> rowCounts(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static String digest(Connection c) throws SQLException {
        MessageDigest md = sha256();
        try (Statement st = c.createStatement()) {
            for (String t : TABLES) {
                put(md, 'T', t.getBytes(StandardCharsets.UTF_8));
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t + " ORDER BY id")) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= cols; i++) {
                            Object v = rs.getObject(i);
                            // Type tags keep NULL, '' and X'' (and 1 vs '1') apart.
                            if (v == null) {
                                put(md, 'N', new byte[0]);
                            } else if (v instanceof byte[] b) {
                                put(md, 'B', b);
                            } else if (v instanceof String s) {
                                put(md, 'S', s.getBytes(StandardCharsets.UTF_8));
                            } else {
                                put(md, 'V', v.toString().getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void put(MessageDigest md, char tag, byte[] b) {
        md.update((byte) tag);
        int n = b.length;
        md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        md.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
