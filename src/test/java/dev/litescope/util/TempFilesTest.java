package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** Downloads land in a folder of this process's own, not loose in a shared temporary folder. */
class TempFilesTest {
    @Test
    void aDownloadIsPrivateAndInAPrivateFolder() throws Exception {
        Path f = TempFiles.createPrivate("download-", ".tmp");
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            Path dir = f.getParent();
            assertThat(dir).isNotEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(Files.getOwner(dir).getName()).isEqualTo(System.getProperty("user.name"));
            Files.writeString(f, "object bytes");
            try (InputStream in = TempFiles.openDeletingOnClose(f)) {
                assertThat(new String(in.readAllBytes())).isEqualTo("object bytes");
            }
            assertThat(f).doesNotExist();
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
