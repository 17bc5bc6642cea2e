package dev.litescope.restore.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder.Built;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 0.5 moving copy over replicas the test writer made from a real SQLite workload (growth, overflow pages, a
 * VACUUM that shrinks the file): at every restorable TXID, forward through all of them and then back, the copy's
 * SHA-256 must equal a fresh restore's of that TXID (and the captured state's), with levels 0 to 3 and snapshots,
 * and with the level-0 files of the first 24 TXIDs pruned, so that the copy moves through compactions only.
 */
class LtxMovingCopyTest {
    static final int PAGE = 1024;
    static final int TXNS = 40;
    static final Instant BASE = Instant.parse("2026-12-01T09:00:00Z");
    @TempDir
    static Path tmp;
    static List<byte[]> states;

    @BeforeAll
    static void capture() throws Exception {
        states = SqliteStates.capture(tmp, PAGE, TXNS, 23);
    }

    static LtxReplicaBuilder builder() {
        return new LtxReplicaBuilder(states, PAGE, BASE).compact(1, 4).compact(2, 3).compact(3, 2)
                .snapshotAt(10, 25);
    }

    static LtxCatalog folder(String name, List<Built> files) throws Exception {
        Path root = tmp.resolve(name);
        LtxReplicaBuilder.writeTo(root, files);
        return new LtxCatalog(new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root.toString())));
    }

    @Test
    void everyLevelForwardThenBack() throws Exception {
        LtxCatalog catalog = folder("all", builder().build());
        walk(catalog, "all", 8L * states.get(TXNS - 1).length);
    }

    @Test
    void prunedLevelZeroMovesThroughCompactions() throws Exception {
        LtxCatalog catalog = folder("pruned", builder().keep(b -> b.level() != 0 || b.min() > 24).build());
        List<Long> restorable = walk(catalog, "pruned", 8L * states.get(TXNS - 1).length);
        assertThat(restorable).as("only compaction ends, the snapshot and the level-0 TXIDs left")
                .contains(4L, 8L, 10L, 12L, 24L, 25L, 40L).doesNotContain(11L, 23L);
    }

    /** Every restorable TXID up, then down; returns them. */
    private List<Long> walk(LtxCatalog catalog, String name, long budget) throws Exception {
        List<Long> txids = new LtxHistory(catalog.files(), HealthWarning.Settings.defaults()).restorableTxids();
        assertThat(txids).hasSizeGreaterThan(10);
        List<Long> order = new ArrayList<>(txids);
        for (int i = txids.size() - 2; i >= 0; i--) {
            order.add(txids.get(i));
        }
        Path copy = tmp.resolve(name + "-copy.db");
        int forward = 0;
        int back = 0;
        try (LtxMovingCopy moving = new LtxMovingCopy(catalog, copy, budget)) {
            long at = 0;
            for (long txid : order) {
                CopyStep<LtxPlan> step = moving.moveTo(RestoreTarget.txid(txid), Progress.Listener.NONE,
                        new Cancellation());
                String where = "TXID " + txid + " (" + step.how() + ", from " + at + ")";
                assertThat(sha256(copy)).as(where).isEqualTo(sha256(fresh(catalog, txid)))
                        .isEqualTo(sha256(states.get((int) txid - 1)));
                assertThat(step.checkpointBytes()).as(where).isLessThanOrEqualTo(budget);
                assertThat(moving.txid()).contains(txid);
                if (at == 0) {
                    assertThat(step.how()).isEqualTo(CopyStep.How.FULL_RESTORE);
                    assertThat(step.message()).get().asString().contains("the first step");
                } else {
                    assertThat(step.how()).as(where)
                            .isEqualTo(txid > at ? CopyStep.How.FORWARD : CopyStep.How.FROM_CHECKPOINT);
                    assertThat(step.message()).isEmpty();
                    if (step.how() == CopyStep.How.FORWARD) {
                        assertThat(step.objectsApplied()).as("one file to the next restorable TXID, " + where)
                                .isEqualTo(1);
                    }
                }
                forward += step.how() == CopyStep.How.FORWARD ? 1 : 0;
                back += step.how() == CopyStep.How.FROM_CHECKPOINT ? 1 : 0;
                at = txid;
            }
        }
        assertThat(forward).isEqualTo(txids.size() - 1);
        assertThat(back).isEqualTo(txids.size() - 1);
        assertThat(Files.list(tmp).filter(p -> p.getFileName().toString().contains(".checkpoints-")))
                .as("checkpoints removed on close").isEmpty();
        return txids;
    }

    @Test
    void withoutRoomForCheckpointsBackIsAFullRestoreSayingWhy() throws Exception {
        LtxCatalog catalog = folder("tight", builder().build());
        Path copy = tmp.resolve("tight-copy.db");
        try (LtxMovingCopy moving = new LtxMovingCopy(catalog, copy, 1)) {
            moving.moveTo(RestoreTarget.txid(30), Progress.Listener.NONE, new Cancellation());
            CopyStep<LtxPlan> back = moving.moveTo(RestoreTarget.txid(12), Progress.Listener.NONE,
                    new Cancellation());
            assertThat(back.how()).isEqualTo(CopyStep.How.FULL_RESTORE);
            assertThat(back.message()).get().asString()
                    .contains("no checkpoint within the disk budget lies at or before TXID 000000000000000c");
            assertThat(back.checkpointBytes()).isZero();
            assertThat(sha256(copy)).isEqualTo(sha256(states.get(11)));
        }
    }

    @Test
    void aCorruptFileLeavesTheCopyStaleAndTheNextStepReBases() throws Exception {
        LtxCatalog catalog = folder("corrupt", builder().build());
        Path bad = tmp.resolve("corrupt/ltx/0/000000000000001e-000000000000001e.ltx");
        byte[] data = Files.readAllBytes(bad);
        data[data.length - 20] ^= 0x5a;
        Files.write(bad, data);
        Path copy = tmp.resolve("corrupt-copy.db");
        try (LtxMovingCopy moving = new LtxMovingCopy(catalog, copy, Long.MAX_VALUE)) {
            moving.moveTo(RestoreTarget.txid(29), Progress.Listener.NONE, new Cancellation());
            assertThatThrownBy(() -> moving.moveTo(RestoreTarget.txid(30), Progress.Listener.NONE,
                    new Cancellation())).isInstanceOf(RestoreException.class)
                    .hasMessageContaining("000000000000001e-000000000000001e.ltx");
            assertThat(moving.txid()).isEmpty();
            CopyStep<LtxPlan> next = moving.moveTo(RestoreTarget.txid(28), Progress.Listener.NONE,
                    new Cancellation());
            assertThat(next.how()).isEqualTo(CopyStep.How.FULL_RESTORE);
            assertThat(next.message()).get().asString().contains("the previous step did not finish");
            assertThat(sha256(copy)).isEqualTo(sha256(states.get(27)));
        }
    }

    private static int counter;

    private static byte[] fresh(LtxCatalog catalog, long txid) throws Exception {
        Path out = tmp.resolve("fresh-" + (++counter) + ".db");
        LtxPlan plan = new LtxPlanner(catalog).plan(RestoreTarget.txid(txid));
        new LtxRestorer(catalog.replica()).restore(plan, out, RestoreOptions.defaults(), Progress.Listener.NONE,
                new Cancellation());
        byte[] bytes = Files.readAllBytes(out);
        Files.delete(out);
        return bytes;
    }

    private static String sha256(Path p) throws Exception {
        return sha256(Files.readAllBytes(p));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
