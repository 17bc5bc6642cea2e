package dev.litescope.util;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop a long action, shared between whoever starts it (a CLI signal handler, a Cancel button)
 * and the code doing the work, which checks it between steps and abandons everything it started.
 */
public final class Cancellation {
    private volatile boolean cancelled;
    private final CopyOnWriteArrayList<Runnable> onCancel = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            onCancel.forEach(Runnable::run);
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} when cancelled (at once if already cancelled): used to interrupt blocking work. */
    public void onCancel(Runnable action) {
        onCancel.add(action);
        if (cancelled) {
            action.run();
        }
    }

    public void check() throws CancelledException {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    public static final class CancelledException extends Exception {
        public CancelledException() {
            super("cancelled");
        }
    }
}
