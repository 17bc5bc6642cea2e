package dev.litescope.sql.touched;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.util.Cancellation;
import dev.litescope.util.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Litestream 0.5 replica written by the test's LTX writer from a real SQLite workload whose every transaction
 * was captured and recorded with the b-trees it changed: each L0 file must name exactly those tables and indexes
 * (non-b-tree pages aside), a compaction the union of its transactions', a file after a TXID gone from every level
 * is unknown with the reason, and {@code litescope ltx -tables} prints and writes the same.
 */
class LtxTouchesTest {
    private static final int PAGE = 4096;
    private static final Instant BASE = Instant.parse("2026-11-30T09:00:00Z");

    @TempDir
    Path tmp;

    private final Random random = new Random(15);

    private interface SqlAction {
        void run(Connection c) throws Exception;
    }

    private record Step(Set<String> btrees, SqlAction action) {
    }

    @Test
    void eachFileNamesTheTablesAndIndexesItsTransactionsChanged() throws Exception {
        List<Step> steps = List.of(
                new Step(Set.of("sqlite_schema", "users", "orders", "orders_by_user"), c -> {
                    exec(c, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
                    exec(c, "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, note TEXT)");
                    exec(c, "CREATE INDEX orders_by_user ON orders (user_id, note)");
                }),
                new Step(Set.of("users"), c -> insert(c, "INSERT INTO users (name) VALUES (?)", 300, 60)),
                new Step(Set.of("orders", "orders_by_user"),
                        c -> insert(c, "INSERT INTO orders (user_id, note) VALUES (abs(random()) % 300, ?)", 300, 50)),
                new Step(Set.of("sqlite_schema", "audit"), c -> {
                    exec(c, "CREATE TABLE audit (id INTEGER PRIMARY KEY, body BLOB)");
                    insert(c, "INSERT INTO audit (body) VALUES (?)", 5, 9000);
                }),
                new Step(Set.of("orders", "orders_by_user"), c -> exec(c, "DELETE FROM orders WHERE id > 30")),
                new Step(Set.of("users"), c -> exec(c, "UPDATE users SET name = name || '!'")),
                new Step(Set.of("audit"), c -> insert(c, "INSERT INTO audit (body) VALUES (?)", 30, 3000)),
                new Step(Set.of("sqlite_schema", "users_by_name"),
                        c -> exec(c, "CREATE INDEX users_by_name ON users (name)")));
        Path db = tmp.resolve("source.db");
        List<byte[]> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            exec(c, "PRAGMA page_size=" + PAGE);
            exec(c, "PRAGMA journal_mode=DELETE");
            c.setAutoCommit(false);
            for (Step step : steps) {
                step.action().run(c);
                c.commit();
                states.add(Files.readAllBytes(db));
            }
        }
        // Every transaction in L0, and L1 compactions of two transactions each.
        Path root = tmp.resolve("replica");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, PAGE, BASE).compact(1, 2).build());
        LtxCatalog catalog = new LtxCatalog(Replicas.open(ReplicaUrl.parse(root.toString()),
                ReplicaOptions.fromEnvironment(Map.of(), false)));
        List<LtxFile> files = catalog.files();
        List<LtxTouches.Touched> touched = new LtxTouches(catalog).of(files, new Cancellation());
        assertThat(touched).hasSize(files.size());
        for (LtxTouches.Touched t : touched) {
            LtxFile f = t.file();
            Set<String> expected = new TreeSet<>();
            for (long txid = f.minTxid(); txid <= f.maxTxid(); txid++) {
                expected.addAll(steps.get((int) txid - 1).btrees());
            }
            assertThat(t.pagesByOwner()).as(f.label()).isPresent();
            assertThat(named(t.pagesByOwner().get())).as(f.label()).isEqualTo(expected);
            assertThat(t.pagesByOwner().get().values().stream().mapToInt(Integer::intValue).sum())
                    .as("no more pages than the file holds").isLessThanOrEqualTo(pagesIn(states, f));
        }

        // With TXID 3 gone from every level, the state before TXID 4 cannot be restored.
        Files.delete(root.resolve("ltx/0/0000000000000003-0000000000000003.ltx"));
        Files.delete(root.resolve("ltx/1/0000000000000003-0000000000000004.ltx"));
        LtxCatalog gap = new LtxCatalog(Replicas.open(ReplicaUrl.parse(root.toString()),
                ReplicaOptions.fromEnvironment(Map.of(), false)));
        LtxTouches.Touched four = new LtxTouches(gap).of(gap.level(0).stream()
                .filter(f -> f.minTxid() == 4).toList(), new Cancellation()).get(0);
        assertThat(four.pagesByOwner()).isEmpty();
        assertThat(four.describe()).isEqualTo("?");
        assertThat(four.why().orElseThrow()).contains("0000000000000003");

        ProcResult table = Litescope.run("ltx", "-tables", "-level", "0", root.toString());
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        String[] lines = table.stdout().split("\n");
        assertThat(lines[0]).matches("level\\s+min_txid\\s+max_txid\\s+size\\s+created\\s+tables");
        assertThat(lines).hasSize(1 + gap.level(0).size());
        assertThat(lines[2]).as("TXID 2, before the gap").endsWith(")")
                .contains("users (");
        for (int i = 3; i < lines.length; i++) {
            assertThat(lines[i]).as("after the gap nothing is restorable").endsWith("  ?");
        }
        ProcResult json = Litescope.run("ltx", "-tables", "-json", "-level", "all", root.toString());
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode rows = JsonMapper.MAPPER.readTree(json.stdout()).get("ltx_files");
        assertThat(rows).hasSize(gap.files().size());
        Map<String, LtxTouches.Touched> byKey = new HashMap<>();
        new LtxTouches(gap).of(gap.files(), new Cancellation()).forEach(t -> byKey.put(t.file().object().key(), t));
        for (JsonNode row : rows) {
            LtxTouches.Touched t = byKey.get(row.get("key").asText());
            assertThat(JsonMapper.MAPPER.convertValue(row.get("tables"), Map.class))
                    .isEqualTo(t.pagesByOwner().orElse(null));
        }
    }

    /** The tables and indexes among a file's page owners (the free list and such are in parentheses). */
    static Set<String> named(Map<String, Integer> owners) {
        Set<String> named = new TreeSet<>();
        for (String o : owners.keySet()) {
            if (!o.startsWith("(")) {
                named.add(o);
            }
        }
        return named;
    }

    /** The pages that differ between the states around {@code f}: what the builder put in it. */
    private static int pagesIn(List<byte[]> states, LtxFile f) {
        Set<Integer> pages = new HashSet<>();
        for (long t = f.minTxid(); t <= f.maxTxid(); t++) {
            byte[] now = states.get((int) t - 1);
            byte[] prev = t == 1 ? new byte[0] : states.get((int) t - 2);
            for (int p = 1; p <= now.length / PAGE; p++) {
                int off = (p - 1) * PAGE;
                if (off + PAGE > prev.length || !Arrays.equals(now, off, off + PAGE, prev, off, off + PAGE)) {
                    pages.add(p);
                }
            }
        }
        return pages.size();
    }

    private void insert(Connection c, String sql, int rows, int bytes) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                byte[] b = new byte[bytes];
                random.nextBytes(b);
                ps.setString(1, HexFormat.of().formatHex(b, 0, Math.min(bytes, 40)) + "x".repeat(bytes));
                ps.executeUpdate();
            }
        }
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
