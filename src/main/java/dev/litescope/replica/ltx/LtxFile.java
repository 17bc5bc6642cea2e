package dev.litescope.replica.ltx;

import dev.litescope.replica.ObjectInfo;
import java.time.Instant;

/**
 * One LTX file of a Litestream 0.5 replica, as the listing gives it.
 *
 * @param created the time Litestream 0.5.1+ takes every time-based decision on: GCS metadata
 *                {@code litestream-timestamp} when it parses, else the object's {@code timeCreated}; for a folder
 *                the file's mtime (which 0.5.1+ sets to the header's timestamp)
 */
public record LtxFile(int level, long minTxid, long maxTxid, Instant created, ObjectInfo object) {

    public long size() {
        return object.size();
    }

    /** A file that starts at TXID 1 is a full image of the database. */
    public boolean isSnapshot() {
        return minTxid == 1;
    }

    /** The name relative to the replica root, as Litestream's names go: {@code ltx/L/MIN-MAX.ltx}. */
    public String relativeName() {
        return LtxNames.levelDir(level) + LtxNames.fileName(minTxid, maxTxid);
    }

    /** For messages: level and range, e.g. "L1 0000000000000005-0000000000000008". */
    public String label() {
        return "L" + level + " " + LtxNames.txid(minTxid) + "-" + LtxNames.txid(maxTxid);
    }
}
