package dev.litescope.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
            System.out.println("sqlite-lib-path=" + System.getProperty("org.sqlite.lib.path") + " library-path="
                    + System.getProperty("java.library.path"));
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
        writeProbeJar(Map.of());
    }

    /** The probe jar, with {@code extra} entries (name to text) beside the probe. */
    private void writeProbeJar(Map<String, String> extra) throws IOException {
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
            for (Map.Entry<String, String> e : extra.entrySet()) {
                jarOut.putNextEntry(new JarEntry(e.getKey()));
                jarOut.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jarOut.closeEntry();
            }
        }
    }

    @Test
    void sqliteAndLz4TakeTheirLibrariesFromTheCacheUnpackedOncePerBuildOfTheJar() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")) && onPath("unzip"), "Linux with unzip");
        String arch = new String(new ProcessBuilder("uname", "-m").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();
        String lz4 = arch.equals("x86_64") ? "amd64" : arch;
        writeProbeJar(Map.of("org/sqlite/native/Linux/" + arch + "/libsqlitejdbc.so", "sqlite here",
                "org/sqlite/native/Windows/" + arch + "/sqlitejdbc.dll", "sqlite elsewhere",
                "net/jpountz/util/linux/" + lz4 + "/liblz4-java.so", "lz4 here"));
        Path cache = Files.createDirectories(dir.resolve("cache").resolve("litescope"));
        Path older = Files.createDirectories(cache.resolve("native-1-2"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path abandoned = Files.createDirectories(cache.resolve("native-3-4." + gone.pid() + ".tmp"));
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_CACHE_HOME", dir.resolve("cache").toString());

        Result first = run(env, "0", "snapshots");

        List<String> copies = archives(cache).stream().filter(n -> n.startsWith("native-")).toList();
        assertThat(copies).hasSize(1).allMatch(n -> n.matches("native-[0-9]+-[0-9]+"));
        Path copy = cache.resolve(copies.get(0));
        assertThat(archives(copy)).containsExactlyInAnyOrder("libsqlitejdbc.so", "liblz4-java.so");
        assertThat(copy.resolve("libsqlitejdbc.so")).hasContent("sqlite here");
        assertThat(copy.resolve("liblz4-java.so")).hasContent("lz4 here");
        assertThat(first.output()).contains("sqlite-lib-path=" + copy + " library-path=" + copy);
        assertThat(older).as("an older build's copy").doesNotExist();
        assertThat(abandoned).as("a copy a killed launcher was unpacking").doesNotExist();

        // The next run takes the same copy as it is.
        var unpacked = Files.getLastModifiedTime(copy.resolve("libsqlitejdbc.so"));
        Files.writeString(copy.resolve("marker"), "");
        Result second = run(env, "0", "snapshots");
        assertThat(second.output()).contains("sqlite-lib-path=" + copy + " library-path=" + copy);
        assertThat(Files.getLastModifiedTime(copy.resolve("libsqlitejdbc.so"))).isEqualTo(unpacked);
        assertThat(copy.resolve("marker")).exists();
    }

    @Test
    void aJarWithoutTheseLibrariesRunsAsTheDriversLoadThem() throws Exception {
        Map<String, String> env = Map.of("HOME", dir.toString(), "XDG_CACHE_HOME", dir.resolve("cache").toString());
        Result r = run(env, "0", "snapshots");
        assertThat(r.output()).contains("sqlite-lib-path=null");
        assertThat(archives(dir.resolve("cache").resolve("litescope"))).noneMatch(n -> n.startsWith("native-"));
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
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
