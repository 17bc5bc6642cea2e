package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.restore.v3.Restorer;
import dev.litescope.testsupport.CliRefusals;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.util.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal on a copy of a real replica with the defect planted: each checks the message, that no output
 * file (nor any temporary file) is left, and what the real litestream restore does with the same replica.
 */
class RestoreRefusalTest {
    static ReplicaFixture original;

    @TempDir
    Path tmp;

    Path replica;
    String url;
    Path outDir;
    Path out;
    Catalog catalog;
    Generation latest;

    @BeforeAll
    static void fixture() {
        original = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    @BeforeEach
    void copy() throws Exception {
        replica = ReplicaFixture.copyOf(original, tmp.resolve("replica")).replicaDir();
        url = "file://" + replica;
        outDir = Files.createDirectories(tmp.resolve("out"));
        out = outDir.resolve("restored.db");
        catalog = catalog();
        List<Generation> all = catalog.allGenerations();
        latest = all.stream().max((a, b) -> a.bounds().get().end().compareTo(b.bounds().get().end())).orElseThrow();
    }

    private Catalog catalog() throws Exception {
        return new Catalog(Replicas.open(ReplicaUrl.parse(url)));
    }

    @Test
    void aGapBetweenSegmentsIsRefusedWhereLitestreamWritesACorruptFile() throws Exception {
        Victim v = segmentWithSuccessorInIndex();
        delete(v.segment());
        ProcResult r = restore(v.flags());
        assertRefused(r, "The replica has a gap between offsets 0x" + Long.toHexString(v.segment().offset()),
                "restoring past it would corrupt the database", replica.resolve(v.next().object().key()).toString());
        assertThat(LitestreamBinary.restore(tmp.resolve("ls.db"), url, v.flags()).exitCode())
                .as("litestream restore exits 0 on this replica").isZero();
    }

    @Test
    void aMissingWalIndexIsRefused() throws Exception {
        Victim v = indexFollowedByAnother();
        for (WalSegment w : v.generation().walSegments()) {
            if (w.index() == v.segment().index()) {
                delete(w);
            }
        }
        ProcResult r = restore(v.flags());
        assertRefused(r, String.format("missing WAL index: %s/%08x", v.generation().name(), v.segment().index()));
        assertThat(LitestreamBinary.restore(tmp.resolve("ls.db"), url, v.flags()).ok()).isFalse();
    }

    @Test
    void aMissingInitialSegmentIsRefusedEvenBelowTheSnapshotAsLitestreamDoes() throws Exception {
        Generation g = generationWithSnapshotAbove(1);
        WalSegment first = g.walSegments().get(0);
        assertThat(first.offset()).isZero();
        assertThat(g.walSegments().stream().filter(w -> w.index() == first.index()).count()).isGreaterThan(1);
        delete(first);
        ProcResult r = restore("-generation", g.name());
        assertRefused(r, "missing initial wal segment", String.format("%08x", first.index()));
        assertThat(LitestreamBinary.restore(tmp.resolve("ls.db"), url, "-generation", g.name()).ok()).isFalse();
    }

    @Test
    void aGenerationWithoutSnapshotsIsRefused() throws Exception {
        for (Snapshot s : latest.snapshots()) {
            Files.delete(replica.resolve(s.object().key()));
        }
        ProcResult r = restore("-generation", latest.name());
        assertRefused(r, "no snapshots available in generation " + latest.name());
        assertThat(LitestreamBinary.restore(tmp.resolve("ls.db"), url, "-generation", latest.name()).ok()).isFalse();
    }

    @Test
    void aCorruptLz4FrameIsRefusedNamingTheObject() throws Exception {
        Victim v = segmentWithSuccessorInIndex();
        Path file = replica.resolve(v.segment().object().key());
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x5a;
        rewriteKeepingTime(file, b);
        ProcResult r = restore(v.flags());
        assertRefused(r, file.toString(), "cannot be decoded", "corrupt");
    }

    @Test
    void aChecksumBreakBeforeTheLastCommitIsRefusedWhereLitestreamDropsData() throws Exception {
        Victim v = segmentWithSuccessorInIndex();
        Path file = replica.resolve(v.segment().object().key());
        byte[] wal = decompress(file);
        int firstFrameData = (v.segment().offset() == 0 ? 32 : 0) + 24;
        wal[firstFrameData + 7] ^= 0x01;
        rewriteKeepingTime(file, compress(wal));
        ProcResult r = restore(v.flags());
        assertRefused(r, "fails its checksum", "a committed transaction follows", "silently drop");
        assertThat(LitestreamBinary.restore(tmp.resolve("ls.db"), url, v.flags()).exitCode())
                .as("litestream restore exits 0 and silently loses the rest of the index").isZero();
    }

    @Test
    void anIndexThatDoesNotExistIsRefusedWhereLitestreamRestoresSomethingElse() throws Exception {
        ProcResult r = restore("-generation", latest.name(), "-index", "00abcdef");
        assertRefused(r, "index 00abcdef does not exist in generation " + latest.name());
        assertThat(LitestreamBinary.restore(tmp.resolve("ls.db"), url, "-generation", latest.name(), "-index",
                "00abcdef").exitCode()).isZero();
    }

    @Test
    void anUnknownGenerationIsRefused() {
        assertRefused(restore("-generation", "0123456789abcdef"), "generation 0123456789abcdef does not exist");
    }

    @Test
    void anExistingOutputIsKeptUnlessForced() throws Exception {
        Files.writeString(out, "precious");
        ProcResult refused = restore();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("already exists").contains("-force");
        assertThat(Files.readString(out)).isEqualTo("precious");
        assertThat(RestoreComparison.leftovers(outDir, "restored.db")).isEmpty();

        Files.writeString(Path.of(out + "-wal"), "stale wal of the old database");
        ProcResult forced = restore("-force");
        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        ProcResult ls = LitestreamBinary.restore(tmp.resolve("ls.db"), url).requireSuccess();
        assertThat(RestoreComparison.sha256(out)).isEqualTo(RestoreComparison.sha256(tmp.resolve("ls.db")));
        assertThat(RestoreComparison.leftovers(outDir, "restored.db")).as("stale -wal removed, nothing else").isEmpty();
        assertThat(ls.ok()).isTrue();
    }

    @Test
    void aStaleWalBesideTheOutputIsRefused() throws Exception {
        Files.writeString(Path.of(out + "-wal"), "stale");
        ProcResult r = restore();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("restored.db-wal exists").contains("SQLite would apply it");
        assertThat(out).doesNotExist();
    }

    @Test
    void aStaleHotJournalBesideTheOutputIsRefusedAndForceRemovesIt() throws Exception {
        Files.writeString(Path.of(out + "-journal"), "hot journal of an older database");
        ProcResult r = restore();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("restored.db-journal exists").contains("SQLite would roll it back");
        assertThat(out).doesNotExist();

        Files.writeString(Path.of(out + "-shm"), "stale shm");
        ProcResult forced = restore("-force");
        assertThat(forced.exitCode()).as(forced.stderr()).isZero();
        assertThat(RestoreComparison.leftovers(outDir, "restored.db")).as("-journal and -shm removed").isEmpty();
    }

    @Test
    void aKilledRestoresTemporaryFileIsRemovedByTheNextRestore() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Path left = Files.writeString(outDir.resolve(".restored.db." + exited.pid() + ".17.litescope-tmp"),
                "what a restore killed with SIGKILL leaves");
        ProcResult r = restore();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(left).doesNotExist();
        assertThat(RestoreComparison.leftovers(outDir, "restored.db")).isEmpty();
    }

