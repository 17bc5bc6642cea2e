package dev.litescope.testsupport.ltx;

import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.testsupport.HistoryReplica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Litestream 0.5 replica ({@link LtxReplicaBuilder} over a real SQLite workload, a transaction per TXID) with
 * the true state of two rows recorded as each transaction committed: row {@code id=7} of the rowid table
 * {@code items} and row {@code (k, n) = ('a', 2)} of the WITHOUT ROWID table {@code tags}, the tables of
 * {@link HistoryReplica}. Through updates, transactions that touch other tables only, a delete and a re-insert of
 * each, filler rows, a bulk delete and a VACUUM. Levels 1 and 2 compact every 3 and 2 files, snapshots at TXIDs 6
 * and 12, and the level-0 files of TXIDs 1 to 4 are pruned: TXIDs 4 and 5 are restorable no more, and the changes
 * made there show only at TXID 6. The files are stamped as the builder does, level-0 file t at {@code base + t s}.
 */
public final class LtxHistoryReplica {
    public static final int PAGE = 1024;
    /** The TXIDs of the pruned level-0 files are 1 to this. */
    public static final long PRUNED = 4;

    /** The truth after one TXID: each followed row as typeof:text per column. */
    public record Commit(long txid, Optional<Map<String, String>> item, Optional<Map<String, String>> tag) {
    }

    /** One version a history should find: the first restorable TXID that holds it, and the row (empty: deleted). */
    public record Expected(long txid, Optional<Map<String, String>> row) {
    }

    public static final List<String> SCHEMA = List.of(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, price REAL)",
            "CREATE TABLE tags (k TEXT, n INTEGER, label TEXT, PRIMARY KEY (k, n)) WITHOUT ROWID",
            "CREATE TABLE other (x TEXT)",
            "CREATE TABLE note (body TEXT)",
            "INSERT INTO note VALUES ('a row of a table with no key')");
    /** TXIDs 2 and on. */
    public static final List<String> TRANSACTIONS = List.of(
            "INSERT INTO items VALUES (7, 'lamp', 1, 9.5)",
            "UPDATE items SET qty = 2 WHERE id = 7; INSERT INTO tags VALUES ('a', 2, 'red')",
            "UPDATE items SET qty = 3 WHERE id = 7",
            "INSERT INTO other (x) VALUES ('unrelated')",
            "UPDATE items SET name = 'desk lamp', price = 12.25 WHERE id = 7",
            "WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 300) "
                    + "INSERT INTO items SELECT v + 100, 'filler ' || v, v, 1.0 FROM s",
            "UPDATE tags SET label = 'blue' WHERE k = 'a' AND n = 2",
            "DELETE FROM items WHERE id = 7",
            "INSERT INTO other (x) VALUES ('still unrelated')",
            "INSERT INTO items VALUES (7, 'lamp', 5, NULL); DELETE FROM tags",
            "DELETE FROM items WHERE id BETWEEN 101 AND 250",
            "VACUUM",
            "UPDATE items SET qty = 6 WHERE id = 7",
            "INSERT INTO tags VALUES ('a', 2, 'green')");

    private final Path root;
    private final Instant base;
    private final List<Commit> commits;

    private LtxHistoryReplica(Path root, Instant base, List<Commit> commits) {
        this.root = root;
        this.base = base;
        this.commits = List.copyOf(commits);
    }

    /** Runs the workload in {@code dir} and writes the replica's files into {@code root}, level-0 TXID 1 at base. */
    public static LtxHistoryReplica build(Path dir, Path root, Instant base) throws Exception {
        List<Commit> commits = new ArrayList<>();
        List<byte[]> states = SqliteStates.capture(Files.createDirectories(dir).resolve("ltx-history.db"), PAGE,
                SCHEMA, TRANSACTIONS, (txid, c) -> commits.add(new Commit(txid,
                        HistoryReplica.row(c, "SELECT * FROM items WHERE id = 7"),
                        HistoryReplica.row(c, "SELECT * FROM tags WHERE k = 'a' AND n = 2"))));
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, PAGE, base).compact(1, 3).compact(2, 2)
                .snapshotAt(6, 12).keep(b -> b.level() != 0 || b.min() > PRUNED).build());
        return new LtxHistoryReplica(root, base, commits);
    }

    public Path root() {
        return root;
    }

    public String url() {
        return root.toUri().toString();
    }

    public Replica replica() {
        return new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root.toString()));
    }

    public List<Commit> commits() {
        return commits;
    }

    /** The time of level-0 file {@code txid}, which is the time of every compaction that ends at it. */
    public Instant time(long txid) {
        return LtxReplicaBuilder.l0Time(base, txid);
    }

    /** Every TXID a {@code -txid} restore reaches, ascending. */
    public List<Long> restorable() throws Exception {
        return new LtxHistory(new LtxCatalog(replica()).files(), HealthWarning.Settings.defaults())
                .restorableTxids();
    }

    /**
     * The distinct states of one row at the restorable TXIDs, each with the first TXID that holds it; the row's
     * absence before it first existed left out.
     */
    public List<Expected> expected(Function<Commit, Optional<Map<String, String>>> row) throws Exception {
        List<Expected> out = new ArrayList<>();
        for (long txid : restorable()) {
            Optional<Map<String, String>> state = row.apply(commits.get((int) txid - 1));
            if (out.isEmpty() ? state.isPresent() : !state.equals(out.get(out.size() - 1).row())) {
                out.add(new Expected(txid, state));
            }
        }
        return out;
    }
}
