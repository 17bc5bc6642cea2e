package dev.litescope.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The probe jar's main: prints its arguments and exits with the status its first argument names; with
     * {@code hang} as its second, it waits to be ended instead.
     */
    public static final class Probe {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("probe ran: " + String.join(" ", args));
            System.out.flush();
            if (args.length > 1 && args[1].equals("hang")) {
                Thread.sleep(120_000);
            }
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

    @Test
    void aFirstRunEndedBySigtermLeavesItsWholeArchiveAndNoPartialOne() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_CACHE_HOME", cache.toString());
        // SIGTERM to the launcher alone (what `kill PID` does), then to its whole process group (a logout).
        for (boolean group : new boolean[] {false, true}) {
            deleteArchives(cache.resolve("litescope"));
            ProcessBuilder pb = launcher(env, group, "0", "hang");
            Process p = pb.start();
            var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("probe ran: 0 hang");
            if (group) {
                assertThat(new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start().waitFor()).isZero();
            } else {
                p.destroy();
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as("group %s", group).isEqualTo(143);
            assertThat(archives(cache.resolve("litescope"))).as("group %s", group)
                    .noneMatch(n -> n.endsWith(".tmp")).anyMatch(n -> n.matches("classes-cli-[0-9-]+\\.jsa"));
        }
    }

    @Test
    void aPrivateArchiveLeftByAKilledLauncherIsRemovedByTheNextRun() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache").resolve("litescope"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.writeString(cache.resolve("classes-gui-1-2.jsa." + gone.pid() + ".tmp"), "partial");
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_CACHE_HOME", dir.resolve("cache").toString());

        assertThat(run(env, "0", "snapshots").code()).isZero();

        assertThat(stale).doesNotExist();
        assertThat(archives(cache)).noneMatch(n -> n.endsWith(".tmp")).anyMatch(n -> n.startsWith("classes-cli-"));
    }

    private static List<String> archives(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static void deleteArchives(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            for (String name : archives(folder)) {
                Files.delete(folder.resolve(name));
            }
        }
    }

    private record Result(int code, String output) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        Process p = launcher(env, false, args).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    /** The launcher on the probe jar; {@code ownGroup} starts it as the leader of a process group (setsid). */
    private ProcessBuilder launcher(Map<String, String> env, boolean ownGroup, String... args) {
        List<String> command = new ArrayList<>();
        if (ownGroup) {
            command.add("setsid");
        }
        command.add("sh");
        command.add(Path.of("bin", "litescope").toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("LITESCOPE_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.environment().put("LITESCOPE_JAR", jar.toString());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return pb;
    }
}
