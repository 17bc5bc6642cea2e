package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBehindTest {
    @TempDir
    Path tmp;

    @Test
    void writesLandWhereTheyWereAskedInTheOrderGiven() throws Exception {
        Path f = tmp.resolve("out");
        Random random = new Random(7);
        int size = 3 * WriteBehind.BUFFER_BYTES + 12345;
        byte[] expected = new byte[size];
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WriteBehind w = new WriteBehind(ch);
            byte[] src = new byte[size];
            random.nextBytes(src);
            // One write larger than all the buffers together, which the caller then overwrites in its array.
            w.write(src, 0, size, 0);
            System.arraycopy(src, 0, expected, 0, size);
            random.nextBytes(src);
            // Then out of order, each rewriting a piece of the first: the later write must win.
            for (int i = 0; i < 200; i++) {
                int len = 1 + random.nextInt(4096);
                int at = random.nextInt(size - len);
                random.nextBytes(src);
                w.write(src, 7, len, at);
                System.arraycopy(src, 7, expected, at, len);
            }
            w.drain();
        }
        assertThat(Files.readAllBytes(f)).isEqualTo(expected);
    }

    @Test
    void aFailedWriteIsReportedByTheNextCall() throws Exception {
        FileChannel ch = FileChannel.open(tmp.resolve("out"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        WriteBehind w = new WriteBehind(ch);
        ch.close();
        w.write(new byte[100], 0, 100, 0);
        assertThatThrownBy(w::drain).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> w.write(new byte[10], 0, 10, 0)).isInstanceOf(ClosedChannelException.class);
    }
}
