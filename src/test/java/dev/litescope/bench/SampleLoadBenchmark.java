package dev.litescope.bench;

import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.sample.LocalSandbox;
import dev.litescope.sample.SampleApp;
import dev.litescope.testsupport.LitestreamBinary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Load on the bundled sample running locally as on Cloud Run (the app plus the real Litestream v0.3.13
 * replicating to a folder): at increasing concurrency, a mix of one write to four reads, for a few seconds each.
 * Prints requests/s, p50/p99 latency, errors (SQLITE_BUSY must be 0) and replication lag (the newest WAL segment's
 * time minus the last acknowledged write).
 *
 * <p>Run: {@code mvn -q -B -DskipTests -Dlitestream.fetch.skip=false package exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.litescope.bench.SampleLoadBenchmark}
 * (options: -Dbench.seconds=5 -Dbench.levels=1,4,16,64).
 */
public final class SampleLoadBenchmark {
    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        int[] levels = Arrays.stream(System.getProperty("bench.levels", "1,4,16,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Path dir = Path.of(System.getProperty("litescope.buildDir", "target"), "bench", "sample").toAbsolutePath();
        deleteTree(dir);
        Path replica = dir.resolve("replica");
        Path jar = SampleApp.jar(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()));
        LocalSandbox.Config config = new LocalSandbox.Config(dir.resolve("data"), "file://" + replica, 0, jar,
                LitestreamBinary.path(), Map.of(), Duration.ofSeconds(1));
        System.setProperty("http.maxConnections", "256");
        try (LocalSandbox sandbox = LocalSandbox.start(config, line -> { })) {
            System.out.printf("sample at %s, replicating to %s; %d s per level, 1 write : 4 reads%n%n",
                    sandbox.url(), replica, seconds);
            System.out.printf(Locale.ROOT, "%11s %9s %9s %9s %9s %7s %6s %12s%n", "concurrency", "req/s", "writes/s",
                    "p50 ms", "p99 ms", "errors", "busy", "repl. lag");
            for (int c : levels) {
                level(sandbox.url(), c, seconds, replica);
            }
        }
        System.exit(0);
    }

    private static void level(URI base, int concurrency, int seconds, Path replica) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> latencies = new ArrayList<>();
        AtomicLong writes = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        AtomicReference<Instant> lastAck = new AtomicReference<>(Instant.EPOCH);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int id = t;
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            Thread th = new Thread(() -> {
                int n = 0;
                for (int i = 0; System.nanoTime() < end; i++) {
                    boolean write = (i + id) % 5 == 0;
                    long t0 = System.nanoTime();
                    try {
                        int code = write ? post(base, "load " + id, "message " + i) : get(base);
                        if (code >= 400) {
                            errors.incrementAndGet();
                        } else if (write) {
                            writes.incrementAndGet();
                            Instant now = Instant.now();
                            lastAck.accumulateAndGet(now, (a, b) -> a.isAfter(b) ? a : b);
                        }
                    } catch (BusyException e) {
                        busy.incrementAndGet();
                        errors.incrementAndGet();
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                    if (n < mine.length - 1) {
                        mine[++n] = System.nanoTime() - t0;
                    }
                }
                mine[0] = n;
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        long[] all = latencies.stream().flatMapToLong(a -> Arrays.stream(a, 1, (int) a[0] + 1)).sorted().toArray();
        double rps = all.length / (double) seconds;
        Duration lag = replicationLag(replica, lastAck.get());
        System.out.printf(Locale.ROOT, "%11d %9.0f %9.0f %9.2f %9.2f %7d %6d %12s%n", concurrency, rps,
                writes.get() / (double) seconds, pct(all, 0.50), pct(all, 0.99), errors.get(), busy.get(),
                lag.isNegative() ? "n/a" : String.format(Locale.ROOT, "%.2f s", lag.toMillis() / 1000.0));
    }

    /** Waits for the first WAL segment written at or after the last acknowledged write; its delay is the lag. */
    private static Duration replicationLag(Path replica, Instant lastAck) throws Exception {
        if (lastAck.equals(Instant.EPOCH)) {
            return Duration.ofSeconds(-1);
        }
        FileObjectStore store = new FileObjectStore(replica);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Instant newest = store.list("generations/", false).objects().stream()
                    .filter(o -> o.key().contains("/wal/")).map(ObjectInfo::created).max(Comparator.naturalOrder())
                    .orElse(Instant.EPOCH);
            if (!newest.isBefore(lastAck)) {
                return Duration.between(lastAck, newest);
            }
            Thread.sleep(20);
        }
        return Duration.ofSeconds(-1);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    /** The app answered that the database was busy: what the original sample did under load. */
    private static final class BusyException extends IOException {
        BusyException(String m) {
            super(m);
        }
    }

    private static int post(URI base, String name, String message) throws IOException {
        HttpURLConnection c = (HttpURLConnection) base.resolve("entries").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream o = c.getOutputStream()) {
            o.write(("{\"name\":\"" + name + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        return finish(c);
    }

    private static int get(URI base) throws IOException {
        return finish((HttpURLConnection) base.resolve("api/entries?limit=20").toURL().openConnection());
    }

    private static int finish(HttpURLConnection c) throws IOException {
        int code = c.getResponseCode();
        try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (code >= 500 && (body.contains("SQLITE_BUSY") || body.contains("database is locked"))) {
                throw new BusyException(body);
            }
        }
        return code;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
