package dev.litescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/litescope} itself, run by {@code sh} on a small jar of its own (through {@code LITESCOPE_JAR}), so
 * that it does not need the packaged application. The cache folder is made unwritable by placing it under a
 * regular file: {@code mkdir} fails there for every user, root included, as it does in a read-only home.
 */
class LauncherScriptTest {

    /** The probe jar's main: prints its arguments and exits with the status its first argument names. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("probe ran: " + String.join(" ", args));
            System.exit(Integer.parseInt(args[0]));
        }
    }

    @TempDir
    Path dir;
    Path jar;

    @BeforeEach
    void buildProbeJar() throws IOException {
        jar = dir.resolve("probe.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream in = Probe.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
    }

    @Test
    void aCommandSucceedsWhenTheCacheFolderCannotBeWritten() throws Exception {
        Path readOnly = Files.writeString(dir.resolve("not-a-folder"), "");
        Result r = run(Map.of("HOME", readOnly.toString(), "XDG_CACHE_HOME", readOnly.resolve("cache").toString()),
                "0", "restore");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("probe ran: 0 restore");
    }

    @Test
    void withoutXdgCacheHomeAnUnwritableHomeAlsoRunsWithoutTheArchive() throws Exception {
        Path readOnly = Files.writeString(dir.resolve("home-file"), "");
        Result r = run(Map.of("HOME", readOnly.toString()), "0", "generations");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("probe ran: 0 generations");
    }

    @Test
    void theCommandsOwnStatusStillComesThrough() throws Exception {
        Path readOnly = Files.writeString(dir.resolve("not-a-folder"), "");
        assertThat(run(Map.of("HOME", readOnly.toString(), "XDG_CACHE_HOME", readOnly.toString()), "3", "wal").code())
                .isEqualTo(3);

        // With a writable cache the archive is recorded on the first run and used on the second.
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_CACHE_HOME", cache.toString());
        assertThat(run(env, "0", "snapshots").code()).isZero();
        try (var archives = Files.list(cache.resolve("litescope"))) {
            assertThat(archives.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("classes-cli-.*\\.jsa"));
        }
        assertThat(run(env, "4", "snapshots").code()).isEqualTo(4);
    }

    private record Result(int code, String output) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "sh";
        command[1] = Path.of("bin", "litescope").toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("LITESCOPE_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.environment().put("LITESCOPE_JAR", jar.toString());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }
}
