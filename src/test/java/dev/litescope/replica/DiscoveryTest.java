package dev.litescope.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.Cancellation;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Finding every replica in a bucket, on the loopback GCS server: the right answer, at a bounded request count. */
class DiscoveryTest {
    static LoopbackGcs gcs;

    @BeforeAll
    static void server() {
        gcs = LoopbackGcs.start();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    private GcsObjectStore store(String bucket) throws Exception {
        return GcsObjectStore.connect(bucket, new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(),
                RetryPolicy.defaults()));
    }

    private static Replica searched(ObjectStore store, String url) {
        return new Replica(store, "", ReplicaUrl.parse(url));
    }

    @Test
    void findsBothFormatsAtAnyDepthAndNothingElse() throws Exception {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        String g1 = "0123456789abcdef";
        String g2 = "fedcba9876543210";
        gcs.put("mixed", "top/generations/" + g1 + "/snapshots/00000000.snapshot.lz4", new byte[10], t);
        gcs.put("mixed", "top/generations/" + g1 + "/wal/00000000_00000000.wal.lz4", new byte[5], t.plusSeconds(5));
        gcs.put("mixed", "top/generations/" + g2 + "/wal/00000000_00000000.wal.lz4", new byte[7], t.plusSeconds(9));
        gcs.put("mixed", "top/generations/" + g2 + "/wal/00000000_00000000.wal.lz4.tmp", new byte[99],
                t.plusSeconds(99));
        gcs.put("mixed", "a/b/c/deep.db/ltx/0/0000000000000001-0000000000000001.ltx", new byte[20], t);
        gcs.put("mixed", "a/b/c/deep.db/ltx/1/0000000000000001-0000000000000004.ltx", new byte[30], t.plusSeconds(2));
        gcs.put("mixed", "a/b/notes.txt", new byte[1], t);
        gcs.put("mixed", "a/data/.app.db-litestream/generations/" + g1 + "/wal/00000000.wal", new byte[1], t);

        List<Discovery.Found> found = new Discovery(searched(store("mixed"), "gs://mixed"), 4).find();
        assertThat(new Discovery(searched(store("mixed"), "gs://mixed"), 4).findFlat(new Cancellation()))
                .as("the flat ranged listing finds the same").isEqualTo(found);
        assertThat(found).extracting(Discovery.Found::root).containsExactly("a/b/c/deep.db/", "top/");
        assertThat(found).extracting(r -> r.url().toString()).containsExactly("gs://mixed/a/b/c/deep.db",
                "gs://mixed/top");
        // Below a prefix, each replica's URL keeps the scheme it was searched with.
        Replica prefix = new Replica(store("mixed"), "a/b", ReplicaUrl.parse("gcs://mixed/a/b"));
        List<Discovery.Found> below = new Discovery(prefix, 4).find();
        assertThat(below).extracting(r -> r.url().toString()).containsExactly("gcs://mixed/a/b/c/deep.db");
        Discovery.Found ltx = found.get(0);
        assertThat(ltx.root()).isEqualTo("a/b/c/deep.db/");
        assertThat(ltx.format()).isEqualTo(Discovery.Format.LITESTREAM_0_5);
        assertThat(ltx.generations()).isEqualTo(2); // levels 0 and 1
        assertThat(ltx.objects()).isEqualTo(2);
        assertThat(ltx.storedBytes()).isEqualTo(50);
        assertThat(ltx.newest()).contains(t.plusSeconds(2));
        Discovery.Found v3 = found.get(1);
        assertThat(v3.root()).isEqualTo("top/");
        assertThat(v3.format()).isEqualTo(Discovery.Format.LITESTREAM_0_3);
        assertThat(v3.generations()).isEqualTo(2);
        assertThat(v3.objects()).isEqualTo(3); // the .tmp upload does not count
        assertThat(v3.storedBytes()).isEqualTo(22);
        assertThat(v3.newest()).contains(t.plusSeconds(9));
    }

    @Test
    void aReplicaTooBigForOneProbeIsFoundThroughTheDelimitedListing() throws Exception {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        String g = "00000000000000aa";
        for (int i = 0; i < 1500; i++) {
            gcs.put("big", String.format("busy.db/generations/%s/wal/%08x_00000000.wal.lz4", g, i), new byte[3],
                    t.plusSeconds(i));
        }
        gcs.put("big", "busy.db/generations/" + g + "/snapshots/00000000.snapshot.lz4", new byte[1000], t);
        gcs.put("big", "small.db/generations/" + g + "/snapshots/00000000.snapshot.lz4", new byte[10], t);
        GcsObjectStore store = store("big");
        List<Discovery.Found> found = new Discovery(searched(store, "gs://big"), 4).find();
        assertThat(found).extracting(Discovery.Found::root).containsExactly("busy.db/", "small.db/");
        assertThat(found.get(0).objects()).isEqualTo(1501);
        assertThat(found.get(0).storedBytes()).isEqualTo(1500 * 3 + 1000);
        assertThat(found.get(0).newest()).contains(t.plusSeconds(1499));
        // probe "" (truncated), delimited "", probe busy.db/ (truncated), delimited busy.db/, 2 pages of its
        // objects; probe small.db/ (whole)
        assertThat(store.counters().snapshot().lists()).isEqualTo(1 + 1 + 1 + 1 + 2 + 1);
    }

