package dev.litescope.replica.gcs;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The tests of the Cloud Storage store share this: a loopback GCS server with bucket {@code bkt}, no faults left. */
abstract class LoopbackBucketTest {
    static LoopbackGcs gcs;

    @BeforeAll
    static void server() {
        gcs = LoopbackGcs.start();
        gcs.createBucket("bkt");
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @BeforeEach
    void noFaults() {
        gcs.clearFaults();
    }

    /** Settings that reach the loopback server and retry as {@code policy} says. */
    static GcsSettings settings(RetryPolicy policy) {
        return new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(), policy);
    }
}
