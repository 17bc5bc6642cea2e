package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Sqlite3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot far larger than the heap: the real Litestream replicates a 300 MB database (half random bytes, half
 * zeros, so the snapshot is about 150 MB stored), then a few more transactions as WAL segments; Litescope restores
 * it in a child JVM limited to a 128 MB heap, at {@code -parallelism 64}, to the bytes {@code litestream restore}
 * writes. Holding the snapshot, or its decoded content, would fail with an OutOfMemoryError. The size is
 * {@code -Dlitescope.largeSnapshotMb=N} (default 300).
 */
class RestoreLargeSnapshotTest {
    static final long HEAP = 128L << 20;

    @TempDir
    Path tmp;

    @Test
    void aSnapshotTwiceTheHeapRestoresByteIdenticalToLitestream() throws Exception {
        int mb = Integer.getInteger("litescope.largeSnapshotMb", 300);
        Path db = tmp.resolve("big.db");
        // 4000-byte rows of which half are random: 250 rows a MB.
        Sqlite3.run(db, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; "
                + "CREATE TABLE t(id INTEGER PRIMARY KEY, noise BLOB, fill BLOB); "
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + (mb * 250) + ") "
                + "INSERT INTO t(noise, fill) SELECT randomblob(2000), zeroblob(2000) FROM n; "
                + "PRAGMA wal_checkpoint(TRUNCATE);");
        assertThat(Files.size(db)).isGreaterThan(mb * 1_000_000L);

        Path replica = tmp.resolve("replica");
        try (LitestreamProcess ls = LitestreamProcess.replicateToFolder(db, replica, "200ms")) {
            ls.awaitLog(Pattern.compile("msg=\"snapshot written\""), Duration.ofSeconds(120));
            for (int i = 0; i < 3; i++) {
                Sqlite3.run(db, "UPDATE t SET fill = randomblob(2000) WHERE id % 997 = " + i + ";");
                ls.awaitLog(Pattern.compile("msg=\"wal segment written\".*position=[0-9a-f]{16}/[0-9a-f]{8}:[1-9]"),
                        Duration.ofSeconds(30));
            }
            Thread.sleep(1000);
        }
        long snapshotBytes;
        try (Stream<Path> s = Files.walk(replica)) {
            snapshotBytes = s.filter(p -> p.toString().endsWith(".snapshot.lz4"))
                    .mapToLong(p -> p.toFile().length()).max().orElseThrow();
        }
        assertThat(snapshotBytes).as("stored snapshot").isGreaterThan(HEAP);
        String url = "file://" + replica;

        Path expected = tmp.resolve("litestream.db");
        LitestreamBinary.run(Duration.ofSeconds(300), "restore", "-o", expected.toString(), url).requireSuccess();

        Path out = tmp.resolve("litescope.db");
        String peak = restoreInSmallHeap(out, url);
        System.out.printf("snapshot %.1f MiB stored, database %.1f MiB, under a %d MiB heap: %s%n",
                snapshotBytes / 1048576.0, Files.size(out) / 1048576.0, HEAP >> 20, peak);
        assertThat(RestoreComparison.sha256(out)).isEqualTo(RestoreComparison.sha256(expected));
    }

    /**
     * Restores {@code url} into {@code out} with {@code litescope restore -parallelism 64} in a child JVM limited
     * to a {@link #HEAP} heap, which must succeed.
     *
     * @return the child's "peak-heap N" line: the most the heap held after a collection
     */
    static String restoreInSmallHeap(Path out, String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx" + (HEAP >> 20) + "m", "-cp", System.getProperty("java.class.path"),
                RestoreMemoryTest.Probe.class.getName(), out.toString(), url).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output.lines().filter(l -> l.startsWith("peak-heap ")).findFirst().orElse("");
    }
}
