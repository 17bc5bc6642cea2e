package dev.litescope.bench;

import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.ui.fleet.FleetViewModel;
import dev.litescope.ui.fleet.FleetWindow;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.Theme;
import java.nio.file.Path;
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
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.event.Event;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Window;

/**
 * The fleet table with 100,000 replicas, in its real window under Monocle's headless platform with software
 * rendering (as the window tests run), beside the same with 2,000: the time to work out every row (lag, cost,
 * health), to filter and to sort them, and per-frame time while scrolling, by the wheel (three rows a notch) and
 * by jumps across all rows. Virtualised, the frames should not grow with the rows.
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
        System.out.printf(Locale.ROOT, "%10s %8s %8s %8s %24s %24s%n", "replicas", "load", "filter", "sort",
                "wheel frame (3 rows)", "jump frame (1/" + steps + ")");
        for (int n : sizes) {
            measure(n, steps, repeats);
        }
        Platform.exit();
        System.exit(0);
    }

    /** One line of the table: the model's work and the window's frames for {@code n} replicas. */
    private static void measure(int n, int steps, int repeats) throws Exception {
        List<Discovery.Found> found = synthetic(n);
        FleetViewModel vm = onFx(() -> new FleetViewModel(TaskRunner.sameThread(), "gs://acme-prod-replicas",
                () -> {
                    throw new IllegalStateException("the benchmark runs no bulk action");
                }, Pricing.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)));
        double[] load = new double[repeats];
        double[] filter = new double[repeats];
        double[] sort = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            load[i] = timed(() -> vm.load(found, ""));
            filter[i] = timed(() -> vm.filterTextProperty().set(vm.filterTextProperty().get().isEmpty()
                    ? "lag > 1h has breaks" : ""));
            FleetSort order = new FleetSort(i % 2 == 0 ? FleetSort.Key.SIZE : FleetSort.Key.LAG, true);
            sort[i] = timed(() -> vm.sort(order));
        }
        FleetWindow window = onFx(() -> {
            vm.filterTextProperty().set("");
            FleetWindow w = new FleetWindow(vm, idle(), null, noDialogs(), () -> ZoneOffset.UTC, url -> { });
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
        System.out.printf(Locale.ROOT, "%,10d %8.0f %8.0f %8.0f %24s %24s%n", n, TimelineBenchmark.percentile(load, 50),
                TimelineBenchmark.percentile(filter, 50), TimelineBenchmark.percentile(sort, 50), frameText(wheel),
                frameText(jumps));
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

    private static double timed(Runnable r) throws Exception {
        return onFx(() -> {
            long t0 = System.nanoTime();
            r.run();
            return (System.nanoTime() - t0) / 1e6;
        });
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

    private static FleetWindow.Search idle() {
        ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(false);
        return new FleetWindow.Search() {
            @Override
            public ReadOnlyBooleanProperty searchingProperty() {
                return searching.getReadOnlyProperty();
            }

            @Override
            public ReadOnlyStringProperty listedProperty() {
                return new ReadOnlyStringWrapper("").getReadOnlyProperty();
            }

            @Override
            public void refresh() {
            }

            @Override
            public void cancel() {
            }
        };
    }

    private static FleetWindow.Dialogs noDialogs() {
        return new FleetWindow.Dialogs() {
            @Override
            public Optional<Path> restoreInto(Window owner) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> exportTo(Window owner, String suggested) {
                return Optional.empty();
            }
        };
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
