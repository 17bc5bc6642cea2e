package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Frames the {@code lz4} command writes, with every option that changes the frame's layout (block size 64 KiB to
 * 4 MiB, independent or linked blocks, block checksums, content checksum), decoded by {@link Lz4Frame} (held
 * whole and streamed) and by {@link ParallelLz4Decoder} (on two threads, and with a budget of two blocks), each
 * to the bytes {@code lz4 -d} gives back; and planted damage refused by both.
 */
class Lz4CommandFramesTest {
    @TempDir
    static Path tmp;

    static byte[] data;

    @BeforeAll
    static void content() {
        // 9 MiB plus a tail, in runs that compress well and runs that do not, and repeats further back than
        // 64 KiB, so that linked blocks do copy from the blocks before them.
        data = new byte[9 * (1 << 20) + 4321];
        Random r = new Random(17);
        byte[] motif = new byte[3000];
        r.nextBytes(motif);
        for (int i = 0; i < data.length; i++) {
            int kind = (i >> 13) % 3;
            data[i] = kind == 0 ? (byte) r.nextInt(256) : kind == 1 ? motif[i % motif.length] : (byte) (i / 5);
        }
    }

    @ParameterizedTest(name = "lz4 -B{0} {1}")
    @CsvSource({
        "4, ''", "5, ''", "6, ''", "7, ''",
        "4, -BD", "5, -BD", "6, -BD", "7, -BD",
        "4, -BX --no-frame-crc", "7, -BX --no-frame-crc",
        "4, -BD -BX", "7, -BD -BX --no-frame-crc", "6, --content-size"})
    void decodesWhatTheLz4CommandWritesAsLz4DoesBack(int blockSizeId, String options) throws Exception {
        List<String> flags = new ArrayList<>(List.of("-B" + blockSizeId));
        flags.addAll(Arrays.asList(options.split(" ")).stream().filter(s -> !s.isEmpty()).toList());
        byte[] frame = lz4Compress(data, flags);
        int flg = frame[4] & 0xff;
        assertThat((flg & 0x20) == 0).as("linked blocks").isEqualTo(flags.contains("-BD"));
        assertThat((flg & 0x10) != 0).as("block checksums").isEqualTo(flags.contains("-BX"));
        assertThat((flg & 0x04) != 0).as("content checksum").isEqualTo(!flags.contains("--no-frame-crc"));
        assertThat((frame[5] >>> 4) & 7).as("block size id").isEqualTo(blockSizeId);

        byte[] expected = lz4Decompress(frame);
        assertThat(expected).isEqualTo(data);
        assertThat(Lz4Frame.decode(frame)).isEqualTo(expected);
        assertThat(sequential(frame)).isEqualTo(expected);
        assertThat(parallel(frame, 2, ParallelLz4Decoder.BUDGET_BYTES)).isEqualTo(expected);
        assertThat(parallel(frame, 2, 0)).isEqualTo(expected);
        assertThat(parallel(frame, 1, ParallelLz4Decoder.BUDGET_BYTES)).isEqualTo(expected);
    }

    @Test
    void aFlippedByteInABlockATruncatedFrameAndABadContentChecksumAreRefused() throws Exception {
        for (List<String> flags : List.of(List.of("-B7"), List.of("-B5"), List.of("-B5", "-BD"),
                List.of("-B6", "-BX"))) {
            byte[] frame = lz4Compress(data, flags);
            // A byte of the second block's compressed data (the first block starts after the 7-byte header and
            // its 4-byte size).
            int second = 7 + 4 + (Lz4Frame.le32(frame, 7) & 0x7fffffff) + ((frame[4] & 0x10) != 0 ? 4 : 0);
            byte[] flipped = frame.clone();
            flipped[second + 4 + 100] ^= 0x24;
            assertRefusedByAll(flags, flipped, "");
            assertRefusedByAll(flags, Arrays.copyOf(frame, second + 1000), "truncated LZ4 frame");
            assertRefusedByAll(flags, Arrays.copyOf(frame, frame.length - 2), "truncated LZ4 frame");
            byte[] content = frame.clone();
            content[content.length - 2] ^= 1;
            assertRefusedByAll(flags, content, "content checksum mismatch");
        }
    }

    private static void assertRefusedByAll(List<String> flags, byte[] frame, String message) throws Exception {
        assertThat(lz4Refuses(frame)).as("lz4 -d refuses it too (%s)", flags).isTrue();
        assertThatThrownBy(() -> Lz4Frame.decode(frame)).as("%s", flags).isInstanceOf(IOException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> sequential(frame)).as("%s", flags).isInstanceOf(IOException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> parallel(frame, 2, ParallelLz4Decoder.BUDGET_BYTES)).as("%s", flags)
                .isInstanceOf(IOException.class).hasMessageContaining(message);
    }

    private static byte[] sequential(byte[] frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Lz4Frame.decode(new ByteArrayInputStream(frame), out::write);
        return out.toByteArray();
    }

    private static byte[] parallel(byte[] frame, int threads, long budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParallelLz4Decoder(threads, budget).decode(new ByteArrayInputStream(frame), out::write);
        return out.toByteArray();
    }

    private static byte[] lz4Compress(byte[] content, List<String> flags) throws Exception {
        Path in = Files.write(Files.createTempFile(tmp, "content", ".bin"), content);
        Path out = in.resolveSibling(in.getFileName() + ".lz4");
        List<String> cmd = new ArrayList<>(List.of("lz4", "-q", "-f"));
        cmd.addAll(flags);
        cmd.add(in.toString());
        cmd.add(out.toString());
        assertThat(run(cmd)).as("%s", cmd).isZero();
        return Files.readAllBytes(out);
    }

    private static byte[] lz4Decompress(byte[] frame) throws Exception {
        Path in = Files.write(Files.createTempFile(tmp, "frame", ".lz4"), frame);
        Path out = in.resolveSibling(in.getFileName() + ".out");
        assertThat(run(List.of("lz4", "-q", "-d", "-f", in.toString(), out.toString()))).isZero();
        return Files.readAllBytes(out);
    }

    private static boolean lz4Refuses(byte[] frame) throws Exception {
        Path in = Files.write(Files.createTempFile(tmp, "damaged", ".lz4"), frame);
        return run(List.of("lz4", "-q", "-d", "-f", in.toString(), in + ".out")) != 0;
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return p.exitValue();
    }
}
