package dev.litescope.restore.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder.Built;
import dev.litescope.testsupport.ltx.LtxWriter;
import dev.litescope.testsupport.ltx.LtxWriter.Encoding;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.Cancellation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring Litestream 0.5 replicas made by the test writer from a real SQLite workload: every TXID and every
 * file's time (and 1 ms and 1 ns either side) must give exactly the database bytes captured for that state, and
 * what cannot be restored is refused with the files named.
 */
class LtxRestoreTest {
    static final int PAGE = 1024;
    static final int TXNS = 40;
    static final Instant BASE = Instant.parse("2026-11-30T09:00:00Z");
    @TempDir
    static Path tmp;
    static List<byte[]> states;
    static LoopbackGcs gcs;

    @BeforeAll
    static void capture() throws Exception {
        states = SqliteStates.capture(tmp, PAGE, TXNS, 11);
        gcs = LoopbackGcs.start();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    /** Levels 0-3 and 9, upgraded mid-way from 0.5.15 (flag 0) to 0.5.16 (flag 1), compactions after in flag 1. */
    static LtxReplicaBuilder full() {
        return new LtxReplicaBuilder(states, PAGE, BASE).compact(1, 4).compact(2, 3).compact(3, 2)
                .snapshotAt(10, 25, 40)
                .encoding((level, min, max) -> max <= 20 && (level == 0 || max <= 16) ? Encoding.FRAME
                        : Encoding.SIZED_BLOCK);
    }

    static Replica folder(String name, List<Built> files) throws Exception {
        Path root = tmp.resolve(name);
        LtxReplicaBuilder.writeTo(root, files);
        return new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root.toString()));
    }

    static Replica bucket(String bucket, List<Built> files) throws Exception {
        LtxReplicaBuilder.upload(gcs, bucket, "db", files, 2500);
        GcsObjectStore store = GcsObjectStore.connect(bucket, new GcsSettings(Optional.of(gcs.hostPort()),
                Optional.empty(), RetryPolicy.defaults()));
        return new Replica(store, "db", ReplicaUrl.parse("gs://" + bucket + "/db"));
    }

    private static int counter;

    static byte[] restore(Replica replica, RestoreTarget target) throws Exception {
        Path out = tmp.resolve("out-" + (++counter) + ".db");
        LtxPlan plan = new LtxPlanner(new LtxCatalog(replica)).plan(target);
        RestoreResult r = new LtxRestorer(replica).restore(plan, out, RestoreOptions.defaults(),
                Progress.Listener.NONE, new Cancellation());
        assertThat(r.verified()).isTrue();
        byte[] bytes = Files.readAllBytes(out);
        Files.delete(out);
        return bytes;
    }

    static byte[] state(long txid) {
        return states.get((int) txid - 1);
    }

    @Test
    void everyTxidAndLatestGiveTheCapturedBytes() throws Exception {
        List<Built> files = full().build();
        assertThat(files.stream().map(Built::level).distinct()).containsExactlyInAnyOrder(0, 1, 2, 3, 9);
        Replica replica = folder("full", files);
        for (long t = 1; t <= TXNS; t++) {
            assertThat(restore(replica, RestoreTarget.txid(t))).as("TXID %d", t).isEqualTo(state(t));
        }
        assertThat(restore(replica, RestoreTarget.latest())).isEqualTo(state(TXNS));
        LtxPlan latest = new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.latest());
        assertThat(latest.files()).extracting(LtxFile::label).containsExactly("L9 0000000000000001-0000000000000028");
        // TXID 23: the snapshot of 10, then L1 11-12? No: L2 1-12 reaches 12 and L1 13-16, 17-20, then L0 21..23.
        LtxPlan mid = new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.txid(23));
        assertThat(mid.files()).extracting(LtxFile::label).containsExactly("L9 0000000000000001-000000000000000a",
                "L2 0000000000000001-000000000000000c", "L1 000000000000000d-0000000000000010",
                "L1 0000000000000011-0000000000000014", "L0 0000000000000015-0000000000000015",
                "L0 0000000000000016-0000000000000016", "L0 0000000000000017-0000000000000017");
    }

    @Test
    void everyFileTimeAndOneMillisecondAndNanosecondEitherSide() throws Exception {
        List<Built> files = full().build();
        Replica replica = folder("times", files);
        checkTimes(replica, files);
    }

    @Test
    void overGcsTheTimesAreTheLitestreamTimestampMetadata() throws Exception {
        List<Built> files = full().build();
        Replica replica = bucket("ltx-restore", files);
        for (long t = 1; t <= TXNS; t += 3) {
            assertThat(restore(replica, RestoreTarget.txid(t))).as("TXID %d", t).isEqualTo(state(t));
        }
        checkTimes(replica, files);
    }

    private static void checkTimes(Replica replica, List<Built> files) throws Exception {
        Instant first = files.stream().map(Built::time).min(Instant::compareTo).orElseThrow();
        Instant last = files.stream().map(Built::time).max(Instant::compareTo).orElseThrow();
        TreeSet<Instant> moments = new TreeSet<>();
        for (Built b : files) {
            for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofNanos(1))) {
                moments.add(b.time().plus(d));
                moments.add(b.time().minus(d));
            }
        }
        LtxHistory history = new LtxHistory(new LtxCatalog(replica).files(), HealthWarning.Settings.defaults());
        for (Instant at : moments) {
            RestoreTarget target = RestoreTarget.timestamp(at);
            if (!at.isBefore(first) && !at.isAfter(last)) {
                // The read model the window snaps to says what the planner does.
                Optional<Long> modelled = history.txidAt(at);
                if (modelled.isPresent()) {
                    assertThat(new LtxPlanner(new LtxCatalog(replica)).plan(target).txid()).isEqualTo(modelled.get());
                }
            }
            if (at.isBefore(first) || at.isAfter(last)) {
                assertThatThrownBy(() -> restore(replica, target)).hasMessageContaining("timestamp does not exist");
                continue;
            }
            // All level-0 files are there: the state is that of the newest one stamped strictly before T.
            long expected = files.stream().filter(b -> b.level() == 0 && b.time().isBefore(at))
                    .mapToLong(Built::max).max().orElse(0);
            if (expected == 0) {
                assertThatThrownBy(() -> restore(replica, target)).hasMessageContaining("no LTX file from TXID 1");
            } else {
                assertThat(restore(replica, target)).as("at %s", at).isEqualTo(state(expected));
            }
        }
    }

    @Test
    void aPrunedReplicaRestoresWhatTheReadModelSaysAndRefusesTheRest() throws Exception {
        // Level 0 pruned up to 24 (kept at level 1 and above), as Litestream's retention leaves it.
        List<Built> files = full().keep(b -> b.level() != 0 || b.max() > 24).build();
        Replica replica = folder("pruned", files);
        LtxHistory history = new LtxHistory(new LtxCatalog(replica).files(), HealthWarning.Settings.defaults());
        List<Long> restored = new ArrayList<>();
        for (long t = 1; t <= TXNS; t++) {
            long txid = t;
            try {
                assertThat(restore(replica, RestoreTarget.txid(txid))).as("TXID %d", txid).isEqualTo(state(txid));
                restored.add(txid);
            } catch (RestoreException e) {
                assertThat(e.getMessage()).contains("no matching backup files available")
                        .contains("whose level-0 files are pruned");
            }
        }
        assertThat(restored).isEqualTo(history.restorableTxids());
        assertThat(restored).containsSubsequence(4L, 8L, 10L, 12L, 16L, 20L, 24L, 25L, 26L, 40L)
                .doesNotContain(1L, 11L, 23L);
        // The snap points: each is the first moment of a state, and the planner agrees at it and just before it.
        List<LtxHistory.RestorePoint> points = history.restorePoints();
        assertThat(points).extracting(LtxHistory.RestorePoint::txid).isSorted().contains(4L, 8L, 10L, 20L, 24L, 25L,
                40L).doesNotContain(23L);
        for (int i = 0; i < points.size(); i++) {
            LtxHistory.RestorePoint p = points.get(i);
            assertThat(new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.timestamp(p.from())).txid())
                    .isEqualTo(p.txid());
            if (i > 0) {
                assertThat(new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.timestamp(
                        p.from().minusNanos(1))).txid()).isEqualTo(points.get(i - 1).txid());
            }
        }
        // A moment inside a pruned compaction gives the state at the end of the previous one.
        Instant at = LtxReplicaBuilder.l0Time(BASE, 22).plusMillis(1);
        assertThat(restore(replica, RestoreTarget.timestamp(at))).isEqualTo(state(20));
        assertThat(history.whyNotRestorable(23)).get().asString().contains("L1 0000000000000015-0000000000000018")
                .contains("nearest restorable TXIDs are 0000000000000014 and 0000000000000018");
    }

    @Test
    void aMomentWhoseEarlierTxidsAreOnlyInALaterCompactionGivesTheOlderStateWithANote() throws Exception {
        // Level-0 files 21 and 22 pruned, 23 and 24 still there; L1 21-24 is stamped with 24's time.
        List<Built> files = full().snapshotAt(10).keep(b -> !(b.level() == 0 && (b.max() == 21 || b.max() == 22))
                && !(b.level() >= 2 && b.max() > 20)).build();
        Replica replica = folder("coarse", files);
        Instant at = LtxReplicaBuilder.l0Time(BASE, 23).plusMillis(1);
        LtxPlan plan = new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.timestamp(at));
        assertThat(plan.txid()).isEqualTo(20);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("is not restorable: TXIDs after "
                + "0000000000000014 up to L0 0000000000000017-0000000000000017 are only in files created after"));
        assertThat(restore(replica, RestoreTarget.timestamp(at))).isEqualTo(state(20));
        assertThatThrownBy(() -> restore(replica, RestoreTarget.txid(23)))
                .hasMessageContaining("no matching backup files available")
                .hasMessageContaining("lies inside L1 0000000000000015-0000000000000018");
        assertThat(restore(replica, RestoreTarget.txid(24))).isEqualTo(state(24));
    }

    @Test
    void aMissingLevel0FileIsAGapThatEveryTargetRefusesNamingBothSides() throws Exception {
        // Level 1 reaches 24 and the last snapshot is at 25; level-0 files 30 and 31 are lost.
        List<Built> files = full().snapshotAt(10, 25).keep(b -> !(b.level() == 0 && (b.max() == 30 || b.max() == 31))
                && !(b.level() >= 1 && b.level() <= 3 && b.max() > 24)).build();
        Replica replica = folder("gapped", files);
        String before = "L0 000000000000001d-000000000000001d";
        String after = "L0 0000000000000020-0000000000000020";
        assertThatThrownBy(() -> restore(replica, RestoreTarget.latest())).hasMessageContaining("TXID gap")
                .hasMessageContaining("TXID 000000000000001e is in no LTX file, and TXIDs "
                        + "000000000000001e..000000000000001f are in none that qualifies")
                .hasMessageContaining(before).hasMessageContaining(after)
                .hasMessageContaining(tmp.resolve("gapped/ltx/0/0000000000000020-0000000000000020.ltx").toString());
        assertThatThrownBy(() -> restore(replica, RestoreTarget.txid(35))).hasMessageContaining("TXID gap")
                .hasMessageContaining(before).hasMessageContaining(after);
        // Litestream 0.5 restores TXID 29 here and exits 0.
        Instant late = LtxReplicaBuilder.l0Time(BASE, 36);
        assertThatThrownBy(() -> restore(replica, RestoreTarget.timestamp(late))).hasMessageContaining("TXID gap")
                .hasMessageContaining(before).hasMessageContaining(after)
                .hasMessageContaining("Litestream 0.5 would silently restore the older state at 000000000000001d");
        // Before the gap everything restores.
        assertThat(restore(replica, RestoreTarget.txid(29))).isEqualTo(state(29));
        assertThat(restore(replica, RestoreTarget.timestamp(LtxReplicaBuilder.l0Time(BASE, 30))))
                .isEqualTo(state(29));
        LtxHistory history = new LtxHistory(new LtxCatalog(replica).files(), HealthWarning.Settings.defaults());
        assertThat(history.gaps()).singleElement().satisfies(g -> {
            assertThat(g.first()).isEqualTo(30);
            assertThat(g.last()).isEqualTo(31);
        });
        assertThat(history.warnings()).extracting(HealthWarning::kind).contains(HealthWarning.Kind.TXID_GAP);
    }

    @Test
    void corruptFilesAreRefusedWithTheFileNamedAndNothingLeftBehind() throws Exception {
        List<Built> files = full().snapshotAt().build();
        // A flipped byte in the header's timestamp of L0 file 38: only the checksum tells.
        Replica checksum = folder("corrupt-checksum", replace(files, 38, b -> {
            byte[] d = b.data().clone();
            d[39] ^= 4;
            return d;
        }));
        assertRefusedCleanly(checksum, "checksum", "ltx/0/0000000000000026-0000000000000026.ltx",
                "file checksum mismatch");
        // L0 file 38 rewritten with its pages in descending order.
        Replica order = folder("corrupt-order", replace(files, 38, b -> rewrite(b, true, false)));
        assertRefusedCleanly(order, "order", "ltx/0/0000000000000026-0000000000000026.ltx", "pages must ascend");
        // L0 file 38 with its first page's block 10 bytes short.
        Replica shortBlock = folder("corrupt-short", replace(files, 38, b -> rewrite(b, false, true)));
        assertRefusedCleanly(shortBlock, "short", "ltx/0/0000000000000026-0000000000000026.ltx",
                "a short LZ4 block");
    }

    @Test
    void aPageInNoPlannedFileIsRefused() throws Exception {
        // A level-0 file that grows the database but leaves out its last page.
        int grows = -1;
        for (int t = 2; t <= TXNS && grows < 0; t++) {
            if (state(t).length > state(t - 1).length) {
                grows = t;
            }
        }
        int txid = grows;
        List<Built> files = new LtxReplicaBuilder(states, PAGE, BASE).build();
        Replica replica = folder("uncovered", replace(files, txid, b -> {
            int commit = state(txid).length / PAGE;
            List<LtxWriter.Page> pages = new ArrayList<>();
            for (int p = 1; p < commit; p++) {
                pages.add(new LtxWriter.Page(p, Arrays.copyOfRange(state(txid), (p - 1) * PAGE, p * PAGE)));
            }
            return LtxWriter.write(new LtxWriter.Header(PAGE, commit, txid, txid, b.timestampMillis()), pages,
                    Encoding.SIZED_BLOCK);
        }));
        int commit = state(txid).length / PAGE;
        assertThatThrownBy(() -> restore(replica, RestoreTarget.txid(txid)))
                .hasMessageContaining("page " + commit + " of the database")
                .hasMessageContaining("is in none of the planned LTX files");
    }

    @Test
    void theOutputIsAtomicForcedAndCancellable() throws Exception {
        Replica replica = folder("output", full().build());
        LtxPlan plan = new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.txid(33));
        Path out = tmp.resolve("output.db");
        Files.writeString(out, "old");
        assertThatThrownBy(() -> new LtxRestorer(replica).restore(plan, out, RestoreOptions.defaults(),
                Progress.Listener.NONE, new Cancellation())).hasMessageContaining("already exists; pass -force");
        List<Progress> progress = new CopyOnWriteArrayList<>();
        RestoreResult r = new LtxRestorer(replica).restore(plan, out, RestoreOptions.defaults().withForce(true)
                .withParallelism(2), progress::add, new Cancellation());
        assertThat(Files.readAllBytes(out)).isEqualTo(state(33));
        assertThat(r.databaseBytes()).isEqualTo(state(33).length);
        assertThat(progress.get(progress.size() - 1).phase()).isEqualTo("done");
        assertThat(progress.get(progress.size() - 1).objectsDone()).isEqualTo(plan.objectCount());
        // Cancelled once the first file is applied, midway through the plan: nothing is left behind.
        Cancellation cancel = new Cancellation();
        Path cancelled = tmp.resolve("cancelled/out.db");
        assertThatThrownBy(() -> new LtxRestorer(replica).restore(plan, cancelled, RestoreOptions.defaults(),
                p -> {
                    if (p.objectsDone() >= 1) {
                        cancel.cancel();
                    }
                }, cancel)).isInstanceOf(Cancellation.CancelledException.class);
        try (Stream<Path> left = Files.list(cancelled.getParent())) {
            assertThat(left).isEmpty();
        }
        assertThat(plan.objectCount()).isGreaterThan(2);
    }

    @Test
    void a05PlannerRefusesGenerationsAndThe03PlannerRefusesTxids() throws Exception {
        Replica replica = folder("kinds", full().build());
        assertThatThrownBy(() -> new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.index(3)))
                .hasMessageContaining("has no generations or WAL indexes: restore it by -txid or -timestamp");
        assertThatThrownBy(() -> RestoreTarget.txid(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RestoreTarget.txid(0)).isEqualTo(RestoreTarget.latest());
    }

    private static void assertRefusedCleanly(Replica replica, String name, String file, String reason) {
        Path dir = tmp.resolve("refused-" + name);
        assertThatThrownBy(() -> {
            LtxPlan plan = new LtxPlanner(new LtxCatalog(replica)).plan(RestoreTarget.txid(38));
            new LtxRestorer(replica).restore(plan, dir.resolve("out.db"), RestoreOptions.defaults(),
                    Progress.Listener.NONE, new Cancellation());
        }).isInstanceOf(RestoreException.class).hasMessageContaining(file).hasMessageContaining(reason);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    interface Rewrite {
        byte[] apply(Built b) throws Exception;
    }

    /** The files with level-0 file {@code txid}'s bytes replaced. */
    static List<Built> replace(List<Built> files, long txid, Rewrite rewrite) throws Exception {
        List<Built> out = new ArrayList<>();
        for (Built b : files) {
            out.add(b.level() == 0 && b.max() == txid
                    ? new Built(0, txid, txid, rewrite.apply(b), b.timestampMillis()) : b);
        }
        return out;
    }

    /** A level-0 file written again from its state with its pages reversed, or its first page cut short. */
    static byte[] rewrite(Built b, boolean reversed, boolean shortFirst) throws Exception {
        List<LtxWriter.Page> pages = new ArrayList<>();
        LtxDecoder.decode(new ByteArrayInputStream(b.data()), "original",
                (h, pgno, page) -> pages.add(new LtxWriter.Page(pgno, page.clone())));
        if (reversed) {
            Collections.reverse(pages);
        }
        if (shortFirst) {
            pages.set(0, new LtxWriter.Page(pages.get(0).pgno(),
                    Arrays.copyOf(pages.get(0).data(), PAGE - 10)));
        }
        byte[] state = state(b.max());
        return LtxWriter.write(new LtxWriter.Header(PAGE, state.length / PAGE, b.min(), b.max(), b.timestampMillis()),
                pages, Encoding.SIZED_BLOCK);
    }
}
