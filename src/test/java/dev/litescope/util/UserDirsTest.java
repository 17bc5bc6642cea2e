package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirsTest {
    static final Path HOME = Path.of(System.getProperty("user.home"));

    @Test
    void dataFollowsXdgFirstThenThePlatform() {
        assertThat(UserDirs.data(Map.of("XDG_DATA_HOME", "/x/data"), "Mac OS X")).isEqualTo(Path.of("/x/data/litescope"));
        assertThat(UserDirs.data(Map.of(), "Linux")).isEqualTo(HOME.resolve(".local/share/litescope"));
        assertThat(UserDirs.data(Map.of(), "Mac OS X"))
                .isEqualTo(HOME.resolve("Library").resolve("Application Support").resolve("litescope"));
        assertThat(UserDirs.data(Map.of("LOCALAPPDATA", "/w/local"), "Windows 11")).isEqualTo(Path.of("/w/local/litescope"));
        assertThat(UserDirs.restores(Map.of("XDG_DATA_HOME", "/x/data"))).isEqualTo(Path.of("/x/data/litescope/restores"));
    }

    @Test
    void freePathsSkipTakenNamesAndStaleCompanions(@TempDir Path dir) throws Exception {
        assertThat(FreePaths.unused(dir, "a.db")).isEqualTo(dir.resolve("a.db"));
        Files.writeString(dir.resolve("a.db"), "x");
        Files.writeString(dir.resolve("a-2.db-wal"), "stale");
        assertThat(FreePaths.unused(dir, "a.db")).isEqualTo(dir.resolve("a-3.db"));
        Files.writeString(dir.resolve("noext"), "x");
        assertThat(FreePaths.unused(dir, "noext")).isEqualTo(dir.resolve("noext-2"));
    }
}
