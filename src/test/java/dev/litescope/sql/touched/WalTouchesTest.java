package dev.litescope.sql.touched;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.ReplicaTarget;
import dev.litescope.util.Cancellation;
import dev.litescope.util.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica the real Litestream made while this test committed transactions one at a time, each waited for until
 * Litestream had uploaded it, and recorded which b-trees each one changed: the segments uploaded for a transaction
 * must name exactly those tables and indexes (Litestream's own {@code _litestream_*} tables and the non-b-tree
 * pages aside), with {@code sqlite_schema} only where the schema changed.
 */
class WalTouchesTest {
    @TempDir
    Path tmp;

    private final Random random = new Random(15);

    private record Step(String what, Set<String> btrees, SqlAction action) {
    }

    private interface SqlAction {
        void run(Connection c) throws Exception;
    }

    @Test
    void eachSegmentNamesTheTablesAndIndexesItsTransactionChanged() throws Exception {
        Path db = tmp.resolve("app.db");
        ReplicaTarget.Directory replica = new ReplicaTarget.Directory(tmp.resolve("replica"));
        Path config = Files.writeString(tmp.resolve("litestream.yml"), ReplicaFixture.config(db, replica,
                Optional.empty()));
        Path log = tmp.resolve("litestream.log");
        List<Step> steps = List.of(
                new Step("users added", Set.of("users"), c -> insertUsers(c, 1000, 40)),
                new Step("orders added", Set.of("orders", "orders_by_user"), c -> insertOrders(c, 1, 400)),
                new Step("a new table", Set.of("sqlite_schema", "audit"), c -> {
                    exec(c, "CREATE TABLE audit (id INTEGER PRIMARY KEY, kind TEXT, body BLOB)");
                    insertAudit(c, 1, 5, 100);
                }),
                new Step("most orders deleted", Set.of("orders", "orders_by_user"),
                        c -> exec(c, "DELETE FROM orders WHERE id > 30")),
                // The freed pages go to the new rows: pages taken off the freelist count for the table.
                new Step("audit rows with overflow", Set.of("audit"), c -> insertAudit(c, 100, 40, 5000)),
                new Step("users renamed", Set.of("users"), c -> exec(c, "UPDATE users SET name = name || '!'")),
                new Step("a new index", Set.of("sqlite_schema", "audit_by_kind"),
                        c -> exec(c, "CREATE INDEX audit_by_kind ON audit (kind)")));
        List<Set<String>> segmentKeysPerStep = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            exec(c, "PRAGMA journal_mode=WAL");
            exec(c, "PRAGMA wal_autocheckpoint=0");
            exec(c, "PRAGMA busy_timeout=5000");
            exec(c, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
            exec(c, "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, amount REAL, note TEXT)");
            exec(c, "CREATE INDEX orders_by_user ON orders (user_id, note)");
            insertUsers(c, 1, 20);
            try (LitestreamProcess litestream = LitestreamProcess.start(config, log)) {
                litestream.awaitLog(Pattern.compile("new generation"), Duration.ofSeconds(10));
                ReplicaFixture.awaitSettled(db, replica, litestream, log);
                Set<String> seen = segmentKeys(replica);
                c.setAutoCommit(false);
                for (Step step : steps) {
                    step.action().run(c);
                    c.commit();
                    ReplicaFixture.awaitSettled(db, replica, litestream, log);
                    Set<String> now = segmentKeys(replica);
                    Set<String> added = new TreeSet<>(now);
                    added.removeAll(seen);
                    segmentKeysPerStep.add(added);
                    seen = now;
                }
            }
        }

        Catalog catalog = catalog(replica);
        Generation generation = catalog.generation(catalog.generationNames().get(0));
        Map<String, WalTouches.Touched> byKey = new LinkedHashMap<>();
        for (WalTouches.Touched t : new WalTouches(catalog.replica()).of(generation, new Cancellation())) {
            byKey.put(t.segment().object().key(), t);
        }
        assertThat(byKey).hasSize(generation.walSegments().size());
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            assertThat(segmentKeysPerStep.get(i)).as(step.what()).isNotEmpty();
            Set<String> named = new TreeSet<>();
            for (String key : segmentKeysPerStep.get(i)) {
                WalTouches.Touched t = byKey.get(key);
                assertThat(t.pagesByOwner()).as(key).isPresent();
                for (String owner : t.pagesByOwner().get().keySet()) {
                    if (!owner.startsWith("(") && !owner.startsWith("_litestream_")) {
                        named.add(owner);
                    }
                }
            }
            assertThat(named).as(step.what()).isEqualTo(new TreeSet<>(step.btrees()));
        }
        // The rows with overflow rewrote every page audit has now (its root split), many of them taken off the
        // freelist the deletes had filled: all count for audit.
        int auditPages = segmentKeysPerStep.get(4).stream()
                .mapToInt(k -> byKey.get(k).pagesByOwner().get().getOrDefault("audit", 0)).sum();
        assertThat(auditPages).isEqualTo(pagesOf(db, "audit")).isGreaterThan(40);

        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        ProcResult table = Litescope.run(env, "wal", "-tables", replica.url());
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        String[] lines = table.stdout().split("\n");
        assertThat(lines[0]).matches("replica\\s+generation\\s+index\\s+offset\\s+size\\s+created\\s+tables");
        assertThat(lines).hasSize(1 + generation.walSegments().size());
        assertThat(table.stdout()).contains("orders (").contains("orders_by_user (").contains("audit_by_kind (");
        ProcResult json = Litescope.run(env, "wal", "-tables", "-json", replica.url());
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode rows = JsonMapper.MAPPER.readTree(json.stdout()).get("wal_segments");
        assertThat(rows).hasSize(generation.walSegments().size());
        for (JsonNode row : rows) {
            WalTouches.Touched t = byKey.get(row.get("key").asText());
            assertThat(JsonMapper.MAPPER.convertValue(row.get("tables"), Map.class))
                    .isEqualTo(t.pagesByOwner().orElse(null));
        }
        ProcResult plain = Litescope.run(env, "wal", replica.url());
        assertThat(plain.stdout().split("\n")[0]).doesNotContain("tables");

