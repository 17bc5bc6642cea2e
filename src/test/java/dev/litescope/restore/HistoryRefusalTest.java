package dev.litescope.restore;

import static dev.litescope.restore.RestoreRefusalTest.compress;
import static dev.litescope.restore.RestoreRefusalTest.decompress;
import static dev.litescope.restore.RestoreRefusalTest.rewriteKeepingTime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.testsupport.AppDatabase;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refusals of what is not one generation's own history, planted in copies of real replicas (two workloads, two
 * page sizes): another generation's WAL index or snapshot copied in, a torn or damaged tail of the newest
 * segment, and a file SQLite's quick_check rejects. Each also records what {@code litestream restore} does with
 * the same copy: it exits 0 with the wrong database, except for the foreign WAL index, which it applies before
 * SQLite's checkpoint calls the result malformed (without naming any object).
 */
class HistoryRefusalTest {
    @TempDir
    Path tmp;

    Path replica;
    String url;
    Path outDir;
    Path out;
    List<Generation> generations;

    static Stream<ReplicaFixture> fixtures() {
        return Stream.of(ReplicaFixture.shared(4096, Workload.standard(4096)),
                ReplicaFixture.shared(1024, Workload.standard(1024)));
    }

    private void copy(ReplicaFixture f) throws Exception {
        replica = ReplicaFixture.copyOf(f, tmp.resolve("replica")).replicaDir();
        url = "file://" + replica;
        outDir = Files.createDirectories(tmp.resolve("out"));
        out = outDir.resolve("restored.db");
        generations = new Catalog(Replicas.open(ReplicaUrl.parse(url))).allGenerations().stream()
                .filter(g -> g.bounds().isPresent() && !g.snapshots().isEmpty())
                .sorted(Comparator.comparing((Generation g) -> g.bounds().get().start())).toList();
        assertThat(generations).as("generations of %s", f).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aWalIndexOfAnotherGenerationCopiedInAsTheNextIndexIsRefused(ReplicaFixture f) throws Exception {
        copy(f);
        Generation target = generations.get(generations.size() - 1);
        Generation other = generations.get(0);
        int next = target.walSegments().get(target.walSegments().size() - 1).index() + 1;
        int foreign = other.walSegments().get(other.walSegments().size() - 1).index();
        Instant t = target.bounds().get().end();
        String first = null;
        for (WalSegment w : other.walSegments()) {
            if (w.index() != foreign) {
                continue;
            }
            t = t.plusMillis(1);
            Path to = replica.resolve(Names.walDir(target.name()) + Names.hex8(next) + "_" + Names.hex8(w.offset())
                    + ".wal.lz4");
            Files.copy(replica.resolve(w.object().key()), to);
            Files.setLastModifiedTime(to, FileTime.from(t));
            first = first == null ? to.toString() : first;
        }
        ProcResult r = restore("-generation", target.name());
        assertRefused(r, String.format("WAL index %08x of generation %s does not continue the WAL index before it",
                next, target.name()), first, "salt-1", "another generation");
        ProcResult ls = LitestreamBinary.restore(tmp.resolve("ls.db"), url, "-generation", target.name());
        // It applies the foreign index, and only SQLite's checkpoint then finds the result malformed.
        assertThat(ls.ok()).isFalse();
        assertThat(ls.stderr()).contains("database disk image is malformed");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void anOlderGenerationsSnapshotCopiedOverThisOnesIsRefused(ReplicaFixture f) throws Exception {
        copy(f);
        Generation target = generations.get(generations.size() - 1);
        Snapshot victim = target.snapshots().get(0);
        Snapshot foreign = generations.get(0).snapshots().get(0);
        rewriteKeepingTime(replica.resolve(victim.object().key()),
                Files.readAllBytes(replica.resolve(foreign.object().key())));
        // Litestream applies the WAL onto it, and only SQLite's checkpoint then finds the result malformed.
        assertForeignSnapshotRefused(target, victim, false);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aNewerGenerationsSnapshotCopiedOverThisOnesIsRefused(ReplicaFixture f) throws Exception {
        copy(f);
        Generation target = generations.get(0);
        Snapshot victim = target.snapshots().get(0);
        Generation newest = generations.get(generations.size() - 1);
        Snapshot foreign = newest.snapshots().get(newest.snapshots().size() - 1);
        rewriteKeepingTime(replica.resolve(victim.object().key()),
                Files.readAllBytes(replica.resolve(foreign.object().key())));
        // The newer state is kept where the WAL does not rewrite it: Litestream exits 0 with a mixture.
        assertForeignSnapshotRefused(target, victim, true);
    }

    private void assertForeignSnapshotRefused(Generation target, Snapshot victim, boolean litestreamExitsZero)
            throws Exception {
        String[] flags = {"-generation", target.name(), "-index", Names.hex8(victim.index())};
        ProcResult r = restore(flags);
        assertRefused(r, "snapshot " + replica.resolve(victim.object().key()),
                "does not belong to the WAL applied on top of it", "change counter");
        ProcResult ls = LitestreamBinary.restore(tmp.resolve("ls.db"), url, flags);
        if (litestreamExitsZero) {
            assertThat(ls.exitCode()).as("litestream restore mixes the two: %s", ls.stderr()).isZero();
        } else {
            assertThat(ls.ok()).isFalse();
            assertThat(ls.stderr()).contains("database disk image is malformed");
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aPartialFrameAtTheEndOfTheNewestSegmentIsRefused(ReplicaFixture f) throws Exception {
        copy(f);
        WalSegment last = newestSegment();
        Path file = replica.resolve(last.object().key());
        byte[] wal = decompress(file);
        rewriteKeepingTime(file, compress(Arrays.copyOf(wal, wal.length - 100)));
        ProcResult r = restore();
        assertRefused(r, file.toString(), "ends with a partial frame", "Litestream uploads only whole");
        ProcResult ls = LitestreamBinary.restore(tmp.resolve("ls.db"), url);
        assertThat(ls.exitCode()).as("litestream restore quietly drops the last transaction: %s", ls.stderr())
                .isZero();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aFrameFailingItsChecksumAtTheEndOfTheNewestSegmentIsRefused(ReplicaFixture f) throws Exception {
        copy(f);
        WalSegment last = newestSegment();
        Path file = replica.resolve(last.object().key());
        byte[] wal = decompress(file);
        wal[wal.length - 10] ^= 0x40; // inside the last frame's page: its checksum fails, and nothing follows
        rewriteKeepingTime(file, compress(wal));
        ProcResult r = restore();
        assertRefused(r, "fails its checksum, at the end of its newest segment", file.toString(),
                "stop one transaction early");
        ProcResult ls = LitestreamBinary.restore(tmp.resolve("ls.db"), url);
        assertThat(ls.exitCode()).as("litestream restore quietly drops the last transaction: %s", ls.stderr())
                .isZero();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aRestoreThatSucceedsWasVerifiedBySqliteByDefault(ReplicaFixture f) throws Exception {
        copy(f);
        ProcResult r = restore();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("integrity ok (verified by SQLite's quick_check)");
        assertThat(AppDatabase.integrityCheck(out)).isEqualTo("ok");
        ProcResult unchecked = restore("-integrity-check", "none", "-force");
        assertThat(unchecked.exitCode()).as(unchecked.stderr()).isZero();
        assertThat(unchecked.stderr()).doesNotContain("integrity");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aMalformedResultIsRefusedByDefault(ReplicaFixture f) throws Exception {
        copy(f);
        // Garbage over a b-tree page of the newest snapshot, beyond what the WAL after it rewrites: a file that
        // decodes and applies cleanly, and that only SQLite's own check finds broken.
        Generation g = generations.get(generations.size() - 1);
        Snapshot s = g.snapshots().get(g.snapshots().size() - 1);
        Path file = replica.resolve(s.object().key());
        byte[] db = decompress(file);
        int pageSize = f.pageSize();
        Set<Integer> rewritten = new HashSet<>();
        for (WalSegment w : g.walSegments()) {
            if (w.index() == s.index()) {
                byte[] wal = decompress(replica.resolve(w.object().key()));
                for (int at = w.offset() == 0 ? 32 : 0; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
                    rewritten.add(ByteBuffer.wrap(wal, at, 4).getInt());
                }
            }
        }
        int page = 2; // 1-based; a table b-tree page (leaf 0x0d or interior 0x05) that no frame rewrites
        while (rewritten.contains(page) || (db[(page - 1) * pageSize] != 0x0d && db[(page - 1) * pageSize] != 0x05)) {
            page++;
        }
        for (int i = (page - 1) * pageSize; i < page * pageSize; i++) {
            db[i] = (byte) 0xa5;
        }
        rewriteKeepingTime(file, compress(db));
        String[] flags = {"-generation", g.name(), "-index", Names.hex8(s.index())};
        ProcResult checked = restore(flags);
        assertRefused(checked, "fails SQLite's quick integrity check", "was not written");
        ProcResult ls = LitestreamBinary.restore(tmp.resolve("ls.db"), url, flags);
        assertThat(ls.exitCode()).as("litestream restore writes the malformed file: %s", ls.stderr()).isZero();
        assertThat(AppDatabase.integrityCheck(tmp.resolve("ls.db"))).isNotEqualTo("ok");
    }

    // --- helpers ---

    private WalSegment newestSegment() {
        Generation g = generations.get(generations.size() - 1);
        return g.walSegments().get(g.walSegments().size() - 1);
    }

    private ProcResult restore(String... flags) {
        return CliRefusals.restore(out, url, flags);
    }

    private void assertRefused(ProcResult r, String... fragments) {
        CliRefusals.assertRefused(r, out, RestoreComparison.leftovers(outDir), fragments);
    }
}
