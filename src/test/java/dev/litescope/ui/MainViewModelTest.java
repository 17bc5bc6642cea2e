package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.util.GoTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main view model against a real Litestream replica, with work run on the test's own thread. */
class MainViewModelTest {
    static ReplicaFixture fixture;
    static Catalog catalog;

    @TempDir
    Path tmp;

    @BeforeAll
    static void replica() throws Exception {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        catalog = Catalogs.of(fixture);
    }

    private static MainViewModel model(TaskRunner runner) {
        return new MainViewModel(runner, ReplicaOptions.fromEnvironment(Map.of(), false));
    }

    @Test
    void openListsEveryGenerationAndStartsAtTheLatestState() throws Exception {
        MainViewModel vm = model(TaskRunner.sameThread());
        vm.open(fixture.replicaUrl());

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.generations()).extracting(GenerationRow::name)
                .containsExactlyInAnyOrderElementsOf(catalog.generationNames());
        // Listed as history: by first object time.
        assertThat(vm.generations()).extracting(r -> r.start().orElseThrow()).isSorted();
        GenerationRow first = vm.generations().get(0);
        Generation g = catalog.generation(first.name());
        assertThat(first.snapshotCount()).isEqualTo(g.snapshots().size());
        assertThat(first.segmentCount()).isEqualTo(g.walSegments().size());
        assertThat(first.storedBytes()).isEqualTo(g.storedBytes());
        assertThat(first.bounds()).isEqualTo(g.bounds());