    @Test
    void theOutputIsPrivateAndAlone() throws Exception {
        ProcResult r = restore("-integrity-check", "full");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("integrity ok");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(RestoreComparison.leftovers(outDir, "restored.db")).isEmpty();
    }

    @Test
    void cancellingMidwayLeavesNothing() throws Exception {
        RestorePlan plan = null;
        for (Generation g : catalog.allGenerations()) {
            RestorePlan p = new Planner(catalog).plan(RestoreTarget.index(g.name(),
                    g.walSegments().get(g.walSegments().size() - 1).index()));
            if (plan == null || p.segments().size() > plan.segments().size()) {
                plan = p;
            }
        }
        assertThat(plan.segments()).hasSizeGreaterThan(3);
        RestorePlan chosen = plan;
        Cancellation cancel = new Cancellation();
        AtomicInteger seen = new AtomicInteger();
        Restorer restorer = new Restorer(catalog.replica());
        assertThatThrownBy(() -> restorer.restore(chosen, out, RestoreOptions.defaults().withParallelism(2), p -> {
            if (p.objectsDone() >= 2 && seen.incrementAndGet() == 1) {
                cancel.cancel();
            }
        }, cancel)).isInstanceOf(Cancellation.CancelledException.class);
        assertThat(RestoreComparison.leftovers(outDir)).isEmpty();
    }

