package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

class Lz4FrameTest {
    @Test
    void decodesEveryObjectLitestreamWroteLikeTheReferenceDecoder() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        List<Path> objects;
        try (Stream<Path> s = Files.walk(f.replicaDir())) {
            objects = s.filter(p -> p.toString().endsWith(".lz4")).toList();
        }
        assertThat(objects).hasSizeGreaterThan(20);
        for (Path p : objects) {
            byte[] stored = Files.readAllBytes(p);
            byte[] expected = reference(stored);
            assertThat(Lz4Frame.decode(stored)).as(p.toString()).isEqualTo(expected);
            assertThat(streamed(stored)).as(p.toString()).isEqualTo(expected);
        }
    }

    @Test
    void multiBlockFramesWithEveryFlagCombination() throws Exception {
        byte[] data = new byte[9 * 1024 * 1024 + 123];
        Random r = new Random(7);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 4096 < 2048 ? r.nextInt(256) : i / 7); // compressible and incompressible runs
        }
        for (BLOCKSIZE size : new BLOCKSIZE[] {BLOCKSIZE.SIZE_64KB, BLOCKSIZE.SIZE_4MB}) {
            for (FLG.Bits[] flags : new FLG.Bits[][] {
                    {FLG.Bits.BLOCK_INDEPENDENCE},
                    {FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_CHECKSUM},
                    {FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM, FLG.Bits.CONTENT_CHECKSUM}}) {
                byte[] frame = compress(data, size, flags);
                assertThat(Lz4Frame.decode(frame)).isEqualTo(data);
                assertThat(streamed(frame)).isEqualTo(data);
            }
        }
        byte[] empty = compress(new byte[0], BLOCKSIZE.SIZE_64KB, FLG.Bits.BLOCK_INDEPENDENCE,
                FLG.Bits.CONTENT_CHECKSUM);
        assertThat(Lz4Frame.decode(empty)).isEmpty();
    }

    /**
     * A block held in memory decodes into room guessed from its stored size and is decoded again in more room
     * when that is too small: blocks that shrank 2× to 250× (a page of zeros) all come out whole, one after another
     * in one frame, and a damaged one is still refused once the room reaches a whole block.
     */
    @Test
    void blocksOfEveryCompressionRatioDecodeWhole() throws Exception {
        byte[] data = new byte[5 * (4 << 20)];
        Random r = new Random(11);
        for (int block = 0; block < 5; block++) {
            int noisy = new int[] {2048, 512, 64, 8, 0}[block]; // random bytes per 4 KiB, the rest repeats
            for (int i = block * (4 << 20); i < (block + 1) * (4 << 20); i++) {
                data[i] = (byte) (i % 4096 < noisy ? r.nextInt(256) : 0);
            }
        }
        byte[] frame = compress(data, BLOCKSIZE.SIZE_4MB, FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_CHECKSUM);
        assertThat(frame.length).isLessThan(data.length / 3);
        assertThat(Lz4Frame.decode(frame)).isEqualTo(data);
        byte[] zeros = compress(new byte[1 << 20], BLOCKSIZE.SIZE_4MB, FLG.Bits.BLOCK_INDEPENDENCE);
        assertThat(zeros.length).isLessThan(8 << 10);
        assertThat(Lz4Frame.decode(zeros)).isEqualTo(new byte[1 << 20]);
        byte[] damaged = zeros.clone();
        damaged[zeros.length / 2] ^= 0x40;
        assertThatThrownBy(() -> Lz4Frame.decode(damaged)).isInstanceOf(IOException.class);
    }

    @Test
    void everyKindOfDamageIsAnError() throws Exception {
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        Arrays.fill(data, 100_000, 200_000, (byte) 1);
        byte[] frame = compress(data, BLOCKSIZE.SIZE_64KB, FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_CHECKSUM);

        assertBoth(Arrays.copyOf(frame, frame.length - 3), "truncated LZ4 frame");
        assertBoth(Arrays.copyOf(frame, 5), "truncated LZ4 frame");
        byte[] magic = frame.clone();
        magic[0] = 0;
        assertBoth(magic, "not an LZ4 frame");
        byte[] header = frame.clone();
        header[5] ^= 0x10; // block size code: descriptor checksum fails
        assertBoth(header, "header checksum mismatch");
        byte[] content = frame.clone();
        content[content.length - 1] ^= 1;
        assertBoth(content, "content checksum mismatch");
        byte[] trailing = Arrays.copyOf(frame, frame.length + 2);
        assertBoth(trailing, "after the LZ4 frame");
        // The same frame declaring linked blocks (FLG bit 5 clear), with a correct descriptor checksum: blocks that
        // copy nothing from the ones before them are valid linked blocks, and decode to the same content.
        byte[] linked = frame.clone();
        linked[4] &= ~0x20;
        linked[6] = (byte) (XXHashFactory.safeInstance().hash32().hash(linked, 4, 2, 0) >>> 8);
        assertThat(Lz4Frame.decode(linked)).isEqualTo(data);
        assertThat(streamed(linked)).isEqualTo(data);
        // Declaring a dictionary (FLG bit 0, and its 4-byte id), which no decoder here has.
        byte[] dictionary = new byte[frame.length + 4];
        System.arraycopy(frame, 0, dictionary, 0, 6);
        dictionary[4] |= 0x01;
        System.arraycopy(frame, 7, dictionary, 11, frame.length - 7);
        dictionary[10] = (byte) (XXHashFactory.safeInstance().hash32().hash(dictionary, 4, 6, 0) >>> 8);
        assertBoth(dictionary, "dictionary");
        // Damage inside compressed data: caught by the decoder or by the content checksum.
        byte[] middle = frame.clone();
        middle[frame.length / 2] ^= 0x20;
        assertThatThrownBy(() -> Lz4Frame.decode(middle)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> streamed(middle)).isInstanceOf(IOException.class);
    }

    private static void assertBoth(byte[] frame, String message) {
        assertThatThrownBy(() -> Lz4Frame.decode(frame)).isInstanceOf(IOException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> streamed(frame)).isInstanceOf(IOException.class).hasMessageContaining(message);
    }

    private static byte[] streamed(byte[] frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Lz4Frame.decode(new ByteArrayInputStream(frame), out::write);
        return out.toByteArray();
    }

    private static byte[] reference(byte[] frame) throws IOException {
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
            return in.readAllBytes();
        }
    }

    private static byte[] compress(byte[] data, BLOCKSIZE size, FLG.Bits... flags) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream o = new LZ4FrameOutputStream(bos, size, flags)) {
            o.write(data);
        }
        return bos.toByteArray();
    }
}
