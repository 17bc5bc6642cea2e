package dev.litescope.ui.fx;

import dev.litescope.util.Cancellation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way view models start work: a {@link BackgroundTask} runs off the UI thread, and its outcome comes
 * back on the UI thread. View models never touch threads themselves, so a test swaps in {@link #sameThread()} or a
 * {@link QueuedTaskRunner} and checks their properties right after calling a command.
 *
 * <p>A runner lists its titled tasks in {@link #operations()} while they run (the status bar shows them), keeps
 * their progress there, cancels a task that a newer one supersedes, and logs every failure with its stack trace.
 * Subclasses say only where work runs and how a result reaches the UI thread.
 */
public abstract class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final RunningOperations operations;
    private final Map<Object, TaskHandle> current = new ConcurrentHashMap<>();

    protected TaskRunner(RunningOperations operations) {
        this.operations = operations;
    }

    /** Runs {@code work} somewhere other than the UI thread (or, in tests, right away). */
    protected abstract Executor workers();

    /** Runs {@code update} on the UI thread. Used for progress from worker threads while a task still runs. */
    public abstract void post(Runnable update);

    /** Hands a task's outcome to the UI thread; by default as any other {@link #post}. */
    protected void deliver(Runnable outcome) {
        post(outcome);
    }

    /** The tasks running now, by title, for the status bar. */
    public final RunningOperations operations() {
        return operations;
    }

    /** Starts a task; its outcome is handed to its callbacks on the UI thread, unless a newer task superseded it. */
    public final <T> TaskHandle execute(BackgroundTask<T> task) {
        TaskHandle handle = new TaskHandle(task.title());
        task.supersedesKey().ifPresent(key -> {
            TaskHandle older = current.put(key, handle);
            if (older != null) {
                older.supersede();
            }
        });
        Optional<RunningOperations.Operation> op = task.title().isEmpty()
                ? Optional.empty() : Optional.of(operations.start(task.title()));
        Ctx context = new Ctx(handle, op);
        Runnable work = () -> {
            T result = null;
            Throwable failure = null;
            try {
                result = task.work().call(context);
            } catch (Exception | LinkageError e) {
                failure = e;
            }
            T r = result;
            Throwable f = failure;
            deliver(() -> finish(task, handle, op, r, f));
        };
        try {
            workers().execute(work);
        } catch (RejectedExecutionException e) {
            // Closed: the app is quitting (or a test has ended) while a timer still asks for work. Nothing will
            // run it; the task ends cancelled and its callbacks are dropped.
            LOG.debug("Task '{}' not started: the runner is closed", task);
            handle.cancel();
            op.ifPresent(RunningOperations.Operation::close);
            task.supersedesKey().ifPresent(key -> current.remove(key, handle));
            handle.end();
        }
        return handle;
    }

    private <T> void finish(BackgroundTask<T> task, TaskHandle handle, Optional<RunningOperations.Operation> op,
                            T result, Throwable failure) {
        op.ifPresent(RunningOperations.Operation::close);
        task.supersedesKey().ifPresent(key -> current.remove(key, handle));
        handle.end();
        if (handle.isSuperseded()) {
            return;
        }
        if (failure == null) {
            task.successAction().accept(result);
        } else {
            if (failure instanceof Cancellation.CancelledException) {
                LOG.debug("Task '{}' cancelled", task);
            } else {
                LOG.warn("Task '{}' failed", task, failure);
            }
            task.failureAction().accept(failure);
        }
        task.finishedAction().run();
    }

    /**
     * The old form of {@link #execute}: untitled, unsuperseded. Kept while view models move to BackgroundTask.
     */
    public final <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        execute(BackgroundTask.ofCallable("", work).onSuccess(onSuccess).onFailure(onFailure));
    }

    /** Everything at once on the caller's thread: for view-model tests, which then need no FX toolkit. */
    public static TaskRunner sameThread() {
        return new SameThread(new RunningOperations());
    }

    private final class Ctx implements BackgroundTask.Context {
        private final TaskHandle handle;
        private final Optional<RunningOperations.Operation> op;
        private final Consumer<double[]> status;

        Ctx(TaskHandle handle, Optional<RunningOperations.Operation> op) {
            this.handle = handle;
            this.op = op;
            this.status = coalesced(f -> this.op.ifPresent(o -> o.progress(f[0])));
        }

        @Override
        public Cancellation cancellation() {
            return handle.cancellation();
        }

        @Override
        public void progress(double fraction, String message) {
            status.accept(new double[] {fraction});
        }

        @Override
        public <P> Consumer<P> coalesced(Consumer<? super P> onUi) {
            AtomicReference<P> latest = new AtomicReference<>();
            AtomicBoolean queued = new AtomicBoolean();
            return value -> {
                latest.set(value);
                if (queued.compareAndSet(false, true)) {
                    post(() -> {
                        queued.set(false);
                        if (!handle.isOver() && !handle.isSuperseded()) {
                            onUi.accept(latest.get());
                        }
                    });
                }
            };
        }
    }

    /**
     * Work and outcome on the caller's thread. Progress posts can still come from a restorer's download threads,
     * so everything that reaches view-model state is serialised on one lock.
     */
    private static final class SameThread extends TaskRunner {
        private final Object lock = new Object();

        SameThread(RunningOperations operations) {
            super(operations);
        }

        @Override
        protected Executor workers() {
            return Runnable::run;
        }

        @Override
        public void post(Runnable update) {
            synchronized (lock) {
                update.run();
            }
        }
    }
}
