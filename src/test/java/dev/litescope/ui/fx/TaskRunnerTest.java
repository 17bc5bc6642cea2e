package dev.litescope.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.util.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TaskRunnerTest {

    @Test
    void aNewerTaskWithTheSameKeyDropsTheOlderOnesOutcomeAndCancelsIt() {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        List<String> shown = new ArrayList<>();
        boolean[] olderSawCancel = new boolean[1];
        runner.execute(BackgroundTask.of("Listing a", ctx -> {
            olderSawCancel[0] = ctx.cancellation().isCancelled();
            return "a";
        }).supersedes("open").onSuccess(shown::add).onFinished(() -> shown.add("finished a")));
        runner.execute(BackgroundTask.ofCallable("Listing b", () -> "b").supersedes("open").onSuccess(shown::add));

        runner.runLatest(); // the newer answers first
        runner.runNext(); // then the older one

        assertThat(shown).containsExactly("b");
        assertThat(olderSawCancel[0]).isTrue();
        assertThat(runner.operations().list()).isEmpty();
    }

    @Test
    void tasksWithOtherKeysDoNotDisturbEachOther() {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        List<String> shown = new ArrayList<>();
        runner.execute(BackgroundTask.ofCallable("one", () -> "1").supersedes("x").onSuccess(shown::add));
        runner.execute(BackgroundTask.ofCallable("two", () -> "2").supersedes("y").onSuccess(shown::add));
        runner.execute(BackgroundTask.ofCallable("", () -> "3").onSuccess(shown::add));
        runner.runAll();
        assertThat(shown).containsExactly("1", "2", "3");
    }

    @Test
    void aTaskStartedAfterTheRunnerClosedEndsCancelledWithoutThrowingOrCallingBack() {
        FxTaskRunner runner = new FxTaskRunner();
        runner.close();
        List<String> called = new ArrayList<>();
        TaskHandle h = runner.execute(BackgroundTask.ofCallable("Refreshing", () -> 1)
                .onSuccess(v -> called.add("success")).onFailure(e -> called.add("failure")));
        assertThat(h.isCancelled()).isTrue();
        assertThat(h.isOver()).isTrue();
        assertThat(runner.operations().list()).isEmpty();
        assertThat(called).isEmpty();
    }

    @Test
    void runningTasksAreListedByTitleUntilTheyEndAndUntitledOnesAreNot() {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        runner.execute(BackgroundTask.ofCallable("Restoring app.db", () -> 1));
        runner.execute(BackgroundTask.ofCallable("", () -> 2));
        assertThat(runner.operations().list()).extracting(RunningOperations.Operation::what)
                .containsExactly("Restoring app.db");
        runner.runAll();
        assertThat(runner.operations().list()).isEmpty();
    }

    @Test
    void failuresAndCancellationReachOnFailureThenOnFinished() {
        TaskRunner runner = TaskRunner.sameThread();
        List<String> seen = new ArrayList<>();
        runner.execute(BackgroundTask.ofCallable("bad", () -> {
            throw new IllegalStateException("boom");
        }).onFailure(e -> seen.add(e.getMessage())).onFinished(() -> seen.add("finished")));
        QueuedTaskRunner queued = new QueuedTaskRunner();
        TaskHandle handle = queued.execute(BackgroundTask.of("slow", ctx -> {
            ctx.cancellation().check();
            return "done";
        }).onSuccess(r -> seen.add("unexpected " + r))
                .onFailure(e -> seen.add(e instanceof Cancellation.CancelledException ? "cancelled" : "other")));
        handle.cancel();
        queued.runAll();
        assertThat(seen).containsExactly("boom", "finished", "cancelled");
        assertThat(handle.isOver()).isTrue();
    }

    @Test
    void progressIsCoalescedToTheNewestValueAndStopsOnceTheTaskIsOver() {
        List<Runnable> posts = new ArrayList<>();
        TaskRunner runner = new TaskRunner(new RunningOperations()) {
            @Override
            protected Executor workers() {
                return Runnable::run;
            }

            @Override
            public void post(Runnable update) {
                posts.add(update);
            }
        };
        List<Integer> seen = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Consumer<Integer>[] sink = new Consumer[1];
        runner.execute(BackgroundTask.of("Restoring", ctx -> {
            sink[0] = ctx.coalesced(seen::add);
            sink[0].accept(1);
            sink[0].accept(2);
            sink[0].accept(3);
            return 0;
        }));
        // one progress post (holding the newest value) and the outcome
        assertThat(posts).hasSize(2);
        posts.remove(0).run();
        assertThat(seen).containsExactly(3);
        posts.remove(0).run(); // the outcome: the task is over
        sink[0].accept(4);
        posts.forEach(Runnable::run);
        assertThat(seen).containsExactly(3);
    }
}
