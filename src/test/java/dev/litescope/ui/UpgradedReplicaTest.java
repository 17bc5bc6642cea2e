package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.restore.PlanState;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.ui.timeline.LtxRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path upgraded from Litestream 0.3 to 0.5 holds both histories: a real 0.3 replica (made by Litestream 0.3.13)
 * with LTX files written next to it afterwards. The window's view models show both, start at the newer, and plan
 * and restore from either as the selection says.
 */
class UpgradedReplicaTest {
    static final int PAGE = 4096;

    @TempDir
    Path tmp;

    @Test
    void bothHistoriesAreListedAndEitherIsRestored() throws Exception {
        ReplicaFixture v3 = ReplicaFixture.copyOf(ReplicaFixture.shared(PAGE, Workload.standard(PAGE)),
                tmp.resolve("both"));
        List<byte[]> states = SqliteStates.capture(tmp, PAGE, 12, 5);
        // Litestream 0.5 took over after the 0.3 history ended: its files are newer.
        Instant upgraded = Instant.now().plusSeconds(60);
        LtxReplicaBuilder.writeTo(v3.replicaDir(), new LtxReplicaBuilder(states, PAGE, upgraded).compact(1, 4)
                .snapshotAt(8).build());
        MainViewModel vm = new MainViewModel(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(Map.of(), false));

        vm.open(v3.replicaUrl());

        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.generations()).isNotEmpty();
        LtxRow ltx = vm.ltxProperty().get().orElseThrow();
        assertThat(ltx.history().maxTxid()).contains(12L);
        assertThat(vm.statusProperty().get()).contains("(Litestream 0.3) and 16 LTX file(s) in 3 level(s)");
        // The newer history first, as a latest restore of Litestream 0.5 would read it.
        assertThat(vm.selectedTxid()).contains(12L);
        assertThat(vm.planProperty().get()).isInstanceOfSatisfying(PlanState.Planned.class,
                p -> assertThat(p.plan()).isInstanceOf(LtxPlan.class));

        // A moment inside a generation: the 0.3 history, planned by its own planner.
        GenerationRow g = MainViewModelTest.richestGeneration(vm);
        assertThat(vm.selectMoment(MainViewModelTest.midway(g))).isTrue();
        assertThat(vm.selectedGenerationProperty().get()).contains(g);
        assertThat(vm.selectedTxid()).isEmpty();
        assertThat(vm.currentPlan()).isPresent();

        // A moment of the 0.5 history: the TXID a -timestamp restore gives there.
        assertThat(vm.selectMoment(LtxReplicaBuilder.l0Time(upgraded, 5).plusMillis(1))).isTrue();
        assertThat(vm.selectedTxid()).contains(5L);
        assertThat(vm.selectedGenerationProperty().get()).isEmpty();

        // A TXID: restored by the 0.5 restorer into exactly the captured state.
        assertThat(vm.selectTxid(8)).isTrue();
        assertThat(vm.currentAnyPlan()).get().isInstanceOfSatisfying(LtxPlan.class,
                p -> assertThat(p.txid()).isEqualTo(8));
        assertThat(vm.suggestedFileName()).startsWith("litescope-txid-0000000000000008-");
        Path out = tmp.resolve("txid-8.db");
        vm.restore(out);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(states.get(8 - 1));
        assertThat(vm.lastRestoreProperty().get()).get().satisfies(r -> assertThat(r.verified()).isTrue());
    }
}