        // Like `litestream restore` without flags: the newest generation at its last object.
        RestorePlan latest = new Planner(catalog).plan(RestoreTarget.latest());
        assertThat(vm.selectedGenerationProperty().get()).map(GenerationRow::name).contains(latest.generation());
        assertThat(vm.currentPlan()).map(RestorePlan::snapshot).contains(latest.snapshot());
        assertThat(vm.currentPlan()).map(RestorePlan::segments).contains(latest.segments());
        assertThat(vm.statusProperty().get()).contains(vm.generations().size() + " generation(s)");
    }

    @Test
    void aTimeInsideAGenerationIsPlannedAsThePlannerPlansIt() throws Exception {
        MainViewModel vm = model(TaskRunner.sameThread());
        vm.open(fixture.replicaUrl());
        GenerationRow row = richestGeneration(vm);
        Instant t = midway(row);

        vm.select(row);
        vm.selectTime(t);

        RestorePlan expected = new Planner(catalog)
                .plan(RestoreTarget.timestamp(row.name(), t));
        assertThat(vm.planProperty().get()).isEqualTo(new PlanState.Planned(expected));
        assertThat(vm.currentPlan().get().segments()).isNotEmpty();
    }

    @Test
    void restoreWritesWhatTheCommandLineRestores() throws Exception {
        MainViewModel vm = model(TaskRunner.sameThread());
        vm.open(fixture.replicaUrl());
        GenerationRow row = richestGeneration(vm);
        Instant t = midway(row);
        vm.select(row, t);

        Path out = tmp.resolve("gui.db");
        vm.restore(out);

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.restoringProperty().get()).isFalse();
        assertThat(vm.restoreProgressProperty().get()).isEqualTo(1.0);
        assertThat(vm.restoreTextProperty().get()).startsWith("Restored gui.db");
        assertThat(vm.lastRestoreProperty().get()).isPresent();
        assertThat(RestoreComparison.sha256(out)).isEqualTo(cliRestore(row.name(), t, tmp.resolve("cli.db")));
    }

    @Test
    void restoreRefusesAnExistingFileUnlessTheUserAgreedToReplaceIt() throws Exception {
        MainViewModel vm = model(TaskRunner.sameThread());
        vm.open(fixture.replicaUrl());
        Path out = tmp.resolve("exists.db");
        Files.writeString(out, "keep me");

        vm.restore(out);
        assertThat(vm.errorProperty().get()).startsWith("Restore failed: ").contains(out.getFileName().toString());
        assertThat(Files.readString(out)).isEqualTo("keep me");

        vm.restore(out, true);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(Files.size(out)).isGreaterThan(4096);
    }

    @Test
    void cancelStopsTheRestoreAndLeavesNoFile() throws Exception {
        MainViewModel[] vm = new MainViewModel[1];
        TaskRunner same = TaskRunner.sameThread();
        // Presses Cancel when the first progress report arrives, as a user would mid-download.
        TaskRunner cancelling = new TaskRunner(new RunningOperations()) {
            @Override
            protected Executor workers() {
                return Runnable::run;
            }

            @Override
            protected void deliver(Runnable outcome) {
                same.post(outcome); // outcomes as the same-thread runner hands them, unwatched
            }

            @Override
            public void post(Runnable update) {
                vm[0].cancel();
                same.post(update);
            }
        };
        vm[0] = model(cancelling);
        vm[0].open(fixture.replicaUrl());
        vm[0].select(richestGeneration(vm[0]));
        Path out = tmp.resolve("cancelled.db");

        vm[0].restore(out);

        assertThat(vm[0].restoreTextProperty().get()).isEqualTo("Cancelled; nothing was written.");
        assertThat(vm[0].errorProperty().get()).isEmpty();
        assertThat(vm[0].restoringProperty().get()).isFalse();
        assertThat(out).doesNotExist();
        assertThat(RestoreComparison.leftovers(tmp)).isEmpty();
    }

    @Test
    void aTimeOutsideTheGenerationShowsThePlannersReason() throws Exception {
        MainViewModel vm = model(TaskRunner.sameThread());
        vm.open(fixture.replicaUrl());
        GenerationRow row = vm.generations().get(0);
        vm.select(row, row.start().get().minus(Duration.ofHours(1)));

        assertThat(vm.planProperty().get()).isInstanceOfSatisfying(PlanState.Failed.class,
                f -> assertThat(f.message()).contains("no generation named " + row.name()));
        assertThat(vm.currentPlan()).isEmpty();
    }

    @Test
    void aFolderWithoutAReplicaSaysSo() throws Exception {
        Path notAReplica = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(notAReplica.resolve("cat.jpg"), "meow");
        MainViewModel vm = model(TaskRunner.sameThread());
        vm.open(fixture.replicaUrl());

        vm.open(notAReplica.toString());

        assertThat(vm.generations()).isEmpty();
        assertThat(vm.selectedGenerationProperty().get()).isEmpty();
        assertThat(vm.planProperty().get()).isEqualTo(PlanState.NONE);
        assertThat(vm.errorProperty().get()).startsWith("No Litestream generations or LTX files found at")
                .contains(notAReplica.getFileName().toString());
    }

    /** A folder of tenants typed where one replica goes: the error says what lies below and what to do. */
    @Test
    void aFolderOfReplicasSaysWhichAreBelowIt() throws Exception {
        Path tenants = tmp.resolve("fleet");
        for (String t : List.of("acme", "globex", "initech")) {
            ReplicaFixture.copyOf(fixture, tenants.resolve("tenants").resolve(t));
        }
        MainViewModel vm = model(TaskRunner.sameThread());

        vm.open(tenants.toString());

        assertThat(vm.generations()).isEmpty();
        assertThat(vm.errorProperty().get()).contains("is not a replica but holds 3 replicas below it")
                .contains("tenants/acme").contains("Add folder…");
    }

    @Test
    void aMalformedUrlIsExplainedAndKeepsTheOpenReplica() {
        MainViewModel vm = model(TaskRunner.sameThread());
        vm.open(fixture.replicaUrl());
        int before = vm.generations().size();

        vm.open("ftp://example.com/replica");

        assertThat(vm.errorProperty().get()).contains("unsupported replica URL scheme 'ftp'");
        assertThat(vm.generations()).hasSize(before);
        vm.dismissError();
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    /** The generation with the most WAL segments: the one where a point in time matters most. */
    static GenerationRow richestGeneration(MainViewModel vm) {
        return vm.generations().stream().filter(r -> r.snapshotCount() > 0)
                .max((a, b) -> Integer.compare(a.segmentCount(), b.segmentCount())).orElseThrow();
    }

    /** Halfway between the first snapshot and the last object, where some but not all segments apply. */
    static Instant midway(GenerationRow row) {
        Instant from = row.generation().snapshots().get(0).created();
        Instant to = row.generation().walSegments().stream().map(WalSegment::created).max(Instant::compareTo)
                .orElseThrow();
        return from.plus(Duration.between(from, to).dividedBy(2));
    }

    /** Restores the same target with the command line and returns the file's SHA-256. */
    static String cliRestore(String generation, Instant t, Path out) {
        return cliRestore(fixture.replicaUrl(), generation, t, out);
    }

    /** The command line's restore of {@code generation} at {@code t}: what a window's restore must equal. */
    static String cliRestore(String replicaUrl, String generation, Instant t, Path out) {
        ProcResult r = Litescope.run("restore", "-generation", generation, "-timestamp", GoTime.rfc3339Nano(t),
                "-o", out.toString(), replicaUrl);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return RestoreComparison.sha256(out);
    }
}
