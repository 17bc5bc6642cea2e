package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output file on real files: what it refuses, what it leaves, and how it names a file system's refusal. */
class OutputFileTest {
    @TempDir
    Path tmp;

    @Test
    void aStaleHotJournalIsRefusedLikeAStaleWal() throws Exception {
        Path out = tmp.resolve("restored.db");
        Files.writeString(Path.of(out + "-journal"), "hot journal of an older database");
        assertThatThrownBy(() -> OutputFile.create(out, false)).isInstanceOf(RestoreException.class)
                .hasMessageContaining("restored.db-journal exists").hasMessageContaining("SQLite would roll it back")
                .hasMessageContaining("-force");
        assertThat(entries(tmp)).containsExactly("restored.db-journal");
    }

    @Test
    void forceRemovesEveryCompanionOfTheReplacedDatabase() throws Exception {
        Path out = tmp.resolve("restored.db");
        Files.writeString(out, "old");
        for (String suffix : new String[] {"-wal", "-journal", "-shm"}) {
            Files.writeString(Path.of(out + suffix), "old " + suffix);
        }
        try (OutputFile f = OutputFile.create(out, true)) {
            f.file().write("new".getBytes());
            f.commit();
        }
        assertThat(Files.readString(out)).isEqualTo("new");
        assertThat(entries(tmp)).containsExactly("restored.db");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }

    @Test
    void anUncommittedOutputLeavesNothing() throws Exception {
        Path out = tmp.resolve("restored.db");
        try (OutputFile f = OutputFile.create(out, false)) {
            f.file().write("half".getBytes());
            assertThat(f.temp().getFileName().toString())
                    .startsWith(".restored.db." + ProcessHandle.current().pid() + ".").endsWith(".litescope-tmp");
        }
        assertThat(entries(tmp)).isEmpty();
    }

    @Test
    void temporariesOfRestoresThatCannotBeRunningAreRemovedAndOthersKept() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long dead = exited.pid();
        long self = ProcessHandle.current().pid();
        Path killed = Files.writeString(tmp.resolve(".other.db." + dead + ".42.litescope-tmp"), "killed -9");
        Path reused = Files.writeString(tmp.resolve(".other.db." + self + ".43.litescope-tmp"), "pid reused");
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Files.setLastModifiedTime(reused, FileTime.from(started.minus(Duration.ofHours(1))));
        Path running = Files.writeString(tmp.resolve(".other.db." + self + ".44.litescope-tmp"), "still running");
        Path foreign = Files.writeString(tmp.resolve("notes." + dead + ".x.litescope-tmp"), "not our naming");

        try (OutputFile f = OutputFile.create(tmp.resolve("restored.db"), false)) {
            f.commit();
        }
        assertThat(killed).doesNotExist();
        assertThat(reused).doesNotExist();
        assertThat(running).exists();
        assertThat(foreign).exists();
    }

    @Test
    void permissionDeniedNamesTheFolderAndWhatToDo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("locked"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(canCreateIn(dir), "this user writes through file modes (root)");
            assertThatThrownBy(() -> OutputFile.create(dir.resolve("restored.db"), false))
                    .isInstanceOf(RestoreException.class)
                    .hasMessageContaining(dir.toString()).hasMessageContaining("permission denied")
                    .hasMessageContaining("choose a folder you can write to");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFullDiskNamesTheFileAndWhatToDo() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
        IOException enospc = null;
        try (FileChannel ch = FileChannel.open(full, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[4096]));
            ch.force(true);
        } catch (IOException e) {
            enospc = e;
        }
        assertThat(enospc).as("a write to /dev/full fails").isNotNull();
        try (OutputFile f = OutputFile.create(tmp.resolve("restored.db"), false)) {
            RestoreException e = f.writeFailure(enospc);
            assertThat(e).hasMessageContaining(f.temp().toString()).hasMessageContaining("restored.db")
                    .hasMessageContaining("the disk is full").hasMessageContaining("free space");
        }
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
