package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.RequestCounters;
import dev.litescope.sql.history.RowHistory;
import dev.litescope.testsupport.FileWatch;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Sqlite3;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.Cancellation;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large objects over Cloud Storage, on a replica the real Litestream wrote (a 12 MB snapshot, then four 10 MB
 * transactions, one WAL segment each, and small ones), copied into the loopback server. The snapshot downloads
 * in slices side by side (ranged reads); WAL segments too large to hold (and those that find the memory window
 * full) download ahead into local copies beside the output instead of streaming one by one. The restore gives
 * `litestream restore`'s bytes, made copies while it ran and left none; a snapshot or a copy damaged on the way
 * is read again, and one damaged every time fails the restore, naming it, with nothing left. From the folder,
 * nothing is copied; a row's history moving through those segments streams them too.
 */
class GcsLargeObjectsTest {
    static final String BUCKET = "big";
    static final String ROOT = "tenants/t1/db";

    @TempDir
    static Path shared;
    static LoopbackGcs gcs;
    static Path folder;
    static Path expected;
    static String largest;
    static String snapshot;

    @TempDir
    Path tmp;

    @BeforeAll
    static void replicate() throws Exception {
        Path db = shared.resolve("big.db");
        Sqlite3.run(db, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; "
                + "CREATE TABLE t(id INTEGER PRIMARY KEY, noise BLOB); INSERT INTO t(noise) VALUES (randomblob(100)); "
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                + "INSERT INTO t(noise) SELECT randomblob(4000) FROM n;");
        folder = shared.resolve("replica");
        try (LitestreamProcess ls = LitestreamProcess.replicateToFolder(db, folder, "200ms")) {
            ls.awaitLog(Pattern.compile("msg=\"snapshot written\""), Duration.ofSeconds(60));
            for (int i = 0; i < 4; i++) {
                // 2,500 rows of 4,000 random bytes: a 10 MB transaction, stored about as large.
                Sqlite3.run(db, "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        + "WHERE i < 2500) INSERT INTO t(noise) SELECT randomblob(4000) FROM n; COMMIT; "
                        + "UPDATE t SET noise = randomblob(50) WHERE id = 1;");
                Thread.sleep(600);
            }
            ls.awaitLog(Pattern.compile("msg=\"wal segment written\""), Duration.ofSeconds(60));
            Thread.sleep(1500);
        }
        gcs = LoopbackGcs.start();
        gcs.createBucket(BUCKET);
        long most = 0;
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = ROOT + "/" + folder.relativize(p).toString().replace('\\', '/');
                gcs.put(BUCKET, name, Files.readAllBytes(p), Files.getLastModifiedTime(p).toInstant());
                if (name.endsWith(".snapshot.lz4")) {
                    snapshot = name;
                }
                if (name.endsWith(".wal.lz4") && Files.size(p) > most) {
                    most = Files.size(p);
                    largest = name;
                }
            }
        }
        assertThat(gcs.get(BUCKET, snapshot).length).as("snapshot, over two slices").isGreaterThan(2 * (4 << 20));
        assertThat(most).as("largest WAL segment, over a quarter of the memory window")
                .isGreaterThan(Prefetcher.BUDGET_BYTES / 4);
        expected = shared.resolve("litestream.db");
        LitestreamBinary.restore(expected, "file://" + folder).requireSuccess();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @BeforeEach
    void clear() {
        gcs.clearFaults();
        gcs.resetCounters();
    }

    /** Restores into {@code tmp/out.db}, returning the result and the most temporary files seen at once. */
    private Result restore(String url) throws Exception {
        return restore(url, "-no-cache");
    }

    /** @param cache {@code -no-cache}, or {@code -stats} to restore through the cache */
    private Result restore(String url, String cache) throws Exception {
        Path out = tmp.resolve("out.db");
        FileWatch.Watched<ProcResult> w = FileWatch.during(tmp, OutputFile.SUFFIX, () -> Litescope.run(Map.of(
                "STORAGE_EMULATOR_HOST", gcs.hostPort(), "XDG_CACHE_HOME", tmp.resolve("cache").toString()),
                "restore", cache, "-o", out.toString(), url));
        return new Result(w.result(), w.most());
    }

    private record Result(ProcResult run, int mostTemporaries) {
    }

    private long downloadsOf(String object) {
        return gcs.requests().stream().filter(q -> q.kind() == LoopbackGcs.Kind.MEDIA && object.equals(q.object()))
                .count();
    }

    @Test
    void theLargeSegmentsDownloadAheadIntoCopiesAndTheBytesAreLitestreams() throws Exception {
        Result r = restore("gs://" + BUCKET + "/" + ROOT);
        assertThat(r.run().exitCode()).as(r.run().stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out.db"))).isEqualTo(RestoreComparison.sha256(expected));
        // The output's temporary file and at least one copy at once.
        assertThat(r.mostTemporaries()).isGreaterThanOrEqualTo(2);
        assertThat(RestoreComparison.leftovers(tmp, "out.db", "cache")).isEmpty();
        assertThat(downloadsOf(largest)).isEqualTo(1);
        // The snapshot in 4 MiB ranges.
        assertThat(downloadsOf(snapshot)).isEqualTo((gcs.get(BUCKET, snapshot).length + (4 << 20) - 1) / (4 << 20));
    }

    @Test
    void aSnapshotDamagedOnTheWayIsReadAgainAndOneDamagedEveryTimeIsRefused() throws Exception {
        int slices = (gcs.get(BUCKET, snapshot).length + (4 << 20) - 1) / (4 << 20);
        gcs.corruptNextMedia(1, q -> snapshot.equals(q.object()));
        Result again = restore("gs://" + BUCKET + "/" + ROOT);
        assertThat(again.run().exitCode()).as(again.run().stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out.db"))).isEqualTo(RestoreComparison.sha256(expected));
        assertThat(downloadsOf(snapshot)).isEqualTo(2L * slices);
        Files.delete(tmp.resolve("out.db"));

        gcs.corruptNextMedia(10_000, q -> snapshot.equals(q.object()));
        Result refused = restore("gs://" + BUCKET + "/" + ROOT);
        assertThat(refused.run().exitCode()).isEqualTo(1);
        assertThat(refused.run().stderr()).contains("gs://" + BUCKET + "/" + snapshot)
                .contains("arrived damaged 3 times");
        assertThat(RestoreComparison.leftovers(tmp, "cache")).isEmpty();
    }

    @Test
    void slicesThatFailOrBreakOffAreReadAgain() throws Exception {
        gcs.failNext(2, 503, q -> snapshot.equals(q.object()));
        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 2);
        Result r = restore("gs://" + BUCKET + "/" + ROOT);
        assertThat(r.run().exitCode()).as(r.run().stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out.db"))).isEqualTo(RestoreComparison.sha256(expected));
    }

    @Test
    void throughTheCacheTheCopiesFillItAndTheNextRestoreDownloadsNothing() throws Exception {
        Result first = restore("gs://" + BUCKET + "/" + ROOT, "-stats");
        assertThat(first.run().exitCode()).as(first.run().stderr()).isZero();
        assertThat(first.mostTemporaries()).isGreaterThanOrEqualTo(2);
        assertThat(RestoreComparison.sha256(tmp.resolve("out.db"))).isEqualTo(RestoreComparison.sha256(expected));
        Files.delete(tmp.resolve("out.db"));
        gcs.resetCounters();
        Result second = restore("gs://" + BUCKET + "/" + ROOT, "-stats");
        assertThat(second.run().exitCode()).as(second.run().stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out.db"))).isEqualTo(RestoreComparison.sha256(expected));
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).as("downloads from a warm cache").isZero();
        assertThat(second.mostTemporaries()).as("nothing copied from the cache").isEqualTo(1);
    }

    /**
     * A row's history moves one working copy forward through the 10 MB segments of the WAL indexes after its first
     * point: it streams them from the store as a restore does, never reading one whole.
     */
    @Test
    void aRowHistoryStreamsTheLargeSegmentsItMovesThrough() throws Exception {
        FileObjectStore files = new FileObjectStore(folder);
        List<String> readWhole = new CopyOnWriteArrayList<>();
        List<String> streamed = new CopyOnWriteArrayList<>();
        ObjectStore watched = new ObjectStore() {
            @Override
            public Listing list(String prefix, boolean delimited) throws ObjectStoreException {
                return files.list(prefix, delimited);
            }

            @Override
            public Listing listFirst(String prefix, int max) throws ObjectStoreException {
                return files.listFirst(prefix, max);
            }

            @Override
            public InputStream open(ObjectInfo object) throws ObjectStoreException {
                streamed.add(object.key());
                return files.open(object);
            }

            @Override
            public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
                if (object.size() > Prefetcher.BUDGET_BYTES / 4) {
                    readWhole.add(object.key());
                }
                return files.readAll(object);
            }

            @Override
            public String describe(String key) {
                return files.describe(key);
            }

            @Override
            public RequestCounters counters() {
                return files.counters();
            }
        };
        Replica replica = new Replica(watched, "", ReplicaUrl.parse(folder.toString()));
        RowHistory.Result r = new RowHistory(replica, "t", RowHistory.parseKey(List.of("id=1")))
                .run(Files.createDirectories(tmp.resolve("history")), RowHistory.Listener.NONE, new Cancellation());
        // The first point is a full restore; the copy moves from there through the later indexes' large segments.
        assertThat(r.points()).isGreaterThanOrEqualTo(2);
        assertThat(r.versions()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(readWhole).as("segments over a quarter of the download window read whole").isEmpty();
        assertThat(streamed).contains(largest.substring(ROOT.length() + 1));
    }

    @Test
    void fromTheFolderNothingIsCopied() throws Exception {
        Result r = restore("file://" + folder);
        assertThat(r.run().exitCode()).as(r.run().stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out.db"))).isEqualTo(RestoreComparison.sha256(expected));
        assertThat(r.mostTemporaries()).isEqualTo(1);
    }

    @Test
    void aCopyDamagedOnTheWayIsDownloadedAgainAndOneDamagedEveryTimeIsRefused() throws Exception {
        gcs.corruptNextMedia(2, q -> largest.equals(q.object()));
        Result again = restore("gs://" + BUCKET + "/" + ROOT);
        assertThat(again.run().exitCode()).as(again.run().stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out.db"))).isEqualTo(RestoreComparison.sha256(expected));
        assertThat(downloadsOf(largest)).isEqualTo(3);
        Files.delete(tmp.resolve("out.db"));

        gcs.corruptNextMedia(100, q -> largest.equals(q.object()));
        Result refused = restore("gs://" + BUCKET + "/" + ROOT);
        assertThat(refused.run().exitCode()).isEqualTo(1);
        assertThat(refused.run().stderr()).contains("gs://" + BUCKET + "/" + largest)
                .contains("arrived damaged 3 times");
        assertThat(RestoreComparison.leftovers(tmp, "cache")).isEmpty();
        assertThat(List.of(tmp.resolve("out.db"))).noneMatch(Files::exists);
    }
}
