package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Litescope against the real {@code litestream restore} (v0.3.13) on replicas the real {@code litestream
 * replicate} wrote: for a grid of targets both must produce the same bytes, or both must refuse.
 */
class RestoreDifferentialTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "standard workload, page size {0}")
    @ValueSource(ints = {1024, 4096})
    void standardWorkloadGrid(int pageSize) throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(pageSize, Workload.standard(pageSize));
        List<RestoreComparison.Outcome> outcomes = compareAll(f, 40, tmp);
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(60);
        assertMostlyRestorable(outcomes);
    }

    static Stream<Long> seeds() {
        long n = Long.getLong("litescope.seeds", 3);
        long base = Long.getLong("litescope.seedBase", 1000);
        return LongStream.range(base, base + n).boxed();
    }

    @ParameterizedTest(name = "random workload, seed {0}")
    @MethodSource("seeds")
    void randomWorkloads(long seed) throws Exception {
        int pageSize = new int[] {512, 1024, 4096, 8192}[(int) (seed % 4)];
        ReplicaFixture f = ReplicaFixture.build(tmp.resolve("fixture"), pageSize, Workload.random(seed));
        List<RestoreComparison.Outcome> outcomes = compareAll(f, 12, tmp);
        assertMostlyRestorable(outcomes);
    }

    static List<RestoreComparison.Outcome> compareAll(ReplicaFixture f, int maxTimes, Path tmp) throws Exception {
        RestoreComparison cmp = new RestoreComparison(tmp.resolve("restores"));
        List<RestoreComparison.Outcome> outcomes = new ArrayList<>();
        List<RestoreComparison.Outcome> disagreements = new ArrayList<>();
        for (String[] flags : TargetGrid.of(Catalogs.of(f), maxTimes)) {
            RestoreComparison.Outcome o = cmp.compare(f.litestreamEnv(), f.replicaUrl(), flags);
            outcomes.add(o);
            if (!o.agree()) {
                disagreements.add(o);
            }
        }
        long identical = outcomes.stream().filter(o -> o.agree() && o.litestream().ok()).count();
        long bothRefused = outcomes.stream().filter(o -> o.agree() && !o.litestream().ok()).count();
        System.out.printf("%s: %d targets, %d byte-identical restores, %d refused by both, %d disagreements%n",
                f.workload().name() + "/p" + f.pageSize(), outcomes.size(), identical, bothRefused,
                disagreements.size());
        assertThat(disagreements).as("targets where Litescope and litestream restore disagree on %s (%s)",
                f, f.replicaUrl()).isEmpty();
        return outcomes;
    }

    /** A grid where both tools refuse everything would prove nothing. */
    static void assertMostlyRestorable(List<RestoreComparison.Outcome> outcomes) {
        long restored = outcomes.stream().filter(o -> o.litestream().ok()).count();
        assertThat(restored).as("targets litestream restored").isGreaterThanOrEqualTo(outcomes.size() * 3L / 4);
        long refused = outcomes.size() - restored;
        assertThat(refused).as("targets outside every generation, which both must refuse").isGreaterThanOrEqualTo(2);
    }
}
