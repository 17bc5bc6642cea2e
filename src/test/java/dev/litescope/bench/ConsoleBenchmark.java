package dev.litescope.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.litescope.sql.QueryHistory;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.console.ConsolePane;
import dev.litescope.ui.console.ConsoleSession;
import dev.litescope.ui.console.ConsoleWindow;
import dev.litescope.ui.console.HistoryViewModel;
import dev.litescope.ui.console.StatementResult;
import dev.litescope.ui.fx.FxTaskRunner;
import dev.litescope.ui.fx.Theme;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/**
 * The SQL console in its real window under Monocle (headless, software rendering, 60 pulses a second), on the
 * query benchmark's table of 1,000,000 rows ({@code SELECT *}: an integer key, an integer, a real, two texts, a
 * BLOB): the time from Run to the first page drawn in the grid, then from there to the last row drawn while the
 * grid is scrolled to its end whenever more rows arrive (as a user pressing End does), and the heap meanwhile.
 *
 * <p>A frame is drawn at the end of a pulse; the timer of the next pulse sees it, so each time is taken there.
 * The heap in use is sampled every pulse (garbage included); the live heap after a collection at the end.
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests test-compile exec:java@console-bench}
 * (options: -Dbench.rows=1000000 -Dbench.runs=5).
 */
public final class ConsoleBenchmark {
    private static final String QUERY = "SELECT * FROM items";

