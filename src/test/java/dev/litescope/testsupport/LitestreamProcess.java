package dev.litescope.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A running {@code litestream replicate -config FILE}.
 *
 * <p>Only one may run per database at a time, and {@link #stop()} waits for the exit: a second
 * instance that starts while the first still holds its locks sees an unexpected WAL and opens a
 * spurious new generation.
 */
public final class LitestreamProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path log;
    private final long logStart;

    private LitestreamProcess(Process process, Path log, long logStart) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /** Starts replication; stdout and stderr are appended to {@code log}, so restarts share one file. */
    public static LitestreamProcess start(Path config, Path log) {
        return start(config, log, Map.of());
    }

    /**
     * Starts replication of {@code db} into the folder {@code replica} with the given sync interval ("200ms"); the
     * configuration and the log go beside the replica folder.
     */
    public static LitestreamProcess replicateToFolder(Path db, Path replica, String syncInterval) {
        Path config = replica.resolveSibling(replica.getFileName() + ".yml");
        try {
            Files.writeString(config, "dbs:\n  - path: \"" + db.toAbsolutePath() + "\"\n    replicas:\n"
                    + "      - type: file\n        path: \"" + replica.toAbsolutePath() + "\"\n"
                    + "        sync-interval: " + syncInterval + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        return start(config, replica.resolveSibling(replica.getFileName() + ".log"));
    }

    /** {@link #start(Path, Path)} with extra environment, e.g. {@code STORAGE_EMULATOR_HOST}. */
    public static LitestreamProcess start(Path config, Path log, Map<String, String> env) {
        try {
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder pb = new ProcessBuilder(LitestreamBinary.path().toString(),
                    "replicate", "-no-expand-env", "-config", config.toAbsolutePath().toString())
                    .redirectInput(ProcessBuilder.Redirect.from(LitestreamBinary.nullDevice()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            Process p = ChildProcesses.track(pb.start());
            return new LitestreamProcess(p, log, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start litestream replicate", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** What this instance has logged so far (the log file may hold earlier instances too). */
    public String logSinceStart() {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (len <= logStart) {
                return "";
            }
            byte[] buf = new byte[(int) (len - logStart)];
            f.seek(logStart);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until this instance logs a line matching {@code pattern}; fails early (with the log)
     * if Litestream exits, which is how a rejected config shows up.
     */
    public String awaitLog(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = logSinceStart();
            for (String line : text.split("\n", -1)) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("litestream exited with " + process.exitValue()
                        + " before logging /" + pattern + "/:\n" + text);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("litestream did not log /" + pattern + "/ within "
                        + timeout + ":\n" + text);
            }
            sleep(20);
        }
    }

    /** SIGTERM, then wait for the exit; Litestream shuts down cleanly on SIGTERM. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("litestream ignored SIGTERM for " + STOP_TIMEOUT
                        + "; killed it. Log:\n" + logSinceStart());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping litestream", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
