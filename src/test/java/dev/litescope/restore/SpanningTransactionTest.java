package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.testsupport.CliRefusals;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction whose frames span two segments, as the real Litestream 0.3.13 was seen to upload one (49 frames
 * and no commit in one segment, the commit in the next): made here by splitting a real replica's segment inside
 * a transaction. A restore through both segments is byte-identical to {@code litestream restore}; one that stops
 * between them is refused, naming the segment, where Litestream gives the state before the transaction.
 */
class SpanningTransactionTest {
    private static final int PAGE = 4096;
    private static final int FRAME = 24 + PAGE;

    @TempDir
    Path tmp;
    Path replica;
    String url;
    Split split;

    /** The segment split in two: the generation, its index, the halves' files, and their object times. */
    record Split(Generation generation, int index, Path first, Path second, Instant firstTime, Instant secondTime) {
    }

    @BeforeEach
    void plant() throws Exception {
        replica = ReplicaFixture.copyOf(ReplicaFixture.shared(PAGE, Workload.standard(PAGE)), tmp.resolve("replica"))
                .replicaDir();
        url = "file://" + replica;
        split = splitInsideATransaction();
    }

    @Test
    void aTransactionAcrossTwoSegmentsRestoresAsLitestreamDoes() throws Exception {
        String[] flags = {"-generation", split.generation().name(), "-index", String.format("%08x", split.index())};
        Path ours = tmp.resolve("ours.db");
        ProcResult r = CliRefusals.restore(ours, url, flags);
        assertThat(r.exitCode()).as("litescope restore: %s", r.stderr()).isZero();
        Path theirs = tmp.resolve("theirs.db");
        ProcResult l = LitestreamBinary.restore(theirs, url, flags);
        assertThat(l.ok()).as("litestream restore: %s", l).isTrue();
        assertThat(RestoreComparison.sha256(ours)).isEqualTo(RestoreComparison.sha256(theirs));
    }

    @Test
    void aRestoreThatStopsInsideTheTransactionIsRefusedNamingTheSegment() throws Exception {
        Instant between = split.firstTime().plusMillis(1);
        String[] flags = {"-generation", split.generation().name(), "-timestamp", between.toString()};
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        Path out = outDir.resolve("restored.db");
        ProcResult r = CliRefusals.restore(out, url, flags);
        CliRefusals.assertRefused(r, out, RestoreComparison.leftovers(outDir, "restored.db"),
                "stops inside a transaction", split.first().getFileName().toString(),
                "litestream restore would give the state before the transaction");
        assertThat(LitestreamBinary.restore(tmp.resolve("ls.db"), url, flags).exitCode())
                .as("litestream restore exits 0 here, a transaction short").isZero();
    }

    /**
     * Splits the first segment (offset > 0, at or above a snapshot, with a later segment after it in its index)
     * whose first transaction has several frames, after that transaction's first frame; the halves get object
     * times 2 ms apart, the second at the original's.
     */
    private Split splitInsideATransaction() throws Exception {
        Catalog catalog = new Catalog(Replicas.open(ReplicaUrl.parse(url)));
        for (Generation g : catalog.allGenerations()) {
            int firstSnapshot = g.snapshots().isEmpty() ? Integer.MAX_VALUE : g.snapshots().get(0).index();
            for (int i = 1; i + 1 < g.walSegments().size(); i++) {
                WalSegment s = g.walSegments().get(i);
                WalSegment before = g.walSegments().get(i - 1);
                if (s.index() < firstSnapshot || s.offset() == 0 || g.walSegments().get(i + 1).index() != s.index()
                        || !before.created().isBefore(s.created().minusMillis(3))) {
                    continue;
                }
                Path file = replica.resolve(s.object().key());
                byte[] wal = RestoreRefusalTest.decompress(file);
                if (wal.length < 2 * FRAME || ByteBuffer.wrap(wal, 4, 4).getInt() != 0) {
                    continue; // the first frame commits: no transaction of several frames starts this segment
                }
                Path first = file.resolveSibling(String.format("%08x_%08x.wal.lz4", s.index(), s.offset()));
                Path second = file.resolveSibling(String.format("%08x_%08x.wal.lz4", s.index(), s.offset() + FRAME));
                Files.delete(file);
                Instant t = s.created();
                Files.write(first, RestoreRefusalTest.compress(Arrays.copyOfRange(wal, 0, FRAME)));
                Files.write(second, RestoreRefusalTest.compress(Arrays.copyOfRange(wal, FRAME, wal.length)));
                Files.setLastModifiedTime(first, FileTime.from(t.minusMillis(2)));
                Files.setLastModifiedTime(second, FileTime.from(t));
                return new Split(g, s.index(), first, second, t.minusMillis(2), t);
            }
        }
        throw new AssertionError("fixture has no segment that starts with a transaction of several frames");
    }
}