    public static void main(String[] args) throws Exception {
        // Pulses at 60 a second, as on a screen: at full speed the UI thread would take a core from the fetching.
        TimelineBenchmark.headless(false);
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int runs = Integer.getInteger("bench.runs", 5);
        Path db = QueryBenchmark.items(rows);
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        System.out.printf(Locale.ROOT, "Console benchmark: %,d rows (%d MiB file), %s in the window, Monocle "
                + "headless, software rendering, Java %s, %d cores, max heap %d MiB%n", rows,
                Files.size(db) >> 20, QUERY, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        Path scratch = Files.createTempDirectory("litescope-console-bench");
        FxTaskRunner runner = new FxTaskRunner();
        ConsolePane pane = onFx(() -> {
            Theme.LIGHT.apply();
            HistoryViewModel history = new HistoryViewModel(runner,
                    () -> QueryHistory.open(scratch.resolve("history.db")));
            history.load();
            ConsoleWindow console = new ConsoleWindow(null, runner, history, TestWindows.noConsoleDialogs(),
                    () -> ZoneOffset.UTC);
            ConsolePane p = console.open(ConsoleSession.Source.file(db));
            p.editor.setText(QUERY);
            return p;
        });
        while (!onFx(() -> pane.session().openProperty().get())) {
            Thread.sleep(20);
        }

        // One untimed round warms the JIT, then the timed ones.
        Round warm = round(pane, rows);
        System.out.printf(Locale.ROOT, "warm-up: first page %.1f ms, last row %.2f s%n", warm.firstPageMs(),
                warm.lastRowSeconds());
        double[] first = new double[runs];
        double[] last = new double[runs];
        double[] cpu = new double[runs];
        long peak = 0;
        long live = 0;
        for (int r = 0; r < runs; r++) {
            Round round = round(pane, rows);
            first[r] = round.firstPageMs();
            last[r] = round.lastRowSeconds();
            cpu[r] = round.cpuSeconds();
            peak = Math.max(peak, round.peakHeap());
            live = Math.max(live, round.liveAfter());
            System.out.printf(Locale.ROOT, "round %d: first page %.1f ms, last row %.2f s (CPU %.2f s), heap at "
                    + "most %d MiB, live after %d MiB%n", r + 1, first[r], last[r], cpu[r], round.peakHeap() >> 20,
                    round.liveAfter() >> 20);
        }
        System.out.printf(Locale.ROOT, "Run to the first page drawn in the grid: median %.1f ms (min %.1f, max %.1f)"
                + "%n", QueryBenchmark.median(first), QueryBenchmark.min(first), QueryBenchmark.max(first));
        System.out.printf(Locale.ROOT, "first page to the last row drawn, scrolled to the end: median %.2f s "
                + "(min %.2f, max %.2f)%n", QueryBenchmark.median(last), QueryBenchmark.min(last),
                QueryBenchmark.max(last));
        System.out.printf(Locale.ROOT, "CPU of the process meanwhile, every thread: median %.2f s (min %.2f, max %.2f)"
                + "%n", QueryBenchmark.median(cpu), QueryBenchmark.min(cpu), QueryBenchmark.max(cpu));
        System.out.printf(Locale.ROOT, "heap in use while scrolling, at most: %d MiB (garbage included); live after "
                + "a collection with every row fetched: %d MiB%n", peak >> 20, live >> 20);
        // Exits with the window open: closing it first would post its history's tasks to a runner being shut down.
        Platform.exit();
        System.exit(0);
    }

    private record Round(double firstPageMs, double lastRowSeconds, double cpuSeconds, long peakHeap, long liveAfter) {
    }

    /** Runs the statement in the pane and scrolls its grid to the end, timing both on the pulses. */
    private static Round round(ConsolePane pane, int rows) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        CompletableFuture<Round> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            long[] t = new long[3];
            long[] peak = new long[1];
            long[] cpuAtFirst = new long[1];
            int[] scrolledAt = {-1};
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    long at = System.nanoTime();
                    peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                    Optional<TableView<?>> grid = grid(pane);
                    List<StatementResult> results = pane.session().results();
                    if (grid.isEmpty() || results.isEmpty()) {
                        return;
                    }
                    // Run drops the last round's results, and with them their grid: this grid is this round's.
                    StatementResult result = results.get(0);
                    int size = result.rows().size();
                    if (size == 0) {
                        return;
                    }
                    if (t[1] == 0) {
                        if (drawnRow(grid.get(), result, 0)) {
                            t[1] = at; // the first page was drawn in the pulse before this one
                            cpuAtFirst[0] = os.getProcessCpuTime();
                        }
                        return;
                    }
                    if (result.exhaustedProperty().get() && drawnRow(grid.get(), result, size - 1)) {
                        stop();
                        if (size != rows) {
                            done.completeExceptionally(new IllegalStateException("the grid holds " + size
                                    + " rows, not " + rows));
                            return;
                        }
                        t[2] = at;
                        double cpu = (os.getProcessCpuTime() - cpuAtFirst[0]) / 1e9;
                        done.complete(new Round((t[1] - t[0]) / 1e6, (t[2] - t[1]) / 1e9, cpu, peak[0], 0));
                        return;
                    }
                    if (size != scrolledAt[0]) {
                        // As a user pressing End whenever more rows arrive: the grid then asks for the next page.
                        scrolledAt[0] = size;
                        grid.get().scrollTo(size - 1); // an index among all the rows, as the grid takes it
                    }
                }
            };
            timer.start();
            t[0] = System.nanoTime();
            pane.runAll.fire();
            // Run drops the last round's results at once, so any result from here on is this round's. (Holding
            // the last round's to tell them apart kept its million rows alive through this round.)
            if (!pane.session().results().isEmpty()) {
                timer.stop();
                done.completeExceptionally(new IllegalStateException("Run kept the last round's results"));
            }
        });
        Round r = done.get(600, TimeUnit.SECONDS);
        return new Round(r.firstPageMs(), r.lastRowSeconds(), r.cpuSeconds(), r.peakHeap(), live(memory));
    }

    /**
     * The heap in use after a collection: the least of a few, as a collection asked for while the renderer holds
     * an array in native code is skipped ("GC locker is held") and then measures garbage too.
     */
    private static long live(MemoryMXBean memory) throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
            Thread.sleep(50);
        }
        return least;
    }

    private static Optional<TableView<?>> grid(ConsolePane pane) {
        Node n = pane.lookup("#resultGrid");
        return n instanceof TableView<?> grid ? Optional.of(grid) : Optional.empty();
    }

    /**
     * Whether the grid has laid out a visible row showing the result's row {@code index} (the grid holds a window
     * of the rows, so its rows' indices are not the result's: the row's values say which it is, by its key).
     */
    private static boolean drawnRow(TableView<?> grid, StatementResult result, int index) {
        Object want = result.rows().get(index);
        for (Node n : grid.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> row && row.isVisible() && row.getIndex() >= 0 && want.equals(row.getItem())) {
                return true;
            }
        }
        return false;
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }
}
