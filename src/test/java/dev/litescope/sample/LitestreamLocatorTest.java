package dev.litescope.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.testsupport.LitestreamBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LitestreamLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void aLitestreamOfAnotherSeriesOnThePathIsPassedOverForTheCachedOne() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = Files.writeString(bin.resolve("litestream"), "#!/bin/sh\necho v0.5.2\n");
        fake.toFile().setExecutable(true);
        Path cached = Files.createDirectories(tmp.resolve("cache/litescope/litestream-v0.3.13")).resolve("litestream");
        Files.copy(LitestreamBinary.path(), cached);
        Map<String, String> env = Map.of("PATH", bin.toString(), "XDG_CACHE_HOME", tmp.resolve("cache").toString());
        assertThat(LitestreamLocator.locate(env)).isEqualTo(cached);
    }

    @Test
    void aLitestreamZeroThreeOnThePathIsUsed() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("litestream"), LitestreamBinary.path());
        Map<String, String> env = Map.of("PATH", bin.toString(), "XDG_CACHE_HOME", tmp.resolve("cache").toString());
        assertThat(LitestreamLocator.locate(env)).isEqualTo(bin.resolve("litestream"));
    }

    @Test
    void aWrongLitestreamBinIsExplained() {
        assertThatThrownBy(() -> LitestreamLocator.locate(Map.of("LITESTREAM_BIN", tmp.resolve("nope").toString())))
                .hasMessageContaining("LITESTREAM_BIN=").hasMessageContaining("is not an executable file");
    }
}
