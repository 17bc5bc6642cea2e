package dev.litescope.replica.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.DamagedReadException;
import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.gcs.ObjectMeta;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Cloud Storage store against the loopback GCS server: listings, exact reads, every failure class. */
class GcsObjectStoreTest extends LoopbackBucketTest {
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));
    GcsObjectStore store;

    @BeforeEach
    void connect() throws Exception {
        store = GcsObjectStore.connect("bkt", settings(FAST));
    }

    @Test
    void listsPageByPageWithPrefixesAndExactTimes() throws Exception {
        Instant t = Instant.parse("2026-11-27T20:29:44.123Z");
        for (int i = 0; i < 2500; i++) {
            gcs.put("bkt", String.format("many/%05d", i), new byte[] {(byte) i}, t.plusMillis(i));
        }
        gcs.put("bkt", "many/sub/a", new byte[1]);
        gcs.put("bkt", "many/sub2/b", new byte[1]);
        gcs.resetCounters();

        Listing flat = store.list("many/", true);
        assertThat(flat.objects()).hasSize(2500);
        assertThat(flat.prefixes()).containsExactly("many/sub/", "many/sub2/");
        assertThat(flat.objects().get(7).created()).isEqualTo(t.plusMillis(7));
        assertThat(flat.objects().get(7).generation()).isPresent();
        assertThat(flat.objects().get(7).crc32c()).isPresent();
        // 2502 entries, 1000 a page, items and prefixes counted together
        assertThat(store.counters().snapshot().lists()).isEqualTo(3);
        assertThat(gcs.count(LoopbackGcs.Kind.LIST)).isEqualTo(3);

        assertThat(store.list("many/", false).objects()).hasSize(2502);
        assertThat(store.list("nothing-here/", true).objects()).isEmpty();
    }

    @Test
    void readsTheListedGenerationAndChecksIt() throws Exception {
        byte[] data = random(50_000);
        gcs.put("bkt", "r/obj", data);
        ObjectInfo listed = store.list("r/", false).objects().get(0);
        assertThat(store.readAll(listed)).isEqualTo(data);
        try (InputStream in = store.open(listed)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // Replaced after the listing: the listed generation is gone, and that is said plainly.
        gcs.put("bkt", "r/obj", random(10));
        assertThatThrownBy(() -> store.readAll(listed)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("gs://bkt/r/obj").hasMessageContaining("the object is gone");
    }

    @Test
    void transientFailuresAreRetried() throws Exception {
        byte[] data = random(200_000);
        gcs.put("bkt", "t/obj", data);
        ObjectInfo o = store.list("t/", false).objects().get(0);
        long reads = store.counters().snapshot().reads();

        gcs.failNext(2, 503, LoopbackGcs.Kind.MEDIA);
        assertThat(store.readAll(o)).isEqualTo(data);
        assertThat(store.counters().snapshot().reads() - reads).isEqualTo(3);

        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 1);
        assertThat(store.readAll(o)).isEqualTo(data);

        gcs.corruptNextMedia(1);
        assertThat(store.readAll(o)).isEqualTo(data);

        gcs.failNext(1, 429, LoopbackGcs.Kind.MEDIA);
        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 1);
        try (InputStream in = store.open(o)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        gcs.failNext(1, 500, LoopbackGcs.Kind.LIST);
        assertThat(store.list("t/", false).objects()).hasSize(1);
    }

    /**
     * A body that stops half-way, with the connection left open, is given up after the request timeout instead of
     * waited on for ever (the JDK client times out only the headers): a streamed read resumes by range, a whole
     * read is tried again, and both end with the object's bytes.
     */
    @Test
    @Timeout(15) // the stalled body stays silent for 20 s: only giving up on it ends the test in time
    void aBodyThatStopsHalfWayIsGivenUpAndResumedInsteadOfWaitedOn() throws Exception {
        byte[] data = random(2_000_000);
        gcs.put("bkt", "h/obj", data);
        GcsObjectStore quick = GcsObjectStore.connect("bkt", settings(FAST).withRequestTimeout(Duration.ofSeconds(1)));
        ObjectInfo o = quick.list("h/", false).objects().get(0);
        gcs.resetCounters();
        gcs.stallMidBody(LoopbackGcs.Kind.MEDIA, 1);
        try (InputStream in = quick.open(o)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        List<LoopbackGcs.Request> media = gcs.requests().stream()
                .filter(r -> r.kind() == LoopbackGcs.Kind.MEDIA).toList();
        assertThat(media).hasSize(2);
        assertThat(media.get(1).header("Range")).as("resumed where the body stopped").matches("bytes=[1-9][0-9]*-");

        gcs.stallMidBody(LoopbackGcs.Kind.MEDIA, 1);
        assertThat(quick.readAll(o)).isEqualTo(data);
    }

    /**
     * A streamed read holds nothing whole: a body cut off half-way is resumed where it stopped with a ranged GET
     * of the same generation, and bytes damaged on the way are reported at the end of the stream, as a
     * DamagedReadException the caller can read again after.
     */
    @Test
    void streamedReadsResumeWithARangeAndReportDamageAtTheEnd() throws Exception {
        byte[] data = random(3_000_000);
        gcs.put("bkt", "s/obj", data);
        ObjectInfo o = store.list("s/", false).objects().get(0);
        gcs.resetCounters();
        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 2);
        try (InputStream in = store.open(o)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        List<LoopbackGcs.Request> media = gcs.requests().stream()
                .filter(r -> r.kind() == LoopbackGcs.Kind.MEDIA).toList();
        assertThat(media).hasSize(3);
        assertThat(media.get(0).header("Range")).isNull();
        assertThat(media.get(1).header("Range")).matches("bytes=[1-9][0-9]*-");
        assertThat(media.get(2).rawQuery()).contains("generation=" + o.generation().getAsLong());

        gcs.corruptNextMedia(1);
        try (InputStream in = store.open(o)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(DamagedReadException.class)
                    .hasMessageContaining("gs://bkt/s/obj").hasMessageContaining("CRC32C");
        }
        try (InputStream in = store.open(o)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }

        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 100);
        try (InputStream in = store.open(o)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("gs://bkt/s/obj").hasMessageContaining("broke off 5 times");
        }
        gcs.clearFaults();
    }

    @Test
    void persistentFailuresEndInAnExplanation() throws Exception {
        gcs.put("bkt", "p/obj", random(1000));
        ObjectInfo o = store.list("p/", false).objects().get(0);

        gcs.failNext(10, 503, LoopbackGcs.Kind.MEDIA);
        assertThatThrownBy(() ->
                store.readAll(o)).hasMessageContaining("download gs://bkt/p/obj failed after 4 attempts")
                .hasMessageContaining("HTTP 503");
        gcs.clearFaults();

        // The stored bytes no longer match the checksum the listing carried: corrupt at rest, every time.
        byte[] damaged = gcs.get("bkt", "p/obj");
        damaged[500] ^= 1;
        ObjectMeta m = gcs.overwriteKeepingTime("bkt", "p/obj", damaged);
        ObjectInfo stale = new ObjectInfo(o.key(), o.size(), o.created(), OptionalLong.of(m.generation()),
                o.crc32c());
        assertThatThrownBy(() -> store.readAll(stale)).hasMessageContaining("failed 4 times")
                .hasMessageContaining("CRC32C").hasMessageContaining("may be damaged");

        gcs.failNext(1, 403, LoopbackGcs.Kind.LIST);
        assertThatThrownBy(() -> store.list("p/", true)).hasMessageContaining("permission denied")
                .hasMessageContaining("storage.objects.list").hasMessageContaining("bucket bkt")
                .hasMessageContaining("no credentials (STORAGE_EMULATOR_HOST is set)");

        gcs.failNext(1, 403, LoopbackGcs.Kind.MEDIA);
        assertThatThrownBy(() -> store.readAll(o)).hasMessageContaining("storage.objects.get");

        // A real refusal: the account lacks a permission, and Cloud Storage (testIamPermissions) says which.
        gcs.deny("storage.objects.get");
        assertThatThrownBy(() -> store.readAll(o)).hasMessageContaining("lacks storage.objects.get on bucket bkt")
                .hasMessageNotContaining("storage.objects.list");
        gcs.deny("storage.objects.list");
        assertThatThrownBy(() -> store.list("p/", true))
                .hasMessageContaining("lacks storage.objects.list and storage.objects.get on bucket bkt");
        assertThat(gcs.requests()).anyMatch(r -> r.path().endsWith("/iam/testPermissions"));
        gcs.clearFaults();

        GcsObjectStore missing = GcsObjectStore.connect("no-such-bucket", settings(FAST));
        assertThatThrownBy(() -> missing.list("", true)).hasMessageContaining("bucket no-such-bucket does not exist");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
