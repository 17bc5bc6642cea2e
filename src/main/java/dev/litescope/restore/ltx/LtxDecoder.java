package dev.litescope.restore.ltx;

import dev.litescope.restore.Lz4Frame;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Reads an LTX v3 file from a stream, in one pass: the header, the page frames in either encoding (flag 0: a
 * whole LZ4 frame per page, Litestream 0.5.0 to 0.5.15; flag 1: a u32 size and one LZ4 block, 0.5.16+), the page
 * index and the trailer, computing the CRC-64/GO-ISO file checksum as it goes. Each page is handed on as soon as it
 * is decoded; the checksum is known only at the end, so a caller writes pages somewhere it can throw away.
 *
 * <p>Stricter than Litestream's reader: a flag-1 block or a flag-0 frame must give exactly one page (the ltx
 * reader accepts a short block and reads a frame only so far), pages must ascend and stay within the commit and
 * off the lock page, a file uses one encoding, a snapshot holds every page, the page index must agree with the
 * frames, and nothing may follow the trailer. Every refusal names the file.
 */
public final class LtxDecoder {
    static final int PAGE_HEADER = 6;
    static final int FLAG_SIZE_PREFIX = 0x1;
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

    /** Receives each decoded page; the array is reused once the call returns. */
    @FunctionalInterface
    public interface PageSink {
        void page(LtxHeader header, int pgno, byte[] page) throws IOException;
    }

    /** What a decoded file held. */
    public record Summary(LtxHeader header, int pages, int encoding, long bytes) {
    }

    private final String name;
    private final Source in;
    private final Crc64 crc = new Crc64();
    private LtxHeader header;
    private long[] index = new long[3 * 64];
    private int pages;
    private int encoding = -1;

    private LtxDecoder(InputStream raw, String name) {
        this.name = name;
        this.in = new Source(raw instanceof BufferedInputStream ? raw : new BufferedInputStream(raw, 1 << 16));
    }

    /**
     * Decodes a whole file.
     *
     * @param name the file, for messages: a path or gs://bucket/key
     * @throws LtxFormatException when the file is corrupt, truncated or not what Litestream 0.5 writes
     * @throws IOException        when reading the stream fails, or the sink does
     */
    public static Summary decode(InputStream raw, String name, PageSink sink) throws IOException {
        return new LtxDecoder(raw, name).run(sink);
    }

    private Summary run(PageSink sink) throws IOException {
        byte[] h = new byte[LtxHeader.SIZE];
        in.readFully(h, "the header");
        try {
            header = LtxHeader.parse(h);
        } catch (IllegalArgumentException e) {
            throw refuse(e.getMessage());
        }
        crc.update(h);
        int pageSize = header.pageSize();
        byte[] page = new byte[pageSize];
        byte[] block = new byte[LZ4Factory.fastestInstance().fastCompressor().maxCompressedLength(pageSize)];
        byte[] ph = new byte[PAGE_HEADER];
        long lockPage = header.lockPage();
        int prev = 0;
        while (true) {
            long frameStart = in.position();
            in.readFully(ph, "a page header");
            crc.update(ph);
            int pgno = be32(ph, 0);
            int flags = (ph[4] & 0xff) << 8 | (ph[5] & 0xff);
            if (pgno == 0) {
                if (flags != 0) {
                    throw refuse("the page block ends with flags " + flags + " instead of an all-zero header");
                }
                break;
            }
            if ((flags & ~FLAG_SIZE_PREFIX) != 0) {
                throw refuse("page " + unsigned(pgno) + " has flags " + flags + ": only 0 (an LZ4 frame) and 1 (a "
                        + "sized LZ4 block) exist");
            }
            if (encoding >= 0 && flags != encoding) {
                throw refuse("page " + unsigned(pgno) + " uses page encoding " + flags + " after pages in encoding "
                        + encoding + "; Litestream writes one encoding per file");
            }
            encoding = flags;
            if (pgno < 0 || pgno <= prev) {
                throw refuse("page " + unsigned(pgno) + " comes after page " + prev + ": pages must ascend");
            }
            if (pgno > header.commit()) {
                throw refuse("page " + pgno + " is above the commit of " + header.commit() + " pages");
            }
            if (pgno == lockPage) {
                throw refuse("page " + pgno + " is the lock page, which a database never stores");
            }
            if (header.isSnapshot() && pgno != expectedNext(prev, lockPage)) {
                throw refuse("a snapshot (min TXID 1) must hold every page, but page " + expectedNext(prev, lockPage)
                        + " is missing before page " + pgno);
            }
            int n = flags == FLAG_SIZE_PREFIX ? readBlock(pgno, block, page) : readFrame(pgno, page);
            if (n != pageSize) {
                throw refuse("page " + pgno + " decompresses to " + n + " bytes instead of the page size "
                        + pageSize + (flags == FLAG_SIZE_PREFIX ? " (a short LZ4 block)" : ""));
            }
            crc.update(page);
            record(pgno, frameStart, in.position() - frameStart);
            sink.page(header, pgno, page);
            prev = pgno;
        }
        if (header.isSnapshot()) {
            long last = header.commit() == lockPage ? header.commit() - 1 : header.commit();
            if (prev != last) {
                throw refuse("a snapshot (min TXID 1) must hold every page up to its commit of " + header.commit()
                        + ", but it ends at page " + prev);
            }
        }
        readIndex();
        byte[] trailer = new byte[16];
        in.readFully(trailer, "the trailer");
        crc.update(trailer, 0, 8);
        long stored = be64(trailer, 8);
        long computed = crc.value() | Long.MIN_VALUE;
        if (stored != computed) {
            throw refuse(String.format("file checksum mismatch: the trailer says %016x, the content gives %016x; the "
                    + "file is corrupt", stored, computed));
        }
        if (in.read() != -1) {
            throw refuse("bytes follow the trailer at offset " + (in.position() - 1));
        }
        return new Summary(header, pages, Math.max(encoding, 0), in.position());
    }

