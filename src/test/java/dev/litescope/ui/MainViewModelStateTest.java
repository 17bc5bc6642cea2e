package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.restore.FileManager;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state the main window shows belongs to what is on screen: a restore's result to the plan that made it, a
 * rejected moment to no plan at all, an open that failed to no replica. Real replicas, work on the test's thread.
 */
class MainViewModelStateTest {
    static ReplicaFixture fixture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void replica() {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    private MainViewModel model() {
        return new MainViewModel(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(Map.of(), false),
                Pricing.DEFAULT, tmp.resolve("restores"));
    }

    @Test
    void aRestoresResultGoesWithItsPlanWhenAnotherReplicaOpens() throws Exception {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());
        vm.restoreToDefault();
        assertThat(vm.lastRestoreProperty().get()).isPresent();
        assertThat(vm.restoredSource()).isPresent();
        assertThat(vm.restoredSource().orElseThrow().title()).startsWith(fixture.replicaUrl() + " · ");

        ReplicaFixture other = ReplicaFixture.copyOf(fixture, tmp.resolve("other"));
        vm.open(other.replicaUrl());

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.currentPlan()).isPresent();
        assertThat(vm.lastRestoreProperty().get()).isEmpty();
        assertThat(vm.restoredSummaryProperty().get()).isEmpty();
        assertThat(vm.restoredSource()).as("Open in SQL console has no file to open").isEmpty();
        assertThat(vm.restoreTextProperty().get()).isEmpty();
    }

    @Test
    void aRestoresResultGoesWhenAnotherMomentIsPlannedAndStaysWhenTheSameOneIsListedAgain() throws Exception {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());
        GenerationRow row = MainViewModelTest.richestGeneration(vm);
        vm.select(row, row.end().orElseThrow());
        vm.restoreToDefault();
        assertThat(vm.lastRestoreProperty().get()).isPresent();

        vm.refresh(); // the same replica listed again plans the same target again
        assertThat(vm.lastRestoreProperty().get()).isPresent();

        vm.select(row, MainViewModelTest.midway(row));
        assertThat(vm.currentPlan()).isPresent();
        assertThat(vm.lastRestoreProperty().get()).isEmpty();
        assertThat(vm.restoredSource()).isEmpty();
    }

    @Test
    void aMomentAfterTheReplicasEndIsRejectedAndNothingCanBeRestored() throws Exception {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());
        assertThat(vm.canRestoreProperty().get()).isTrue();
        Instant end = vm.generations().stream().flatMap(r -> r.end().stream()).max(Instant::compareTo).orElseThrow();

        assertThat(vm.selectMoment(end.plus(Duration.ofDays(1)))).isFalse();

        assertThat(vm.canRestoreProperty().get()).isFalse();
        assertThat(vm.currentPlan()).isEmpty();
        assertThat(vm.planProperty().get()).isInstanceOf(PlanState.Failed.class);
        assertThat(vm.rejectionProperty().get()).startsWith("No generation spans").contains("go from");
        vm.restoreToDefault();
        assertThat(vm.lastRestoreProperty().get()).isEmpty();
        assertThat(tmp.resolve("restores")).doesNotExist();

        // A moment the replica holds makes it restorable again.
        assertThat(vm.selectMoment(end)).isTrue();
        assertThat(vm.rejectionProperty().get()).isEmpty();
        assertThat(vm.canRestoreProperty().get()).isTrue();
    }

    @Test
    void textThatIsNoMomentIsRejectedAndNothingCanBeRestored() {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());

        vm.rejectMoment("“yesterday-ish” is not a time.");

        assertThat(vm.canRestoreProperty().get()).isFalse();
        assertThat(vm.planProperty().get()).isEqualTo(new PlanState.Failed("“yesterday-ish” is not a time."));
    }

    @Test
    void aMomentInTheGapBetweenTwoGenerationsNamesTheGapAndBothGenerations() throws Exception {
        MainViewModel vm = model();
        vm.session().zoneProperty().set(ZoneOffset.UTC);
        vm.openDemo(Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        assertThat(vm.errorProperty().get()).isEmpty();
        List<GenerationRow> rows = vm.generations();
        assertThat(rows).hasSizeGreaterThan(1);
        GenerationRow before = null;
        GenerationRow after = null;
        for (int i = 0; i + 1 < rows.size(); i++) {
            if (rows.get(i).end().orElseThrow().isBefore(rows.get(i + 1).start().orElseThrow())) {
                before = rows.get(i);
                after = rows.get(i + 1);
                break;
            }
        }
        assertThat(before).as("the demo's restarts leave gaps").isNotNull();
        Instant gap = before.end().orElseThrow().plus(Duration.between(before.end().orElseThrow(),
                after.start().orElseThrow()).dividedBy(2));

        assertThat(vm.selectMoment(gap)).isFalse();

        String why = vm.rejectionProperty().get();
        assertThat(why).startsWith("No generation spans ").contains("gap")
                .contains(before.name()).contains(after.name())
                .doesNotContain("go from");
        assertThat(vm.canRestoreProperty().get()).isFalse();
    }

    @Test
    void aFailedOpenLeavesNothingOfThePreviousReplica() {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());
        assertThat(vm.generations()).isNotEmpty();

        vm.open(tmp.resolve("no-such-replica").toUri().toString());

        assertThat(vm.errorProperty().get()).contains("no-such-replica");
        assertThat(vm.generations()).isEmpty();
        assertThat(vm.targetProperty().get()).isEmpty();
        assertThat(vm.selectedTimeProperty().get()).isEmpty();
        assertThat(vm.planProperty().get()).isEqualTo(PlanState.NONE);
        assertThat(vm.canRestoreProperty().get()).isFalse();
    }

    @Test
    void fileNamesGiveTheMomentInUtcWhateverZoneTheWindowShows() {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());
        String utc = vm.suggestedFileName();
        vm.session().zoneProperty().set(ZoneId.of("Asia/Kolkata"));
        assertThat(vm.suggestedFileName()).isEqualTo(utc);
        Instant t = vm.selectedTimeProperty().get().orElseThrow();
        assertThat(utc).contains(t.toString().replace(":", "").replace("-", ""));
    }

    @Test
    void showInFolderWithoutAFileManagerSaysSoAndPointsAtCopyPath() throws Exception {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());
        vm.restoreToDefault();
        Path db = vm.lastRestoreProperty().get().orElseThrow().output();

        vm.parts().restore().showInFolder(new FileManager(List.of(tmp.resolve("no-file-manager").toString())));

        assertThat(vm.errorProperty().get()).contains(db.getParent().toString()).contains("Copy path");
    }

    @Test
    void showInFolderWhenTheCommandFailsSaysSo() throws Exception {
        MainViewModel vm = model();
        vm.open(fixture.replicaUrl());
        vm.restoreToDefault();
        Path script = tmp.resolve("xdg-open");
        Files.writeString(script, "#!/bin/sh\nexit 3\n");
        script.toFile().setExecutable(true);

        vm.parts().restore().showInFolder(new FileManager(List.of(script.toString())));

        assertThat(vm.errorProperty().get()).contains("exited with 3").contains("Copy path");
        try (Stream<Path> s = Files.list(tmp.resolve("restores"))) {
            assertThat(s).hasSize(1);
        }
    }
}
