package dev.litescope.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Decodes the LZ4 frames Litestream 0.3 stores (one frame per object, independent blocks of up to 4 MiB, content
 * checksum), block by block straight into the caller's buffer: no stream layers, no intermediate copies.
 * Every checksum the frame carries is verified: the descriptor's, each block's if present, and the content's.
 */
final class Lz4Frame {
    private static final int MAGIC = 0x184D2204;
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHashFactory XXH = XXHashFactory.fastestInstance();
    /**
     * One block buffer per decoding thread. Allocating a fresh maximum-size block (4 MiB, which the JVM zeroes)
     * for every small WAL segment cost more than decompressing it.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4 << 20]);

    /** Receives decoded blocks in order; the array is reused after the call returns. */
    interface BlockSink {
        void accept(byte[] data, int off, int len) throws IOException;
    }

    private Lz4Frame() {
    }

    /** Decodes a whole object into one array of exactly the content's length. */
    static byte[] decode(byte[] src) throws IOException {
        int end = src.length;
        need(0, 7, end, "frame header");
        int flg = src[4] & 0xff;
        int descLen = 7 + ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
        need(0, descLen, end, "frame header");
        Descriptor d = descriptor(src, 0, descLen);
        byte[] scratch = SCRATCH.get();
        byte[] out = null;
        int len = 0;
        int p = descLen;
        while (true) {
            need(p, 4, end, "block size");
            int size = le32(src, p);
            p += 4;
            if (size == 0) {
                break;
            }
            int n = size & 0x7fffffff;
            if (n > d.maxBlock) {
                throw new IOException("block of " + n + " bytes exceeds the frame's maximum of " + d.maxBlock);
            }
            need(p, n, end, "block");
            if (d.blockChecksum) {
                need(p + n, 4, end, "block checksum");
                checkBlock(src, p, n, le32(src, p + n));
            }
            int got = block(src, p, n, (size & 0x80000000) != 0, scratch, 0, d.maxBlock);
            if (out == null) {
                out = Arrays.copyOf(scratch, got);
            } else {
                out = Arrays.copyOf(out, len + got);
                System.arraycopy(scratch, 0, out, len, got);
            }
            len += got;
            p += n + (d.blockChecksum ? 4 : 0);
        }
        if (out == null) {
            out = new byte[0];
        }
        if (d.contentChecksum) {
            need(p, 4, end, "content checksum");
            if (XXH.hash32().hash(out, 0, len, 0) != le32(src, p)) {
                throw new IOException("LZ4 content checksum mismatch");
            }
            p += 4;
        }
        if (p != end) {
            throw new IOException((end - p) + " unexpected bytes after the LZ4 frame");
        }
        return out;
    }

    /** Decodes a frame read from a stream, one block at a time, into {@code sink}: for large objects. */
    static void decode(InputStream in, BlockSink sink) throws IOException {
        byte[] header = readFully(in, 7, "frame header");
        int flg = header[4] & 0xff;
        int extra = ((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0);
        byte[] descriptor = Arrays.copyOf(header, 7 + extra);
        System.arraycopy(readFully(in, extra, "frame header"), 0, descriptor, 7, extra);
        Descriptor d = descriptor(descriptor, 0, descriptor.length);
        byte[] block = SCRATCH.get();
        byte[] compressed = new byte[d.maxBlock];
        StreamingXXHash32 content = d.contentChecksum ? XXH.newStreamingHash32(0) : null;
        while (true) {
            int size = le32(readFully(in, 4, "block size"), 0);
            if (size == 0) {
                break;
            }
            int n = size & 0x7fffffff;
            if (n > d.maxBlock) {
                throw new IOException("block of " + n + " bytes exceeds the frame's maximum of " + d.maxBlock);
            }
            readInto(in, compressed, n, "block");
            if (d.blockChecksum) {
                checkBlock(compressed, 0, n, le32(readFully(in, 4, "block checksum"), 0));
            }
            int len = block(compressed, 0, n, (size & 0x80000000) != 0, block, 0, d.maxBlock);
            if (content != null) {
                content.update(block, 0, len);
            }
            sink.accept(block, 0, len);
        }
        if (content != null && content.getValue() != le32(readFully(in, 4, "content checksum"), 0)) {
            throw new IOException("LZ4 content checksum mismatch");
        }
        if (in.read() != -1) {
            throw new IOException("unexpected bytes after the LZ4 frame");
        }
    }

    private record Descriptor(int maxBlock, boolean blockChecksum, boolean contentChecksum) {
    }

    private static Descriptor descriptor(byte[] b, int off, int len) throws IOException {
        if (le32(b, off) != MAGIC) {
            throw new IOException(String.format("not an LZ4 frame (magic %08x)", le32(b, off)));
        }
        int flg = b[off + 4] & 0xff;
        int bd = b[off + 5] & 0xff;
        if ((flg >>> 6) != 1) {
            throw new IOException("unsupported LZ4 frame version " + (flg >>> 6));
        }
        if ((flg & 0x20) == 0) {
            // Litestream never writes linked blocks; refuse rather than decode them wrongly.
            throw new IOException("LZ4 frame with dependent blocks is not supported");
        }
        int blockCode = (bd >>> 4) & 7;
        if (blockCode < 4) {
            throw new IOException("invalid LZ4 block size code " + blockCode);
        }
        int hc = (XXH.hash32().hash(b, off + 4, len - 5, 0) >>> 8) & 0xff;
        if (hc != (b[off + len - 1] & 0xff)) {
            throw new IOException("LZ4 frame header checksum mismatch");
        }
        return new Descriptor(1 << (8 + 2 * blockCode), (flg & 0x10) != 0, (flg & 0x04) != 0);
    }

    private static int block(byte[] src, int off, int n, boolean stored, byte[] dest, int destOff, int max)
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

    private static void checkBlock(byte[] b, int off, int n, int expected) throws IOException {
        XXHash32 h = XXH.hash32();
        if (h.hash(b, off, n, 0) != expected) {
            throw new IOException("LZ4 block checksum mismatch");
        }
    }

    private static void need(int p, int n, int end, String what) throws IOException {
        if (p + n > end || p + n < p) {
            throw new IOException("truncated LZ4 frame: " + what + " cut off");
        }
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] b = new byte[n];
        readInto(in, b, n, what);
        return b;
    }

    private static void readInto(InputStream in, byte[] b, int n, String what) throws IOException {
        if (in.readNBytes(b, 0, n) != n) {
            throw new IOException("truncated LZ4 frame: " + what + " cut off");
        }
    }
}
