package dev.litescope.cloud;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter, for calls to a remote service: attempt n waits a random time up
 * to min(max, base·2ⁿ). Only failures marked transient are retried. What finally fails is reported with the
 * number of attempts really made, so that a message never claims retries that did not happen.
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

    /** The last failure of a call, and how many attempts were made in all. */
    public static final class Failed extends Exception {
        private final int attempts;
        private final Exception last;

        Failed(int attempts, Exception last) {
            super(last.getMessage(), last);
            this.attempts = attempts;
            this.last = last;
        }

        public int attempts() {
            return attempts;
        }

        public Exception last() {
            return last;
        }
    }

    /**
     * Runs {@code call} until it succeeds, fails with a permanent error, or has been tried {@link #maxAttempts}
     * times. An interrupt while waiting stops at once and is reported as the {@link InterruptedException}.
     */
    public <T> T run(Call<T> call, Classifier classifier) throws Failed {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (attempt >= maxAttempts || !classifier.isTransient(e) || Thread.currentThread().isInterrupted()) {
                    throw new Failed(attempt, e);
                }
                long cap = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
                long nanos = ThreadLocalRandom.current().nextLong(cap + 1);
                try {
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Failed(attempt, interrupted);
                }
            }
        }
    }

    /**
     * {@link #run} for a call to a Google API: failures {@link Failures#isTransient} are retried, and what finally
     * fails is thrown as itself (an IOException such as {@link GoogleApiException}, or the interrupt).
     */
    public <T> T runIo(Call<T> call) throws IOException, InterruptedException {
        try {
            return run(call, Failures::isTransient);
        } catch (Failed f) {
            Exception last = f.last();
            if (last instanceof InterruptedException i) {
                throw i;
            }
            if (last instanceof IOException io) {
                throw io;
            }
            throw new IOException(last.getMessage(), last);
        }
    }
}
