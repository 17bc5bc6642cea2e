package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where connections are remembered and databases restored, per OS; an XDG variable wins everywhere. */
class UserDirsTest {
    static final Path HOME = Path.of("/home/ada");

    @Test
    void configFollowsEachOsConvention() {
        assertThat(UserDirs.config(Map.of("XDG_CONFIG_HOME", "/xdg"), "Windows 11", HOME))
                .isEqualTo(Path.of("/xdg", "litescope"));
        assertThat(UserDirs.config(Map.of(), "Linux", HOME)).isEqualTo(HOME.resolve(".config/litescope"));
        assertThat(UserDirs.config(Map.of(), "Mac OS X", HOME))
                .isEqualTo(HOME.resolve("Library/Application Support/Litescope"));
        assertThat(UserDirs.config(Map.of("APPDATA", "/appdata"), "Windows 11", HOME))
                .isEqualTo(Path.of("/appdata", "Litescope"));
        assertThat(UserDirs.config(Map.of(), "Windows 11", HOME)).isEqualTo(HOME.resolve(".config/litescope"));
    }

    @Test
    void dataFollowsXdgFirstThenThePlatform() {
        assertThat(UserDirs.data(Map.of("XDG_DATA_HOME", "/x/data"), "Mac OS X", HOME))
                .isEqualTo(Path.of("/x/data/litescope"));
        assertThat(UserDirs.data(Map.of(), "Linux", HOME)).isEqualTo(HOME.resolve(".local/share/litescope"));
        assertThat(UserDirs.data(Map.of(), "Mac OS X", HOME))
                .isEqualTo(HOME.resolve("Library/Application Support/Litescope"));
        assertThat(UserDirs.data(Map.of("LOCALAPPDATA", "/w/local"), "Windows 11", HOME))
                .isEqualTo(Path.of("/w/local/Litescope"));
        assertThat(UserDirs.restores(Map.of("XDG_DATA_HOME",
                "/x/data"))).isEqualTo(Path.of("/x/data/litescope/restores"));
    }

    @Test
    void stateFollowsXdgFirstThenThePlatform() {
        assertThat(UserDirs.state(Map.of("XDG_STATE_HOME", "/x/state"), "Linux", HOME))
                .isEqualTo(Path.of("/x/state/litescope"));
        assertThat(UserDirs.state(Map.of(), "Linux", HOME)).isEqualTo(HOME.resolve(".local/state/litescope"));
        assertThat(UserDirs.state(Map.of("LOCALAPPDATA", "/w/local"), "Windows 11", HOME))
                .isEqualTo(Path.of("/w/local/Litescope"));
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