    private static long expectedNext(int prev, long lockPage) {
        return prev + 1 == lockPage ? prev + 2 : prev + 1;
    }

    private int readBlock(int pgno, byte[] block, byte[] page) throws IOException {
        byte[] size = new byte[4];
        in.readFully(size, "the block size of page " + pgno);
        crc.update(size);
        long n = be32(size, 0) & 0xffffffffL;
        if (n == 0 || n > block.length) {
            throw refuse("page " + pgno + " has a compressed size of " + n + " bytes, which no LZ4 block of a "
                    + page.length + "-byte page has");
        }
        in.readFully(block, 0, (int) n, "the LZ4 block of page " + pgno);
        try {
            return LZ4.decompress(block, 0, (int) n, page, 0, page.length);
        } catch (LZ4Exception e) {
            throw refuse("the LZ4 block of page " + pgno + " is corrupt or decompresses to more than a page ("
                    + e.getMessage() + ")");
        }
    }

    private int readFrame(int pgno, byte[] page) throws IOException {
        try {
            return Lz4Frame.decodeEmbedded(in, page, page.length);
        } catch (Truncated e) {
            throw refuse("the file is truncated inside the LZ4 frame of page " + pgno);
        } catch (IOException e) {
            throw refuse("the LZ4 frame of page " + pgno + " is corrupt: " + e.getMessage());
        }
    }

    private void record(int pgno, long offset, long size) {
        if (3 * pages + 3 > index.length) {
            index = Arrays.copyOf(index, index.length * 2);
        }
        index[3 * pages] = pgno;
        index[3 * pages + 1] = offset;
        index[3 * pages + 2] = size;
        pages++;
    }

    /** The page index: (pgno, offset, size) varints per page, a 0, then the u64 length of the varints. */
    private void readIndex() throws IOException {
        long start = in.position();
        for (int i = 0; ; i++) {
            long pgno = varint("the page index");
            if (pgno == 0) {
                if (i != pages) {
                    throw refuse("the page index lists " + i + " pages but the file holds " + pages);
                }
                break;
            }
            long offset = varint("the page index");
            long size = varint("the page index");
            if (i >= pages || index[3 * i] != pgno || index[3 * i + 1] != offset || index[3 * i + 2] != size) {
                String frame = i < pages ? "page " + index[3 * i] + " at offset " + index[3 * i + 1] + ", "
                        + index[3 * i + 2] + " bytes" : "no page";
                throw refuse("the page index disagrees with the pages: entry " + (i + 1) + " says page " + pgno
                        + " at offset " + offset + ", " + size + " bytes, the file has " + frame);
            }
        }
        long length = in.position() - start;
        byte[] u64 = new byte[8];
        in.readFully(u64, "the page index length");
        crc.update(u64);
        if (be64(u64, 0) != length) {
            throw refuse("the page index says it is " + be64(u64, 0) + " bytes long but is " + length);
        }
    }

    private long varint(String what) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw refuse("the file is truncated inside " + what);
            }
            crc.update(new byte[] {(byte) b}, 0, 1);
            if (shift == 63 && b > 1) {
                break;
            }
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw refuse(what + " holds a number longer than 64 bits");
    }

    private LtxFormatException refuse(String what) {
        return new LtxFormatException("LTX file " + name + ": " + what);
    }

    private static String unsigned(int pgno) {
        return Long.toString(pgno & 0xffffffffL);
    }

    static int be32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static long be64(byte[] b, int off) {
        return (long) be32(b, off) << 32 | (be32(b, off + 4) & 0xffffffffL);
    }

    /** The stream ended inside an LZ4 frame. */
    private static final class Truncated extends IOException {
        Truncated() {
            super("truncated");
        }
    }

    /** The file's bytes, counted, so that page offsets can be checked against the index. */
    private final class Source extends InputStream {
        private final InputStream raw;
        private long position;

        Source(InputStream raw) {
            this.raw = raw;
        }

        long position() {
            return position;
        }

        void readFully(byte[] b, String what) throws IOException {
            readFully(b, 0, b.length, what);
        }

        void readFully(byte[] b, int off, int len, String what) throws IOException {
            int n = raw.readNBytes(b, off, len);
            position += n;
            if (n != len) {
                throw refuse("the file is truncated at byte " + position + ", inside " + what);
            }
        }

        @Override
        public int read() throws IOException {
            int b = raw.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = raw.readNBytes(b, off, len);
            position += n;
            if (n < len) {
                throw new Truncated();
            }
            return n;
        }
    }
}
