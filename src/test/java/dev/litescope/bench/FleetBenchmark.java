package dev.litescope.bench;

import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.ui.fleet.FleetViewModel;
import dev.litescope.ui.fleet.FleetWindow;
import dev.litescope.ui.fleet.FleetWindowFakes;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.Theme;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.ScrollEvent;

/**
 * The fleet table with 100,000 replicas, in its real window under Monocle's headless platform with software
 * rendering (as the window tests run), beside the same with 2,000: the time to work out every row (lag, cost,
 * health); to filter and to sort them, as the UI thread's time (everything on it, as before the filter moved off
 * it, beside what is left on it now) and the time until the rows are shown; typing a filter a key at a time; and
 * per-frame time while scrolling, by the wheel (three rows a notch) and by jumps across all rows. Virtualised, the
 * frames should not grow with the rows.
 *
 * <p>The replicas are synthetic and in memory, as discovery returns them (0.3 layouts with one to three
 * generations, sizes from 20 KiB to 2 GiB, newest objects over a week, one in 50 with a break), so the figures
 * are the table's alone; listing 100,000 replicas is what {@code bulk-bench} and the discovery figures measure.
 * Pulses run at full speed, one scroll step per pulse, so the time between pulses is what a frame costs.
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests test-compile exec:java@fleet-bench}
 * (options: -Dbench.replicas=2000,100000 -Dbench.steps=400 -Dbench.repeats=5).
 */
