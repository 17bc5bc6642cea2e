package dev.litescope.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.FleetBucket;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.Cancellation;
import dev.litescope.util.JsonMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second discovery of the same prefix, from the state of the first kept on disk: after new objects, new
 * generations and levels, retention and compaction at the bottom of folders, a new replica and deleted ones, it
 * gives exactly what a fresh full discovery gives, for fewer list requests.
 */
class DiscoveryRefreshTest {
    static LoopbackGcs gcs;
    static final String B = "refresh";
    static final Instant T = FleetBucket.NOW.minusSeconds(7200);

    @BeforeAll
    static void server() {
        gcs = LoopbackGcs.start();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    private static Discovery discovery() throws Exception {
        return new Discovery(new Replica(FleetDiscoveryTest.store(gcs, B), "", ReplicaUrl.parse("gs://" + B)), 16);
    }

    private static void wal(String root, String gen, int index, int size) {
        gcs.put(B, String.format("%sgenerations/%s/wal/%08x_00000000.wal.lz4", root, gen, index), new byte[size],
                T.plusSeconds(index));
    }

    private static void ltx(String root, int level, long min, long max) {
        gcs.put(B, String.format("%sltx/%d/%016x-%016x.ltx", root, level, min, max), new byte[7],
                T.plusSeconds(min), Map.of("litestream-timestamp", T.plusSeconds(min).toString()));
    }

    private static long lists(Runnable r) {
        gcs.resetCounters();
        r.run();
        return gcs.count(LoopbackGcs.Kind.LIST);
    }

    @Test
    void aRefreshFromTheKeptStateEqualsAFreshDiscoveryAfterChanges(@TempDir Path cache) throws Exception {
        FleetBucket.build(gcs, B, 300);
        String a = "tenants/big-a.db/";
        String b = "eu/tenants/big-b.db/";
        String c = "tenants/big-c.db/";
        gcs.put(B, a + "generations/00000000000000aa/snapshots/00000000.snapshot.lz4", new byte[100], T);
        for (int i = 0; i < 20_000; i++) {
            wal(a, "00000000000000aa", i, 10);
            ltx(b, 0, i + 2, i + 2);
            if (i < 8000) {
                wal(c, "00000000000000cc", i, 3);
            }
        }
        ltx(b, 9, 1, 1);
        Discovery.Refreshed first = discovery().findKeeping(new Cancellation());
        assertThat(first.state().large()).extracting(DiscoveryState.Large::root).containsExactlyInAnyOrder(a, b, c);
        first.state().save(cache);
        DiscoveryState kept = DiscoveryState.read(cache, "gs://" + B).orElseThrow();
        assertThat(kept).isEqualTo(first.state());

        // Litestream went on: new segments, a new snapshot and then retention at the bottom; a new generation.
        for (int i = 20_000; i < 20_400; i++) {
            wal(a, "00000000000000aa", i, 11);
        }
        gcs.put(B, a + "generations/00000000000000aa/snapshots/00001000.snapshot.lz4", new byte[90], T.plusSeconds(9));
        gcs.delete(B, a + "generations/00000000000000aa/snapshots/00000000.snapshot.lz4");
        for (int i = 0; i < 1000; i++) {
            gcs.delete(B, String.format("%sgenerations/00000000000000aa/wal/%08x_00000000.wal.lz4", a, i));
        }
        gcs.put(B, a + "generations/0000000000000001/snapshots/00000000.snapshot.lz4", new byte[50],
                T.plusSeconds(7000));
        wal(a, "0000000000000001", 0, 5);
        // 0.5: compaction into a new level 1, the level-0 files it covers deleted, more level-0 files.
        ltx(b, 1, 2, 2001);
        for (int i = 0; i < 2000; i++) {
            gcs.delete(B, String.format("%sltx/0/%016x-%016x.ltx", b, i + 2, i + 2));
        }
        for (int i = 20_000; i < 20_100; i++) {
            ltx(b, 0, i + 2, i + 2);
        }
        // A large replica deleted, a small one deleted, one grown, two new.
        for (ObjectMetaKey k : keys(c)) {
            gcs.delete(B, k.name);
        }
        for (ObjectMetaKey k : keys(FleetBucket.root(4))) {
            gcs.delete(B, k.name);
        }
        gcs.put(B, FleetBucket.root(8) + "generations/" + gcs.list(B, FleetBucket.root(8) + "generations/").get(0)
                .name().split("/")[3] + "/wal/00000009_00000000.wal.lz4", new byte[4], FleetBucket.NOW);
        gcs.put(B, "tenants/new.db/generations/00000000000000ee/snapshots/00000000.snapshot.lz4", new byte[4], T);
        ltx("us/tenants/new-b.db/", 9, 1, 3);

        long[] refreshLists = new long[1];
        Discovery.Refreshed[] refreshed = new Discovery.Refreshed[1];
        refreshLists[0] = lists(() -> refreshed[0] = unchecked(() -> discovery().refresh(kept, new Cancellation())));
        @SuppressWarnings("unchecked")
        List<Discovery.Found>[] fresh = new List[1];
        long freshLists = lists(() -> fresh[0] = unchecked(() -> discovery().findFlat(new Cancellation())));

        assertThat(refreshed[0].found()).isEqualTo(fresh[0]);
        assertThat(fresh[0]).extracting(Discovery.Found::root).contains("tenants/new.db/", "us/tenants/new-b.db/")
                .doesNotContain(c, FleetBucket.root(4));
        Discovery.Found bigA = fresh[0].stream().filter(f -> f.root().equals(a)).findFirst().orElseThrow();
        assertThat(bigA.objects()).isEqualTo(1 + 19_400 + 2);
        assertThat(bigA.generations()).isEqualTo(2);
        assertThat(refreshed[0].listed()).contains("listed 3 large replica(s)")
                .contains("2 new generation(s) or level(s) listed whole")
                .contains((1 + 1000 + 2000 + 8000) + " object(s) gone");
        assertThat(refreshed[0].state().large()).extracting(DiscoveryState.Large::root)
                .containsExactlyInAnyOrder(a, b);
        System.out.println("refresh: " + refreshLists[0] + " list requests, a fresh discovery " + freshLists + "; "
                + refreshed[0].listed());
        // The bound: the delimited listings of the top two levels (the bucket; ap/, eu/, junk/, tenants/, us/); the
        // key ranges, cut around the three large format folders, each a page more at most than the small replicas
        // and clutter in it need; a.db: a delimited listing of generations/, the first object and the objects from
        // the newest known one on, for each of snapshots/ and wal/, its new generation whole; b.db: the same per
        // level (0 and 9) and its new level 1 whole; c.db: the delimited listing that finds it gone.
        long small = FleetBucket.objects(gcs, B) - gcs.list(B, a).size() - gcs.list(B, b).size();
        long bound = (1 + 5) + (Discovery.RANGES + 3) + (small + 999) / 1000 + (1 + 2 * 2 + 1) + (1 + 2 * 2 + 1) + 1;
        assertThat(refreshLists[0]).isLessThanOrEqualTo(bound).isLessThan(freshLists);

        // The command line keeps the state in its cache folder and refreshes from it with --incremental.
        Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort(), "XDG_CACHE_HOME",
                cache.resolve("cli").toString());
        ProcResult full = Litescope.run(env, "databases", "-json", "gs://" + B);
        assertThat(full.exitCode()).as(full.stderr()).isZero();
        ltx(b, 0, 6102, 6102);
        ProcResult again = Litescope.run(env, "databases", "-json", "--incremental", "gs://" + B);
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stderr()).contains("listed 2 large replica(s) from their newest known objects on");
        ProcResult check = Litescope.run(env, "databases", "-json", "gs://" + B);
        assertThat(rows(again)).isEqualTo(rows(check)).hasSize(fresh[0].size());
    }

    /** The JSON rows of a {@code databases -json}, without the lag (which moves with the clock). */
    private static JsonNode rows(ProcResult r) throws Exception {
        JsonNode rows = JsonMapper.MAPPER.readTree(r.stdout()).get("databases");
        rows.forEach(row -> ((ObjectNode) row).remove("lag_ns"));
        return rows;
    }

    private record ObjectMetaKey(String name) {
    }

    private static List<ObjectMetaKey> keys(String prefix) {
        return gcs.list(B, prefix).stream().map(m -> new ObjectMetaKey(m.name())).toList();
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T unchecked(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