    @Test
    void aCancelledSearchStopsBeforeItsNextListing() throws Exception {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        for (int i = 0; i < 1200; i++) {
            gcs.put("halt", String.format("t/u%04d.db/generations/%016x/snapshots/00000000.snapshot.lz4", i, i),
                    new byte[1], t);
        }
        GcsObjectStore store = store("halt");
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThatThrownBy(() -> new Discovery(searched(store, "gs://halt"), 4).find(cancellation))
                .hasMessageContaining("cancelled");
        assertThat(store.counters().snapshot().lists()).isZero();

        // Cancelled while it runs: the first level's listing is made, the 1,200 folders below it are not probed.
        Cancellation midway = new Cancellation();
        ObjectStore cancelling = new ObjectStore() {
            @Override
            public Listing list(String prefix, boolean delimited) throws ObjectStoreException {
                Listing l = store.list(prefix, delimited);
                midway.cancel();
                return l;
            }

            @Override
            public Listing listFirst(String prefix, int max) throws ObjectStoreException {
                return store.listFirst(prefix, max);
            }

            @Override
            public InputStream open(ObjectInfo object) throws ObjectStoreException {
                return store.open(object);
            }

            @Override
            public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
                return store.readAll(object);
            }

            @Override
            public String describe(String key) {
                return store.describe(key);
            }

            @Override
            public RequestCounters counters() {
                return store.counters();
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> new Discovery(searched(cancelling, "gs://halt"), 4).find(midway))
                .hasMessageContaining("cancelled");
        assertThat(store.counters().snapshot().lists()).as("lists made").isLessThan(10);
    }

    @Test
    void tenThousandReplicasInRequestsBoundedPerLevel() throws Exception {
        int n = 10_000;
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        for (int i = 0; i < n; i++) {
            String root = String.format("tenants/user-%05d.db/generations/%016x/", i, i);
            gcs.put("many", root + "snapshots/00000000.snapshot.lz4", new byte[100], t);
            gcs.put("many", root + "wal/00000000_00000000.wal.lz4", new byte[10], t.plusMillis(i));
        }
        gcs.put("many", "tenants/README", new byte[1], t);
        GcsObjectStore store = store("many");
        List<Discovery.Found> found = new Discovery(searched(store, "gs://many"), 16).find();
        assertThat(found).hasSize(n);
        assertThat(found.get(1234).root()).isEqualTo("tenants/user-01234.db/");
        assertThat(found.get(1234).objects()).isEqualTo(2);
        assertThat(found.get(1234).storedBytes()).isEqualTo(110);
        assertThat(found.get(1234).newest()).contains(t.plusMillis(1234));
        // The top and tenants/ are too big for one probe page: a probe each, then a delimited listing (1 page,
        // and 11 pages for tenants/'s 10,001 entries); each tenant folder is then one probe holding everything.
        long expected = (1 + 1) + (1 + 11) + n;
        assertThat(store.counters().snapshot().lists()).isEqualTo(expected);
        assertThat(gcs.count(LoopbackGcs.Kind.LIST)).isGreaterThanOrEqualTo(expected);

        // Flat and ranged: the same answer in ceil(objects / 1000) pages, plus the top level's first delimited page
        // and at most one partial page or empty probe per range, the ranges cut from the keys seen.
        GcsObjectStore flatStore = store("many");
        gcs.resetCounters();
        List<Discovery.Found> flat = new Discovery(searched(flatStore, "gs://many"), 16).findFlat(new Cancellation());
        assertThat(flat).isEqualTo(found);
        long objects = 2L * n + 1;
        long bound = (objects + 999) / 1000 + 1 + DiscoveryRanges.MAX_RANGES;
        assertThat(gcs.count(LoopbackGcs.Kind.LIST)).isLessThanOrEqualTo(bound)
                .isEqualTo(flatStore.counters().snapshot().lists());

        ProcResult cli = Litescope.run(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), "databases", "-json",
                "gs://many/tenants");
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).containsPattern("found 10000 database\\(s\\) with \\d+ list requests");
        assertThat(cli.stdout()).contains("\"path\": \"gs://many/tenants/user-09999.db\"")
                // tenants/'s first delimited page splits it into ranges, listed flat and cut further: 21 pages, the
                // delimited one and at most one partial page per range
                .containsPattern("\"class_a_operations\": (2[2-9]|3[0-8]),");
    }
}
