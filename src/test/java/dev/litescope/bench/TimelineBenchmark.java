package dev.litescope.bench;

import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Names;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.MainWindow;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.fx.TaskRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;

/**
 * The timeline with 10,000 WAL segments, in the real main window under Monocle's headless platform with
 * software rendering (as the window tests run): time to first paint, and per-frame time while panning across
 * the whole span at a zoom where thousands of ticks are in view.
 *
 * <p>The replica is synthetic and in memory (three generations, 10,000 segments, snapshots every 500 segments),
 * so the figures are the window's alone. Pulses run at full speed ({@code javafx.animation.fullspeed}), one pan
 * step per pulse, so the interval between pulses is what a frame costs: event, canvas drawing, CSS, layout and
 * the software renderer. The drawing alone (the timeline's own code) is timed separately.
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests test-compile exec:java@timeline-bench}
 * (options: -Dbench.segments=10000 -Dbench.steps=400 -Dbench.zoomSteps=2 (2× each) -Dbench.paints=7).
 */
public final class TimelineBenchmark {
    public static void main(String[] args) throws Exception {
        headless(true);
        int segments = Integer.getInteger("bench.segments", 10_000);
        int steps = Integer.getInteger("bench.steps", 400);
        int zoomSteps = Integer.getInteger("bench.zoomSteps", 2);
        double zoom = Math.pow(2, zoomSteps);
        int paints = Integer.getInteger("bench.paints", 7);

        Catalog catalog = synthetic(segments);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false); // each measurement closes its window; the toolkit must outlive them

