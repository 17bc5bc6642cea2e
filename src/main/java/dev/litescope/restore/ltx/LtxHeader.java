package dev.litescope.restore.ltx;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The 100-byte header of an LTX v3 file (superfly/ltx v0.5; all integers big-endian). The magic "LTX1" is shared
 * by v1 to v3 and there is no version field: a v1/v2 file is told apart only by failing to parse as v3.
 *
 * @param flags     only {@link #NO_CHECKSUM} may be set; Litestream 0.5 always sets it
 * @param commit    the database's size in pages after this file is applied
 * @param timestamp milliseconds since the Unix epoch when Litestream wrote the file (a compaction copies its
 *                  newest input's)
 */
public record LtxHeader(int flags, int pageSize, long commit, long minTxid, long maxTxid, long timestamp,
                        long preApplyChecksum, long walOffset, long walSize, int walSalt1, int walSalt2,
                        long nodeId) {
    public static final int SIZE = 100;
    /** The database checksums are not kept. */
    public static final int NO_CHECKSUM = 0x2;
    private static final byte[] MAGIC = "LTX1".getBytes(StandardCharsets.US_ASCII);

    /**
     * @throws IllegalArgumentException with what is wrong, when the bytes are no valid v3 header
     */
    static LtxHeader parse(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, SIZE);
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new IllegalArgumentException("not an LTX file (its first bytes are not \"LTX1\")");
            }
        }
        bb.position(4);
        int flags = bb.getInt();
        int pageSize = bb.getInt();
        long commit = bb.getInt() & 0xffffffffL;
        long min = bb.getLong();
        long max = bb.getLong();
        long ts = bb.getLong();
        long pre = bb.getLong();
        long walOffset = bb.getLong();
        long walSize = bb.getLong();
        int salt1 = bb.getInt();
        int salt2 = bb.getInt();
        long node = bb.getLong();
        if ((flags & ~NO_CHECKSUM) != 0) {
            throw new IllegalArgumentException(String.format("header flags %08x are invalid: only %08x (no checksum) "
                    + "is defined", flags, NO_CHECKSUM));
        }
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " is invalid: SQLite pages are a power "
                    + "of 2 from 512 to 65536");
        }
        if (commit == 0) {
            throw new IllegalArgumentException("commit is 0: the header gives the database no size");
        }
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("TXID range " + LtxNames.txid(min) + "-" + LtxNames.txid(max)
                    + " is invalid: TXIDs start at 1 and the max is not below the min");
        }
        return new LtxHeader(flags, pageSize, commit, min, max, ts, pre, walOffset, walSize, salt1, salt2, node);
    }

    /**
     * The header of one listed file, from a read of its first 100 bytes only (a ranged read on Cloud Storage): for
     * showing its own timestamp beside the object time, one file or a listing asked for, never a whole restore's.
     *
     * @throws LtxFormatException naming the object, when the bytes are no LTX header or hold other TXIDs than the
     *                            name
     */
    public static LtxHeader read(ObjectStore store, LtxFile file) throws ObjectStoreException, LtxFormatException {
        String name = store.describe(file.object().key());
        byte[] head = store.readHead(file.object(), SIZE);
        if (head.length < SIZE) {
            throw new LtxFormatException("LTX file " + name + " is " + head.length + " bytes long, shorter than "
                    + "the " + SIZE + "-byte header");
        }
        LtxHeader h;
        try {
            h = parse(head);
        } catch (IllegalArgumentException e) {
            throw new LtxFormatException("LTX file " + name + ": " + e.getMessage(), e);
        }
        Optional<String> renamed = h.misnamed(file, name);
        if (renamed.isPresent()) {
            throw new LtxFormatException(renamed.get());
        }
        return h;
    }

    /** Why this header cannot be {@code file}'s, if its TXIDs are not the name's; {@code name} is for the message. */
    Optional<String> misnamed(LtxFile file, String name) {
        if (minTxid == file.minTxid() && maxTxid == file.maxTxid()) {
            return Optional.empty();
        }
        return Optional.of("LTX file " + name + " holds TXIDs " + LtxNames.txid(minTxid) + "-"
                + LtxNames.txid(maxTxid) + " although its name says " + LtxNames.txid(file.minTxid()) + "-"
                + LtxNames.txid(file.maxTxid()) + "; it was copied in from elsewhere or renamed");
    }

    public Instant time() {
        return Instant.ofEpochMilli(timestamp);
    }

    /**
     * Whether this header's time is not {@code file}'s object time, to the header's millisecond: Litestream 0.5.0
     * stamped objects with their upload time, and a file copied by hand carries the copy's.
     */
    public boolean timeDiffersFrom(LtxFile file) {
        return !time().equals(file.created().truncatedTo(ChronoUnit.MILLIS));
    }

    /** A file from TXID 1 holds every page of the database. */
    public boolean isSnapshot() {
        return minTxid == 1;
    }

    /** The page SQLite's locking takes at byte 2^30: never written, always zero in a restored file. */
    public long lockPage() {
        return lockPage(pageSize);
    }

    public static long lockPage(int pageSize) {
        return (0x40000000L / pageSize) + 1;
    }
}
