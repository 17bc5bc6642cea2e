package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.sql.DatabaseSummary;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.ui.connections.Connection;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.sample.SampleViewModel;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Run sample locally" with the real processes: the bundled guestbook and the real Litestream v0.3.13. The replica
 * appears among the connections and on the timeline, grows while the sample runs, and after a stop a restore of
 * its latest moment holds every entry the app acknowledged.
 */
class SampleViewModelTest {
    @TempDir
    Path tmp;

    MainViewModel main;
    ConnectionsViewModel connections;

    /** The sample's view model over the real processes, with everything it writes under the test's folder. */
    private SampleViewModel sample() {
        Map<String, String> env = new HashMap<>();
        env.put("LITESTREAM_BIN", LitestreamBinary.path().toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        TaskRunner runner = TaskRunner.sameThread();
        ReplicaOptions options = ReplicaOptions.fromEnvironment(Map.of(), false);
        main = new MainViewModel(runner, options, Pricing.DEFAULT, tmp.resolve("restores"));
        connections = TestWindows.connections(main, runner, tmp);
        Path data = tmp.resolve("sample").resolve("data");
        return new SampleViewModel(main.session(), main.parts().replica(), connections, env, data);
    }

    @Test
    void theSampleRunsItsReplicaAppearsGrowsAndRestoresEveryAcknowledgedEntry() throws Exception {
        SampleViewModel sample = sample();
        try {
            assertThat(sample.replicaProperty().get()).isEqualTo("file://" + tmp.resolve("sample").resolve("replica"));

            sample.start();
            assertThat(sample.errorProperty().get()).isEmpty();
            assertThat(sample.stateProperty().get()).isEqualTo(SampleViewModel.State.RUNNING);
            assertThat(sample.appUrlProperty().get()).startsWith("http://127.0.0.1:");
            assertThat(connections.connections()).extracting(n -> n.connection())
                    .contains(new Connection.Folder(tmp.resolve("sample").resolve("replica")));
            assertThat(main.generations()).hasSize(1);
            assertThat(main.operations().list()).extracting(RunningOperations.Operation::what)
                    .contains("Sample running locally");
            GenerationRow first = main.selectedGenerationProperty().get().orElseThrow();
            assertThat(main.selectedTimeProperty().get()).isEqualTo(first.end());
            int segmentsBefore = first.segmentCount();

            for (int i = 0; i < 3; i++) {
                sample.writeEntries(10);
            }
            assertThat(sample.entriesWrittenProperty().get()).isEqualTo(30);

            // Litestream ships within its 1 s sync interval; the window's timer ticks, here the test does.
            long deadline = System.nanoTime() + 20_000_000_000L;
            GenerationRow now = first;
            while (System.nanoTime() < deadline) {
                sample.tick();
                now = main.selectedGenerationProperty().get().orElseThrow();
                if (now.segmentCount() > segmentsBefore) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(now.name()).isEqualTo(first.name());
            assertThat(now.segmentCount()).as("WAL segments after the writes").isGreaterThan(segmentsBefore);
            Optional<Instant> end = now.end();
            assertThat(main.selectedTimeProperty().get()).as("the moment follows the growing end").isEqualTo(end);

            sample.stop();
            assertThat(sample.stateProperty().get()).isEqualTo(SampleViewModel.State.STOPPED);
            assertThat(sample.appUrlProperty().get()).isEmpty();
            assertThat(main.operations().list()).extracting(RunningOperations.Operation::what)
                    .doesNotContain("Sample running locally");
            assertThat(sample.log()).anyMatch(l -> l.startsWith("[litestream]")).anyMatch(l -> l.startsWith("[app]"));

            main.restoreToDefault();
            RestoreResult restored = main.lastRestoreProperty().get().orElseThrow();
            DatabaseSummary summary = DatabaseSummary.read(restored.output());
            assertThat(summary.tables()).contains(new DatabaseSummary.TableCount("entries", 30));
        } finally {
            sample.shutdown();
        }
    }

    /** The app killed from outside: the sandbox stops Litestream after a last sync, and the model says why. */
    @Test
    void whenTheAppDiesTheSampleStopsAndSaysWhy() throws Exception {
        SampleViewModel sample = sample();
        try {
            sample.start();
            assertThat(sample.stateProperty().get()).isEqualTo(SampleViewModel.State.RUNNING);
            sample.writeEntries(5);
            ProcessHandle app = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("guestbook")).findFirst()
                    .orElseThrow(() -> new AssertionError("no guestbook process among " + ProcessHandle.current()
                            .descendants().map(p -> p.info().commandLine().orElse("?")).toList()));
            app.destroyForcibly();

            long deadline = System.nanoTime() + 60_000_000_000L;
            while (sample.stateProperty().get() != SampleViewModel.State.STOPPED && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sample.stateProperty().get()).isEqualTo(SampleViewModel.State.STOPPED);
            assertThat(sample.errorProperty().get()).startsWith("The app exited");
            assertThat(sample.appUrlProperty().get()).isEmpty();
            assertThat(main.operations().list()).extracting(RunningOperations.Operation::what)
                    .doesNotContain("Sample running locally");
            assertThat(sample.log()).anyMatch(l -> l.startsWith("[litescope] the sample stopped on its own"));
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse(""))).noneMatch(c -> c.contains("litestream"));
        } finally {
            sample.shutdown();
        }
    }

    @Test
    void aBadReplicaUrlIsRefusedBeforeAnythingStarts() {
        SampleViewModel sample = sample();
        sample.setReplica("s3://bucket/db");
        sample.start();
        assertThat(sample.stateProperty().get()).isEqualTo(SampleViewModel.State.STOPPED);
        assertThat(sample.errorProperty().get()).contains("s3://bucket/db");
        assertThat(main.operations().list()).isEmpty();
    }
}
