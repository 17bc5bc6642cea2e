package dev.litescope.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.sql.history.HistoryPoints;
import dev.litescope.sql.history.RowHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A replica the real Litestream made while one transaction at a time was committed, each waited for until it was
 * uploaded, with the WAL index it went to and the true state of two rows recorded as it committed: row {@code id=7}
 * of the rowid table {@code items} and row {@code (k, n) = ('a', 2)} of the WITHOUT ROWID table {@code tags},
 * through updates, transactions that touch other tables only, a delete, a re-insert, and an offline write that
 * starts a second generation. {@code note} has no primary key. Built once per JVM (about 20 s).
 */
public final class HistoryReplica {
    /** The truth after one commit: where its segments went, and each followed row as typeof:text per column. */
    public record Commit(String generation, int index, Optional<Map<String, String>> item,
                          Optional<Map<String, String>> tag) {
    }


    private static HistoryReplica shared;

    private final List<Commit> commits = new ArrayList<>();
    private final ReplicaTarget.Directory replica;

    private HistoryReplica(ReplicaTarget.Directory replica) {
        this.replica = replica;
    }

    /** The replica, built on first use under {@code ${litescope.buildDir}/fixtures/history}. */
    public static synchronized HistoryReplica shared() throws Exception {
        if (shared == null) {
            Path dir = Path.of(System.getProperty("litescope.buildDir", "target"), "fixtures", "history");
            ReplicaFixture.deleteTree(dir);
            Files.createDirectories(dir);
            shared = build(dir);
        }
        return shared;
    }

    public String url() {
        return replica.url();
    }

    public Path dir() {
        return replica.dir();
    }

    public List<Commit> commits() {
        return List.copyOf(commits);
    }

