package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.CliRefusals;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Sqlite3;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot of several 4 MiB blocks, which {@link ParallelLz4Decoder} decodes on a pool: the real Litestream
 * replicates a 24 MB database; its snapshot decodes on the pool as {@code lz4 -d} decodes it, the restore is
 * byte-identical to {@code litestream restore} at every parallelism, and a copy of the replica with a byte
 * flipped in a middle block, the frame cut short, or its content checksum changed is refused naming the
 * snapshot, leaving no output file.
 */
class SnapshotBlocksTest {
    @TempDir
    static Path tmp;

    static Path replica;
    static Path snapshot;

    @BeforeAll
    static void replicate() throws Exception {
        Path db = tmp.resolve("blocks.db");
        // 6,000 rows of 4,000 bytes, half random: about 24 MB, six 4 MiB blocks stored at about half.
        Sqlite3.run(db, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; "
                + "CREATE TABLE t(id INTEGER PRIMARY KEY, noise BLOB, fill BLOB); "
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
                + "INSERT INTO t(noise, fill) SELECT randomblob(2000), zeroblob(2000) FROM n; "
                + "PRAGMA wal_checkpoint(TRUNCATE);");
        replica = tmp.resolve("replica");
        try (LitestreamProcess ls = LitestreamProcess.replicateToFolder(db, replica, "200ms")) {
            ls.awaitLog(Pattern.compile("msg=\"snapshot written\""), Duration.ofSeconds(60));
            Sqlite3.run(db, "UPDATE t SET fill = randomblob(2000) WHERE id % 97 = 0;");
            ls.awaitLog(Pattern.compile("msg=\"wal segment written\".*position=[0-9a-f]{16}/[0-9a-f]{8}:[1-9]"),
                    Duration.ofSeconds(30));
            Thread.sleep(500);
        }
        try (Stream<Path> s = Files.walk(replica)) {
            snapshot = s.filter(p -> p.toString().endsWith(".snapshot.lz4")).findFirst().orElseThrow();
        }
        byte[] frame = Files.readAllBytes(snapshot);
        assertThat((frame[4] & 0x20) != 0).as("independent blocks").isTrue();
        assertThat(blockStarts(frame).length).as("blocks").isGreaterThanOrEqualTo(5);
    }

    @Test
    void restoresByteIdenticalToLitestreamAtEveryParallelism() throws Exception {
        RestoreComparison compare = new RestoreComparison(Files.createDirectories(tmp.resolve("compare")));
        for (String parallelism : new String[] {"1", "2", "8"}) {
            RestoreComparison.Outcome o = compare.compare("file://" + replica, "-parallelism", parallelism);
            assertThat(o.agree()).as("%s", o).isTrue();
            assertThat(o.litescope().exitCode()).as("%s", o).isZero();
        }
    }

    /** The pool's decoding of Litestream's own frame, on two threads and on one, against {@code lz4 -d}. */
    @Test
    void theSnapshotDecodesOnThePoolAsLz4DecodesIt() throws Exception {
        Path expected = tmp.resolve("snapshot.db");
        Process p = new ProcessBuilder("lz4", "-q", "-d", "-f", snapshot.toString(), expected.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("lz4 -d").isTrue();
        byte[] want = Files.readAllBytes(expected);
        assertThat(want.length).isGreaterThan(20_000_000);
        for (int threads : new int[] {1, 2, 4}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(snapshot)) {
                new ParallelLz4Decoder(threads, ParallelLz4Decoder.BUDGET_BYTES).decode(in, out::write);
            }
            assertThat(out.toByteArray()).as("%d threads", threads).isEqualTo(want);
        }
    }

    @Test
    void aRestoreDecodesOnEveryCoreButOneWithinItsParallelism() {
        RestoreOptions defaults = RestoreOptions.defaults();
        assertThat(ParallelLz4Decoder.forCores(defaults, 2).threads()).isEqualTo(1);
        assertThat(ParallelLz4Decoder.forCores(defaults, 1).threads()).isEqualTo(1);
        assertThat(ParallelLz4Decoder.forCores(defaults, 4).threads()).isEqualTo(3);
        RestoreOptions two = new RestoreOptions(2, false, RestoreOptions.IntegrityCheck.QUICK);
        assertThat(ParallelLz4Decoder.forCores(two, 16).threads()).isEqualTo(2);
    }

    @Test
    void aDamagedSnapshotIsRefusedNamingItAndLeavesNoOutput() throws Exception {
        byte[] frame = Files.readAllBytes(snapshot);
        int[] blocks = blockStarts(frame);
        byte[] flipped = frame.clone();
        flipped[blocks[2] + 4 + 5000] ^= 0x10;
        assertRefused("flipped", flipped, "cannot be decoded");
        assertRefused("truncated", Arrays.copyOf(frame, blocks[3] + 100), "truncated LZ4 frame");
        byte[] checksum = frame.clone();
        checksum[checksum.length - 1] ^= 1;
        assertRefused("checksum", checksum, "content checksum mismatch");
    }

    private static void assertRefused(String name, byte[] damaged, String message) throws Exception {
        Path copy = tmp.resolve("damaged-" + name);
        copyTree(replica, copy);
        Path object = copy.resolve(replica.relativize(snapshot));
        Files.write(object, damaged);
        Path outDir = Files.createDirectories(tmp.resolve("out-" + name));
        Path out = outDir.resolve("restored.db");
        ProcResult r = CliRefusals.restore(out, "file://" + copy);
        CliRefusals.assertRefused(r, out, RestoreComparison.leftovers(outDir, "restored.db"), object.toString(),
                message);
    }

    /** Where each block's 4-byte size starts, after the 7-byte descriptor Litestream writes. */
    private static int[] blockStarts(byte[] frame) {
        int[] starts = new int[0];
        int at = 7;
        while (true) {
            int size = Lz4Frame.le32(frame, at);
            if (size == 0) {
                return starts;
            }
            starts = Arrays.copyOf(starts, starts.length + 1);
            starts[starts.length - 1] = at;
            at += 4 + (size & 0x7fffffff) + ((frame[4] & 0x10) != 0 ? 4 : 0);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
