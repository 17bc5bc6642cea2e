package dev.litescope.restore;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A restore's done work against its plan, told to the listener as {@link Progress}: bytes as they arrive, an
 * object as it is done, a phase as it starts. Safe to use from the downloading threads.
 */
public final class ProgressTracker {
    private final Progress.Listener listener;
    private final long bytesPlanned;
    private final int objectsPlanned;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger objects = new AtomicInteger();
    private volatile String phase = "starting";

    public ProgressTracker(Plan plan, Progress.Listener listener) {
        this.listener = listener;
        this.bytesPlanned = plan.storedBytes();
        this.objectsPlanned = plan.objectCount();
    }

    public void bytes(long n) {
        bytes.addAndGet(n);
    }

    public void objectDone() {
        objects.incrementAndGet();
        report(phase);
    }

    public void report(String newPhase) {
        phase = newPhase;
        listener.onProgress(new Progress(newPhase, bytes.get(), bytesPlanned, objects.get(), objectsPlanned));
    }
}
