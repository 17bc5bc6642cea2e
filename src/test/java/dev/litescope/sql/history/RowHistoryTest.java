package dev.litescope.sql.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.sql.Cell;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.ReplicaTarget;
import dev.litescope.util.Cancellation;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica the real Litestream made while this test committed one transaction at a time, waited for each to be
 * uploaded, and recorded, as it committed, the WAL index it went to and the true state of two rows (one
 * of a rowid table, one of a WITHOUT ROWID table): through an update, transactions that touch other tables only, a
 * delete, a re-insert, and an offline write that starts a second generation. The history must be exactly the
 * distinct states those records give at the replica's restore points.
 */
class RowHistoryTest {
    @TempDir
    static Path tmp;

    /** The truth after one commit: where its segments went, and each followed row as typeof:text per column. */
    private record Commit(String generation, int index, Optional<Map<String, String>> item,
                          Optional<Map<String, String>> tag) {
    }

    private static final List<Commit> COMMITS = new ArrayList<>();
    private static ReplicaTarget.Directory replica;

    @BeforeAll
    static void writeTheReplica() throws Exception {
        Path db = tmp.resolve("app.db");
        replica = new ReplicaTarget.Directory(tmp.resolve("replica"));
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
                seen = segmentKeys();
                c.setAutoCommit(false);
                for (String step : steps) {
                    for (String sql : step.split("; ")) {
                        exec(c, sql);
                    }
                    c.commit();
                    ReplicaFixture.awaitSettled(db, replica, litestream, log);
                    seen = record(c, seen);
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
                seen = record(c, seen);
                exec(c, "UPDATE items SET qty = 6 WHERE id = 7");
                c.commit();
                ReplicaFixture.awaitSettled(db, replica, litestream, log);
                record(c, seen);
            }
        }
    }

    @Test
    void aRowidTableRowThroughUpdateDeleteReinsertAndANewGeneration() throws Exception {
        Map<String, Cell> key = RowHistory.parseKey(List.of("id=7"));
        RowHistory.Result r = run("items", key);
        List<Optional<Map<String, String>>> truth = expected(Commit::item);
        assertThat(r.versions().stream().map(v -> v.values().map(RowHistoryTest::typed)).toList())
                .isEqualTo(truth);
        assertThat(truth).as("the workload's truth holds a deletion followed by a re-insert")
                .containsSubsequence(Optional.empty(), truth.get(truth.size() - 1));
        assertThat(r.versions().stream().map(v -> v.point().generation()).distinct()).hasSize(2);
        assertThat(r.notes()).anyMatch(n -> n.contains("full restore"));
        assertThat(r.keyColumns()).containsExactly("id");
        // Changed cells against the previous version: the rename changed name and price only.
        RowHistory.Version renamed = r.versions().stream()
                .filter(v -> v.values().map(m -> m.get("name").toString().equals("desk lamp")).orElse(false))
                .findFirst().orElseThrow();
        assertThat(renamed.changed()).containsExactly("name", "price");
        assertThat(r.versions().stream().filter(RowHistory.Version::deleted).findFirst().orElseThrow().changed())
                .isEmpty();
        // Versions are where the commits put them, in time order.
        for (int i = 1; i < r.versions().size(); i++) {
            assertThat(r.versions().get(i).point().time()).isAfterOrEqualTo(r.versions().get(i - 1).point().time());
        }
        // The commits to other tables only left restore points that were skipped, not re-read.
        assertThat(r.pointsSkipped()).isPositive();
        assertThat(r.points()).isEqualTo(RowHistory.points(catalog()).size());
    }

    @Test
    void aWithoutRowidTableRowByItsCompositeKey() throws Exception {
        RowHistory.Result r = run("tags", RowHistory.parseKey(List.of("k=a", "n=2")));
        List<Optional<Map<String, String>>> truth = expected(Commit::tag);
        assertThat(truth).hasSize(3);
        assertThat(r.versions().stream().map(v -> v.values().map(RowHistoryTest::typed)).toList())
                .isEqualTo(truth);
        assertThat(r.versions().get(1).changed()).containsExactly("label");
        assertThat(r.versions().get(2).deleted()).isTrue();
    }

    @Test
    void aTableWithNoKeyOrAKeyThatIsNotTheTablesIsRefusedWithWhatToGive() throws Exception {
        assertThatThrownBy(() -> run("note", RowHistory.parseKey(List.of("body=x"))))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("table note has no primary key").hasMessageContaining("--key rowid=N");
        assertThatThrownBy(() -> run("items", RowHistory.parseKey(List.of("name=lamp"))))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("table items is keyed by (id), not by (name)");
        assertThatThrownBy(() -> run("tags", RowHistory.parseKey(List.of("k=a"))))
                .isInstanceOf(HistoryException.class).hasMessageContaining("keyed by (k, n)");
        assertThatThrownBy(() -> run("nosuch", RowHistory.parseKey(List.of("id=1"))))
                .isInstanceOf(HistoryException.class).hasMessageContaining("has no table nosuch");
        assertThatThrownBy(() -> RowHistory.parseKey(List.of("id")))
                .isInstanceOf(HistoryException.class).hasMessageContaining("not COL=VALUE");
        assertThatThrownBy(() -> RowHistory.parseKey(List.of("rowid=x")))
                .isInstanceOf(HistoryException.class).hasMessageContaining("not an integer");
        // By its rowid the row of the keyless table is followed, and the result says what that means.
        RowHistory.Result byRowid = run("note", RowHistory.parseKey(List.of("rowid=1")));
        assertThat(byRowid.versions()).hasSize(1);
        assertThat(byRowid.notes()).anyMatch(n -> n.contains("VACUUM may renumber"));
    }

    @Test
    void progressCountsEveryPointAndCancellingStopsTheRun() throws Exception {
        AtomicInteger last = new AtomicInteger();
        Replica rep = catalog().replica();
        Path work = Files.createTempDirectory(tmp, "work-");
        new RowHistory(rep, "items", RowHistory.parseKey(List.of("id=7"))).run(work,
                (done, total) -> last.set(done * 1000 + total), new Cancellation());
        int points = RowHistory.points(catalog()).size();
        assertThat(last.get()).isEqualTo(points * 1000 + points);
        Cancellation cancel = new Cancellation();
        assertThatThrownBy(() -> new RowHistory(rep, "items", RowHistory.parseKey(List.of("id=7"))).run(work,
                (done, total) -> cancel.cancel(), cancel)).isInstanceOf(Cancellation.CancelledException.class);
        try (var left = Files.list(work)) {
            assertThat(left.toList()).as("nothing left in the work folder").isEmpty();
        }
    }

    private static RowHistory.Result run(String table, Map<String, Cell> key) throws Exception {
        Path work = Files.createTempDirectory(tmp, "work-");
        return new RowHistory(catalog().replica(), table, key).run(work, RowHistory.Listener.NONE,
                new Cancellation());
    }

    /**
     * The distinct states of one row at the replica's restore points: at each point, the state after the last
     * commit whose segments lie at or before it; the row's absence before it first existed left out.
     */
    private static List<Optional<Map<String, String>>> expected(
            Function<Commit, Optional<Map<String, String>>> row) throws Exception {
        List<RowHistory.Point> points = RowHistory.points(catalog());
        List<Optional<Map<String, String>>> out = new ArrayList<>();
        Optional<Map<String, String>> previous = Optional.empty();
        for (RowHistory.Point p : points) {
            Optional<Map<String, String>> state = Optional.empty();
            boolean any = false;
            for (Commit c : COMMITS) {
                if (c.generation().equals(p.generation()) && c.index() <= p.index()) {
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
    private static Set<String> record(Connection c, Set<String> seen) throws Exception {
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
        assertThat(generation).as("segments uploaded for commit %d", COMMITS.size() + 1).isNotNull();
        COMMITS.add(new Commit(generation, index, row(c, "SELECT * FROM items WHERE id = 7"),
                row(c, "SELECT * FROM tags WHERE k = 'a' AND n = 2")));
        return now;
    }

    private static Optional<Map<String, String>> row(Connection c, String select) throws Exception {
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

    private static Map<String, String> typed(Map<String, Cell> cells) {
        Map<String, String> out = new LinkedHashMap<>();
        cells.forEach((k, v) -> out.put(k, v.typeName() + ":" + v));
        return out;
    }

    private static Catalog catalog() throws Exception {
        return new Catalog(Replicas.open(ReplicaUrl.parse(replica.url()), ReplicaOptions.fromEnvironment(Map.of(),
                false)));
    }

    private static Set<String> segmentKeys() throws Exception {
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
