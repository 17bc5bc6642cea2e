package dev.litescope.sql.touched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pass sweep over a Litestream 0.5 replica that the test writer made from a random SQLite workload, each
 * transaction recorded with the tables and indexes it changed: every level-0 file must name exactly those (pages
 * of no b-tree aside), every compaction the union over its TXIDs, and every file the same answer, page counts
 * and reasons included, as {@link LtxTouches} gives file by file, while reading far fewer bytes; with level-0 files
 * pruned, the files whose states are not restorable are unknown for the same reason.
 */
class LtxSweepTest {
    private static final int PAGE = 1024;
    private static final int TXNS = 48;
    private static final Instant BASE = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> TABLES = List.of("alpha", "beta", "gamma", "delta");
    private static final Map<String, String> INDEXES = Map.of("alpha", "alpha_by_k", "gamma", "gamma_by_k");

    @TempDir
    static Path tmp;
    static List<byte[]> states = new ArrayList<>();
    /** What transaction t changed is {@code truth.get(t - 1)}. */
    static List<Set<String>> truth = new ArrayList<>();

    @BeforeAll
    static void workload() throws Exception {
        Random random = new Random(1515);
        Path db = tmp.resolve("source.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            exec(c, "PRAGMA page_size=" + PAGE);
            exec(c, "PRAGMA journal_mode=DELETE");
            c.setAutoCommit(false);
            Set<String> first = new TreeSet<>(Set.of("sqlite_schema"));
            for (String t : TABLES) {
                exec(c, "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, k INTEGER, body TEXT)");
                first.add(t);
                if (INDEXES.containsKey(t)) {
                    exec(c, "CREATE INDEX " + INDEXES.get(t) + " ON " + t + " (k)");
                    first.add(INDEXES.get(t));
                }
            }
            commit(c, db, first);
            for (int txn = 2; txn <= TXNS; txn++) {
                Set<String> changed = new TreeSet<>();
                int tables = 1 + random.nextInt(2);
                for (int i = 0; i < tables; i++) {
                    String t = TABLES.get(random.nextInt(TABLES.size()));
                    int rows = count(c, t);
                    int action = rows < 10 ? 0 : random.nextInt(3);
                    if (action == 0) {
                        String sql = "INSERT INTO " + t + " (k, body) VALUES (?, ?)";
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            for (int r = 0; r < 5 + random.nextInt(30); r++) {
                                ps.setInt(1, random.nextInt(100000));
                                ps.setString(2, "b".repeat(20 + random.nextInt(random.nextInt(8) == 0 ? 3000 : 200)));
                                ps.executeUpdate();
                            }
                        }
                        changed.add(t);
                        if (INDEXES.containsKey(t)) {
                            changed.add(INDEXES.get(t));
                        }
                    } else if (action == 1) {
                        exec(c, "UPDATE " + t + " SET body = body || 'u' WHERE id % 3 = " + random.nextInt(3));
                        changed.add(t);
                    } else {
                        exec(c, "DELETE FROM " + t + " WHERE id IN (SELECT id FROM " + t + " ORDER BY random() LIMIT "
                                + (1 + rows / 4) + ")");
                        changed.add(t);
                        if (INDEXES.containsKey(t)) {
                            changed.add(INDEXES.get(t));
                        }
                    }
                }
                commit(c, db, changed);
            }
        }
    }

    private static LtxCatalog catalog(String name, LtxReplicaBuilder builder) throws Exception {
        Path root = tmp.resolve(name);
        LtxReplicaBuilder.writeTo(root, builder.build());
        return new LtxCatalog(new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root.toString())));
    }

    private static LtxReplicaBuilder builder() {
        return new LtxReplicaBuilder(states, PAGE, BASE).compact(1, 4).compact(2, 3).snapshotAt(20, 40);
    }

    @Test
    void everyFileNamesWhatItsTransactionsChangedAsLtxTouchesSays() throws Exception {
        LtxCatalog catalog = catalog("all", builder());
        List<LtxFile> files = catalog.files();
        AtomicInteger progress = new AtomicInteger();
        RequestCounters counters = catalog.replica().store().counters();
        RequestCounters.Snapshot before = counters.snapshot();
        List<LtxTouches.Touched> swept = new LtxSweep(catalog).of(files, progress::set, new Cancellation());
        long sweptBytes = counters.snapshot().minus(before).bytesRead();
        assertThat(progress.get()).isEqualTo(LtxSweep.statesNeeded(files)).isEqualTo(TXNS);
        assertThat(swept).hasSize(files.size());
        for (LtxTouches.Touched t : swept) {
            LtxFile f = t.file();
            Set<String> expected = new TreeSet<>();
            for (long txid = f.minTxid(); txid <= f.maxTxid(); txid++) {
                expected.addAll(truth.get((int) txid - 1));
            }
            if (f.isSnapshot()) {
                // A file from TXID 1 counts its pages for their owners after it: every b-tree it holds.
                expected.add("sqlite_schema");
            }
            assertThat(t.pagesByOwner()).as(f.label()).isPresent();
            Set<String> named = LtxTouchesTest.named(t.pagesByOwner().get());
            if (f.isSnapshot()) {
                assertThat(named).as(f.label()).containsAll(expected);
            } else {
                assertThat(named).as(f.label()).isEqualTo(expected);
            }
        }
        before = counters.snapshot();
        List<LtxTouches.Touched> perFile = new LtxTouches(catalog).of(files, new Cancellation());
        long perFileBytes = counters.snapshot().minus(before).bytesRead();
        assertThat(swept).isEqualTo(perFile);
        assertThat(sweptBytes).as("bytes read: sweep %d, file by file %d", sweptBytes, perFileBytes)
                .isLessThan(perFileBytes / 2);
    }

    @Test
    void oneLevelZeroLaneOfAPrunedReplica() throws Exception {
        LtxCatalog catalog = catalog("pruned", builder().keep(b -> b.level() != 0 || b.min() > 30));
        List<LtxFile> lane = catalog.level(0);
        List<LtxTouches.Touched> swept = new LtxSweep(catalog).of(lane, n -> { }, new Cancellation());
        List<LtxTouches.Touched> perFile = new LtxTouches(catalog).of(lane, new Cancellation());
        assertThat(swept).isEqualTo(perFile);
        for (LtxTouches.Touched t : swept) {
            long min = t.file().minTxid();
            if (min <= 32) {
                // The states at TXIDs 30 and 31 lie inside L1 29-32 and their level-0 files are pruned.
                assertThat(t.pagesByOwner()).as(t.file().label()).isEmpty();
                assertThat(t.why().orElseThrow()).contains(min == 31 ? "000000000000001e" : "000000000000001f");
            } else {
                assertThat(LtxTouchesTest.named(t.pagesByOwner().orElseThrow())).as(t.file().label())
                        .isEqualTo(truth.get((int) min - 1));
            }
        }
        List<LtxFile> all = catalog.files();
        assertThat(new LtxSweep(catalog).of(all, n -> { }, new Cancellation()))
                .isEqualTo(new LtxTouches(catalog).of(all, new Cancellation()));
    }

    private static void commit(Connection c, Path db, Set<String> changed) throws Exception {
        c.commit();
        states.add(Files.readAllBytes(db));
        truth.add(changed);
    }

    private static int count(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.getInt(1);
        }
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
