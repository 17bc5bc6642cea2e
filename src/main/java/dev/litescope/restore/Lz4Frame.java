package dev.litescope.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes the LZ4 frames Litestream 0.3 stores (one frame per object, independent blocks of up to 4 MiB, content
 * checksum), block by block, without stream layers. Every checksum the frame carries is verified: the
 * descriptor's, each block's if present, and the content's. Frames of linked blocks (which Litestream does not
 * write, the {@code lz4} command does with {@code -BD}) decode here too, through {@link Lz4LinkedBlock}; a
 * snapshot's frame of independent blocks decodes on several threads through {@link ParallelLz4Decoder}.
 */
public final class Lz4Frame {
    private static final int MAGIC = 0x184D2204;
    private static final int MAX_BLOCK = 4 << 20;
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHashFactory XXH = XXHashFactory.fastestInstance();
    /** LZ4 expands a block at most about 255 times: room enough for any block of a given stored size. */
    private static final int MAX_RATIO = 255;
    /** A thread's first scratch buffer for blocks decoded into memory; it grows as blocks need. */
    private static final int FIRST_GUESS = 64 << 10;

    /**
     * Block buffers for streamed decoding, one per thread. Allocating a fresh maximum-size block (4 MiB, which the
     * JVM zeroes) for every object cost more than decompressing it. Only streams use them (one snapshot per
     * restore, and the thread that applies WAL segments); objects decoded whole decode straight into their output,
     * so that many decoding threads do not each hold a 4 MiB block.
     */
    private static final ThreadLocal<byte[]> DECODED = ThreadLocal.withInitial(() -> new byte[MAX_BLOCK]);
    private static final ThreadLocal<byte[]> READ = ThreadLocal.withInitial(() -> new byte[MAX_BLOCK]);
    /**
     * Where a block of an object held in memory decodes before it is copied, exactly sized, into the result; one
     * per thread, grown to the largest block that thread has met (a WAL segment's block is rarely near 4 MiB).
     * Decoding into room guessed for each object instead allocated (and had the JVM zero) about four times the
     * stored bytes of every segment, then copied the result down again: a tenth of a restore's CPU, mostly in GC.
     */
    private static final ThreadLocal<byte[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new byte[][] {new byte[FIRST_GUESS]});

    /** Receives decoded blocks in order; the array is reused once the call returns. */
    public interface BlockSink {
        void accept(byte[] data, int off, int len) throws IOException;
    }

    private Lz4Frame() {
    }

    /**
     * Decodes a whole object held in memory into one array of exactly the content's length. Each block decodes into
     * the thread's scratch buffer and is copied onto the result, which is allocated at the first block's exact size
     * (most objects are one block) and doubles after that.
     */
    public static byte[] decode(byte[] src) throws IOException {
        Output out = new Output();
        decode(new ArraySource(src), null, out);
        return out.buf.length == out.len ? out.buf : Arrays.copyOf(out.buf, out.len);
    }

    /**
     * Decodes a frame held in memory one block at a time into the sink (through this thread's reused block
     * buffer): the stored bytes are all that is held, never the content.
     */
    public static void decode(byte[] src, BlockSink sink) throws IOException {
        decode(new ArraySource(src), sink, null);
    }

    /** Decodes a frame read from a stream, one block at a time: for objects too large to hold. */
    public static void decode(InputStream in, BlockSink sink) throws IOException {
        decode(new StreamSource(in, true), sink, null);
    }

    /**
     * Decodes one frame that a stream carries among other data (Litestream 0.5's flag-0 LTX pages: a frame per
     * page), into {@code dest}, reading not one byte past the frame's end (its content checksum).
     *
     * @return the content's length
     * @throws IOException also when the content is longer than {@code max}
     */
    public static int decodeEmbedded(InputStream in, byte[] dest, int max) throws IOException {
        int[] len = {0};
        decode(new StreamSource(in, false), (data, off, n) -> {
            if (n > max - len[0]) {
                throw new IOException("LZ4 frame holds more than " + max + " bytes");
            }
            System.arraycopy(data, off, dest, len[0], n);
            len[0] += n;
        }, null);
        return len[0];
    }

    /** The growing result of {@link #decode(byte[])}. */
    private static final class Output {
        byte[] buf = new byte[0];
        int len;

        /** Appends {@code n} bytes: the first block exactly, later ones doubling, as a frame is mostly one block. */
        void append(byte[] src, int off, int n) throws IOException {
            if (buf.length - len < n) {
                long want = len == 0 ? n : Math.max((long) len + n, (long) buf.length * 2);
                if (want > Integer.MAX_VALUE - 16) {
                    throw new IOException("LZ4 frame decodes to more than 2 GiB; too large to hold in memory");
                }
                buf = Arrays.copyOf(buf, (int) want);
            }
            System.arraycopy(src, off, buf, len, n);
            len += n;
        }
    }

