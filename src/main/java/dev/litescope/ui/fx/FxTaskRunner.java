package dev.litescope.ui.fx;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/**
 * Runs work on a small pool of daemon threads and hands results to the JavaFX application thread. Daemon
 * threads, so that closing the window ends the JVM even while a listing or restore is still running (a
 * restore writes to a temporary file first, so nothing half-written is left in place).
 */
public final class FxTaskRunner extends TaskRunner implements AutoCloseable {
    private final ExecutorService executor;

    public FxTaskRunner() {
        super(new RunningOperations());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "litescope-ui-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    protected Executor workers() {
        return executor;
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
