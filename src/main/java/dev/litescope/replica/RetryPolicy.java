package dev.litescope.replica;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter, for calls to a remote store: attempt n waits a random time up to
 * min(max, base·2ⁿ). Only failures marked transient are retried; the last one is rethrown.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** A call that may fail transiently. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    /** Classifies failures; a transient one is worth another attempt. */
    @FunctionalInterface
    public interface Classifier {
        boolean isTransient(Exception e);
    }

    public <T> T run(Call<T> call, Classifier classifier) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (attempt >= maxAttempts || !classifier.isTransient(e) || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                long cap = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
                long nanos = ThreadLocalRandom.current().nextLong(cap + 1);
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        }
    }
}
