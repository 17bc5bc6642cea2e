package dev.litescope.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled sample run for real, as two local processes: the app Litescope bundles and the real Litestream
 * v0.3.13, replicating to a folder or to the loopback GCS server; then restored with Litescope.
 */
class SampleRunTest {

    @TempDir
    Path tmp;

    private LocalSandbox start(Path data, String replica, Map<String, String> env) throws Exception {
        Path jar = SampleApp.jar(Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        return LocalSandbox.start(new LocalSandbox.Config(data, replica, 0, jar, LitestreamBinary.path(), env,
                Duration.ofSeconds(1)), line -> System.out.println(line));
    }

    @Test
    void acknowledgedEntriesSurviveAndAFreshInstanceRestoresThemFirst() throws Exception {
        String replica = "file://" + tmp.resolve("replica");
        List<Long> acked = new ArrayList<>();
        try (LocalSandbox s = start(tmp.resolve("data1"), replica, Map.of())) {
            for (int i = 0; i < 40; i++) {
                acked.add(post(s.url(), "guest " + i, "hello number " + i));
            }
        }
        assertThat(restoredIds(replica, Map.of())).containsAll(acked);

        // A new instance on an empty volume, as after Cloud Run scaled to zero: it restores, then serves.
        try (LocalSandbox s = start(tmp.resolve("data2"), replica, Map.of())) {
            assertThat(servedIds(s.url())).containsAll(acked);
            acked.add(post(s.url(), "after restart", "still here"));
        }
        assertThat(restoredIds(replica, Map.of())).containsAll(acked);
    }

    @Test
    void replicatesToCloudStorage() throws Exception {
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            gcs.createBucket("sample-bucket"); // Litestream lists the bucket before its first upload
            Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort());
            String replica = "gcs://sample-bucket/guestbook";
            List<Long> acked = new ArrayList<>();
            try (LocalSandbox s = start(tmp.resolve("data"), replica, env)) {
                for (int i = 0; i < 20; i++) {
                    acked.add(post(s.url(), "cloud " + i, "message " + i));
                }
            }
            assertThat(restoredIds(replica, env)).containsAll(acked);
        }
    }

    @Test
    void aKilledAppLosesNothingAcknowledgedASyncIntervalBeforeTheKill() throws Exception {
        String replica = "file://" + tmp.resolve("replica");
        ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>(); // {id, ack time in ns}
        long killedAt;
        try (LocalSandbox s = start(tmp.resolve("data"), replica, Map.of())) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            long id = post(s.url(), "writer " + writer, "entry " + i);
                            acks.add(new long[] {id, System.nanoTime()});
                        } catch (IOException e) {
                            return; // the app is gone
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            Thread.sleep(3000);
            killedAt = System.nanoTime();
            s.app().destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }
            Thread.sleep(3000); // Litestream still runs and ships the WAL the app left behind
        }
        long margin = Duration.ofSeconds(1).toNanos();
        Set<Long> mustSurvive = new HashSet<>();
        for (long[] a : acks) {
            if (a[1] < killedAt - margin) {
                mustSurvive.add(a[0]);
            }
        }
        assertThat(mustSurvive).as("entries acknowledged a second or more before the kill").hasSizeGreaterThan(20);
        Path out = tmp.resolve("restored.db");
        ProcResult r = Litescope.run("restore", "-integrity-check", "full", "-o", out.toString(), replica);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("integrity ok");
        assertThat(ids(out)).containsAll(mustSurvive);
    }

    private Set<Long> restoredIds(String replica, Map<String, String> env) throws Exception {
        return SampleReplicas.restoredIds(tmp, replica, env);
    }

    private static Set<Long> ids(Path db) throws Exception {
        return SampleReplicas.ids(db);
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    /** The entries the app serves, paging with after_id. */
    private static Set<Long> servedIds(URI base) throws IOException {
        Set<Long> ids = new HashSet<>();
        long after = 0;
        while (true) {
            HttpURLConnection c = (HttpURLConnection) base.resolve("api/entries?limit=1000&after_id=" + after)
                    .toURL().openConnection();
            Matcher m = ID.matcher(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            int n = 0;
            while (m.find()) {
                after = Math.max(after, Long.parseLong(m.group(1)));
                ids.add(Long.parseLong(m.group(1)));
                n++;
            }
            if (n < 1000) {
                return ids;
            }
        }
    }

    /** Adds an entry; returns its id once the app has acknowledged (committed) it. */
    private static long post(URI base, String name, String message) throws IOException {
        return new GuestbookClient(base).post(name, message);
    }
}
