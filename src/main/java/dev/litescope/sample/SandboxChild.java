package dev.litescope.sample;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One process of the local sandbox: started with its output merged and pumped, line by line and prefixed with
 * its name, to the sandbox's log, keeping its last lines to explain an exit.
 */
final class SandboxChild {
    private static final int KEPT_LINES = 20;

    final String name;
    final Process process;
    private final Thread pump;
    private final Deque<String> last = new ArrayDeque<>(); // guarded by itself

    private SandboxChild(String name, Process process, Consumer<String> log) {
        this.name = name;
        this.process = process;
        pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (last) {
                        last.addLast(line);
                        if (last.size() > KEPT_LINES) {
                            last.removeFirst();
                        }
                    }
                    log.accept("[" + name + "] " + line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "sandbox-" + name + "-log");
        pump.setDaemon(true);
        pump.start();
    }

    static SandboxChild start(String name, List<String> cmd, Map<String, String> env, Consumer<String> log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        return new SandboxChild(name, pb.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits (at most {@code millis}) for the pump to pass on the last lines of an exited process. */
    void drain(long millis) throws InterruptedException {
        pump.join(millis);
    }

    /** Its last lines, oldest first. */
    List<String> lastLines() {
        synchronized (last) {
            return List.copyOf(last);
        }
    }

    /**
     * SIGTERM, then {@code graceSeconds} to exit before SIGKILL. Through the handle: {@link Process#destroy()}
     * also closes our end of its output, losing its last lines.
     */
    void terminate(int graceSeconds, Consumer<String> log) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
            log.accept("[sandbox] " + name + " ignored SIGTERM for " + graceSeconds + " s; killing it");
            kill();
        }
    }

    /** SIGKILL, at once. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
