package dev.litescope.restore;

import java.io.IOException;

/**
 * Decodes one LZ4 block whose matches may reach back into the content before it: the blocks of a frame whose
 * descriptor says they are linked (FLG bit 5 clear), where each block may copy from the last 64 KiB of the
 * blocks before it. The library's decoders refuse any match before the start of their output, so this one
 * follows the block format itself: a token (literal length, match length), the literals, a two-byte offset
 * back from the current position, and the match; the last sequence has literals only.
 */
final class Lz4LinkedBlock {
    /** How far back a match of a linked block may reach into the blocks before it. */
    static final int WINDOW = 64 << 10;
    private static final int MIN_MATCH = 4;

    private Lz4LinkedBlock() {
    }

    /**
     * Decodes {@code src[off, off + n)} into {@code dest} from {@code destOff}, whose bytes before it (from
     * {@code lowest}) are the content that the block's matches may copy from.
     *
     * @param limit the end of the room in {@code dest} for this block's content
     * @return the block's content length
     */
    static int decompress(byte[] src, int off, int n, byte[] dest, int destOff, int limit, int lowest)
            throws IOException {
        int s = off;
        int end = off + n;
        int d = destOff;
        while (true) {
            if (s >= end) {
                throw corrupt("it ends inside a sequence", s - off);
            }
            int token = src[s++] & 0xff;
            int literals = token >>> 4;
            if (literals == 15) {
                int b;
                do {
                    if (s >= end) {
                        throw corrupt("a literal length runs past its end", s - off);
                    }
                    b = src[s++] & 0xff;
                    literals += b;
                } while (b == 255);
            }
            if (literals > end - s || literals > limit - d) {
                throw corrupt("a run of " + literals + " literals does not fit", s - off);
            }
            System.arraycopy(src, s, dest, d, literals);
            s += literals;
            d += literals;
            if (s == end) {
                return d - destOff;
            }
            if (end - s < 2) {
                throw corrupt("it ends inside a match offset", s - off);
            }
            int distance = (src[s] & 0xff) | (src[s + 1] & 0xff) << 8;
            s += 2;
            if (distance == 0 || d - distance < lowest) {
                throw corrupt("a match reaches " + distance + " bytes back, before the content it may copy",
                        s - off);
            }
            int length = token & 15;
            if (length == 15) {
                int b;
                do {
                    if (s >= end) {
                        throw corrupt("a match length runs past its end", s - off);
                    }
                    b = src[s++] & 0xff;
                    length += b;
                } while (b == 255);
            }
            length += MIN_MATCH;
            if (length > limit - d) {
                throw corrupt("a match of " + length + " bytes decodes past the frame's block size", s - off);
            }
            int from = d - distance;
            if (distance >= length) {
                System.arraycopy(dest, from, dest, d, length);
            } else {
                // An overlapping match repeats the last `distance` bytes.
                for (int i = 0; i < length; i++) {
                    dest[d + i] = dest[from + i];
                }
            }
            d += length;
        }
    }

    private static IOException corrupt(String what, int at) {
        return new IOException("corrupt LZ4 block: " + what + " (at byte " + at + " of the block)");
    }
}
