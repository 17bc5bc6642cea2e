package dev.litescope.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Restores one target with the real {@code litestream restore} and with Litescope, from the same replica with
 * the same flags, and says whether they agree: identical bytes, or both refuse.
 */
public final class RestoreComparison {
    private final Path workDir;
    private final AtomicInteger counter = new AtomicInteger();

    public RestoreComparison(Path workDir) {
        this.workDir = workDir;
    }

    public record Outcome(List<String> flags, ProcResult litestream, String litestreamSha, ProcResult litescope,
                          String litescopeSha) {
        public boolean agree() {
            return litestream.ok() == litescope.ok()
                    && (!litestream.ok() || litestreamSha.equals(litescopeSha));
        }

        @Override
        public String toString() {
            return "flags " + flags + ": litestream exit " + litestream.exitCode() + " " + litestreamSha
                    + " " + litestream.stderr().strip().lines().reduce((a, b) -> b).orElse("")
                    + " | litescope exit " + litescope.exitCode() + " " + litescopeSha + " "
                    + litescope.stderr().strip();
        }
    }

    public Outcome compare(String replicaUrl, String... flags) {
        return compare(Map.of(), replicaUrl, flags);
    }

    /** @param env what both tools need to reach the replica, e.g. STORAGE_EMULATOR_HOST */
    public Outcome compare(Map<String, String> env, String replicaUrl, String... flags) {
        Path dir = workDir.resolve("t" + counter.incrementAndGet());
        try {
            Files.createDirectories(dir);
            Path a = dir.resolve("litestream.db");
            Path b = dir.resolve("litescope.db");
            ProcResult ls = LitestreamBinary.restore(env, a, replicaUrl, flags);
            List<String> args = new ArrayList<>(List.of("restore", "-o", b.toString()));
            args.addAll(List.of(flags));
            args.add(replicaUrl);
            ProcResult lsc = Litescope.run(env, args.toArray(String[]::new));
            Outcome o = new Outcome(List.of(flags), ls, ls.ok() ? sha256(a) : "-", lsc, lsc.ok() ? sha256(b) : "-");
            if (!lsc.ok() && Files.exists(b)) {
                throw new AssertionError("Litescope failed but left " + b + ": " + o);
            }
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Files Litescope left in a directory other than the ones expected: temporary files, -wal, -shm. */
    public static List<Path> leftovers(Path dir, String... expected) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> keep = List.of(expected);
            return s.filter(p -> !keep.contains(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
