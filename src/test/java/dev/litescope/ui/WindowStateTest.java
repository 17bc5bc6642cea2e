package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.ui.fx.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the app remembers between runs, written and read back as a second run would, without a screen. */
class WindowStateTest {
    @TempDir
    Path tmp;

    @Test
    void aFirstRunHasTheDefaults() {
        WindowState s = WindowState.inConfigDir(Map.of("XDG_CONFIG_HOME", tmp.toString()));
        assertThat(s.file()).isEqualTo(tmp.resolve("litescope").resolve(WindowState.FILE));
        assertThat(s.bounds()).isEmpty();
        assertThat(s.dividers()).isEmpty();
        assertThat(s.theme()).isEqualTo(Theme.LIGHT);
        assertThat(s.utc()).isFalse();
        assertThat(s.lastReplica()).isEmpty();
    }

    @Test
    void whatOneRunRemembersTheNextReads() throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.toString());
        WindowState first = WindowState.inConfigDir(env);
        first.setBounds(new WindowState.Bounds(40, 30, 1000, 700));
        first.setDividers(0.2, 0.75);
        first.setTheme(Theme.DARK);
        first.setUtc(true);
        first.setLastReplica("gs://bucket/app.db");
        first.save();

        WindowState next = WindowState.inConfigDir(env);
        assertThat(next.bounds()).contains(new WindowState.Bounds(40, 30, 1000, 700));
        assertThat(next.dividers()).hasValueSatisfying(d -> assertThat(d).containsExactly(0.2, 0.75));
        assertThat(next.theme()).isEqualTo(Theme.DARK);
        assertThat(next.utc()).isTrue();
        assertThat(next.lastReplica()).contains("gs://bucket/app.db");
        try (var files = Files.list(tmp.resolve("litescope"))) {
            assertThat(files).as("no temporary file left beside it").containsExactly(next.file());
        }
    }

    @Test
    void valuesThatMakeNoSenseAreIgnored() throws Exception {
        Path file = tmp.resolve(WindowState.FILE);
        Files.writeString(file, "window.x=10\nwindow.y=abc\nwindow.width=900\nwindow.height=600\n"
                + "split.left=0.8\nsplit.right=0.3\ntheme=purple\nreplica=  \n");
        WindowState s = WindowState.load(file);
        assertThat(s.bounds()).isEmpty();
        assertThat(s.dividers()).isEmpty();
        assertThat(s.theme()).isEqualTo(Theme.LIGHT);
        assertThat(s.lastReplica()).isEmpty();
    }
}
