package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the connections are remembered, per OS; XDG_CONFIG_HOME wins everywhere, as XDG_CACHE_HOME does. */
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
}
