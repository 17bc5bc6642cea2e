package dev.litescope.ui.fx;

import dev.litescope.util.Cancellation;

/** A task that was started: what its starter keeps to cancel it. */
public final class TaskHandle {
    private final String title;
    private final Cancellation cancellation = new Cancellation();
    private volatile boolean superseded;
    private volatile boolean over;

    TaskHandle(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Asks the work to stop; its onFailure then sees a {@link Cancellation.CancelledException}. */
    public void cancel() {
        cancellation.cancel();
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** Whether the task has ended and its callbacks have run (or been dropped). */
    public boolean isOver() {
        return over;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    void supersede() {
        superseded = true;
        cancellation.cancel();
    }

    boolean isSuperseded() {
        return superseded;
    }

    void end() {
        over = true;
    }

    @Override
    public String toString() {
        return title;
    }
}