    @Test
    void aDatabaseThatFailsTheIntegrityCheckIsNotWritten() throws Exception {
        // A hand-made replica: one snapshot of a database whose second page is garbage, and no WAL.
        Path good = tmp.resolve("good.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + good); var s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES (1), (2), (3)");
        }
        byte[] db = Files.readAllBytes(good);
        int pageSize = ((db[16] & 0xff) << 8) | (db[17] & 0xff);
        for (int i = pageSize + 8; i < 2 * pageSize; i++) {
            db[i] = (byte) 0xa5;
        }
        Path hand = tmp.resolve("hand");
        Path snap = hand.resolve("generations/0000000000000001/snapshots/00000000.snapshot.lz4");
        Files.createDirectories(snap.getParent());
        Files.write(snap, compress(db));
        String handUrl = "file://" + hand;
        ProcResult r = Litescope.run("restore", "-o", out.toString(), "-integrity-check", "quick", handUrl);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("fails SQLite's quick integrity check").contains("was not written");
        assertThat(RestoreComparison.leftovers(outDir)).isEmpty();
        assertThat(Litescope.run("restore", "-o", out.toString(), "-integrity-check", "none", handUrl).exitCode())
                .isZero();
    }

    // --- helpers ---

    private ProcResult restore(String... flags) {
        return CliRefusals.restore(out, url, flags);
    }

    private void assertRefused(ProcResult r, String... fragments) {
        CliRefusals.assertRefused(r, out, RestoreComparison.leftovers(outDir, "restored.db"), fragments);
    }

    private static Snapshot latestSnapshot(Generation g) {
        return g.snapshots().get(g.snapshots().size() - 1);
    }

    /** A planted defect and the restore target that must run into it. */
    record Victim(Generation generation, WalSegment segment, WalSegment next, String[] flags) {
    }

    /**
     * A segment at offset > 0 that has a later segment in its index, and a target (-generation, -index) whose
     * restore applies that index on top of a snapshot at or below it.
     */
    private Victim segmentWithSuccessorInIndex() throws Exception {
        for (Generation g : catalog.allGenerations()) {
            List<WalSegment> segs = g.walSegments();
            int firstSnapshot = g.snapshots().get(0).index();
            for (int i = 0; i + 1 < segs.size(); i++) {
                WalSegment s = segs.get(i);
                if (s.index() >= firstSnapshot && s.offset() > 0 && segs.get(i + 1).index() == s.index()) {
                    return new Victim(g, s, segs.get(i + 1), new String[] {"-generation", g.name(), "-index",
                            String.format("%08x", s.index())});
                }
            }
        }
        throw new AssertionError("fixture has no WAL index with three segments at or above a snapshot");
    }

    /** An index j with segments, a later index k with segments, and no snapshot in (j, k]. */
    private Victim indexFollowedByAnother() throws Exception {
        for (Generation g : catalog.allGenerations()) {
            for (Snapshot snap : g.snapshots()) {
                int j = snap.index();
                Set<Integer> snapshotIndexes = new HashSet<>();
                g.snapshots().forEach(x -> snapshotIndexes.add(x.index()));
                Optional<WalSegment> first = g.walSegments().stream().filter(w -> w.index() == j).findFirst();
                Optional<WalSegment> later = g.walSegments().stream()
                        .filter(w -> w.index() == j + 1 && !snapshotIndexes.contains(j + 1)).findFirst();
                if (first.isPresent() && later.isPresent()) {
                    return new Victim(g, first.get(), later.get(), new String[] {"-generation", g.name(), "-index",
                            String.format("%08x", j + 1)});
                }
            }
        }
        throw new AssertionError("fixture has no snapshot followed by two WAL indexes");
    }

    /** A generation whose first WAL index has several segments and lies below one of its snapshots. */
    private Generation generationWithSnapshotAbove(int minSegments) throws Exception {
        for (Generation g : catalog.allGenerations()) {
            Map<Integer, Integer> counts = new TreeMap<>();
            g.walSegments().forEach(w -> counts.merge(w.index(), 1, Integer::sum));
            if (!g.walSegments().isEmpty() && counts.get(g.walSegments().get(0).index()) > minSegments
                    && latestSnapshot(g).index() > g.walSegments().get(0).index()) {
                return g;
            }
        }
        throw new AssertionError("fixture has no generation with a snapshot above its first WAL index");
    }

    private void delete(WalSegment w) throws Exception {
        Files.delete(replica.resolve(w.object().key()));
    }

    static void rewriteKeepingTime(Path file, byte[] content) throws Exception {
        FileTime t = Files.getLastModifiedTime(file);
        Files.write(file, content);
        Files.setLastModifiedTime(file, t);
    }

    static byte[] decompress(Path file) throws Exception {
        try (InputStream in = new LZ4FrameInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static byte[] compress(byte[] data) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream o = new LZ4FrameOutputStream(bos, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
            o.write(data);
        }
        return bos.toByteArray();
    }
}
