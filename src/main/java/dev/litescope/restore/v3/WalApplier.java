package dev.litescope.restore.v3;

import dev.litescope.restore.PageWriter;
import dev.litescope.restore.RestoreException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one WAL index to a database file by writing its committed pages directly: what SQLite's recovery
 * followed by a checkpoint does, without SQLite. For each index the bytes arrive segment by segment in offset
 * order; the applier walks the frames while the salts and the cumulative checksum hold, writes every
 * transaction when its commit frame arrives, and at the end sets the file to the size the last commit records.
 *
 * <p>Frames are held in memory only from a transaction's first frame to its commit frame; committed pages go to
 * the restore's {@link PageWriter}. Memory is bounded by the largest transaction plus the writer's cache, not by
 * the WAL.
 *
 * <p>Where SQLite would silently drop committed data, the applier refuses: a segment that does not start where
 * the previous one ended (a lost segment), a header that fails its checksum, or a checksum break followed by
 * more committed frames.
 */
public final class WalApplier {
    static final int WAL_HEADER_SIZE = 32;
    static final int FRAME_HEADER_SIZE = 24;
    private static final int MAGIC_LE = 0x377F0682;
    private static final int MAGIC_BE = 0x377F0683;
    private static final int WAL_VERSION = 3007000;
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Names things in messages: "generation G, WAL index I". */
    interface Describer {
        String segment(long offset);
    }

    private final PageWriter pages;
    private final int pageSize;
    private final String where;
    private final Describer describer;

    private long expectedOffset;
    private byte[] carry = new byte[0];
    private long carryOffset; // WAL offset of carry[0]
    private boolean headerDone;
    private boolean bigEndianChecksum;
    private int salt1;
    private int salt2;
    private int s1;
    private int s2;
    /** Set once a frame fails validation; later frames are only inspected for commits that would be lost. */
    private long brokenAt = -1;
    private String brokenWhy;
    private final List<Frame> pending = new ArrayList<>();
    private long committedPages = -1;
    private long framesApplied;

    private record Frame(int pgno, byte[] buf, int dataOffset) {
    }

    WalApplier(PageWriter pages, String where, Describer describer) {
        this.pages = pages;
        this.pageSize = pages.pageSize();
        this.where = where;
        this.describer = describer;
    }

    /** Feeds the decompressed bytes of the segment at {@code offset}. */
    void accept(long offset, byte[] data) throws RestoreException, IOException {
        if (offset != expectedOffset) {
            throw new RestoreException(String.format("WAL segment %s is out of sequence: %s should continue at "
                    + "offset %d (0x%x) but the next segment starts at offset %d (0x%x). The replica has a gap "
                    + "between offsets 0x%x and 0x%x; restoring past it would corrupt the database (litestream "
                    + "restore writes a malformed file here). Restore an earlier point, or a later generation.",
                    describer.segment(offset), where, expectedOffset, expectedOffset, offset, offset,
                    expectedOffset, offset));
        }
        expectedOffset += data.length;
        byte[] buf;
        long bufStart;
        if (carry.length == 0) {
            buf = data;
            bufStart = offset;
        } else {
            buf = new byte[carry.length + data.length];
            System.arraycopy(carry, 0, buf, 0, carry.length);
            System.arraycopy(data, 0, buf, carry.length, data.length);
            bufStart = carryOffset;
        }
        int pos = 0;
        if (!headerDone) {
            if (buf.length < WAL_HEADER_SIZE) {
                keep(buf, 0, bufStart);
                return;
            }
            readHeader(buf, offset);
            pos = WAL_HEADER_SIZE;
        }
        int frameSize = FRAME_HEADER_SIZE + pageSize;
        while (buf.length - pos >= frameSize) {
            frame(buf, pos, bufStart + pos, offset);
            pos += frameSize;
        }
        keep(buf, pos, bufStart + pos);
    }

    private void keep(byte[] buf, int from, long walOffset) {
        carry = from == buf.length ? new byte[0] : java.util.Arrays.copyOfRange(buf, from, buf.length);
        carryOffset = walOffset;
    }

