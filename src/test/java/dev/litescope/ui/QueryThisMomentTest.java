package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.ui.console.ConsoleSession;
import dev.litescope.ui.console.DiffViewModel;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Query this moment": the moment on screen restored into the cache once, and opened read-only for the console. */
class QueryThisMomentTest {
    @TempDir
    Path tmp;

    @Test
    void theMomentIsRestoredOnceIntoTheCacheAndOpensReadOnly() throws Exception {
        ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        AppSession session = new AppSession(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(env, false),
                Pricing.DEFAULT, tmp.resolve("restores"), env);
        MainViewModel model = new MainViewModel(new ViewModels(session));
        model.open(fixture.replicaUrl());
        GenerationRow row = MainViewModelTest.richestGeneration(model);
        Instant at = MainViewModelTest.midway(row);
        model.select(row, at);

        List<ConsoleSession.Source> opened = new ArrayList<>();
        model.queryThisMoment(opened::add);
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(opened).hasSize(1);
        ConsoleSession.Source source = opened.get(0);
        assertThat(source.access()).isEqualTo(SqlDatabase.Access.READ_ONLY);
        assertThat(source.file()).startsWith(tmp.resolve("cache"));
        assertThat(source.title()).startsWith(fixture.replicaUrl() + " @ ");

        // The same state a restore of that moment gives.
        model.restore(tmp.resolve("same.db"));
        assertThat(RestoreComparison.sha256(source.file())).isEqualTo(RestoreComparison.sha256(tmp.resolve("same.db")));

        // Asked again, the cached file serves: not restored a second time.
        FileTime first = Files.getLastModifiedTime(source.file());
        Files.setLastModifiedTime(source.file(), FileTime.fromMillis(first.toMillis() - 60_000));
        model.queryThisMoment(opened::add);
        assertThat(opened).hasSize(2);
        assertThat(opened.get(1).file()).isEqualTo(source.file());
        assertThat(Files.getLastModifiedTime(source.file()).toMillis()).isEqualTo(first.toMillis() - 60_000);
    }

    /** "Compare with…" keeps a moment, "Compare" restores it and the selected one, the earlier handed over first. */
    @Test
    void twoMomentsAreRestoredIntoTheCacheAndComparedEarlierFirst() throws Exception {
        ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        AppSession session = new AppSession(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(env, false),
                Pricing.DEFAULT, tmp.resolve("restores"), env);
        MainViewModel model = new MainViewModel(new ViewModels(session));
        model.open(fixture.replicaUrl());
        GenerationRow row = MainViewModelTest.richestGeneration(model);
        Instant later = row.end().orElseThrow();
        Instant earlier = MainViewModelTest.midway(row);
        List<DiffViewModel.Sides> compared = new ArrayList<>();

        model.select(row, later);
        model.compare().compare(compared::add);
        assertThat(compared).as("nothing kept yet").isEmpty();
        model.compare().keepSelected();
        assertThat(model.compare().keptProperty().get()).contains(later);
        assertThat(model.compare().canCompareProperty().get()).as("the same moment twice").isFalse();
        model.compare().keepSelected();
        assertThat(model.compare().keptProperty().get()).as("asked again there, it goes").isEmpty();
        model.compare().keepSelected();
        model.select(row, earlier);
        assertThat(model.compare().canCompareProperty().get()).isTrue();
        model.compare().compare(compared::add);
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(compared).hasSize(1);
        DiffViewModel.Sides sides = compared.get(0);
        assertThat(sides.before()).startsWith(tmp.resolve("cache"));
        model.restore(tmp.resolve("earlier.db"));
        assertThat(RestoreComparison.sha256(sides.before())).isEqualTo(RestoreComparison.sha256(
                tmp.resolve("earlier.db")));
        assertThat(AppDatabase.digest(sides.after())).as("the end of the richest generation")
                .isNotEqualTo(AppDatabase.digest(sides.before()));

        // Another replica forgets the kept moment.
        model.open(fixture.replicaUrl() + "/");
        assertThat(model.compare().keptProperty().get()).isEmpty();
    }

    /** {@code litescope console FILE} opens the file; {@code litescope console URL@TIME} the replica and its moment. */
    @Test
    void theConsoleCommandOpensAFileOrAReplicasMoment() throws Exception {
        ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        AppSession session = new AppSession(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(env, false),
                Pricing.DEFAULT, tmp.resolve("restores"), env);
        MainViewModel model = new MainViewModel(new ViewModels(session));
        List<ConsoleSession.Source> opened = new ArrayList<>();

        Path file = Files.writeString(tmp.resolve("some.db"), "");
        assertThat(LitescopeApp.openInConsole(file.toString(), model, opened::add)).isFalse();
        assertThat(opened).containsExactly(ConsoleSession.Source.file(file));

        Instant newest = Catalogs.of(fixture).allGenerations().stream().flatMap(g -> g.walSegments().stream())
                .map(s -> s.created()).max(Instant::compareTo).orElseThrow();
        assertThat(LitescopeApp.openInConsole(fixture.replicaUrl() + "@" + newest, model, opened::add)).isTrue();
        assertThat(model.replicaUrlProperty().get()).isEqualTo(fixture.replicaUrl());
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(opened).hasSize(2);
        assertThat(opened.get(1).file()).startsWith(tmp.resolve("cache"));
        assertThat(AppDatabase.digest(opened.get(1).file())).as("the newest moment holds the final state")
                .isEqualTo(fixture.expectedDigest());
    }

}
