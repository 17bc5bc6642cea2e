package dev.litescope.sample;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The Cloud Run sample as two local processes sharing a data directory, in Cloud Run's order: Litestream
 * restores the database if it has a replica and the directory is empty, then replicates; the app starts only
 * once Litestream's metrics port answers (the sidecar's startup probe on Cloud Run). Stopping sends SIGTERM to
 * the app first, so it finishes its writes, then to Litestream, which syncs them before it exits. While it runs,
 * each process is watched: see {@link #start}. The children are {@link SandboxChild}, their pid file and
 * watchdog {@link SandboxPids}.
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

    /**
     * How a run ended: stopped by its owner, or on its own because one of the two processes exited.
     *
     * @param failed    whether a process exited without being asked to
     * @param reason    what happened, for the log and the command's error
     * @param lastLines the last lines of the process that exited (Litestream's, when it did)
     */
    public record Exit(boolean failed, String reason, List<String> lastLines) {
        public Exit {
            lastLines = List.copyOf(lastLines);
        }
    }

    private final Config config;
    private final Consumer<String> log;
    private final int port;
    private final int metricsPort;
    private final String healthToken;
    private final SandboxPids pids;
    private final CompletableFuture<Exit> exited = new CompletableFuture<>();
    private final Thread shutdownHook = new Thread(this::stop, "sandbox-stop");
    private SandboxChild litestream;
    private SandboxChild app;
    private Process watchdog;
    private boolean stopping; // guarded by this

    private LocalSandbox(Config config, Consumer<String> log, int port, int metricsPort) {
        this.config = config;
        this.log = log;
        this.port = port;
        this.metricsPort = metricsPort;
        byte[] token = new byte[16];
        new SecureRandom().nextBytes(token);
        this.healthToken = HexFormat.of().formatHex(token);
        this.pids = new SandboxPids(config.dataDir());
    }

    /**
     * Starts both halves; returns once this run's app answers /healthz. {@code log} gets every line both print.
     * From then on the two are supervised: if Litestream exits, the app is killed at once (it must not
     * acknowledge a write that will not be replicated) and a final Litestream run ships what the app committed;
     * if the app exits, Litestream is stopped after a final sync. Either way {@link #exited()} completes. A
     * shutdown hook stops both on SIGTERM or SIGINT, and a watchdog outside the JVM on SIGKILL.
     */
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
        return app.process;
    }

    public Process litestream() {
        return litestream.process;
    }

    /** Completes when the run has ended, stopped or on its own; see {@link #start}. */
    public CompletableFuture<Exit> exited() {
        return exited;
    }

    private void startAll() throws IOException, InterruptedException {
        Files.createDirectories(config.dataDir());
        pids.stopOrphans(log);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Path yml = config.dataDir().resolve("litestream.yml");
        Files.writeString(yml, config());
        log.accept("[sandbox] restoring " + database() + " from " + config.replicaUrl() + " if it exists");
        SandboxChild restore = child("litestream", List.of(config.litestream().toString(), "restore", "-config",
                yml.toString(), "-if-db-not-exists", "-if-replica-exists", database().toString()), Map.of());
        pids.record("litestream", restore.process.toHandle());
        if (!restore.process.waitFor(10, TimeUnit.MINUTES) || restore.process.exitValue() != 0) {
            throw new IOException("litestream restore failed (exit " + restore.process.exitValue()
                    + "); see its log above");
        }
        litestream = replicate(yml);
        awaitPort(metricsPort, Duration.ofMinutes(2), litestream.process, "Litestream's metrics port");
        log.accept("[sandbox] litestream is replicating; starting the app on port " + port);
        app = child("app", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-jar", config.appJar().toString()),
                Map.of("PORT", Integer.toString(port), "DB_PATH", database().toString(), "HEALTH_TOKEN", healthToken));
        pids.record("app", app.process.toHandle());
        watchdog = SandboxPids.watchdog(List.of(app.pid(), litestream.pid()));
        litestream.process.onExit().thenRun(this::litestreamExited);
        app.process.onExit().thenRun(this::appExited);
        awaitHealthy(Duration.ofSeconds(60));
        log.accept("[sandbox] the guestbook is at " + url());
    }

    private SandboxChild replicate(Path yml) throws IOException {
        SandboxChild c = child("litestream", List.of(config.litestream().toString(), "replicate", "-config",
                yml.toString()), Map.of());
        pids.record("litestream", c.process.toHandle());
        return c;
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

    private SandboxChild child(String name, List<String> cmd, Map<String, String> extraEnv) throws IOException {
        Map<String, String> env = new HashMap<>(config.env());
        env.putAll(extraEnv);
        return SandboxChild.start(name, cmd, env, log);
    }

    // ---- supervision ------------------------------------------------------------------------

    /** Claims the run's end for one caller; false if it is already ending. */
    private synchronized boolean claimStop() {
        if (stopping) {
            return false;
        }
        stopping = true;
        return true;
    }

    private void litestreamExited() {
        if (!claimStop()) {
            return;
        }
        try {
            int code = litestream.process.exitValue();
            log.accept("[sandbox] litestream exited with " + code + "; stopping the app at once, so that it"
                    + " acknowledges no write that would not be replicated");
            app.kill();
            litestream.drain(1000);
            List<String> last = litestream.lastLines();
            String synced = finalSync();
            finish(new Exit(true, "Litestream exited with " + code + " while the sample ran; the app was stopped. "
                    + synced, last));
        } catch (InterruptedException | IOException | RuntimeException e) {
            finish(new Exit(true, "Litestream exited while the sample ran; stopping the app failed: " + e,
                    litestream.lastLines()));
        }
    }

    /** After Litestream died: one more run of it ships what the app committed since its last sync. */
    private String finalSync() throws IOException, InterruptedException {
        log.accept("[sandbox] running Litestream once more to replicate what the app committed before it stopped");
        SandboxChild last = replicate(config.dataDir().resolve("litestream.yml"));
        try {
            awaitPort(metricsPort, Duration.ofSeconds(30), last.process, "Litestream's metrics port");
            Thread.sleep(2 * config.syncInterval().toMillis());
            last.terminate(10, log);
            last.drain(1000);
            return last.process.exitValue() == 0 ? "A final Litestream run replicated what the app had committed."
                    : "The final Litestream run exited with " + last.process.exitValue() + ": the replica may lack"
                            + " the last writes; run the sample again to replicate them.";
        } catch (IOException e) {
            last.kill();
            return "A final Litestream run could not replicate (" + e.getMessage() + "): the replica may lack the"
                    + " last writes; run the sample again once Litestream works.";
        }
    }

    private void appExited() {
        if (!claimStop()) {
            return;
        }
        try {
            int code = app.process.exitValue();
            log.accept("[sandbox] the app exited with " + code + "; stopping Litestream after a final sync");
            litestream.terminate(10, log);
            app.drain(1000);
            litestream.drain(1000);
            // Litestream v0.3.13 can fail its closing checkpoint on SIGTERM and exit 1; one more run then makes
            // sure that what the app committed is replicated.
            String synced = litestream.process.exitValue() == 0 ? "Litestream synced and stopped."
                    : "Litestream exited with " + litestream.process.exitValue() + " as it stopped. " + finalSync();
            finish(new Exit(true, "The app exited with " + code + " while the sample ran; " + synced,
                    app.lastLines()));
        } catch (InterruptedException | IOException | RuntimeException e) {
            finish(new Exit(true, "The app exited; stopping Litestream failed: " + e, app.lastLines()));
        }
    }

    private void finish(Exit exit) {
        if (watchdog != null) {
            watchdog.destroyForcibly();
        }
        pids.delete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // already shutting down, or never added
        }
        log.accept("[sandbox] stopped" + (exit.failed() ? ": " + exit.reason() : ""));
        exited.complete(exit);
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

    /** Waits for /healthz to answer with this run's token: a stranger on the port does not count. */
    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean stranger = false;
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IOException("the app exited with " + app.process.exitValue() + " before it was healthy"
                        + (stranger ? "; another process answers on port " + port + ": choose another port" : ""));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) url().resolve("healthz").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    if (healthToken.equals(c.getHeaderField("X-Health-Token"))) {
                        return;
                    }
                    if (!stranger) {
                        log.accept("[sandbox] something that is not this run's app answers on port " + port);
                        stranger = true;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("the app did not become healthy within " + timeout.toSeconds() + " s"
                + (stranger ? "; another process answers on port " + port + ": choose another port" : ""));
    }

    /** SIGTERM to the app, then to Litestream, each given Cloud Run's 10 s grace before it is killed. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The same as {@link #close()}, for callers that stop it from another thread (Ctrl+C's hook). Returns once
     * the run has ended, also when it was already ending on its own.
     */
    public void stop() {
        try {
            if (claimStop()) {
                stopAll();
            } else {
                exited.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.accept("[sandbox] the run did not end within 60 s: " + e);
        }
    }

    private void stopAll() throws InterruptedException {
        for (SandboxChild c : new SandboxChild[] {app, litestream}) {
            if (c != null) {
                c.terminate(10, log);
            }
        }
        // Let the last lines (the app's and Litestream's shutdown messages) reach the log.
        for (SandboxChild c : new SandboxChild[] {app, litestream}) {
            if (c != null) {
                c.drain(1000);
            }
        }
        finish(new Exit(false, "stopped", List.of()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