    private static void decode(Source in, BlockSink sink, Output out) throws IOException {
        byte[] descriptor = Arrays.copyOfRange(in.array(), in.take(7, "frame header"), in.offset() + 7);
        int flg = descriptor[4] & 0xff;
        int extra = ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
        if (extra > 0) {
            int at = in.take(extra, "frame header");
            descriptor = Arrays.copyOf(descriptor, 7 + extra);
            System.arraycopy(in.array(), at, descriptor, 7, extra);
        }
        int maxBlock = checkDescriptor(descriptor);
        boolean blockChecksum = (flg & 0x10) != 0;
        StreamingXXHash32 content = (flg & 0x04) != 0 ? XXH.newStreamingHash32(0) : null;
        if ((flg & 0x20) == 0) {
            decodeLinked(in, maxBlock, blockChecksum, content, out == null ? sink : out::append);
        } else {
            decodeIndependent(in, maxBlock, blockChecksum, content, sink, out);
        }
        if (content != null && content.getValue() != le32(in.array(), in.take(4, "content checksum"))) {
            throw new IOException("LZ4 content checksum mismatch");
        }
        in.requireEnd();
    }

    private static void decodeIndependent(Source in, int maxBlock, boolean blockChecksum,
                                          StreamingXXHash32 content, BlockSink sink, Output out)
            throws IOException {
        byte[] block = out == null ? DECODED.get() : null;
        while (true) {
            int size = le32(in.array(), in.take(4, "block size"));
            if (size == 0) {
                break;
            }
            int n = size & 0x7fffffff;
            if (n > maxBlock) {
                throw new IOException("block of " + n + " bytes exceeds the frame's maximum of " + maxBlock);
            }
            int at = in.take(n, "block");
            int hash = blockChecksum ? XXH.hash32().hash(in.array(), at, n, 0) : 0;
            boolean stored = (size & 0x80000000) != 0;
            byte[] dest;
            int destOff = 0;
            int len;
            if (out == null) {
                dest = block;
                len = decompress(in.array(), at, n, stored, dest, 0, maxBlock);
            } else if (stored) {
                dest = in.array();
                destOff = at;
                len = n;
            } else {
                byte[][] scratch = SCRATCH.get();
                len = decompressToScratch(scratch, in.array(), at, n, maxBlock);
                dest = scratch[0];
            }
            if (blockChecksum && hash != le32(in.array(), in.take(4, "block checksum"))) {
                throw new IOException("LZ4 block checksum mismatch");
            }
            if (content != null) {
                content.update(dest, destOff, len);
            }
            if (out != null) {
                out.append(dest, destOff, len);
            } else {
                sink.accept(block, 0, len);
            }
        }
    }

    /**
     * Decodes linked blocks: each decodes after the last 64 KiB of the content before it, which its matches may
     * copy from, in one window that holds that tail and one block.
     */
    private static void decodeLinked(Source in, int maxBlock, boolean blockChecksum, StreamingXXHash32 content,
                                     BlockSink sink) throws IOException {
        byte[] window = new byte[Lz4LinkedBlock.WINDOW + maxBlock];
        int prefix = 0;
        while (true) {
            int size = le32(in.array(), in.take(4, "block size"));
            if (size == 0) {
                return;
            }
            int n = size & 0x7fffffff;
            if (n > maxBlock) {
                throw new IOException("block of " + n + " bytes exceeds the frame's maximum of " + maxBlock);
            }
            int at = in.take(n, "block");
            int hash = blockChecksum ? XXH.hash32().hash(in.array(), at, n, 0) : 0;
            int len;
            if ((size & 0x80000000) != 0) {
                System.arraycopy(in.array(), at, window, prefix, n);
                len = n;
            } else {
                len = Lz4LinkedBlock.decompress(in.array(), at, n, window, prefix, prefix + maxBlock, 0);
            }
            if (blockChecksum && hash != le32(in.array(), in.take(4, "block checksum"))) {
                throw new IOException("LZ4 block checksum mismatch");
            }
            if (content != null) {
                content.update(window, prefix, len);
            }
            sink.accept(window, prefix, len);
            int end = prefix + len;
            int keep = Math.min(Lz4LinkedBlock.WINDOW, end);
            System.arraycopy(window, end - keep, window, 0, keep);
            prefix = keep;
        }
    }

