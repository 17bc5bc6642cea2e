package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.DemoReplica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled demo installs as a real Litestream replica, and restores as litestream restore does. */
class DemoReplicaTest {
    @TempDir
    Path cache;

    @TempDir
    Path tmp;

    @Test
    void installsAnHourOfHistoryThatRestoresLikeLitestream() throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        Path dir = DemoReplica.install(env);
        assertThat(DemoReplica.install(env)).as("installed once").isEqualTo(dir);

        Catalog catalog = new Catalog(Replicas.open(ReplicaUrl.parse(dir.toString())));
        List<Generation> generations = catalog.allGenerations();
        assertThat(generations).hasSizeGreaterThanOrEqualTo(2);
        assertThat(generations.stream().mapToInt(g -> g.walSegments().size()).sum()).isGreaterThanOrEqualTo(200);
        assertThat(generations.stream().mapToInt(g -> g.snapshots().size()).sum()).isGreaterThanOrEqualTo(3);
        Instant first = generations.stream().map(g ->
                g.bounds().orElseThrow().start()).min(Instant::compareTo).orElseThrow();
        Instant last = generations.stream().map(g ->
                g.bounds().orElseThrow().end()).max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(first, last)).isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(last, Instant.now())).as("the demo looks recent").isLessThan(Duration.ofMinutes(5));

        RestoreComparison cmp = new RestoreComparison(tmp);
        String url = "file://" + dir;
        List<String[]> targets = TargetGrid.of(catalog, 8);
        int restored = 0;
        for (String[] flags : targets) {
            RestoreComparison.Outcome o = cmp.compare(url, flags);
            assertThat(o.agree()).as(o.toString()).isTrue();
            restored += o.litestream().ok() ? 1 : 0;
        }
        assertThat(restored).isGreaterThan(targets.size() / 2);
        assertThat(Files.isDirectory(dir)).isTrue();
    }

    @Test
    void theWindowOpensTheDemoWhenNothingElseIsGiven() {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        MainViewModel model = new MainViewModel(
                TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(env, false));
        model.openDemo(env);
        assertThat(model.generations()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(model.replicaUrlProperty().get()).contains("demo-").endsWith("replica/");
    }
}
