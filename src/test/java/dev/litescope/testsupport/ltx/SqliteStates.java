package dev.litescope.testsupport.ltx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A real SQLite workload whose database file is captured after every transaction: the states a Litestream 0.5
 * replica's TXIDs stand for. The journal is a rollback journal, so the main file holds each committed state
 * whole. {@link #capture(Path, int, int, long)}'s: inserts, updates and deletes with values big enough for
 * overflow pages, growth, and a VACUUM that shrinks the file; or a caller's own.
 */
public final class SqliteStates {
    private SqliteStates() {
    }

    /** What a caller's workload records once a transaction has committed, from the connection. */
    @FunctionalInterface
    public interface Recorder {
        void committed(long txid, Connection c) throws Exception;
    }

    /**
     * A caller's workload: {@code schema}'s statements are TXID 1, then each of {@code transactions} one TXID (its
     * statements separated by {@code "; "}; a {@code VACUUM} alone runs outside a transaction, as SQLite needs).
     *
     * @param recorder called after each TXID's commit, TXID 1's included
     * @return the file's bytes after each transaction; index 0 is TXID 1
     */
    public static List<byte[]> capture(Path db, int pageSize, List<String> schema, List<String> transactions,
                                       Recorder recorder) throws Exception {
        Files.deleteIfExists(db);
        List<byte[]> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA page_size=" + pageSize);
                s.execute("PRAGMA journal_mode=DELETE");
                for (String sql : schema) {
                    s.execute(sql);
                }
            }
            states.add(Files.readAllBytes(db));
            recorder.committed(1, c);
            c.setAutoCommit(false);
            for (String t : transactions) {
                try (Statement s = c.createStatement()) {
                    if (t.equals("VACUUM")) {
                        c.setAutoCommit(true);
                        s.execute(t);
                        c.setAutoCommit(false);
                    } else {
                        for (String sql : t.split("; ")) {
                            s.execute(sql);
                        }
                        c.commit();
                    }
                }
                states.add(Files.readAllBytes(db));
                recorder.committed(states.size(), c);
            }
        }
        return states;
    }

    /** @return the file's bytes after each transaction; index 0 is TXID 1 */
    public static List<byte[]> capture(Path dir, int pageSize, int transactions, long seed)
            throws IOException, SQLException {
        Path db = dir.resolve("source-" + pageSize + "-" + seed + ".db");
        Files.deleteIfExists(db);
        List<byte[]> states = new ArrayList<>();
        Random random = new Random(seed);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA page_size=" + pageSize);
                s.execute("PRAGMA journal_mode=DELETE");
                s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, body BLOB)");
            }
            states.add(Files.readAllBytes(db));
            c.setAutoCommit(false);
            for (int t = 1; t < transactions; t++) {
                try (Statement s = c.createStatement()) {
                    if (t % 17 == 16) {
                        c.commit();
                        c.setAutoCommit(true);
                        s.execute("DELETE FROM items WHERE id % 3 = 0");
                        s.execute("VACUUM");
                        c.setAutoCommit(false);
                        states.add(Files.readAllBytes(db));
                        continue;
                    }
                    int rows = 1 + random.nextInt(6);
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO items (name, body) VALUES (?, ?)")) {
                        for (int r = 0; r < rows; r++) {
                            byte[] body = new byte[random.nextInt(3) == 0 ? pageSize * 2 + random.nextInt(500)
                                    : 50 + random.nextInt(400)];
                            random.nextBytes(body);
                            ins.setString(1, "item " + t + "." + r);
                            ins.setBytes(2, body);
                            ins.executeUpdate();
                        }
                    }
                    if (t % 3 == 0) {
                        s.execute("UPDATE items SET name = name || '+' WHERE id % 4 = " + (t % 4));
                    }
                    if (t % 5 == 0) {
                        s.execute("DELETE FROM items WHERE id IN (SELECT id FROM items ORDER BY id LIMIT 2 OFFSET "
                                + random.nextInt(5) + ")");
                    }
                }
                c.commit();
                states.add(Files.readAllBytes(db));
            }
        }
        return states;
    }
}
