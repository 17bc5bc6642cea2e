package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.util.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the prefetcher holds is bounded by its byte budget whatever the parallelism and the objects' sizes: real
 * downloads on a real pool (each "object" is an array of its size), taken slower than they arrive.
 */
class PrefetcherTest {
    static final long WINDOW = 64L << 20;

    @Test
    void heldBytesStayWithinTheWindowAtMaximumParallelism() throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sizes.add((long) ((3 + i % 10) << 20)); // 3..12 MiB, all under a quarter of the window
        }
        AtomicLong held = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(RestoreOptions.MAX_PARALLELISM);
        try {
            Prefetcher<Long> ahead = new Prefetcher<>(sizes.iterator(), n -> n, n -> {
                byte[] data = new byte[(int) (long) n];
                peak.accumulateAndGet(held.addAndGet(n), Math::max);
                return data;
            }, RestoreOptions.MAX_PARALLELISM, WINDOW, pool);
            List<Long> taken = new ArrayList<>();
            while (!ahead.isEmpty()) {
                Prefetcher.Pending<Long> p = ahead.takeNext();
                assertThat(p.streamed()).isFalse();
                byte[] data = Prefetcher.await(p.data(), new Cancellation());
                Thread.sleep(5); // applying it
                held.addAndGet(-data.length);
                taken.add((long) data.length);
            }
            assertThat(taken).isEqualTo(sizes);
            // What the window admitted, plus the one object the apply step has taken and still holds.
            assertThat(peak.get()).isLessThanOrEqualTo(WINDOW + (12L << 20)).isGreaterThan(WINDOW / 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anObjectOverAQuarterOfTheWindowIsStreamedNeverFetched() throws Exception {
        List<Long> sizes = List.of(1L << 20, WINDOW / 4 + 1, 2L << 20, 10L << 30, 3L << 20);
        Set<Long> fetched = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Prefetcher<Long> ahead = new Prefetcher<>(sizes.iterator(), n -> n, n -> {
                fetched.add(n);
                return new byte[(int) (long) n];
            }, 4, WINDOW, pool);
            List<Boolean> streamed = new ArrayList<>();
            while (!ahead.isEmpty()) {
                Prefetcher.Pending<Long> p = ahead.takeNext();
                streamed.add(p.streamed());
                if (!p.streamed()) {
                    assertThat(Prefetcher.await(p.data(), new Cancellation())).hasSize((int) (long) p.item());
                }
            }
            assertThat(streamed).containsExactly(false, true, false, true, false);
            assertThat(fetched).containsExactlyInAnyOrder(1L << 20, 2L << 20, 3L << 20);
        } finally {
            pool.shutdownNow();
        }
    }
}
