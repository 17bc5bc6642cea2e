package dev.litescope.ui.fx;

import dev.litescope.util.Cancellation;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One piece of work a view model hands to a {@link TaskRunner}: what it is called (the status bar lists running
 * tasks by title), the work itself (off the UI thread, with a {@link Context} for cancellation and progress), and
 * what to do with its outcome (on the UI thread).
 *
 * <p>A task may name what it {@linkplain #supersedes(Object) supersedes}: starting a task with the same key
 * cancels the older one and drops its outcome, so a slow listing, search or plan never overwrites the answer to
 * a newer request. That replaces hand-kept sequence numbers.
 *
 * <p>Built once and then run; the builder methods return this task for chaining.
 */
public final class BackgroundTask<T> {

    /** The work: runs on a worker thread, and should look at {@link Context#cancellation()} between steps. */
    @FunctionalInterface
    public interface Work<T> {
        T call(Context context) throws Exception;
    }

    /** What the work sees of its task. Safe to use from any thread. */
    public interface Context {
        Cancellation cancellation();

        /**
         * Reports how far the work is, for the status bar: a fraction 0..1 (negative while unknown) and a line
         * of text. Reports are coalesced: however often this is called, the UI thread sees only the newest.
         */
        void progress(double fraction, String message);

        /**
         * Wraps {@code onUi} so that values handed to it on any thread reach the UI thread coalesced (only the
         * newest one queued at a time) and stop arriving once the task is over or superseded.
         */
        <P> Consumer<P> coalesced(Consumer<? super P> onUi);
    }

    private final String title;
    private final Work<T> work;
    private Optional<Object> supersedes = Optional.empty();
    private Consumer<? super T> onSuccess = r -> { };
    private Consumer<? super Throwable> onFailure = e -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title, "title");
        this.work = Objects.requireNonNull(work, "work");
    }

    /**
     * @param title what the task does, for the user ("Listing gs://bucket/app.db"); an empty title keeps the task
     *              out of the status bar (quiet refreshes)
     */
    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    /** A task whose work needs neither cancellation nor progress. */
    public static <T> BackgroundTask<T> ofCallable(String title, Callable<T> work) {
        return new BackgroundTask<>(title, context -> work.call());
    }

    /** A newer task with the same key cancels this one and drops its outcome (compared with equals). */
    public BackgroundTask<T> supersedes(Object key) {
        this.supersedes = Optional.of(key);
        return this;
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    /**
     * Called with the failure, including {@link Cancellation.CancelledException} when the task was cancelled
     * (but not when it was superseded: then nothing of it is called).
     */
    public BackgroundTask<T> onFailure(Consumer<? super Throwable> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    /** Called after onSuccess or onFailure, whichever ran. */
    public BackgroundTask<T> onFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
        return this;
    }

    public String title() {
        return title;
    }

    Work<T> work() {
        return work;
    }

    Optional<Object> supersedesKey() {
        return supersedes;
    }

    Consumer<? super T> successAction() {
        return onSuccess;
    }

    Consumer<? super Throwable> failureAction() {
        return onFailure;
    }

    Runnable finishedAction() {
        return onFinished;
    }

    @Override
    public String toString() {
        return title.isEmpty() ? "(untitled task)" : title;
    }
}
