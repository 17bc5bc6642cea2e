package dev.litescope.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** runIo: Google API failures retried when transient, and thrown as themselves at the end. */
class RetryPolicyRunIoTest {
    private static final RetryPolicy THREE = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

    private static GoogleApiException status(int code) {
        return new GoogleApiException(code, ("{\"error\": {\"code\": " + code + ", \"message\": \"m" + code + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTransientFailureIsRetriedAndAPermanentOneThrownAtOnceAsItself() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(THREE.runIo(() -> {
            if (calls.incrementAndGet() < 3) {
                throw status(503);
            }
            return "ok";
        })).isEqualTo("ok");
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThatThrownBy(() -> THREE.runIo(() -> {
            calls.incrementAndGet();
            throw status(403);
        })).isInstanceOf(GoogleApiException.class).hasMessage("m403");
        assertThat(calls).hasValue(1);

        calls.set(0);
        assertThatThrownBy(() -> THREE.runIo(() -> {
            calls.incrementAndGet();
            throw status(500);
        })).isInstanceOf(GoogleApiException.class).hasMessage("m500");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anInterruptIsThrownAsTheInterruptAndOtherFailuresAsIoExceptions() {
        assertThatThrownBy(() -> THREE.runIo(() -> {
            throw new InterruptedException("stop");
        })).isInstanceOf(InterruptedException.class);
        assertThatThrownBy(() -> THREE.runIo(() -> {
            throw new IllegalStateException("odd answer");
        })).isExactlyInstanceOf(IOException.class).hasMessage("odd answer")
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
