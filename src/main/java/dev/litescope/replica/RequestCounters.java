package dev.litescope.replica;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an object store was asked to do, by kind of request. GCS bills list calls as class A and reads as
 * class B operations, so the counts are what a replica costs to browse and restore.
 *
 * <p>Counters may have a parent that counts everything they count: one store's counters then also add up into a
 * total over several stores, such as every bucket a window opened in a session.
 */
public final class RequestCounters {
    private final LongAdder lists = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final Optional<RequestCounters> parent;

    public RequestCounters() {
        this(Optional.empty());
    }

    /** Counters that also count into {@code parent}. */
    public RequestCounters(Optional<RequestCounters> parent) {
        this.parent = parent;
    }

    public void countList() {
        lists.increment();
        parent.ifPresent(RequestCounters::countList);
    }

    public void countRead() {
        reads.increment();
        parent.ifPresent(RequestCounters::countRead);
    }

    public void countBytes(long n) {
        bytesRead.add(n);
        parent.ifPresent(p -> p.countBytes(n));
    }

    public Snapshot snapshot() {
        return new Snapshot(lists.sum(), reads.sum(), bytesRead.sum());
    }

    /** A consistent-enough copy of the counters at one moment. */
    public record Snapshot(long lists, long reads, long bytesRead) {
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(lists - earlier.lists, reads - earlier.reads, bytesRead - earlier.bytesRead);
        }
    }
}
