package dev.litescope.replica.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read timeouts, the attempts a message reports, and a host that does not resolve, against the loopback server. */
class GcsRetryTest extends LoopbackBucketTest {
    static final RetryPolicy THREE = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
    GcsObjectStore store;
    ObjectInfo object;
    byte[] data;

    @BeforeEach
    void connect() throws Exception {
        store = GcsObjectStore.connect("bkt", settings(THREE).withRequestTimeout(Duration.ofMillis(300)));
        data = new byte[10_000];
        new Random(7).nextBytes(data);
        gcs.put("bkt", "t/obj", data);
        object = store.list("t/", false).objects().get(0);
        gcs.resetCounters();
    }

    @Test
    void aReadTimeoutIsRetriedLikeAReset() throws Exception {
        gcs.delay(Duration.ofSeconds(3));
        Thread lift = new Thread(() -> {
            // Once the first attempt is waiting on the server, later ones are served at once.
            while (gcs.count(LoopbackGcs.Kind.MEDIA) < 1) {
                Thread.onSpinWait();
            }
            sleep(100);
            gcs.delay(Duration.ZERO);
        });
        lift.start();
        long reads = store.counters().snapshot().reads();
        assertThat(store.readAll(object)).isEqualTo(data);
        lift.join();
        assertThat(store.counters().snapshot().reads() - reads).isEqualTo(2);
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(2);
    }

    @Test
    void theMessageCountsTheAttemptsReallyMade() throws Exception {
        gcs.delay(Duration.ofSeconds(2));
        assertThatThrownBy(() -> store.readAll(object)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("download gs://bkt/t/obj failed after 3 attempts")
                .hasMessageContaining("timed out");
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(3);
        gcs.clearFaults();

        // A permanent refusal is not retried, and no retries are claimed for it.
        gcs.failNext(1, 400, LoopbackGcs.Kind.MEDIA);
        assertThatThrownBy(() -> store.readAll(object)).hasMessageContaining("HTTP 400")
                .hasMessageNotContaining("attempts");

        // Two 503s then success: no failure at all, and exactly three requests.
        gcs.resetCounters();
        gcs.failNext(2, 503, LoopbackGcs.Kind.MEDIA);
        assertThat(store.readAll(object)).isEqualTo(data);
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(3);
    }

    @Test
    void anUnknownHostIsNamedWithTheVariableThatChoseIt() throws Exception {
        GcsObjectStore nowhere = GcsObjectStore.connect("bkt",
                new GcsSettings(Optional.of("no-such-host.invalid:4443"), Optional.empty(), THREE));
        assertThatThrownBy(() -> nowhere.list("", true)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("could not resolve the host no-such-host.invalid")
                .hasMessageContaining("STORAGE_EMULATOR_HOST=no-such-host.invalid:4443")
                .hasMessageNotContaining("attempts");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
