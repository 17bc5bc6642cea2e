package dev.litescope.ui.fx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * For tests of ordering: work waits in a queue until the test runs it ({@link #runNext()}, {@link #runAll()}), and
 * outcomes are handed over at once on the test's thread. A test can so start an older and a newer task, finish
 * them in either order, and check that only the newer one's answer shows.
 */
public final class QueuedTaskRunner extends TaskRunner {
    private final Deque<Runnable> queue = new ArrayDeque<>();

    public QueuedTaskRunner() {
        super(new RunningOperations());
    }

    @Override
    protected Executor workers() {
        return queue::add;
    }

    @Override
    public void post(Runnable update) {
        update.run();
    }

    /** How many tasks wait to run. */
    public int pending() {
        return queue.size();
    }

    /** Runs the oldest waiting task (its work, then its outcome); false if none waits. */
    public boolean runNext() {
        Runnable next = queue.poll();
        if (next == null) {
            return false;
        }
        next.run();
        return true;
    }

    /** Runs the newest waiting task first: an older request answering after a newer one. */
    public boolean runLatest() {
        Runnable last = queue.pollLast();
        if (last == null) {
            return false;
        }
        last.run();
        return true;
    }

    /** Runs waiting tasks, and the tasks they start, until none waits. */
    public void runAll() {
        while (runNext()) {
            // keep going
        }
    }
}
