package dev.litescope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.sql.touched.LtxSweep;
import dev.litescope.sql.touched.LtxTouches;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.ui.fx.QueuedTaskRunner;
import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 0.5 answers' life cycle, with work run only when the test says: a local replica is swept as it opens, one
 * on Cloud Storage only when asked (after its download is worked out), a refresh sweeps only new files, and a
 * sweep still waiting or running when another replica is shown is cancelled and shows nothing.
 */
class LtxFileTouchesTest {
    private static final int PAGE = 4096;

    @TempDir
    Path tmp;
    LtxRow row;
    List<LtxFile> changes;
    final QueuedTaskRunner runner = new QueuedTaskRunner();
    final AtomicInteger shown = new AtomicInteger();

    @BeforeEach
    void replica() throws Exception {
        List<byte[]> states = SqliteStates.capture(tmp, PAGE, 12, 5);
        Path root = tmp.resolve("replica");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, PAGE, Instant.parse("2026-11-30T09:00:00Z"))
                .compact(1, 4).snapshotAt(8).build());
        row = LtxRow.of(new LtxCatalog(Replicas.open(ReplicaUrl.parse(root.toString()))));
        changes = row.history().files().stream().filter(f -> f.level() != LtxNames.SNAPSHOT_LEVEL).toList();
    }

    @Test
    void aLocalReplicaIsSweptAtOnceAndItsAnswersAreTheEngines() throws Exception {
        LtxFileTouches touches = new LtxFileTouches(runner, row, true, Map.of(), shown::incrementAndGet);
        assertThat(touches.finding()).isTrue();
        assertThat(touches.line(changes.get(0))).isEqualTo("\nChanged: …");
        runner.runAll();
        assertThat(touches.finding()).isFalse();
        List<LtxTouches.Touched> engine = new LtxSweep(row.catalog()).of(changes, n -> { }, new Cancellation());
        for (LtxTouches.Touched t : engine) {
            assertThat(touches.touched(t.file())).as(t.file().relativeName()).isEqualTo(t.pagesByOwner());
        }
        assertThat(touches.names()).isNotEmpty();
        assertThat(touches.bytesToFetch()).hasValue(0);
        assertThat(shown.get()).isPositive();
    }

    @Test
    void onCloudStorageNothingIsSweptUntilAskedAndTheDownloadIsWorkedOutFirst() throws Exception {
        LtxFileTouches touches = new LtxFileTouches(runner, row, false, Map.of(), shown::incrementAndGet);
        assertThat(touches.finding()).isFalse();
        assertThat(touches.bytesToFetch()).as("not worked out yet").isEmpty();
        assertThat(touches.line(changes.get(0))).isEqualTo(TouchedText.NOT_LOOKED_UP);
        assertThat(runner.pending()).as("only the size").isEqualTo(1);
        runner.runNext();
        long bytes = new LtxSweep(row.catalog()).bytesToRead(changes);
        assertThat(touches.bytesToFetch()).hasValue(bytes);
        // At least every changed file is read; the first state's restore adds its snapshot.
        assertThat(bytes).isGreaterThanOrEqualTo(changes.stream().mapToLong(LtxFile::size).sum());
        touches.findAll();
        assertThat(touches.bytesToFetch()).hasValue(0);
        runner.runAll();
        assertThat(touches.names()).isNotEmpty();
        assertThat(touches.continuesInto(row)).as("a refresh keeps looking").isTrue();
    }

    @Test
    void aRefreshSweepsOnlyTheFilesNotKnownYet() throws Exception {
        LtxFileTouches first = new LtxFileTouches(runner, row, true, Map.of(), shown::incrementAndGet);
        runner.runAll();
        Map<String, LtxTouches.Touched> known = first.knownFor(row);
        assertThat(known).hasSize(changes.size());
        LtxFileTouches again = new LtxFileTouches(runner, row, true, known, shown::incrementAndGet);
        assertThat(again.finding()).as("nothing new to sweep").isFalse();
        assertThat(runner.pending()).isZero();
        assertThat(again.names()).isEqualTo(first.names());
    }

    @Test
    void aSweepOfAReplicaNoLongerShownIsCancelledAndShowsNothing() throws Exception {
        LtxFileTouches touches = new LtxFileTouches(runner, row, true, Map.of(), shown::incrementAndGet);
        int before = shown.get();
        touches.close();
        runner.runAll();
        assertThat(touches.names()).as("the cancelled sweep's answers are not kept").isEmpty();
        assertThat(touches.finding()).isFalse();
        assertThat(touches.line(changes.get(0))).as("no failure is shown for a cancel").doesNotContain("?");
        assertThat(shown.get()).as("nothing redrawn for a replica gone").isEqualTo(before);
    }
}