public final class FleetBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    public static void main(String[] args) throws Exception {
        TimelineBenchmark.headless(true);
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.replicas", "2000,100000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        int steps = Integer.getInteger("bench.steps", 400);
        int repeats = Integer.getInteger("bench.repeats", 5);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        onFx(() -> {
            Theme.LIGHT.apply();
            return null;
        });
        System.out.printf(Locale.ROOT, "Fleet table benchmark: Monocle headless, software rendering, Java %s, %d "
                + "cores; medians (p95 / max for frames) in ms%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "filter and sort: on the UI thread as before | UI thread now / until shown; "
                + "typing: UI thread per keystroke p95 / until shown%n");
        System.out.printf(Locale.ROOT, "%10s %8s %18s %18s %16s %24s %24s%n", "replicas", "load", "filter", "sort",
                "typing", "wheel frame (3 rows)", "jump frame (1/" + steps + ")");
        for (int n : sizes) {
            measure(n, steps, repeats);
        }
        Platform.exit();
        System.exit(0);
    }

    /** One line of the table: the model's work and the window's frames for {@code n} replicas. */
    private static void measure(int n, int steps, int repeats) throws Exception {
        List<Discovery.Found> found = synthetic(n);
        TimedRunner runner = new TimedRunner();
        FleetViewModel vm = onFx(() -> new FleetViewModel(runner, "gs://acme-prod-replicas",
                () -> {
                    throw new IllegalStateException("the benchmark runs no bulk action");
                }, Pricing.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)));
        double[] load = new double[repeats];
        double[][] filter = new double[2][repeats];
        double[][] sort = new double[2][repeats];
        List<Double> keystrokes = new ArrayList<>();
        double[] typed = new double[repeats];
        // The same model with everything on the UI thread, as the filter and the sort ran before: what a keystroke
        // or a click held the window up for.
        FleetViewModel inline = onFx(() -> new FleetViewModel(TaskRunner.sameThread(), "gs://acme-prod-replicas",
                () -> {
                    throw new IllegalStateException("the benchmark runs no bulk action");
                }, Pricing.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)));
        onFx(() -> {
            inline.load(found, "");
            return null;
        });
        double[] filterInline = new double[repeats];
        double[] sortInline = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            FleetSort order = new FleetSort(i % 2 == 0 ? FleetSort.Key.SIZE : FleetSort.Key.LAG, true);
            filterInline[i] = onUi(() -> inline.filterTextProperty().set(FILTER));
            onUi(() -> inline.filterTextProperty().set(""));
            sortInline[i] = onUi(() -> inline.sort(order));

            load[i] = runner.timed(() -> vm.load(found, ""))[1];
            record(filter, i, runner.timed(() -> vm.filterTextProperty().set(FILTER)));
            runner.timed(() -> vm.filterTextProperty().set(""));
            // Every row sorted, as a header click over the whole fleet.
            record(sort, i, runner.timed(() -> vm.sort(order)));
            typed[i] = typing(runner, vm, keystrokes);
            if (vm.shown().size() == n) {
                throw new IllegalStateException("the typed filter did not land");
            }
            runner.timed(() -> vm.filterTextProperty().set(""));
        }
        FleetWindow window = onFx(() -> {
            vm.filterTextProperty().set("");
            FleetWindow w = new FleetWindow(vm, FleetWindowFakes.idle(), null, FleetWindowFakes.noDialogs(),
                    () -> ZoneOffset.UTC, url -> { });
            w.show();
            return w;
        });
        TableView<?> table = onFx(() -> (TableView<?>) window.stage().getScene().lookup("#fleetTable"));
        if (onFx(() -> table.getItems().size()) != n) {
            throw new IllegalStateException("the table does not show the " + n + " replicas");
        }
        double[] wheel = frames(steps, i -> wheel(table));
        if (onFx(() -> firstInView(table)) < steps) {
            throw new IllegalStateException("the wheel did not scroll the table");
        }
        int jump = Math.max(1, n / steps);
        double[] jumps = frames(steps, i -> table.scrollTo(i * jump));
        onFx(() -> {
            window.stage().close();
            return null;
        });
        double[] keys = keystrokes.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "%,10d %8.0f %18s %18s %16s %24s %24s%n", n,
                TimelineBenchmark.percentile(load, 50), pair(filterInline, filter), pair(sortInline, sort),
                String.format(Locale.ROOT, "%.1f / %.0f", TimelineBenchmark.percentile(keys, 95),
                        TimelineBenchmark.percentile(typed, 50)), frameText(wheel), frameText(jumps));
        runner.close();
    }

    /** The filter the benchmark types and applies. */
    private static final String FILTER = "lag > 1h has breaks";

    private static void record(double[][] into, int i, double[] fxAndWall) {
        into[0][i] = fxAndWall[0];
        into[1][i] = fxAndWall[1];
    }

    /** "all on the UI thread before | UI thread now / until shown", medians. */
    private static String pair(double[] before, double[][] now) {
        return String.format(Locale.ROOT, "%.0f | %.1f / %.0f", TimelineBenchmark.percentile(before, 50),
                TimelineBenchmark.percentile(now[0], 50), TimelineBenchmark.percentile(now[1], 50));
    }

    /** Milliseconds {@code r} takes on the UI thread. */
    private static double onUi(Runnable r) throws Exception {
        return onFx(() -> {
            long t0 = System.nanoTime();
            r.run();
            return (System.nanoTime() - t0) / 1e6;
        });
    }

    /**
     * Types {@link #FILTER} a key at a time, each keystroke its own UI event as from the keyboard, with no pause
     * between them (faster than anyone types, so older filters are still running when newer keys arrive). Adds the
     * UI thread's time of each keystroke, with the outcomes that landed in it, to {@code keystrokes}; returns the
     * milliseconds from the first key until the last filter's rows are shown.
     */
    private static double typing(TimedRunner runner, FleetViewModel vm, List<Double> keystrokes) throws Exception {
        long t0 = System.nanoTime();
        runner.resetUiTime();
        for (int k = 1; k <= FILTER.length(); k++) {
            String text = FILTER.substring(0, k);
            double[] ui = new double[1];
            onFx(() -> {
                long s0 = System.nanoTime();
                vm.filterTextProperty().set(text);
                ui[0] = (System.nanoTime() - s0) / 1e6;
                return null;
            });
            keystrokes.add(ui[0]);
        }
        runner.idle().get(300, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - t0) / 1e6;
        // The outcomes landed between the keystrokes: their UI time shared out over them.
        double perKey = runner.resetUiTime() / FILTER.length();
        int from = keystrokes.size() - FILTER.length();
        for (int k = from; k < keystrokes.size(); k++) {
            keystrokes.set(k, keystrokes.get(k) + perKey);
        }
        return wall;
    }

    /**
     * The app's runner as the window uses it (work on a worker thread, outcomes on the UI thread), which also
     * keeps the UI thread's time spent on outcomes and says when no task is left.
     */
    private static final class TimedRunner extends TaskRunner implements AutoCloseable {
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fleet-bench-task");
            t.setDaemon(true);
            return t;
        });
        private final AtomicInteger pending = new AtomicInteger();
        private volatile CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);
        private double uiMillis;

        TimedRunner() {
            super(new RunningOperations());
        }

        @Override
        protected Executor workers() {
            return r -> {
                if (pending.getAndIncrement() == 0) {
                    idle = new CompletableFuture<>();
                }
                pool.execute(r);
            };
        }

        @Override
        public void post(Runnable update) {
            Platform.runLater(update);
        }

        @Override
        protected void deliver(Runnable outcome) {
            Platform.runLater(() -> {
                long t0 = System.nanoTime();
                outcome.run();
                uiMillis += (System.nanoTime() - t0) / 1e6;
                if (pending.decrementAndGet() == 0) {
                    idle.complete(null);
                }
            });
        }

        CompletableFuture<Void> idle() {
            return idle;
        }

        /** The UI thread's milliseconds on outcomes since the last call; called on any thread once idle. */
        double resetUiTime() throws Exception {
            return onFx(() -> {
                double t = uiMillis;
                uiMillis = 0;
                return t;
            });
        }

        /**
         * Runs {@code action} on the UI thread and waits for every task it started: the UI thread's milliseconds
         * (the action and the outcomes) and the milliseconds until the last outcome was shown.
         */
        double[] timed(Runnable action) throws Exception {
            resetUiTime();
            long t0 = System.nanoTime();
            double ui = onFx(() -> {
                long s0 = System.nanoTime();
                action.run();
                return (System.nanoTime() - s0) / 1e6;
            });
            idle().get(300, TimeUnit.SECONDS);
            double wall = (System.nanoTime() - t0) / 1e6;
            return new double[] {ui + resetUiTime(), wall};
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private static String frameText(double[] frames) {
        return String.format(Locale.ROOT, "%.1f (%.1f / %.0f)", TimelineBenchmark.percentile(frames, 50),
                TimelineBenchmark.percentile(frames, 95), TimelineBenchmark.max(frames));
    }

    private static int firstInView(TableView<?> table) {
        IndexedCell<?> first = ((VirtualFlow<?>) table.lookup(".virtual-flow")).getFirstVisibleCell();
        return first == null ? -1 : first.getIndex();
    }

    private static void wheel(TableView<?> table) {
        Event.fireEvent(table.lookup(".virtual-flow"), new ScrollEvent(ScrollEvent.SCROLL, 100, 100, 100, 100, false,
                false, false, false, false, false, 0, -40, 0, -40, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                ScrollEvent.VerticalTextScrollUnits.LINES, -3, 0, null));
    }

    /** Milliseconds between pulses while {@code step} runs once a pulse, after ten pulses of warm-up. */
    private static double[] frames(int steps, IntConsumer step) throws Exception {
        CompletableFuture<double[]> done = new CompletableFuture<>();
        double[] frames = new double[steps];
        Platform.runLater(() -> new AnimationTimer() {
            int i = -10;
            long last;

            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (i >= 0 && i < steps) {
                    frames[i] = (t - last) / 1e6;
                }
                last = t;
                if (i >= steps) {
                    stop();
                    done.complete(frames);
                    return;
                }
                step.accept(Math.max(0, i));
                i++;
            }
        }.start());
        return done.get(300, TimeUnit.SECONDS);
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(300, TimeUnit.SECONDS);
    }

    /** {@code n} 0.3 replicas below tenants/, as a flat discovery of a bucket returns them. */
    static List<Discovery.Found> synthetic(int n) {
        Random random = new Random(7);
        List<Discovery.Found> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String root = String.format(Locale.ROOT, "tenants/t%06d/db/", i);
            Instant newest = NOW.minus(Duration.ofSeconds((long) Math.pow(random.nextDouble(), 3) * 7 * 86_400));
            int gens = 1 + random.nextInt(3);
            List<Discovery.Generation> g = new ArrayList<>();
            for (int k = 0; k < gens; k++) {
                Instant end = newest.minus(Duration.ofDays(2L * (gens - 1 - k)));
                g.add(new Discovery.Generation(String.format(Locale.ROOT, "%016x", 0x5eed0000L + i * 4L + k),
                        end.minus(Duration.ofDays(2)), end, Optional.of(end.minus(Duration.ofHours(3))),
                        k == gens - 1 && i % 50 == 0));
            }
            long bytes = (long) (20_480 * Math.pow(100_000, random.nextDouble()));
            out.add(new Discovery.Found(root, ReplicaUrl.parse("gs://acme-prod-replicas/" + root),
                    Discovery.Format.LITESTREAM_0_3, gens, Optional.of(newest), 2 + random.nextInt(400), bytes,
                    List.of(), g));
        }
        return out;
    }
}
