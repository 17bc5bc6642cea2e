package dev.litescope.replica;

import java.util.concurrent.atomic.LongAdder;

/**
 * What an object store was asked to do, by kind of request. GCS bills list calls as class A and reads as
 * class B operations, so the counts are what a replica costs to browse and restore.
 */
public final class RequestCounters {
    private final LongAdder lists = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();

    public void countList() {
        lists.increment();
    }

    public void countRead() {
        reads.increment();
    }

    public void countBytes(long n) {
        bytesRead.add(n);
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
