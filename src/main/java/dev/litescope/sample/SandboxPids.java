package dev.litescope.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a sandbox's children from outliving it. The pid file in the data folder names this run's processes
 * (with their start times, so a reused pid is never mistaken for one of them): a later start reports and stops
 * what a killed run left behind, app first. A watchdog shell outside the JVM stops the children, app first, as
 * soon as the JVM is gone, which covers the SIGKILL that no shutdown hook sees.
 */
final class SandboxPids {
    static final String FILE = "sandbox.pids";
    private static final Duration START_TIME_SLACK = Duration.ofSeconds(1);
    /** Waits for its owner to go, then stops each pid in turn: SIGTERM, 10 s of grace, SIGKILL. */
    private static final String WATCHDOG = """
            owner=$1; shift
            while kill -0 "$owner" 2>/dev/null; do sleep 0.5; done
            for p in "$@"; do
              kill -TERM "$p" 2>/dev/null
              i=0
              while kill -0 "$p" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i+1)); done
              kill -KILL "$p" 2>/dev/null
            done
            """;

    private final Path file;
    private final Map<String, ProcessHandle> recorded = new LinkedHashMap<>();

    SandboxPids(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /**
     * Stops the processes an earlier run left behind, app before Litestream, reporting each. Refuses when the run
     * that wrote the file is still alive: two sandboxes on one folder would be two writers.
     */
    void stopOrphans(Consumer<String> log) throws IOException, InterruptedException {
        if (!Files.exists(file)) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                rows.add(f);
            }
        }
        for (String[] row : rows) {
            Optional<ProcessHandle> p = live(row);
            if (row[0].equals("owner") && p.isPresent() && p.get().pid() != ProcessHandle.current().pid()) {
                throw new IOException("another Litescope (pid " + row[1] + ") runs the sample on "
                        + file.getParent() + "; stop it first, or choose another data folder");
            }
        }
        for (String role : List.of("app", "litestream")) {
            for (String[] row : rows) {
                Optional<ProcessHandle> p = live(row);
                if (row[0].equals(role) && p.isPresent()) {
                    log.accept("[sandbox] an earlier run left its " + role + " running (pid " + row[1] + ", "
                            + p.get().info().commandLine().orElse("?") + "); stopping it");
                    p.get().destroy();
                    if (p.get().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join() == null) {
                        p.get().destroyForcibly();
                    }
                }
            }
        }
        Files.deleteIfExists(file);
    }

    private static Optional<ProcessHandle> live(String[] row) {
        try {
            long pid = Long.parseLong(row[1]);
            Instant started = Instant.ofEpochMilli(Long.parseLong(row[2]));
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(s -> Duration.between(s, started).abs().compareTo(START_TIME_SLACK) <= 0).orElse(false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Records this JVM and a child in the pid file (written whole, then moved into place). */
    synchronized void record(String role, ProcessHandle p) throws IOException {
        if (recorded.isEmpty()) {
            recorded.put("owner", ProcessHandle.current());
        }
        recorded.put(role, p);
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, ProcessHandle> e : recorded.entrySet()) {
            long started = e.getValue().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            text.append(e.getKey()).append(' ').append(e.getValue().pid()).append(' ').append(started).append('\n');
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Starts the watchdog over {@code pids}, stopped in that order once this JVM is gone. */
    static Process watchdog(List<Long> pids) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "litescope-sandbox-watchdog",
                Long.toString(ProcessHandle.current().pid())));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    synchronized void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is harmless: its pids are checked against their start times
        }
    }
}