    private void readHeader(byte[] b, long segOffset) throws RestoreException {
        int magic = (int) BE_INT.get(b, 0);
        int version = (int) BE_INT.get(b, 4);
        int walPageSize = (int) BE_INT.get(b, 8);
        if (magic != MAGIC_LE && magic != MAGIC_BE) {
            throw corruptHeader(segOffset, String.format("bad magic 0x%08x", magic));
        }
        if (version != WAL_VERSION) {
            throw corruptHeader(segOffset, "unsupported WAL format version " + version);
        }
        bigEndianChecksum = magic == MAGIC_BE;
        s1 = 0;
        s2 = 0;
        checksum(b, 0, 24);
        if (s1 != (int) BE_INT.get(b, 24) || s2 != (int) BE_INT.get(b, 28)) {
            throw corruptHeader(segOffset, "header checksum mismatch");
        }
        if (walPageSize != pageSize) {
            throw new RestoreException(String.format("%s has page size %d but the snapshot's database has page "
                    + "size %d (segment %s); they cannot belong together", where, walPageSize, pageSize,
                    describer.segment(segOffset)));
        }
        salt1 = (int) BE_INT.get(b, 16);
        salt2 = (int) BE_INT.get(b, 20);
        headerDone = true;
    }

    private RestoreException corruptHeader(long segOffset, String why) {
        return new RestoreException(String.format("the WAL header of %s is invalid (%s) in segment %s; the object "
                + "is corrupt, and litestream restore would silently skip this index's changes", where, why,
                describer.segment(segOffset)));
    }

    private void frame(byte[] b, int pos, long walOffset, long segOffset) throws RestoreException, IOException {
        int pgno = (int) BE_INT.get(b, pos);
        int commit = (int) BE_INT.get(b, pos + 4);
        boolean saltsMatch = (int) BE_INT.get(b, pos + 8) == salt1 && (int) BE_INT.get(b, pos + 12) == salt2;
        if (brokenAt >= 0) {
            if (saltsMatch && commit != 0) {
                throw new RestoreException(String.format("%s is corrupt: the frame at WAL offset %d (0x%x) %s, and "
                        + "a committed transaction follows at offset %d (0x%x) in segment %s. SQLite (and litestream "
                        + "restore) would silently drop every later transaction of this index; restore an earlier "
                        + "point instead.", where, brokenAt, brokenAt, brokenWhy, walOffset, walOffset,
                        describer.segment(segOffset)));
            }
            return;
        }
        if (!saltsMatch || pgno == 0) {
            breakAt(walOffset, saltsMatch ? "has page number 0" : "carries salts of another WAL");
            return;
        }
        int c1 = s1;
        int c2 = s2;
        checksum(b, pos, 8);
        checksum(b, pos + FRAME_HEADER_SIZE, pageSize);
        if (s1 != (int) BE_INT.get(b, pos + 16) || s2 != (int) BE_INT.get(b, pos + 20)) {
            s1 = c1;
            s2 = c2;
            breakAt(walOffset, "fails its checksum");
            return;
        }
        pending.add(new Frame(pgno, b, pos + FRAME_HEADER_SIZE));
        if (commit != 0) {
            for (Frame f : pending) {
                pages.put(f.pgno, f.buf, f.dataOffset);
            }
            framesApplied += pending.size();
            pending.clear();
            committedPages = Integer.toUnsignedLong(commit);
        }
    }

    private void breakAt(long walOffset, String why) {
        brokenAt = walOffset;
        brokenWhy = why;
        pending.clear();
    }

    /** Ends the index: uncommitted frames are dropped and the database takes the size of the last commit. */
    void finish() throws IOException {
        pending.clear();
        if (committedPages >= 0) {
            pages.endIndex(committedPages);
        }
    }

    long framesApplied() {
        return framesApplied;
    }

    long walBytes() {
        return expectedOffset;
    }

    /** SQLite's WAL checksum: s1 += w0 + s2; s2 += w1 + s1 over 32-bit words in the header's byte order. */
    private void checksum(byte[] b, int off, int len) {
        int a = s1;
        int c = s2;
        int end = off + len;
        // One 8-byte read per step: the first word is the high half in big-endian order, the low half otherwise.
        if (bigEndianChecksum) {
            for (int i = off; i < end; i += 8) {
                long w = (long) BE_LONG.get(b, i);
                a += (int) (w >>> 32) + c;
                c += (int) w + a;
            }
        } else {
            for (int i = off; i < end; i += 8) {
                long w = (long) LE_LONG.get(b, i);
                a += (int) w + c;
                c += (int) (w >>> 32) + a;
            }
        }
        s1 = a;
        s2 = c;
    }
}
