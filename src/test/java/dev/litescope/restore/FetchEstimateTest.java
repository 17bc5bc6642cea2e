package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.restore.ltx.LtxPlanner;
import dev.litescope.restore.ltx.LtxRestorer;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Litestream 0.5 plan on Cloud Storage leaves to download, through the same format-neutral estimate as a 0.3
 * plan: nothing cached at first, then after a restore of an earlier TXID the files the two plans share, then all.
 */
class FetchEstimateTest {
    @TempDir
    Path tmp;

    @Test
    void anLtxPlanOnCloudStorageCountsWhatTheCacheHoldsAndWhatTheRestCosts() throws Exception {
        List<byte[]> states = SqliteStates.capture(tmp, 4096, 14, 3);
        List<LtxReplicaBuilder.Built> files = new LtxReplicaBuilder(states, 4096,
                Instant.parse("2026-11-30T08:00:00Z")).compact(1, 4).snapshotAt(4).build();
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            LtxReplicaBuilder.upload(gcs, "estimates", "db", files, 1000);
            Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort(),
                    "XDG_CACHE_HOME", tmp.resolve("cache").toString());
            Replica replica = Replicas.open(ReplicaUrl.parse("gs://estimates/db"),
                    ReplicaOptions.fromEnvironment(env, true));
            LtxPlanner planner = new LtxPlanner(new LtxCatalog(replica));
            // Latest (14): the snapshot at 4, L1 5-8 and 9-12, then L0 13 and 14.
            LtxPlan latest = planner.plan(RestoreTarget.latest());
            assertThat(latest.objects()).hasSize(latest.objectCount()).hasSize(5);
            long bytes = latest.storedBytes();

            FetchEstimate cold = FetchEstimate.of(latest, replica.store());
            assertThat(cold).isEqualTo(new FetchEstimate(5, bytes, 0, 0));
            assertThat(cold.downloads()).isEqualTo(5);
            assertThat(cold.downloadBytes()).isEqualTo(bytes);
            assertThat(cold.cost(Pricing.DEFAULT)).isEqualTo(5 * 0.04 / 100_000);

            // A restore of TXID 8 reads the snapshot and L1 5-8, which the latest plan reads too.
            LtxPlan eight = planner.plan(RestoreTarget.txid(8));
            assertThat(eight.objects()).hasSize(2).isEqualTo(latest.objects().subList(0, 2));
            restore(replica, eight, tmp.resolve("eight.db"));
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(2);
            long shared = eight.storedBytes();
            FetchEstimate half = FetchEstimate.of(latest, replica.store());
            assertThat(half).isEqualTo(new FetchEstimate(5, bytes, 2, shared));
            assertThat(half.downloads()).isEqualTo(3);
            assertThat(half.downloadBytes()).isEqualTo(bytes - shared);
            assertThat(half.cost(Pricing.DEFAULT)).isEqualTo(3 * 0.04 / 100_000);

            restore(replica, latest, tmp.resolve("latest.db"));
            assertThat(Files.readAllBytes(tmp.resolve("latest.db"))).isEqualTo(states.get(13));
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(5);
            FetchEstimate warm = FetchEstimate.of(latest, replica.store());
            assertThat(warm).isEqualTo(new FetchEstimate(5, bytes, 5, bytes));
            assertThat(warm.downloads()).isZero();
            assertThat(warm.cost(Pricing.DEFAULT)).isZero();
        }
    }

    private static void restore(Replica replica, LtxPlan plan, Path out) throws Exception {
        new LtxRestorer(replica).restore(plan, out, RestoreOptions.defaults(), Progress.Listener.NONE,
                new Cancellation());
    }
}
