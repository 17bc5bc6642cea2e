package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.RequestCounters;
import dev.litescope.restore.FetchEstimate;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.sql.DatabaseSummary;
import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.status.StatusBarViewModel;
import dev.litescope.util.UserDirs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore command area of the main view model, with work on the test's thread: where "Restore" writes, what
 * the result lists, what the plan says about the cache and cost, and the session's request totals.
 */
class RestoreResultTest {
    @TempDir
    Path tmp;

    private MainViewModel model(TaskRunner runner, Map<String, String> env, boolean cache) {
        Path restores = UserDirs.restores(Map.of("XDG_DATA_HOME", tmp.resolve("data").toString()));
        return new MainViewModel(runner, ReplicaOptions.fromEnvironment(env, cache), Pricing.DEFAULT, restores);
    }

    @Test
    void restoreWritesIntoTheDataFolderAndNeverOverAnExistingFile() throws Exception {
        ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        MainViewModel vm = model(TaskRunner.sameThread(), Map.of(), false);
        vm.open(fixture.replicaUrl());
        String name = vm.suggestedFileName();
        Path restores = tmp.resolve("data").resolve("litescope").resolve("restores");
        assertThat(vm.restoresDir()).isEqualTo(restores);

        vm.restoreToDefault();
        assertThat(vm.errorProperty().get()).isEmpty();
        Path first = restores.resolve(name);
        assertThat(vm.lastRestoreProperty().get()).map(r -> r.output()).contains(first);

        vm.restoreToDefault();
        assertThat(vm.errorProperty().get()).isEmpty();
        Path second = restores.resolve(name.replace(".db", "-2.db"));
        assertThat(vm.lastRestoreProperty().get()).map(r -> r.output()).contains(second);
        assertThat(RestoreComparison.sha256(second)).isEqualTo(RestoreComparison.sha256(first));
        assertThat(RestoreComparison.leftovers(restores, name, second.getFileName().toString())).isEmpty();
        assertThat(vm.restoreTextProperty().get()).startsWith("Restored " + second.getFileName());
    }

    @Test
    void theResultListsEveryTableWithSqlitesOwnCount() throws Exception {
        ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        MainViewModel vm = model(TaskRunner.sameThread(), Map.of(), false);
        vm.open(fixture.replicaUrl());
        vm.restoreToDefault();

        Path db = vm.lastRestoreProperty().get().orElseThrow().output();
        DatabaseSummary summary = vm.restoredSummaryProperty().get().orElseThrow();
        assertThat(summary.file()).isEqualTo(db);
        Map<String, Long> shown = new LinkedHashMap<>();
        summary.tables().forEach(t -> shown.put(t.name(), t.rows()));
        assertThat(shown).isEqualTo(countStar(db));
        assertThat(shown).containsKeys("users", "orders", "events");
        assertThat(shown.get("users")).isPositive();
    }

    @Test
    void onGcsThePlanSaysWhatIsCachedAndWhatTheRestCosts() throws Exception {
        ReplicaFixture fixture = SharedGcsReplica.fixture();
        Map<String, String> env = new HashMap<>(fixture.litestreamEnv());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        MainViewModel vm = model(TaskRunner.sameThread(), env, true);
        vm.open(fixture.replicaUrl());
        assertThat(vm.onGcsProperty().get()).isTrue();
        RestorePlan plan = vm.currentPlan().orElseThrow();

        FetchEstimate before = vm.fetchEstimateProperty().get().orElseThrow();
        assertThat(before).isEqualTo(new FetchEstimate(plan.objectCount(), plan.storedBytes(), 0, 0));
        assertThat(before.downloads()).isEqualTo(plan.objectCount());
        assertThat(before.cost(Pricing.DEFAULT)).isEqualTo(plan.objectCount() * 0.04 / 100_000);

        vm.restoreToDefault();
        assertThat(vm.errorProperty().get()).isEmpty();

        FetchEstimate after = vm.fetchEstimateProperty().get().orElseThrow();
        assertThat(after.cachedObjects()).isEqualTo(plan.objectCount());
        assertThat(after.cachedBytes()).isEqualTo(plan.storedBytes());
        assertThat(after.downloads()).isZero();
        assertThat(after.cost(Pricing.DEFAULT)).isZero();
    }