    /**
     * Checks a frame descriptor (magic, FLG, BD, optional content size and dictionary id, header checksum).
     *
     * @return the frame's maximum block size
     */
    static int checkDescriptor(byte[] d) throws IOException {
        if (le32(d, 0) != MAGIC) {
            throw new IOException(String.format("not an LZ4 frame (magic %08x)", le32(d, 0)));
        }
        int flg = d[4] & 0xff;
        if ((flg >>> 6) != 1) {
            throw new IOException("unsupported LZ4 frame version " + (flg >>> 6));
        }
        if ((flg & 0x01) != 0) {
            throw new IOException("LZ4 frame needs a dictionary (FLG bit 0), which Litestream never uses");
        }
        int blockCode = (d[5] >>> 4) & 7;
        if (blockCode < 4) {
            throw new IOException("invalid LZ4 block size code " + blockCode);
        }
        if (((XXH.hash32().hash(d, 4, d.length - 5, 0) >>> 8) & 0xff) != (d[d.length - 1] & 0xff)) {
            throw new IOException("LZ4 frame header checksum mismatch");
        }
        return 1 << (8 + 2 * blockCode);
    }

    /**
     * Decodes one block into the thread's scratch buffer {@code scratch[0]}. A block too big for it fails to decode
     * and is decoded again in four times the room (kept for the thread's next blocks), up to the frame's maximum
     * block; only a block that fails there is corrupt.
     *
     * @return the block's content length
     */
    private static int decompressToScratch(byte[][] scratch, byte[] src, int off, int n, int maxBlock)
            throws IOException {
        while (true) {
            byte[] room = scratch[0];
            int max = Math.min(maxBlock, room.length);
            try {
                return LZ4.decompress(src, off, n, room, 0, max);
            } catch (LZ4Exception e) {
                if (max >= Math.min(maxBlock, (long) n * MAX_RATIO + 64)) {
                    throw new IOException("corrupt LZ4 block: " + e.getMessage(), e);
                }
                scratch[0] = new byte[(int) Math.min(maxBlock, (long) room.length * 4)];
            }
        }
    }

    /** Decodes (or, {@code stored}, copies) one independent block. */
    static int decompress(byte[] src, int off, int n, boolean stored, byte[] dest, int destOff, int max)
            throws IOException {
        if (stored) {
            System.arraycopy(src, off, dest, destOff, n);
            return n;
        }
        try {
            return LZ4.decompress(src, off, n, dest, destOff, max);
        } catch (LZ4Exception e) {
            throw new IOException("corrupt LZ4 block: " + e.getMessage(), e);
        }
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** Where the frame's bytes come from: {@link #take} makes the next n bytes readable in {@link #array}. */
    private interface Source {
        /** @return the offset in {@link #array()} of the next {@code n} bytes, valid until the next call */
        int take(int n, String what) throws IOException;

        byte[] array();

        int offset();

        void requireEnd() throws IOException;
    }

    /** A frame already in memory: bytes are read in place. */
    private static final class ArraySource implements Source {
        private final byte[] src;
        private int pos;
        private int last;

        ArraySource(byte[] src) {
            this.src = src;
        }

        @Override
        public int take(int n, String what) throws IOException {
            if (n > src.length - pos) {
                throw new IOException("truncated LZ4 frame: " + what + " cut off");
            }
            last = pos;
            pos += n;
            return last;
        }

        @Override
        public byte[] array() {
            return src;
        }

        @Override
        public int offset() {
            return last;
        }

        @Override
        public void requireEnd() throws IOException {
            if (pos != src.length) {
                throw new IOException((src.length - pos) + " unexpected bytes after the LZ4 frame");
            }
        }
    }

    /** A frame read from a stream into a reused buffer. */
    private static final class StreamSource implements Source {
        private final InputStream in;
        private final byte[] buf = READ.get();
        private final boolean whole;

        /** @param whole the frame is the whole stream: bytes after it are an error */
        StreamSource(InputStream in, boolean whole) {
            this.in = in;
            this.whole = whole;
        }

        @Override
        public int take(int n, String what) throws IOException {
            if (in.readNBytes(buf, 0, n) != n) {
                throw new IOException("truncated LZ4 frame: " + what + " cut off");
            }
            return 0;
        }

        @Override
        public byte[] array() {
            return buf;
        }

        @Override
        public int offset() {
            return 0;
        }

        @Override
        public void requireEnd() throws IOException {
            if (whole && in.read() != -1) {
                throw new IOException("unexpected bytes after the LZ4 frame");
            }
        }
    }
}
