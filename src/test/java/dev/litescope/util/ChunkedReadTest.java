package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkedReadTest {
    @TempDir
    Path tmp;

    @Test
    void readsFilesOfEverySizeAroundTheChunkWhole() throws Exception {
        Random random = new Random(11);
        for (int size : new int[] {0, 1, (256 << 10) - 1, 256 << 10, (256 << 10) + 1, 3 * (256 << 10) + 17}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path f = Files.write(tmp.resolve("f" + size), data);
            assertThat(ChunkedRead.readAll(f)).as("%d bytes", size).isEqualTo(data);
        }
    }

    @Test
    void aMissingFileIsAnError() {
        assertThatThrownBy(() -> ChunkedRead.readAll(tmp.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class);
    }
}
