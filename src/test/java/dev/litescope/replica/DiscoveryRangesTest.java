package dev.litescope.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.Cancellation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adaptive key ranges of a flat listing on the loopback GCS server: on awkward key sets every object is handed
 * over exactly once, at no more than ceil(objects / 1000) + {@link DiscoveryRanges#MAX_RANGES} requests.
 */
class DiscoveryRangesTest {
    static LoopbackGcs gcs;
    private static final byte[] DATA = new byte[4];
    private static final Instant T = Instant.parse("2026-11-27T12:00:00Z");

    @BeforeAll
    static void server() {
        gcs = LoopbackGcs.start();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    /** Lists {@code prefix} of {@code bucket} in adaptive ranges; asserts exactly-once coverage and the bound. */
    private static void coversExactlyOnce(String bucket, String prefix, List<String> keys) throws Exception {
        for (String k : keys) {
            gcs.put(bucket, k, DATA, T);
        }
        List<String> expected = new ArrayList<>(keys.stream().filter(k -> k.startsWith(prefix)).toList());
        expected.sort(DiscoveryRanges::compare);
        GcsObjectStore store = FleetDiscoveryTest.store(gcs, bucket);
        // A few rounds: the cuts depend on which worker is idle when, so each round can cut elsewhere.
        for (int round = 0; round < 3; round++) {
            gcs.resetCounters();
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            DiscoveryRanges ranges = new DiscoveryRanges(store, prefix, 8, DiscoveryRanges.MAX_RANGES);
            ranges.run(List.of("", ""), new Cancellation(), objects -> {
                objects.forEach(o -> seen.add(o.key()));
                return DiscoveryRanges.successor(objects.get(objects.size() - 1).key());
            });
            List<String> got = new ArrayList<>(seen);
            got.sort(DiscoveryRanges::compare);
            assertThat(got).as("every object once").hasSize(expected.size()).isEqualTo(expected);
            long lists = gcs.count(LoopbackGcs.Kind.LIST);
            assertThat(lists).isLessThanOrEqualTo((expected.size() + 999) / 1000 + DiscoveryRanges.MAX_RANGES);
            // Cloud Storage documents no NUL in object names: the next page starts at the last key, not after it.
            assertThat(gcs.requests()).as("requests carrying a NUL").noneMatch(r -> r.rawQuery() != null
                    && r.rawQuery().contains("%00"));
            System.out.println(bucket + ": " + expected.size() + " objects in " + lists + " list requests");
        }
    }

    @Test
    void digitsOnly() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keys.add("n/" + i);
        }
        coversExactlyOnce("digits", "n/", keys);
    }

    @Test
    void uuidLikeHex() throws Exception {
        Random random = new Random(16);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keys.add("u/" + new UUID(random.nextLong(), random.nextLong()) + "/generations/0/snapshots/0.lz4");
        }
        coversExactlyOnce("hex", "u/", keys);
    }

    @Test
    void oneHugeReplica() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            keys.add(String.format("big.db/generations/00000000000000aa/wal/%08x_00000000.wal.lz4", i));
        }
        keys.add("other/x");
        coversExactlyOnce("huge", "", keys);
    }

    @Test
    void aPrefixWithOneObjectAndAnEmptyOne() throws Exception {
        coversExactlyOnce("single", "only/", List.of("only/one", "onlyx", "a"));
        coversExactlyOnce("empty", "none/", List.of("nonex", "a/b"));
    }

    @Test
    void multibyteKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        String[] heads = {"a", "é", "日本", "\uD834\uDD1E", "\uFFFD", "z"};
        for (int i = 0; i < 12_000; i++) {
            keys.add("m/" + heads[i % heads.length] + "/" + (i * 7919 % 12_000) + heads[(i / 7) % heads.length]);
        }
        coversExactlyOnce("utf8", "m/", keys);
    }

    /**
     * The shape of the 100,000-replica benchmark bucket, smaller: a few top folders, and one of them holding
     * 25,000 replica folders. The split points come from the keys seen, so no listing of the level below is paid.
     */
    @Test
    void fewTopFoldersAndOneHugeSecondLevelInCeilObjectsOver1000Plus20() throws Exception {
        int objects = 0;
        for (String region : new String[] {"ap", "eu", "us"}) {
            for (int i = 0; i < 300; i++) {
                gcs.put("shape", String.format("%s/tenants/r-%03d.db/ltx/0/%016x-%016x.ltx", region, i, 1, 1),
                        DATA, T);
                objects++;
            }
        }
        gcs.put("shape", "junk/readme.txt", DATA, T);
        objects++;
        for (int i = 0; i < 25_000; i++) {
            String g = String.format("tenants/t-%05d.db/generations/%016x/", i, i);
            gcs.put("shape", g + "snapshots/00000000.snapshot.lz4", DATA, T);
            for (int w = 0; w < 3; w++) {
                gcs.put("shape", String.format("%swal/%08x_00000000.wal.lz4", g, w), DATA, T);
            }
            objects += 4;
        }
        gcs.resetCounters();
        GcsObjectStore store = FleetDiscoveryTest.store(gcs, "shape");
        List<Discovery.Found> found = new Discovery(new Replica(store, "", ReplicaUrl.parse("gs://shape")), 16)
                .findFlat(new Cancellation());
        assertThat(found).hasSize(900 + 25_000);
        assertThat(found.stream().mapToLong(Discovery.Found::objects).sum()).as("every replica object once")
                .isEqualTo(objects - 1);
        long lists = gcs.count(LoopbackGcs.Kind.LIST);
        assertThat(lists).isLessThanOrEqualTo((objects + 999) / 1000 + 20);
        System.out.println("shape: " + objects + " objects in " + lists + " list requests");
    }

    @Test
    void cutsBetweenTheCursorAndTheEndFromTheFieldSeen() {
        // An unknown end: the middle of the digits' space; an empty answer there makes that the end.
        assertThat(DiscoveryRanges.cut("t/tenant-00000/a", "t/tenant-00249/b", ""))
                .contains("t/tenant-50124");
        assertThat(DiscoveryRanges.cut("t/tenant-00000/a", "t/tenant-00249/b", "t/tenant-50124"))
                .contains("t/tenant-25186");
        assertThat(DiscoveryRanges.cut("u/0a", "u/3f", "u/8")).hasValueSatisfying(s -> assertThat(s)
                .isGreaterThan("u/3f").isLessThan("u/8"));
        // Nothing to interpolate in: one key seen, or adjacent keys.
        assertThat(DiscoveryRanges.cut("k/a", "k/a", "")).isEqualTo(Optional.empty());
        assertThat(DiscoveryRanges.cut("k/1", "k/2", "k/3")).isEqualTo(Optional.empty());
    }
}
