package dev.litescope.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.fleet.FleetHealth;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.gcs.FleetBucket;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.Cancellation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery over a 10,000-replica bucket of every layout ({@link FleetBucket}: 0.3 and 0.5, two depths, clutter,
 * breaks, stale and new generations) on the loopback GCS server: exactly the replicas, each as it was put, at a
 * request count bounded at the server.
 */
class FleetDiscoveryTest {
    static LoopbackGcs gcs;

    @BeforeAll
    static void server() {
        gcs = LoopbackGcs.start();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    static GcsObjectStore store(String bucket) throws Exception {
        return GcsObjectStore.connect(bucket, new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(),
                RetryPolicy.defaults()));
    }

    /** Discovery's answer in the fixture's terms, health worked out at the fixture's moment. */
    static FleetBucket.Expected seen(Discovery.Found f) {
        return new FleetBucket.Expected(f.root(), f.format(), f.generations(), f.objects(), f.storedBytes(),
                f.newest().orElseThrow(), FleetHealth.of(f, FleetBucket.NOW, FleetReplica.SNAPSHOT_INTERVAL));
    }

    @Test
    void tenThousandReplicasOfEveryLayoutInCeilObjectsOver1000PlusTheTopListings() throws Exception {
        List<FleetBucket.Expected> expected = FleetBucket.build(gcs, "fleet", 10_000);
        long objects = FleetBucket.objects(gcs, "fleet");
        assertThat(expected).hasSize(10_000);
        // 0.3: 50 of each 2,500 of a layout with a break, 50 stale, 50 new generations; 0.5: breaks and stale ones.
        assertThat(expected.stream().filter(e -> !e.health().isEmpty()).count()).as("unhealthy ones planted")
                .isEqualTo(2 * 150 + 2 * 100);

        gcs.resetCounters();
        GcsObjectStore store = store("fleet");
        List<Discovery.Found> found = new Discovery(new Replica(store, "", ReplicaUrl.parse("gs://fleet")), 16)
                .findFlat(new Cancellation());

        assertThat(found.stream().map(FleetDiscoveryTest::seen).toList()).isEqualTo(expected);
        assertThat(found).allSatisfy(f -> assertThat(f.url().toString())
                .isEqualTo("gs://fleet/" + f.root().substring(0, f.root().length() - 1)));
        // The bound: every object once, ceil(objects / 1000) pages, plus the delimited listings of the top two
        // levels (the bucket has five folders, fewer than the ranges, so each is listed too), plus one partial page
        // per boundary between ranges.
        List<LoopbackGcs.Request> lists = gcs.requests().stream().filter(r -> r.kind() == LoopbackGcs.Kind.LIST)
                .toList();
        long delimited = lists.stream().filter(r -> r.rawQuery().contains("delimiter=")).count();
        // tenants/ holds 5,000 replica folders and more: 6 pages; ap/, eu/, us/, junk/ one each; the bucket's one.
        assertThat(delimited).isEqualTo(1 + 6 + 4);
        long bound = (objects + 999) / 1000 + delimited + (Discovery.RANGES - 1);
        assertThat((long) lists.size()).isLessThanOrEqualTo(bound).isEqualTo(store.counters().snapshot().lists());
    }
}
