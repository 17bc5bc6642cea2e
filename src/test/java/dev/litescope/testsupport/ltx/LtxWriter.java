package dev.litescope.testsupport.ltx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * Writes LTX v3 files as the spec describes Litestream 0.5 writing them, on a code path of its own: its own
 * bit-at-a-time CRC-64, lz4-java's frame writer for flag-0 pages and its block compressor for flag-1 pages. The
 * reader under test shares none of it. Pages are written in the order given and as long as given, so that tests
 * can also write what Litestream never does (pages out of order, a short page).
 */
public final class LtxWriter {
    /** The two page encodings. */
    public enum Encoding {
        /** ltx v0.5.0/v0.5.1, Litestream 0.5.0 to 0.5.15: a whole LZ4 frame per page, no length prefix. */
        FRAME(0),
        /** ltx v0.5.2, Litestream 0.5.16: a u32 compressed size, then one LZ4 block. */
        SIZED_BLOCK(1);

        final int flags;

        Encoding(int flags) {
            this.flags = flags;
        }
    }

    /** One page to write. */
    public record Page(int pgno, byte[] data) {
    }

    /** What goes into the header. */
    public record Header(int pageSize, long commit, long minTxid, long maxTxid, long timestampMillis) {
    }

    private static final LZ4Compressor BLOCK = LZ4Factory.safeInstance().fastCompressor();

    private LtxWriter() {
    }

    /** A flag-0 page's LZ4 frame, made some other way (the lz4 command line, say). */
    @FunctionalInterface
    public interface FrameEncoder {
        byte[] frame(byte[] page) throws IOException;
    }

    public static byte[] write(Header h, List<Page> pages, Encoding encoding) {
        return write(h, pages, encoding, LtxWriter::frame);
    }

    /** lz4-java's frame writer as Litestream's pierrec/lz4 writes a page: 64 KiB blocks, content checksum. */
    public static byte[] frame(byte[] page) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream lz = new LZ4FrameOutputStream(frame, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
            lz.write(page);
        }
        return frame.toByteArray();
    }

    public static byte[] write(Header h, List<Page> pages, Encoding encoding, FrameEncoder frames) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Crc crc = new Crc();
            ByteBuffer header = ByteBuffer.allocate(100);
            header.put("LTX1".getBytes(StandardCharsets.US_ASCII));
            header.putInt(2);
            header.putInt(h.pageSize());
            header.putInt((int) h.commit());
            header.putLong(h.minTxid());
            header.putLong(h.maxTxid());
            header.putLong(h.timestampMillis());
            // pre-apply checksum, WAL offset, WAL size, salts, node ID and reserved bytes stay zero
            emit(out, crc, header.array(), true);
            List<long[]> index = new ArrayList<>();
            for (Page p : pages) {
                long offset = out.size();
                ByteBuffer ph = ByteBuffer.allocate(6).putInt(p.pgno()).putShort((short) encoding.flags);
                emit(out, crc, ph.array(), true);
                if (encoding == Encoding.SIZED_BLOCK) {
                    byte[] compressed = BLOCK.compress(p.data());
                    emit(out, crc, ByteBuffer.allocate(4).putInt(compressed.length).array(), true);
                    out.write(compressed);
                } else {
                    out.write(frames.frame(p.data()));
                }
                crc.update(p.data());
                index.add(new long[] {p.pgno(), offset, out.size() - offset});
            }
            emit(out, crc, new byte[6], true);
            ByteArrayOutputStream varints = new ByteArrayOutputStream();
            for (long[] e : index) {
                for (long v : e) {
                    uvarint(varints, v);
                }
            }
            uvarint(varints, 0);
            emit(out, crc, varints.toByteArray(), true);
            emit(out, crc, ByteBuffer.allocate(8).putLong(varints.size()).array(), true);
            emit(out, crc, new byte[8], true);
            out.write(ByteBuffer.allocate(8).putLong(crc.value() | Long.MIN_VALUE).array());
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Go's binary.AppendUvarint. */
    private static void uvarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void emit(ByteArrayOutputStream out, Crc crc, byte[] b, boolean checksummed) {
        out.write(b, 0, b.length);
        if (checksummed) {
            crc.update(b);
        }
    }

    /** CRC-64/GO-ISO a bit at a time, straight from its definition (reflected 0xD800000000000000, all-ones). */
    public static final class Crc {
        private long crc = -1L;

        public void update(byte[] b) {
            for (byte x : b) {
                crc ^= x & 0xff;
                for (int i = 0; i < 8; i++) {
                    crc = (crc & 1) == 1 ? (crc >>> 1) ^ 0xD800000000000000L : crc >>> 1;
                }
            }
        }

        public long value() {
            return ~crc;
        }
    }
}
