package dev.litescope.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.litescope.sql.Cell;
import dev.litescope.sql.Export;
import dev.litescope.sql.Outcome;
import dev.litescope.sql.ResultCursor;
import dev.litescope.sql.ResultWriter;
import dev.litescope.sql.RowStore;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.util.Cancellation;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The SQL console's engine on a 1,000,000-row table with a few columns of each type: time from Run to the first
 * page (200 rows), time to fetch on to the last row and the heap meanwhile (pages thrown away as they come, and
 * every row kept as the console's grid keeps them, encoded in a {@link RowStore}), and CSV export rows/s,
 * Litescope's {@link Export} against {@code sqlite3 -csv} writing the same query to a file, side by side,
 * alternately. Both outputs are checked to have every row. The JVM is warmed by one untimed round first.
 *
 * <p>Run: {@code mvn -q -B -Dsample.build.skip=true -DskipTests test-compile exec:java@query-bench}
 * (options: -Dbench.rows=1000000 -Dbench.runs=5 -Dbench.rebuild=true).
 */
public final class QueryBenchmark {
    private static final String QUERY = "SELECT id, qty, price, name, note, lower(hex(tag)) AS tag FROM items";
    private static final int PAGE = 200;

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int runs = Integer.getInteger("bench.runs", 5);
        Path db = items(rows);
        Path dir = db.getParent();
        System.out.printf(Locale.ROOT, "Query benchmark: %,d rows (%s), Java %s, %d cores, max heap %d MiB, %s%n",
                rows, Files.size(db) / (1 << 20) + " MiB file", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                sqlite3Version());

        try (SqlDatabase warm = SqlDatabase.open(db, SqlDatabase.Access.READ_ONLY)) {
            fetchAll(warm, false);
            Export.toFile(warm, QUERY, ResultWriter.Format.CSV, true, dir.resolve("warm.csv"), n -> { },
                    new Cancellation());
        }

        double[] firstPage = new double[runs];
        double[] lastRow = new double[runs];
        double[] lastRowCpu = new double[runs];
        long[] heapStreaming = new long[runs];
        for (int r = 0; r < runs; r++) {
            try (SqlDatabase d = SqlDatabase.open(db, SqlDatabase.Access.READ_ONLY)) {
                long t0 = System.nanoTime();
                try (ResultCursor c = ((Outcome.Rows) d.execute("SELECT * FROM items")).cursor()) {
                    List<List<Cell>> page = c.fetch(PAGE);
                    firstPage[r] = (System.nanoTime() - t0) / 1e6;
                    if (page.size() != PAGE) {
                        throw new IllegalStateException("first page has " + page.size() + " rows");
                    }
                }
                Fetch f = fetchAll(d, false);
                lastRow[r] = f.seconds();
                lastRowCpu[r] = f.cpuSeconds();
                heapStreaming[r] = f.peakHeap();
                if (f.rows() != rows) {
                    throw new IllegalStateException("fetched " + f.rows() + " of " + rows + " rows");
                }
            }
        }
        Fetch kept;
        try (SqlDatabase d = SqlDatabase.open(db, SqlDatabase.Access.READ_ONLY)) {
            kept = fetchAll(d, true);
        }
        System.out.printf(Locale.ROOT, "first page (%d rows of SELECT *): median %.1f ms (min %.1f, max %.1f)%n",
                PAGE, median(firstPage), min(firstPage), max(firstPage));
        System.out.printf(Locale.ROOT, "to the last row, %d-row pages thrown away: median %.2f s (CPU %.2f s), heap "
                + "in use at most %d MiB%n", PAGE, median(lastRow), median(lastRowCpu),
                Arrays.stream(heapStreaming).max().orElse(0) >> 20);
        System.out.printf(Locale.ROOT, "to the last row, every row kept as the console keeps them: %.2f s "
                + "(CPU %.2f s), heap in use at most %d MiB, %d MiB live after GC%n", kept.seconds(),
                kept.cpuSeconds(), kept.peakHeap() >> 20, kept.liveAfter() >> 20);

        double[] ours = new double[runs];
        double[] theirs = new double[runs];
        double[] oursCpu = new double[runs];
        double[] theirsCpu = new double[runs];
        Path oursFile = dir.resolve("litescope.csv");
        Path theirsFile = dir.resolve("sqlite3.csv");
        for (int r = 0; r < runs; r++) {
            try (SqlDatabase d = SqlDatabase.open(db, SqlDatabase.Access.READ_ONLY)) {
                long t0 = System.nanoTime();
                double cpu0 = jvmCpu();
                Export.Result e = Export.toFile(d, QUERY, ResultWriter.Format.CSV, true, oursFile, n -> { },
                        new Cancellation());
                ours[r] = (System.nanoTime() - t0) / 1e9;
                oursCpu[r] = jvmCpu() - cpu0;
                if (e.rows() != rows) {
                    throw new IllegalStateException("exported " + e.rows() + " rows");
                }
            }
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("sqlite3", "-csv", "-header", db.toString(), QUERY)
                    .redirectOutput(theirsFile.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Duration cpu = Duration.ZERO;
            while (!p.waitFor(2, TimeUnit.MILLISECONDS)) {
                cpu = p.info().totalCpuDuration().orElse(cpu); // sampled: the last 2 ms may be missed
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("sqlite3 failed");
            }
            theirs[r] = (System.nanoTime() - t0) / 1e9;
            theirsCpu[r] = cpu.toNanos() / 1e9;
        }
        long ourLines = lines(oursFile);
        long theirLines = lines(theirsFile);
        if (ourLines != rows + 1 || theirLines != rows + 1) {
            throw new IllegalStateException("CSV lines: litescope " + ourLines + ", sqlite3 " + theirLines);
        }
        long mismatch = Files.mismatch(oursFile, theirsFile);
        System.out.printf(Locale.ROOT, "CSV export of %,d rows, median of %d (the two files %s):%n", rows, runs,
                mismatch < 0 ? "are identical" : "differ from byte " + mismatch);
        System.out.printf(Locale.ROOT, "  sqlite3 -csv (a process, to a file): %.2f s, %,.0f rows/s; CPU %.2f s, "
                + "%,.0f rows per CPU second; %d MiB%n", median(theirs), rows / median(theirs), median(theirsCpu),
                rows / median(theirsCpu), Files.size(theirsFile) >> 20);
        System.out.printf(Locale.ROOT, "  Litescope Export.toFile (in the JVM): %.2f s, %,.0f rows/s; CPU %.2f s, "
                + "%,.0f rows per CPU second; %d MiB%n", median(ours), rows / median(ours), median(oursCpu),
                rows / median(oursCpu), Files.size(oursFile) >> 20);
        System.out.printf(Locale.ROOT, "  ratio (Litescope rows/s over sqlite3's): %.2fx wall, %.2fx CPU%n",
                median(theirs) / median(ours), median(theirsCpu) / median(oursCpu));
        Files.deleteIfExists(dir.resolve("warm.csv"));
    }

    private record Fetch(long rows, double seconds, double cpuSeconds, long peakHeap, long liveAfter) {
    }

    /** CPU time of this whole JVM (every thread: the work, the JIT, the collector), in seconds. */
    private static double jvmCpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static Fetch fetchAll(SqlDatabase d, boolean keep) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long peak = 0;
        RowStore all = null;
        long n = 0;
        long t0 = System.nanoTime();
        double cpu0 = jvmCpu();
        double seconds;
        double cpu;
        long live;
        try (ResultCursor c = ((Outcome.Rows) d.execute("SELECT * FROM items")).cursor()) {
            if (keep) {
                all = new RowStore(c.columns().size());
            }
            while (!c.exhausted()) {
                List<List<Cell>> page = c.fetch(PAGE);
                n += page.size();
                if (keep) {
                    all.append(page);
                }
                if (n % 20_000 < PAGE) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                }
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            cpu = jvmCpu() - cpu0;
            System.gc();
            live = memory.getHeapMemoryUsage().getUsed();
        }
        if (keep && all.size() != n) {
            throw new IllegalStateException("kept " + all.size());
        }
        return new Fetch(n, seconds, cpu, Math.max(peak, live), live);
    }

    /**
     * The benchmark's table of {@code rows} rows under the build folder, built once (again with
     * {@code -Dbench.rebuild=true}); the console's window benchmark reads the same one.
     */
    static Path items(int rows) throws SQLException, IOException {
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target"));
        Path dir = Files.createDirectories(buildDir.resolve("bench/query").toAbsolutePath());
        Path db = dir.resolve("items-" + rows + ".db");
        if (!Files.exists(db) || Boolean.getBoolean("bench.rebuild")) {
            build(db, rows);
        }
        return db;
    }

    /**
     * items: an integer key, an integer, a real, a text (some with commas and quotes), a text NULL every third row,
     * an 8-byte BLOB every fifth row.
     */
    private static void build(Path db, int rows) throws SQLException, IOException {
        Files.deleteIfExists(db);
        System.out.printf(Locale.ROOT, "building %s with %,d rows…%n", db, rows);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, qty INTEGER, price REAL, name TEXT, note TEXT, "
                    + "tag BLOB)");
            st.execute("INSERT INTO items WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < "
                    + rows + ") SELECT x, abs(random()) % 100000, round((x % 9973) * 1.37, 2), "
                    + "CASE WHEN x % 10 = 0 THEN 'item, \"special\" ' || x ELSE 'item ' || x END, "
                    + "CASE WHEN x % 3 = 0 THEN NULL ELSE 'note for ' || x END, "
                    + "CASE WHEN x % 5 = 0 THEN randomblob(8) END FROM n");
        }
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }

    private static String sqlite3Version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sqlite3", "-version").start();
        String v = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return "sqlite3 shell " + v.split(" ")[0] + ", engine " + engineVersion();
    }

    private static String engineVersion() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement()) {
            return "SQLite " + st.executeQuery("SELECT sqlite_version()").getString(1);
        } catch (SQLException e) {
            return "SQLite ?";
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
