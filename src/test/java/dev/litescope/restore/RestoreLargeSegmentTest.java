package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Sqlite3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL segment far larger than the heap: after its first snapshot of a small database, the real Litestream
 * replicates one bulk import (a single 300 MB transaction of random bytes, so about as large stored), which it
 * uploads as one WAL segment. Litescope restores it in a child JVM limited to a 128 MB heap, at
 * {@code -parallelism 64}, to the bytes {@code litestream restore} writes: holding the segment, its decoded
 * content or the transaction's frames until its commit would fail with an OutOfMemoryError. The size is
 * {@code -Dlitescope.largeSegmentMb=N} (default 300).
 */
class RestoreLargeSegmentTest {
    @TempDir
    Path tmp;

    @Test
    void aBulkImportSegmentTwiceTheHeapRestoresByteIdenticalToLitestream() throws Exception {
        int mb = Integer.getInteger("litescope.largeSegmentMb", 300);
        Path db = tmp.resolve("bulk.db");
        Sqlite3.run(db, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; "
                + "CREATE TABLE t(id INTEGER PRIMARY KEY, noise BLOB); INSERT INTO t(noise) VALUES (randomblob(100));");
        Path replica = tmp.resolve("replica");
        try (LitestreamProcess ls = LitestreamProcess.replicateToFolder(db, replica, "200ms")) {
            ls.awaitLog(Pattern.compile("msg=\"snapshot written\""), Duration.ofSeconds(60));
            // 4000 random bytes a row, 250 rows a MB, all in one transaction.
            Sqlite3.run(db, "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                    + "FROM n WHERE i < " + (mb * 250) + ") INSERT INTO t(noise) SELECT randomblob(4000) FROM n; "
                    + "COMMIT;");
            ls.awaitLog(Pattern.compile("msg=\"wal segment written\".*\\bsz=[0-9]{9,}"), Duration.ofSeconds(180));
            Sqlite3.run(db, "UPDATE t SET noise = randomblob(10) WHERE id = 1;");
            Thread.sleep(1500);
        }
        long segmentBytes;
        try (Stream<Path> s = Files.walk(replica)) {
            segmentBytes = s.filter(p -> p.toString().endsWith(".wal.lz4"))
                    .mapToLong(p -> p.toFile().length()).max().orElseThrow();
        }
        assertThat(segmentBytes).as("largest stored WAL segment").isGreaterThan(2 * RestoreLargeSnapshotTest.HEAP);
        String url = "file://" + replica;

        Path expected = tmp.resolve("litestream.db");
        LitestreamBinary.run(Duration.ofSeconds(300), "restore", "-o", expected.toString(), url).requireSuccess();
        assertThat(Files.size(expected)).isGreaterThan(mb * 1_000_000L);

        Path out = tmp.resolve("litescope.db");
        String peak = RestoreLargeSnapshotTest.restoreInSmallHeap(out, url);
        System.out.printf("WAL segment %.1f MiB stored, database %.1f MiB, under a %d MiB heap: %s%n",
                segmentBytes / 1048576.0, Files.size(out) / 1048576.0, RestoreLargeSnapshotTest.HEAP >> 20, peak);
        assertThat(RestoreComparison.sha256(out)).isEqualTo(RestoreComparison.sha256(expected));
    }
}
