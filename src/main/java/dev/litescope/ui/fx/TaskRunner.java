package dev.litescope.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way view models start work: {@code work} runs off the UI thread, and its result or failure comes back
 * on the UI thread. View models never touch threads themselves, so a test swaps in {@link #sameThread()} and
 * checks their properties right after calling a command.
 */
public interface TaskRunner {

    <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /**
     * Runs {@code update} on the UI thread. Used for progress that arrives from worker threads while a task
     * is still running.
     */
    void post(Runnable update);

    /**
     * Everything at once on the caller's thread: for view-model tests, which then need no FX toolkit. Progress
     * posts can still come from the restorer's download threads, so they are serialised on a lock.
     */
    static TaskRunner sameThread() {
        return new TaskRunner() {
            private final Object lock = new Object();

            @Override
            public <T> void run(Callable<T> work, Consumer<? super T> onSuccess,
                                Consumer<? super Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception | LinkageError e) {
                    synchronized (lock) {
                        onFailure.accept(e);
                    }
                    return;
                }
                synchronized (lock) {
                    onSuccess.accept(result);
                }
            }

            @Override
            public void post(Runnable update) {
                synchronized (lock) {
                    update.run();
                }
            }
        };
    }
}