    private static HistoryReplica build(Path tmp) throws Exception {
        Path db = tmp.resolve("app.db");
        HistoryReplica h = new HistoryReplica(new ReplicaTarget.Directory(tmp.resolve("shop")));
        ReplicaTarget.Directory replica = h.replica;
        Path config = Files.writeString(tmp.resolve("litestream.yml"), ReplicaFixture.config(db, replica,
                Optional.empty()));
        Path log = tmp.resolve("litestream.log");
        List<String> steps = List.of(
                "INSERT INTO items VALUES (7, 'lamp', 1, 9.5)",
                "UPDATE items SET qty = 2 WHERE id = 7; INSERT INTO tags VALUES ('a', 2, 'red')",
                "INSERT INTO other (x) VALUES ('unrelated')",
                "UPDATE items SET name = 'desk lamp', price = 12.25 WHERE id = 7",
                "WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 300) "
                        + "INSERT INTO items SELECT v + 100, 'filler', v, 1.0 FROM s",
                "UPDATE tags SET label = 'blue' WHERE k = 'a' AND n = 2",
                "DELETE FROM items WHERE id = 7",
                "INSERT INTO other (x) VALUES ('still unrelated')",
                "INSERT INTO items VALUES (7, 'lamp', 5, NULL); DELETE FROM tags");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            exec(c, "PRAGMA journal_mode=WAL");
            exec(c, "PRAGMA wal_autocheckpoint=0");
            exec(c, "PRAGMA busy_timeout=5000");
            exec(c, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, price REAL)");
            exec(c, "CREATE TABLE tags (k TEXT, n INTEGER, label TEXT, PRIMARY KEY (k, n)) WITHOUT ROWID");
            exec(c, "CREATE TABLE other (x TEXT)");
            exec(c, "CREATE TABLE note (body TEXT)");
            exec(c, "INSERT INTO note VALUES ('a row of a table with no key')");
            Set<String> seen;
            try (LitestreamProcess litestream = LitestreamProcess.start(config, log)) {
                litestream.awaitLog(Pattern.compile("new generation"), Duration.ofSeconds(10));
                ReplicaFixture.awaitSettled(db, replica, litestream, log);
                seen = h.segmentKeys();
                c.setAutoCommit(false);
                for (String step : steps) {
                    for (String sql : step.split("; ")) {
                        exec(c, sql);
                    }
                    c.commit();
                    ReplicaFixture.awaitSettled(db, replica, litestream, log);
                    seen = h.record(c, seen);
                }
            }
            // Written while Litestream is down, then the WAL emptied: Litestream starts a new generation.
            exec(c, "UPDATE items SET price = 3.75 WHERE id = 7");
            c.commit();
            c.setAutoCommit(true);
            exec(c, "PRAGMA wal_checkpoint(TRUNCATE)");
            c.setAutoCommit(false);
            try (LitestreamProcess litestream = LitestreamProcess.start(config, log)) {
                litestream.awaitLog(Pattern.compile("new generation"), Duration.ofSeconds(10));
                ReplicaFixture.awaitSettled(db, replica, litestream, log);
                seen = h.record(c, seen);
                exec(c, "UPDATE items SET qty = 6 WHERE id = 7");
                c.commit();
                ReplicaFixture.awaitSettled(db, replica, litestream, log);
                h.record(c, seen);
            }
        }
        return h;
    }

    /**
     * The distinct states of one row at the replica's restore points: at each point, the state after the last
     * commit whose segments lie at or before it; the row's absence before it first existed left out.
     */
    public List<Optional<Map<String, String>>> expected(
            Function<Commit, Optional<Map<String, String>>> row) throws Exception {
        List<RowHistory.Point> points = HistoryPoints.v3(catalog());
        List<Optional<Map<String, String>>> out = new ArrayList<>();
        Optional<Map<String, String>> previous = Optional.empty();
        for (RowHistory.Point p : points) {
            Optional<Map<String, String>> state = Optional.empty();
            boolean any = false;
            for (Commit c : commits) {
                if (c.generation().equals(p.generation().orElseThrow()) && c.index() <= p.index().orElseThrow()) {
                    state = row.apply(c);
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            if (out.isEmpty() ? state.isPresent() : !state.equals(previous)) {
                out.add(state);
                previous = state;
            }
        }
        return out;
    }

    /**
     * Records where the last commit went and the followed rows' states after it: the WAL index of its first new
     * segment (Litestream's checkpoint after it may already have begun the next index).
     */
    private Set<String> record(Connection c, Set<String> seen) throws Exception {
        Catalog catalog = catalog();
        Set<String> now = new HashSet<>();
        String generation = null;
        int index = Integer.MAX_VALUE;
        for (String g : catalog.generationNames()) {
            for (WalSegment s : catalog.generation(g).walSegments()) {
                now.add(s.object().key());
                if (!seen.contains(s.object().key())) {
                    if (generation != null && !generation.equals(g)) {
                        throw new AssertionError("one commit's segments in two generations: " + generation + ", " + g);
                    }
                    generation = g;
                    index = Math.min(index, s.index());
                }
            }
        }
        assertThat(generation).as("segments uploaded for commit %d", commits.size() + 1).isNotNull();
        commits.add(new Commit(generation, index, row(c, "SELECT * FROM items WHERE id = 7"),
                row(c, "SELECT * FROM tags WHERE k = 'a' AND n = 2")));
        return now;
    }

    /** The one row {@code select} gives, each column as typeof:text; empty when it gives none. */
    public static Optional<Map<String, String>> row(Connection c, String select) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String col = rs.getMetaData().getColumnName(i);
                try (Statement t = c.createStatement(); ResultSet typed = t.executeQuery("SELECT typeof(" + col
                        + "), CAST(" + col + " AS TEXT) FROM (" + select + ")")) {
                    typed.next();
                    values.put(col, typed.getString(1) + ":" + Objects.toString(typed.getString(2), "NULL"));
                }
            }
            return Optional.of(values);
        }
    }

    public Catalog catalog() throws Exception {
        return new Catalog(Replicas.open(ReplicaUrl.parse(replica.url()), ReplicaOptions.fromEnvironment(Map.of(),
                false)));
    }

    private Set<String> segmentKeys() throws Exception {
        Set<String> keys = new HashSet<>();
        Catalog catalog = catalog();
        for (String g : catalog.generationNames()) {
            for (WalSegment s : catalog.generation(g).walSegments()) {
                keys.add(s.object().key());
            }
        }
        return keys;
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
