package dev.litescope.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Runs work on a small pool of daemon threads and hands results to the JavaFX application thread. Daemon
 * threads, so that closing the window ends the JVM even while a listing or restore is still running (a
 * restore writes to a temporary file first, so nothing half-written is left in place).
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
    private final ExecutorService executor;

    public FxTaskRunner() {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "litescope-ui-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        executor.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Exception | LinkageError e) {
                Platform.runLater(() -> onFailure.accept(e));
            }
        });
    }

    @Override
    public void post(Runnable update) {
        Platform.runLater(update);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
