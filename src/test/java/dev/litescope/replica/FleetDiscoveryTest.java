package dev.litescope.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.fleet.FleetHealth;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.FleetBucket;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.Cancellation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return store(gcs, bucket);
    }

    static GcsObjectStore store(LoopbackGcs gcs, String bucket) throws Exception {
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
        // The bound: every object once, ceil(objects / 1000) pages, plus the one delimited listing of the top level
        // (the ranges are cut further from the keys seen, not from listings of the level below), plus one partial
        // page or empty probe per range: the ceil(objects / 1000) + 20.
        List<LoopbackGcs.Request> lists = gcs.requests().stream().filter(r -> r.kind() == LoopbackGcs.Kind.LIST)
                .toList();
        long delimited = lists.stream().filter(r -> r.rawQuery().contains("delimiter=")).count();
        assertThat(delimited).isEqualTo(1);
        long bound = (objects + 999) / 1000 + delimited + DiscoveryRanges.MAX_RANGES;
        assertThat(bound).isLessThanOrEqualTo((objects + 999) / 1000 + 20);
        assertThat((long) lists.size()).isLessThanOrEqualTo(bound).isEqualTo(store.counters().snapshot().lists());
    }

    @Test
    void whichReplicasExistCostsAboutARequestPerLargeReplica() throws Exception {
        List<FleetBucket.Expected> small = FleetBucket.build(gcs, "skip", 200);
        long smallObjects = FleetBucket.objects(gcs, "skip");
        Instant t = FleetBucket.NOW.minusSeconds(3600);
        byte[] segment = new byte[8];
        for (int i = 0; i < 100_000; i++) {
            gcs.put("skip", String.format("tenants/big-a.db/generations/00000000000000aa/wal/%08x_00000000.wal.lz4",
                    i), segment, t);
            gcs.put("skip", String.format("eu/tenants/big-b.db/ltx/0/%016x-%016x.ltx", i + 1, i + 1), segment, t);
            // An upgraded path: 0.3 generations and, after them in key order, 0.5 LTX files.
            gcs.put("skip", String.format("tenants/big-c.db/generations/00000000000000cc/wal/%08x_00000000.wal.lz4",
                    i), segment, t);
        }
        gcs.put("skip", "tenants/big-c.db/ltx/9/0000000000000001-0000000000000001.ltx", segment, t);
        List<String> expected = new ArrayList<>(small.stream().map(e -> e.root() + " " + e.format()).toList());
        expected.addAll(List.of("tenants/big-a.db/ LITESTREAM_0_3", "eu/tenants/big-b.db/ LITESTREAM_0_5",
                "tenants/big-c.db/ LITESTREAM_0_3", "tenants/big-c.db/ LITESTREAM_0_5"));
        expected.sort(null);

        gcs.resetCounters();
        GcsObjectStore store = store("skip");
        List<Discovery.Named> named = new Discovery(new Replica(store, "", ReplicaUrl.parse("gs://skip")), 16)
                .findNames(new Cancellation());
        assertThat(named.stream().map(n -> n.root() + " " + n.format()).sorted().toList()).isEqualTo(expected);
        assertThat(named).filteredOn(n -> n.root().equals("eu/tenants/big-b.db/")).singleElement()
                .satisfies(n -> assertThat(n.url().toString()).isEqualTo("gs://skip/eu/tenants/big-b.db"));
        List<LoopbackGcs.Request> lists = gcs.requests().stream().filter(r -> r.kind() == LoopbackGcs.Kind.LIST)
                .toList();
        long delimited = lists.stream().filter(r -> r.rawQuery().contains("delimiter=")).count();
        // The bound: the top listings; per range, its last page; one page that ends inside each large format
        // folder (the next starts past it); and the pages of the small replicas and clutter, which a page
        // boundary inside a small replica's folder can at most double. Listed flat, the 300,000 objects alone
        // would be 300 pages.
        long bound = delimited + Discovery.RANGES + 4 + 2 * ((smallObjects + 998) / 999);
        assertThat((long) lists.size()).isLessThanOrEqualTo(bound).isEqualTo(store.counters().snapshot().lists());
        assertThat(lists).filteredOn(r -> r.rawQuery().contains("startOffset=tenants%2Fbig-a.db%2Fgenerations0"))
                .as("a request starts just past big-a.db's generations/").hasSize(1);
        System.out.println("names only: " + named.size() + " replicas in " + lists.size() + " list requests (bound "
                + bound + ")");

        ProcResult cli = Litescope.run(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), "databases",
                "--names-only", "gs://skip/tenants");
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).containsPattern("gs://skip/tenants/big-a.db +0.3\\n")
                .containsPattern("gs://skip/tenants/big-c.db +0.5\\n").doesNotContain("eu/");
        assertThat(cli.stderr()).containsPattern("found \\d+ database\\(s\\) with \\d+ list requests .*names only");
        ProcResult refused = Litescope.run(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), "databases",
                "--names-only", "--health", "gs://skip/tenants");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("--names-only").contains("cannot --health");
    }
}
