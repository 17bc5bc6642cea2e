package dev.litescope.testsupport.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Fault injection for a loopback fake: rules that each apply to the next N requests matching a predicate, and a
 * delay before every request. Rules are kept in the order given; each request uses up the first rule of a type
 * that matches it. Thread-safe. What a rule does (fail, drop the body, corrupt a byte) is up to the fake.
 *
 * @param <R> what the fake knows about a request (its path, kind, resource names)
 */
public final class Faults<R> {

    /** What a fault does; a fake may ignore the types that make no sense for it. */
    public enum Type { FAIL, RESET, CORRUPT, STALL }

    /** A pending rule; {@code status} is the answer of a {@link Type#FAIL}. */
    public static final class Rule<R> {
        private final Type type;
        private final Predicate<R> when;
        private final int status;
        private int remaining; // guarded by the Faults' list

        Rule(Type type, Predicate<R> when, int status, int remaining) {
            this.type = type;
            this.when = when;
            this.status = status;
            this.remaining = remaining;
        }

        public int status() {
            return status;
        }
    }

    private final List<Rule<R>> rules = new ArrayList<>(); // guarded by itself
    private volatile Duration delay = Duration.ZERO;

    /** The next {@code n} requests matching {@code when} answer the error {@code status}. */
    public void failNext(int n, int status, Predicate<R> when) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        add(Type.FAIL, when, status, n);
    }

    /** The next {@code n} requests matching {@code when} meet a fault of {@code type}. */
    public void add(Type type, Predicate<R> when, int status, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("count must be positive: " + n);
        }
        synchronized (rules) {
            rules.add(new Rule<>(type, when, status, n));
        }
    }

    /** Uses up one application of the first pending rule of {@code type} that matches {@code request}. */
    public Optional<Rule<R>> take(Type type, R request) {
        synchronized (rules) {
            for (Iterator<Rule<R>> it = rules.iterator(); it.hasNext(); ) {
                Rule<R> f = it.next();
                if (f.type == type && f.when.test(request)) {
                    if (--f.remaining == 0) {
                        it.remove();
                    }
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    /** Every request waits this long before it is served; {@link Duration#ZERO} to stop. */
    public void delay(Duration d) {
        delay = d;
    }

    /** Waits the configured delay (call it once per request, before serving). */
    public void applyDelay() throws IOException {
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Drops every pending rule and the delay. */
    public void clear() {
        synchronized (rules) {
            rules.clear();
        }
        delay = Duration.ZERO;
    }
}
