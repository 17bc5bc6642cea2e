package dev.litescope.testsupport.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What a loopback fake received: a counter per kind of request (so tests can assert what an operation costs)
 * and the latest requests themselves (so they can assert what a client sent). Thread-safe.
 *
 * @param <R> a request as the fake records it
 * @param <K> the fake's kinds of request
 */
public final class RequestLog<R, K extends Enum<K>> {
    private final int limit;
    private final Function<R, K> kindOf;
    private final Map<K, AtomicLong> counters;
    private final Deque<R> log = new ArrayDeque<>(); // guarded by itself

    /** @param limit how many of the latest requests are kept */
    public RequestLog(Class<K> kinds, Function<R, K> kindOf, int limit) {
        this.limit = limit;
        this.kindOf = kindOf;
        counters = new EnumMap<>(kinds);
        for (K k : kinds.getEnumConstants()) {
            counters.put(k, new AtomicLong());
        }
    }

    public void record(R request) {
        counters.get(kindOf.apply(request)).incrementAndGet();
        synchronized (log) {
            log.addLast(request);
            if (log.size() > limit) {
                log.removeFirst();
            }
        }
    }

    public long count(K kind) {
        return counters.get(kind).get();
    }

    /** The requests since the last {@link #reset} (at most the latest {@code limit}), oldest first. */
    public List<R> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Zeroes the counters and forgets the log. */
    public void reset() {
        counters.values().forEach(c -> c.set(0));
        synchronized (log) {
            log.clear();
        }
    }
}