        // Without a snapshot no segment has a state to be mapped against: each says so, none is guessed.
        try (var files = Files.walk(tmp.resolve("replica"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".snapshot.lz4")).toList()) {
                Files.delete(p);
            }
        }
        ProcResult unknown = Litescope.run(Map.of("XDG_CACHE_HOME", tmp.resolve("cache2").toString()), "wal",
                "-tables", replica.url());
        assertThat(unknown.exitCode()).as(unknown.stderr()).isZero();
        String[] unknownLines = unknown.stdout().split("\n");
        assertThat(unknownLines).hasSize(1 + generation.walSegments().size());
        for (int i = 1; i < unknownLines.length; i++) {
            assertThat(unknownLines[i]).endsWith(" ?");
        }
    }

    private static int pagesOf(Path db, String btree) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM dbstat WHERE name = ?")) {
            ps.setString(1, btree);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static Catalog catalog(ReplicaTarget.Directory replica) throws Exception {
        return new Catalog(Replicas.open(ReplicaUrl.parse(replica.url()), ReplicaOptions.fromEnvironment(Map.of(),
                false)));
    }

    private static Set<String> segmentKeys(ReplicaTarget.Directory replica) throws Exception {
        Set<String> keys = new HashSet<>();
        Catalog catalog = catalog(replica);
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

    private void insertUsers(Connection c, int first, int n) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users VALUES (?, ?)")) {
            for (int i = first; i < first + n; i++) {
                ps.setInt(1, i);
                ps.setString(2, "user " + random.nextInt(100_000));
                ps.executeUpdate();
            }
        }
    }

    private void insertOrders(Connection c, int first, int n) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?)")) {
            for (int i = first; i < first + n; i++) {
                ps.setInt(1, i);
                ps.setInt(2, 1 + random.nextInt(20));
                ps.setDouble(3, random.nextInt(10_000) / 100.0);
                ps.setString(4, "note " + "x".repeat(100 + random.nextInt(100)));
                ps.executeUpdate();
            }
        }
    }

    private void insertAudit(Connection c, int first, int n, int bodySize) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit VALUES (?, ?, ?)")) {
            for (int i = first; i < first + n; i++) {
                byte[] body = new byte[bodySize];
                random.nextBytes(body);
                ps.setInt(1, i);
                ps.setString(2, "kind " + random.nextInt(5));
                ps.setBytes(3, body);
                ps.executeUpdate();
            }
        }
    }
}
