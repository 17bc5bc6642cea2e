package dev.litescope.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Litestream v0.3.13 binary, the oracle every restore is compared against.
 *
 * <p>There is deliberately no "skip if absent": a test suite that silently stops comparing
 * against the reference implementation would look green while proving nothing.
 */
public final class LitestreamBinary {
    /** Long enough for restores of the multi-megabyte fixtures on a loaded two-core machine. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private LitestreamBinary() {
    }

    public static Path path() {
        String configured = System.getProperty("litestream.bin");
        Path bin = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("litescope.buildDir", "target"), "litestream", "litestream");
        bin = bin.toAbsolutePath();
        if (!Files.isRegularFile(bin) || !Files.isExecutable(bin)) {
            throw new IllegalStateException("Litestream binary not found or not executable at " + bin
                    + " (system property litestream.bin). Run mvn test, which provisions it via"
                    + " build/fetch-litestream.sh in the process-test-resources phase.");
        }
        return bin;
    }

    /** Runs {@code litestream ARGS...}; kills it and fails if it outlives {@code timeout}. */
    public static ProcResult run(Duration timeout, String... args) {
        return run(Map.of(), timeout, args);
    }

    /**
     * {@link #run(Duration, String...)} with extra environment, e.g. {@code STORAGE_EMULATOR_HOST}
     * for a replica on a loopback GCS server ({@link ReplicaFixture#litestreamEnv()}).
     */
    public static ProcResult run(Map<String, String> env, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(path().toString());
        cmd.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            // Files rather than pipes: no reader threads, and no deadlock if Litestream is chatty.
            out = Files.createTempFile("litestream-", ".out");
            err = Files.createTempFile("litestream-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = ChildProcesses.track(pb.start());
            boolean exited;
            try {
                exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + cmd, e);
            }
            if (!exited) {
                p.destroyForcibly();
                waitQuietly(p);
                throw new IllegalStateException("timed out after " + timeout + ": " + cmd
                        + "\n--- stderr ---\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ProcResult(p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** {@code litestream restore -o OUT [extraArgs...] URL}; the exit code is left for the caller to judge. */
    public static ProcResult restore(Path out, String replicaUrl, String... extraArgs) {
        return restore(Map.of(), out, replicaUrl, extraArgs);
    }

    /** {@link #restore(Path, String, String...)} with extra environment. */
    public static ProcResult restore(Map<String, String> env, Path out, String replicaUrl, String... extraArgs) {
        List<String> args = new ArrayList<>();
        args.add("restore");
        args.add("-o");
        args.add(out.toAbsolutePath().toString());
        args.addAll(List.of(extraArgs));
        args.add(replicaUrl);
        return run(env, DEFAULT_TIMEOUT, args.toArray(String[]::new));
    }

    static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A stray temp file is not worth failing a test over.
            }
        }
    }
}
