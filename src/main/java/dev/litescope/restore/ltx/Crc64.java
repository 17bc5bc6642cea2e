package dev.litescope.restore.ltx;

/**
 * CRC-64/GO-ISO, the checksum of Go's {@code hash/crc64} with its ISO table, which LTX files carry: polynomial
 * 0xD800000000000000 (reflected), initial value and final XOR all ones. check("123456789") is
 * 0xB90956C775A41001. Table-driven, a byte at a time. Not thread-safe; one per file.
 */
final class Crc64 {
    private static final long POLY = 0xD800000000000000L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = ~0L;

    void update(byte[] b, int off, int len) {
        long c = crc;
        for (int i = off, end = off + len; i < end; i++) {
            c = TABLE[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
    }

    void update(byte[] b) {
        update(b, 0, b.length);
    }

    /** The checksum of everything given so far. */
    long value() {
        return ~crc;
    }
}