        System.out.printf(Locale.ROOT, "Timeline benchmark: %,d WAL segments in %d generations, Monocle headless, "
                + "software rendering, Java %s, %d cores%n", segments, catalog.generationNames().size(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        double[] firstPaint = new double[paints];
        for (int i = 0; i < paints; i++) {
            firstPaint[i] = firstPaint(catalog);
        }
        System.out.printf(Locale.ROOT, "time to first paint (show → first frame with the timeline drawn): "
                + "median %.1f ms over %d windows (first, cold: %.1f ms)%n", median(firstPaint), paints, firstPaint[0]);

        Pan pan = pan(catalog, steps, zoomSteps);
        int[] inView = ticksInView(catalog, zoom);
        System.out.printf(Locale.ROOT, "panning at %.0f× zoom (%,d to %,d ticks in view), %d steps across the whole "
                + "span:%n", zoom, inView[0], inView[1], steps);
        System.out.printf(Locale.ROOT, "  frame (pulse to pulse): median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                percentile(pan.frames, 50), percentile(pan.frames, 95), max(pan.frames));
        System.out.printf(Locale.ROOT, "  timeline drawing alone: median %.2f ms, p95 %.2f ms, max %.2f ms%n",
                percentile(pan.draws, 50), percentile(pan.draws, 95), max(pan.draws));
        Platform.exit();
        System.exit(0);
    }

    /**
     * Headless, as in the surefire configuration of pom.xml, set before the toolkit starts; with {@code fullSpeed}
     * pulses run back to back (so that the time between two is what a frame costs), else at 60 a second.
     */
    static void headless(boolean fullSpeed) {
        for (String[] p : new String[][]{{"glass.platform", "Monocle"}, {"monocle.platform", "Headless"},
                {"prism.order", "sw"}, {"prism.text", "t2k"}, {"java.awt.headless", "true"},
                {"javafx.animation.fullspeed", Boolean.toString(fullSpeed)}}) {
            if (System.getProperty(p[0]) == null) {
                System.setProperty(p[0], p[1]);
            }
        }
    }

    /** Shows a new main window on the catalogue; milliseconds from show() to the pulse after the first drawn one. */
    private static double firstPaint(Catalog catalog) throws Exception {
        CompletableFuture<Double> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            MainViewModel model = new MainViewModel(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(Map.of(),
                    false));
            model.open(catalog);
            Stage stage = new Stage();
            long[] shown = new long[1];
            int[] pulses = new int[1];
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    // The first pulse lays out and draws; this one starts after it was rendered.
                    if (++pulses[0] == 2) {
                        stop();
                        done.complete((System.nanoTime() - shown[0]) / 1e6);
                        stage.close();
                    }
                }
            };
            shown[0] = System.nanoTime();
            TestWindows.show(stage, model, TaskRunner.sameThread(), (owner, name) -> Optional.empty(), scratch());
            timer.start();
        });
        return done.get(60, TimeUnit.SECONDS);
    }

    /** A folder for the connections panel's file, so the benchmark never touches the user's configuration. */
    private static Path scratch() {
        try {
            return Files.createTempDirectory("litescope-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Pan(double[] frames, double[] draws) {
    }

    private static Pan pan(Catalog catalog, int steps, int zoomSteps) throws Exception {
        CompletableFuture<Pan> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            MainViewModel model = new MainViewModel(TaskRunner.sameThread(), ReplicaOptions.fromEnvironment(Map.of(),
                    false));
            model.open(catalog);
            Stage stage = new Stage();
            MainWindow window = TestWindows.show(stage, model, TaskRunner.sameThread(), (owner,
                    name) -> Optional.empty(),
                    scratch());
            Node timeline = stage.getScene().lookup("#timeline");
            Probe probe = Probe.of(timeline);
            probe.fit();
            for (int z = 0; z < zoomSteps; z++) {
                probe.zoomIn();
            }
            double zoom = Math.pow(2, zoomSteps);
            probe.pan(-1e9); // to the start
            double pixels = probe.axisPixels() * (zoom - 1);
            double step = pixels / steps;
            double[] frames = new double[steps];
            double[] draws = new double[steps];
            AnimationTimer timer = new AnimationTimer() {
                int i = -10; // warm-up pulses first
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
                        stage.close();
                        done.complete(new Pan(frames, draws));
                        return;
                    }
                    long d0 = System.nanoTime();
                    probe.pan(i < 0 ? 0 : step);
                    if (i >= 0) {
                        draws[i] = (System.nanoTime() - d0) / 1e6;
                    }
                    i++;
                }
            };
            timer.start();
            if (window == null) {
                done.completeExceptionally(new IllegalStateException("no window"));
            }
        });
        return done.get(300, TimeUnit.SECONDS);
    }

    /**
     * Drives the timeline as a user does, with input events: {@code +} to zoom, horizontal scrolling to pan. Each
     * event is handled (and the canvas redrawn) before {@code Event.fireEvent} returns.
     */
    private record Probe(Node view) {
        static Probe of(Node view) {
            return new Probe(view);
        }

        void zoomIn() {
            Event.fireEvent(view, new KeyEvent(KeyEvent.KEY_PRESSED, "+", "+", KeyCode.ADD, false, false, false,
                    false));
        }

        void fit() {
            Event.fireEvent(view, new KeyEvent(KeyEvent.KEY_PRESSED, "0", "0", KeyCode.DIGIT0, false, false, false,
                    false));
        }

        /** Shows {@code dx} pixels' worth of later time (a horizontal scroll to the right). */
        void pan(double dx) {
            Event.fireEvent(view, new ScrollEvent(ScrollEvent.SCROLL, 100, 100, 100, 100, false, false, false, false,
                    false, false, -dx, 0, -dx, 0, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                    ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
        }

        /** The axis' pixel width: the timeline's width less its side padding (16 px each side). */
        double axisPixels() {
            return view.getLayoutBounds().getWidth() - 32;
        }
    }

    // ---- the synthetic replica ----

    /** Three generations holding {@code total} WAL segments, a segment a second, snapshots every 500 segments. */
    static Catalog synthetic(int total) throws Exception {
        Random random = new Random(42);
        TreeMap<String, ObjectInfo> objects = new TreeMap<>();
        int[] sizes = {total * 8 / 10, total * 15 / 100, total - total * 8 / 10 - total * 15 / 100};
        Instant t = Instant.parse("2026-11-27T06:00:00Z");
        for (int gen = 0; gen < sizes.length; gen++) {
            String name = String.format("%016x", 0x1a2b3c4d5e6f7000L + gen);
            int index = 0;
            long offset = 0;
            for (int i = 0; i < sizes[gen]; i++) {
                if (i % 500 == 0) {
                    String key = Names.snapshotsDir(name) + Names.hex8(index) + ".snapshot.lz4";
                    objects.put(key, new ObjectInfo(key, 4_000_000 + random.nextInt(400_000), t));
                }
                if (i > 0 && i % 100 == 0) {
                    index++;
                    offset = 0;
                }
                // Mostly small commits, now and then a big one (a checkpoint's rewrite).
                long size = random.nextInt(10) == 0 ? 40_000 + random.nextInt(200_000) : 300 + random.nextInt(6_000);
                String key = Names.walDir(name) + Names.hex8(index) + "_" + Names.hex8(offset) + ".wal.lz4";
                objects.put(key, new ObjectInfo(key, size, t.plusNanos(random.nextInt(1_000_000))));
                offset += size * 3;
                t = t.plusMillis(400 + random.nextInt(1200));
            }
            t = t.plusSeconds(600); // a restart
        }
        ReplicaUrl url = ReplicaUrl.parse("file:///synthetic-replica");
        return new Catalog(new Replica(new MemoryStore(objects), "", url));
    }

    /** Listings from a sorted map: no I/O; nothing is ever read. */
    private record MemoryStore(TreeMap<String, ObjectInfo> objects) implements ObjectStore {
        @Override
        public Listing list(String prefix, boolean delimited) {
            List<ObjectInfo> found = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            for (var e : objects.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                String rest = e.getKey().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (delimited && slash >= 0) {
                    String p = prefix + rest.substring(0, slash + 1);
                    if (prefixes.isEmpty() || !prefixes.get(prefixes.size() - 1).equals(p)) {
                        prefixes.add(p);
                    }
                } else {
                    found.add(e.getValue());
                }
            }
            return new Listing(found, prefixes);
        }

        @Override
        public Listing listFirst(String prefix, int max) {
            List<ObjectInfo> all = list(prefix, false).objects();
            return new Listing(all.subList(0, Math.min(max, all.size())), List.of(), all.size() > max);
        }

        @Override
        public InputStream open(ObjectInfo object) throws ObjectStoreException {
            throw new ObjectStoreException("the synthetic replica has listings only");
        }

        @Override
        public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
            throw new ObjectStoreException("the synthetic replica has listings only");
        }

        @Override
        public String describe(String key) {
            return "memory:" + key;
        }

        @Override
        public RequestCounters counters() {
            return new RequestCounters();
        }
    }

    /**
     * The fewest and most WAL segments in a window of the visible width anywhere along the sweep: the whole span,
     * padded by 1/25 each side as the timeline pads it, divided by the zoom.
     */
    static int[] ticksInView(Catalog catalog, double zoom) throws Exception {
        List<Long> times = new ArrayList<>();
        for (var g : catalog.allGenerations()) {
            g.walSegments().forEach(w -> times.add(w.created().getEpochSecond() * 1_000_000_000L
                    + w.created().getNano()));
        }
        times.sort(null);
        long first = times.get(0);
        long last = times.get(times.size() - 1);
        double pad = (last - first) / 25.0;
        double window = (last - first + 2 * pad) / zoom;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (double start = first - pad; start + window <= last + pad + 1; start += window / 50) {
            double s = start;
            long n = times.stream().filter(t -> t >= s && t <= s + window).count();
            min = (int) Math.min(min, n);
            max = (int) Math.max(max, n);
        }
        return new int[]{min, max};
    }

    // ---- statistics ----

    private static double median(double[] v) {
        return percentile(v, 50);
    }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