    @Test
    void aLocalFolderHasNoCostLine() {
        ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        MainViewModel vm = model(TaskRunner.sameThread(), Map.of(), false);
        vm.open(fixture.replicaUrl());
        assertThat(vm.onGcsProperty().get()).isFalse();
        // Nothing of a local folder is cached; the estimate still says what the restore reads.
        assertThat(vm.fetchEstimateProperty().get()).map(FetchEstimate::cachedObjects).contains(0);
    }

    @Test
    void sessionTotalsSumOverEveryStoreTheWindowOpens() throws Exception {
        ReplicaFixture fixture = SharedGcsReplica.fixture();
        LoopbackGcs gcs = SharedGcsReplica.gcs();
        gcs.resetCounters();
        MainViewModel vm = model(TaskRunner.sameThread(), fixture.litestreamEnv(), false);
        StatusBarViewModel bar = new StatusBarViewModel(vm.session());

        vm.open(fixture.replicaUrl());
        long listsOfOneOpen = gcs.count(LoopbackGcs.Kind.LIST);
        assertThat(listsOfOneOpen).isPositive();
        vm.restoreToDefault();
        vm.open(fixture.replicaUrl()); // a second store, with its own counters
        assertThat(vm.errorProperty().get()).isEmpty();
        bar.refresh();

        RequestCounters.Snapshot shown = bar.countsProperty().get();
        assertThat(shown.lists()).isEqualTo(gcs.count(LoopbackGcs.Kind.LIST)).isEqualTo(2 * listsOfOneOpen);
        assertThat(shown.reads()).isEqualTo(gcs.count(LoopbackGcs.Kind.MEDIA))
                .isEqualTo(vm.currentPlan().orElseThrow().objectCount());
        assertThat(shown.bytesRead()).isEqualTo(gcs.mediaBytesServed());
        assertThat(bar.requestsTextProperty().get()).contains(shown.lists() + " list")
                .contains(shown.reads() + " get").contains(StatusBarViewModel.usd(bar.cost(shown)));
        assertThat(bar.requestsDetailProperty().get()).contains("List (class A): " + shown.lists())
                .contains("Get (class B): " + shown.reads());
    }

    @Test
    void theStatusBarShowsARunningRestoreWithItsProgress() {
        ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        List<String> seen = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        StatusBarViewModel[] bar = new StatusBarViewModel[1];
        TaskRunner same = TaskRunner.sameThread();
        TaskRunner watching = new TaskRunner(new RunningOperations()) {
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
                same.post(() -> {
                    update.run();
                    seen.add(bar[0].operationsTextProperty().get());
                    progress.add(bar[0].progressProperty().get());
                });
            }
        };
        MainViewModel vm = model(watching, Map.of(), false);
        bar[0] = new StatusBarViewModel(vm.session());
        vm.open(fixture.replicaUrl());
        assertThat(bar[0].operationsTextProperty().get()).isEmpty();
        String name = vm.suggestedFileName();

        vm.restoreToDefault();

        assertThat(seen).isNotEmpty().allMatch(s -> s.equals("Restoring " + name + " …"));
        assertThat(progress).allMatch(p -> p > 0 && p <= 1);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);
        assertThat(vm.restoreTextProperty().get()).startsWith("Restored");
        assertThat(bar[0].operationsTextProperty().get()).isEmpty();
        assertThat(bar[0].progressProperty().get()).isZero();
    }

    @Test
    void pricesAreWrittenToTwoSignificantDigitsBelowACent() {
        assertThat(StatusBarViewModel.usd(0)).isEqualTo("$0");
        assertThat(StatusBarViewModel.usd(0.000144)).isEqualTo("$0.00014");
        assertThat(StatusBarViewModel.usd(0.5)).isEqualTo("$0.50");
        assertThat(StatusBarViewModel.usd(1234.5)).isEqualTo("$1,234.50");
    }

    /** Every non-sqlite_ table's count(*), asked of SQLite directly. */
    static Map<String, Long> countStar(Path db) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        assertThat(db).isRegularFile();
        try (Connection c = AppDatabase.openReadOnly(db);
             Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite%' ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String n : names) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + n + "\"")) {
                    counts.put(n, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
