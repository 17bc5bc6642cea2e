package dev.litescope.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.litescope.testsupport.LitestreamBinary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's supervision, with the real app and the real Litestream: each process killed mid-load, a stranger
 * on the app's port, and Litescope itself killed by SIGTERM, SIGINT and SIGKILL, with no child left behind.
 */
class SampleSupervisionTest {

    @TempDir
    Path tmp;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private LocalSandbox.Config config(Path data, String replica, int port) throws IOException {
        Path jar = SampleApp.jar(Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        return new LocalSandbox.Config(data, replica, port, jar, LitestreamBinary.path(), Map.of(),
                Duration.ofSeconds(1));
    }

    private LocalSandbox start(Path data, String replica) throws Exception {
        return LocalSandbox.start(config(data, replica, 0), line -> {
            log.add(line);
            System.out.println(line);
        });
    }

    /** Four writers posting until the app stops answering; returns the acknowledged ids. */
    private static ConcurrentLinkedQueue<Long> load(LocalSandbox s, AtomicBoolean stop, List<Thread> writers) {
        ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                GuestbookClient client = new GuestbookClient(s.url());
                for (int i = 0; !stop.get(); i++) {
                    try {
                        acked.add(client.post("writer " + writer, "entry " + i));
                    } catch (IOException e) {
                        return; // the app is gone
                    }
                }
            });
            t.start();
            writers.add(t);
        }
        return acked;
    }

    @Test
    void whenLitestreamDiesTheAppStopsAtOnceAndEveryAcknowledgedWriteIsReplicated() throws Exception {
        String replica = "file://" + tmp.resolve("replica");
        LocalSandbox.Exit exit;
        ConcurrentLinkedQueue<Long> acked;
        try (LocalSandbox s = start(tmp.resolve("data"), replica)) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            acked = load(s, stop, writers);
            Thread.sleep(3000);
            s.litestream().destroyForcibly(); // SIGKILL: Litestream cannot sync
            exit = s.exited().get(60, TimeUnit.SECONDS);
            assertThat(s.app().isAlive()).isFalse();
            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }
        }
        assertThat(exit.failed()).isTrue();
        assertThat(exit.reason()).contains("Litestream exited with 137").contains("the app was stopped")
                .contains("A final Litestream run replicated");
        assertThat(exit.lastLines()).anyMatch(l -> l.contains("replicating to"));
        assertThat(acked).hasSizeGreaterThan(20);
        assertThat(SampleReplicas.restoredIds(tmp, replica, Map.of())).containsAll(acked);
    }

    @Test
    void whenTheAppDiesLitestreamSyncsEveryAcknowledgedWriteAndStops() throws Exception {
        String replica = "file://" + tmp.resolve("replica");
        LocalSandbox.Exit exit;
        ConcurrentLinkedQueue<Long> acked;
        try (LocalSandbox s = start(tmp.resolve("data"), replica)) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            acked = load(s, stop, writers);
            Thread.sleep(3000);
            s.app().destroyForcibly(); // SIGKILL: no shutdown hook runs in the app
            exit = s.exited().get(60, TimeUnit.SECONDS);
            // Litestream v0.3.13 sometimes exits 1 on SIGTERM ("error closing db: checkpoint … context canceled")
            // after it shipped its last segment; the sandbox then runs it once more. What counts is the replica,
            // checked below against every acknowledged write.
            assertThat(s.litestream().isAlive()).isFalse();
            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }
        }
        assertThat(exit.failed()).isTrue();
        assertThat(exit.reason()).contains("The app exited with 137")
                .containsAnyOf("Litestream synced", "A final Litestream run replicated what the app had committed");
        assertThat(acked).hasSizeGreaterThan(20);
        // No margin: Litestream's final sync ships everything the app acknowledged.
        assertThat(SampleReplicas.restoredIds(tmp, replica, Map.of())).containsAll(acked);
    }

    @Test
    void aStrangerAnsweringHealthOnThePortIsNotTakenForThisRunsApp() throws Exception {
        HttpServer stranger = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stranger.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 3);
            ex.getResponseBody().write("ok\n".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        stranger.start();
        try {
            int port = stranger.getAddress().getPort();
            assertThatThrownBy(() -> LocalSandbox.start(config(tmp.resolve("data"), "file://" + tmp.resolve("r"), port),
                    log::add))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another process answers on port " + port);
            assertThat(log).anyMatch(l -> l.contains("not this run's app answers on port " + port));
            assertThat(Files.exists(tmp.resolve("data").resolve(SandboxPids.FILE))).isFalse();
        } finally {
            stranger.stop(0);
        }
    }

    // ---- Litescope itself killed --------------------------------------------------------------

    /** {@code litescope sample run} in a JVM of its own, once it serves; its children are its descendants. */
    private record Run(Process litescope, List<ProcessHandle> children, BufferedReader out) {
    }

    private Run sampleRun(Path data) throws Exception {
        Path jar = SampleApp.jar(Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.litescope.app.Launcher", "sample", "run",
                "--data", data.toString(), "--replica", "file://" + tmp.resolve("replica"), "--port",
                Integer.toString(port), "--app-jar", jar.toString()).redirectErrorStream(true);
        pb.environment().put("LITESTREAM_BIN", LitestreamBinary.path().toString());
        pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            System.out.println("[litescope] " + line);
            if (line.contains("the guestbook is at")) {
                break;
            }
        }
        assertThat(line).as("litescope sample run started").isNotNull();
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("[litescope] " + l)));
        drain.setDaemon(true);
        drain.start();
        List<ProcessHandle> children = p.toHandle().children().toList();
        assertThat(children).hasSize(3); // Litestream, the app, the watchdog
        return new Run(p, children, out);
    }

    private static void assertAllGone(List<ProcessHandle> processes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(processes.stream().filter(ProcessHandle::isAlive).map(h -> h.info().commandLine().orElse("?")))
                .as("children still alive").isEmpty();
    }

    private static void signal(Process p, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    @Test
    void theChildrenDieWithLitescopeOnSigtermSigintAndSigkill() throws Exception {
        for (String sig : List.of("TERM", "INT", "KILL")) {
            Run run = sampleRun(tmp.resolve("data-" + sig));
            signal(run.litescope(), sig);
            assertThat(run.litescope().waitFor(30, TimeUnit.SECONDS)).as("litescope exited on SIG" + sig).isTrue();
            assertAllGone(run.children());
        }
    }

    @Test
    void aKilledRunsOrphansAreReportedAndStoppedByTheNextStart() throws Exception {
        Path data = tmp.resolve("data");
        Run run = sampleRun(data);
        // Kill the watchdog, then Litescope: nothing is left to stop the app and Litestream.
        List<ProcessHandle> orphans = new ArrayList<>();
        for (ProcessHandle c : run.children()) {
            if (c.info().commandLine().orElse("").contains("litescope-sandbox-watchdog")) {
                c.destroyForcibly();
                c.onExit().get(10, TimeUnit.SECONDS);
            } else {
                orphans.add(c);
            }
        }
        assertThat(orphans).hasSize(2);
        run.litescope().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(1000);
        assertThat(orphans).allMatch(ProcessHandle::isAlive);

        // Litestream, writing its log into the dead run's pipe, may die of SIGPIPE before the next start looks;
        // the app (a JVM) lives on, so the next start must report it. Both must be gone after it.
        ProcessHandle app = orphans.stream().filter(o -> o.info().command().orElse("").contains("java"))
                .findFirst().orElseThrow();
        try (LocalSandbox s = start(data, "file://" + tmp.resolve("replica"))) {
            assertThat(log).anyMatch(l -> l.contains("an earlier run left its app") && l.contains("pid " + app.pid()));
            assertAllGone(orphans);
            Set<Long> served = Set.of(new GuestbookClient(s.url()).post("after", "the orphans"));
            assertThat(served).hasSize(1);
        }
    }
}
