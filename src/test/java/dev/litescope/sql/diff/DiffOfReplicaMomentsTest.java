package dev.litescope.sql.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.ReplicaTarget;
import dev.litescope.util.GoTime;
import dev.litescope.util.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two moments of a replica the real Litestream made while this test wrote the database and kept its own record of
 * every row: {@code litescope diff URL@A URL@B} must list exactly the rows the record says were added, removed and
 * changed in between, with the values the record holds.
 */
class DiffOfReplicaMomentsTest {
    private static final String ITEMS = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty, data BLOB)";
    private static final String TAGS = "CREATE TABLE tags (k TEXT, n INTEGER, v, PRIMARY KEY (k, n)) WITHOUT ROWID";

    @TempDir
    Path tmp;

    /** The rows as the test wrote them: items by id, tags by "k\u0000n"; a value is Long, Double, String, byte[]. */
    private final TreeMap<Long, Object[]> items = new TreeMap<>();
    private final TreeMap<String, Object[]> tags = new TreeMap<>();
    private final Random random = new Random(15);

    @Test
    void theDiffOfTwoMomentsIsWhatTheWorkloadChangedBetweenThem() throws Exception {
        Path db = tmp.resolve("app.db");
        ReplicaTarget.Directory replica = new ReplicaTarget.Directory(tmp.resolve("replica"));
        Path config = Files.writeString(tmp.resolve("litestream.yml"), ReplicaFixture.config(db, replica,
                Optional.empty()));
        Path log = tmp.resolve("litestream.log");
        Map<Long, Object[]> itemsAtA;
        Map<String, Object[]> tagsAtA;
        Instant a;
        Instant b;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA wal_autocheckpoint=0");
                st.execute("PRAGMA busy_timeout=5000");
                st.execute(ITEMS);
                st.execute(TAGS);
            }
            try (LitestreamProcess litestream = LitestreamProcess.start(config, log)) {
                litestream.awaitLog(Pattern.compile("new generation"), Duration.ofSeconds(10));
                c.setAutoCommit(false);
                for (int i = 0; i < 400; i++) {
                    putItem(c, i + 1);
                }
                for (int i = 0; i < 150; i++) {
                    putTag(c, "k" + random.nextInt(20), random.nextInt(30));
                }
                c.commit();
                ReplicaFixture.awaitSettled(db, replica, litestream, log);
                a = lastSegment(replica);
                itemsAtA = copy(items);
                tagsAtA = copy(tags);
                // Later segments must be stamped after A, whatever the clock's grain on file times.
                Thread.sleep(1100);
                for (int round = 0; round < 3; round++) {
                    changeSome(c);
                    c.commit();
                }
                ReplicaFixture.awaitSettled(db, replica, litestream, log);
                b = lastSegment(replica);
            }
        }
        assertThat(b).isAfter(a);
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        String at = replica.url() + "@" + GoTime.rfc3339Nano(a);
        String bt = replica.url() + "@" + GoTime.rfc3339Nano(b);

        ProcResult r = Litescope.run(env, "diff", "--format", "json", "--table", "items", at, bt);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode doc = JsonMapper.MAPPER.readTree(r.stdout());
        assertThat(doc.get("schema")).isEmpty();
        List<Object> expected = expectedRows(itemsAtA, items, List.of("id"), List.of("id", "name", "qty", "data"));
        assertThat(doc.get("rows")).isEqualTo(json(expected));
        assertThat(table(doc, "items")).isEqualTo(json(counts("items", itemsAtA, items, expected)));

        ProcResult t = Litescope.run(env, "diff", "--format", "json", "--table", "tags", at, bt);
        assertThat(t.exitCode()).as(t.stderr()).isEqualTo(1);
        JsonNode tagDoc = JsonMapper.MAPPER.readTree(t.stdout());
        List<Object> expectedTags = expectedRows(tagsAtA, tags, List.of("k", "n"), List.of("k", "n", "v"));
        assertThat(tagDoc.get("rows")).isEqualTo(json(expectedTags));
        assertThat(table(tagDoc, "tags")).isEqualTo(json(counts("tags", tagsAtA, tags, expectedTags)));
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(expectedTags).hasSizeGreaterThan(10);

        // A moment against itself: the same, exit 0.
        ProcResult same = Litescope.run(env, "diff", at, at);
        assertThat(same.exitCode()).as(same.stderr()).isZero();
    }

    private void putItem(Connection c, long id) throws Exception {
        Object[] row = {id, random.nextInt(8) == 0 ? null : "item " + random.nextInt(1000), anyValue(),
            random.nextInt(4) == 0 ? null : bytes()};
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)")) {
            bind(ps, row);
            ps.executeUpdate();
        }
        items.put(id, row);
    }

    private void putTag(Connection c, String k, long n) throws Exception {
        Object[] row = {k, n, anyValue()};
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO tags VALUES (?, ?, ?)")) {
            bind(ps, row);
            ps.executeUpdate();
        }
        tags.put(k + "\u0000" + String.format("%05d", n), row);
    }

    /** Some rows updated (types changing among them), deleted and inserted, in both tables. */
    private void changeSome(Connection c) throws Exception {
        for (int i = 0; i < 15; i++) {
            putItem(c, 1 + random.nextInt(420)); // an existing row rewritten, or a new one
        }
        List<Long> ids = new ArrayList<>(items.keySet());
        for (int i = 0; i < 8; i++) {
            long id = ids.get(random.nextInt(ids.size()));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            items.remove(id);
        }
        for (int i = 0; i < 10; i++) {
            long id = ids.get(random.nextInt(ids.size()));
            if (items.containsKey(id)) {
                Object qty = items.get(id)[2] instanceof Long n ? (Object) (n + 0.5) : (Object) String.valueOf(i);
                try (PreparedStatement ps = c.prepareStatement("UPDATE items SET qty = ? WHERE id = ?")) {
                    bind(ps, new Object[] {qty, id});
                    ps.executeUpdate();
                }
                items.get(id)[2] = qty;
            }
        }
        for (int i = 0; i < 12; i++) {
            putTag(c, "k" + random.nextInt(22), random.nextInt(30));
        }
        for (int i = 0; i < 5; i++) {
            List<String> keys = new ArrayList<>(tags.keySet());
            Object[] row = tags.remove(keys.get(random.nextInt(keys.size())));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tags WHERE k = ? AND n = ?")) {
                bind(ps, new Object[] {row[0], row[1]});
                ps.executeUpdate();
            }
        }
    }

    /** An integer, a real, a text or NULL: the column has no type, so each keeps the type it is written with. */
    private Object anyValue() {
        return switch (random.nextInt(4)) {
            case 0 -> (long) random.nextInt(100);
            case 1 -> random.nextInt(400) / 4.0;
            case 2 -> "t" + random.nextInt(100);
            default -> null;
        };
    }

    private byte[] bytes() {
        byte[] b = new byte[random.nextInt(6)];
        random.nextBytes(b);
        return b;
    }

    private static void bind(PreparedStatement ps, Object[] values) throws Exception {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, values[i]);
        }
    }

    private static Instant lastSegment(ReplicaTarget.Directory replica) throws Exception {
        Catalog catalog = new Catalog(Replicas.open(ReplicaUrl.parse(replica.url()),
                ReplicaOptions.fromEnvironment(Map.of(), false)));
        RestorePlan latest = new Planner(catalog).plan(RestoreTarget.latest());
        return latest.segments().get(latest.segments().size() - 1).created();
    }

    private static <K> Map<K, Object[]> copy(Map<K, Object[]> rows) {
        Map<K, Object[]> m = new TreeMap<>();
        rows.forEach((k, v) -> m.put(k, v.clone()));
        return m;
    }

    /** The rows as {@code diff --format json} should list them, in key order, from the record alone. */
    private static <K> List<Object> expectedRows(Map<K, Object[]> before, Map<K, Object[]> after, List<String> key,
                                                 List<String> columns) {
        List<Object> rows = new ArrayList<>();
        for (K k : new TreeSet<>(union(before, after))) {
            Object[] b = before.get(k);
            Object[] a = after.get(k);
            if (b != null && a != null && same(b, a)) {
                continue;
            }
            Object[] either = a != null ? a : b;
            Map<String, Object> keyObject = new LinkedHashMap<>();
            for (int i = 0; i < key.size(); i++) {
                keyObject.put(key.get(i), either[i]);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("op", b == null ? "added" : a == null ? "removed" : "changed");
            row.put("key", keyObject);
            row.put("before", object(columns, b));
            row.put("after", object(columns, a));
            rows.add(row);
        }
        return rows;
    }

    private static <K> List<K> union(Map<K, Object[]> x, Map<K, Object[]> y) {
        List<K> keys = new ArrayList<>(x.keySet());
        keys.addAll(y.keySet());
        return keys;
    }

    private static boolean same(Object[] x, Object[] y) {
        for (int i = 0; i < x.length; i++) {
            boolean equal = x[i] instanceof byte[] p && y[i] instanceof byte[] q ? Arrays.equals(p, q)
                    : Objects.equals(x[i], y[i]);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> object(List<String> columns, Object[] row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            o.put(columns.get(i), row[i] instanceof byte[] bytes ? Map.of("hex", HexFormat.of().formatHex(bytes))
                    : row[i]);
        }
        return o;
    }

    private static <K> Map<String, Object> counts(String name, Map<K, Object[]> before, Map<K, Object[]> after,
                                                  List<Object> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("rows_before", before.size());
        m.put("rows_after", after.size());
        for (String op : List.of("added", "removed", "changed")) {
            m.put(op, rows.stream().filter(r -> ((Map<?, ?>) r).get("op").equals(op)).count());
        }
        return m;
    }

    /** The counts of table {@code name} (Litestream's own _litestream_* tables are listed too). */
    private static JsonNode table(JsonNode doc, String name) {
        for (JsonNode t : doc.get("tables")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in " + doc.get("tables"));
    }

    private static JsonNode json(Object value) throws Exception {
        return JsonMapper.MAPPER.readTree(JsonMapper.MAPPER.writeValueAsString(value));
    }
}
