package dev.litescope.restore.v3;

import dev.litescope.restore.PageWriter;
import dev.litescope.restore.RestoreException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Applies one WAL index to a database file by writing its committed pages directly: what SQLite's recovery
 * followed by a checkpoint does, without SQLite. For each index the bytes arrive segment by segment in offset
 * order; the applier walks the frames while the salts and the cumulative checksum hold, writes every
 * transaction when its commit frame arrives, and at the end sets the file to the size the last commit records.
 *
 * <p>A segment's bytes may arrive in pieces of any size ({@link #begin}, {@link #feed}, {@link #end}), so that
 * a segment of any size streams through a fixed buffer. Fed Litestream's segments, frames go to the restore's
 * {@link PageWriter} as they pass their checksum, not at their commit: there a transaction that does not commit
 * is refused and fails the whole restore, whose file is then thrown away, so nothing of it survives and a bulk
 * import's transaction is never held. Without that mode a transaction's frames are copied until its commit.
 *
 * <p>Where SQLite would silently drop committed data, the applier refuses: a segment that does not start where
 * the previous one ended (a lost segment), a header that fails its checksum, or a checksum break followed by
 * more committed frames.
 *
 * <p>Fed Litestream's segments ({@link #forSegments}), it also refuses what SQLite's recovery would quietly cut
 * off, because Litestream uploads only whole, valid frames: every segment must hold whole frames that all pass,
 * and the WAL header must continue the previous index's (a WAL restart adds one to salt-1). A segment usually
 * ends in a commit frame, but not always: the real Litestream 0.3.13 was seen to upload 49 frames of a
 * transaction in one segment and its commit in the next. So a transaction may span segments, and only a restore
 * that stops inside one (its commit in a segment after the target, or not uploaded yet) is refused, at
 * {@link #finish}: its frames are already in the file. Without that mode it reads a WAL split anywhere, as
 * SQLite does.
 */
public final class WalApplier {
    static final int WAL_HEADER_SIZE = 32;
    static final int FRAME_HEADER_SIZE = 24;
    private static final int MAGIC_LE = 0x377F0682;
    private static final int MAGIC_BE = 0x377F0683;
    private static final int WAL_VERSION = 3007000;
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Names things in messages: "generation G, WAL index I". */
    interface Describer {
        String segment(long offset);
    }

    /** Told of each committed frame of page 1, whose header carries the database's change counter. */
    interface PageOneListener {
        void committed(long walOffset, long segmentOffset, long changeCounter) throws RestoreException;
    }

    /** The fields of a WAL header that tie one WAL index to the next. */
    record Header(int pageSize, long checkpointSequence, long salt1, long salt2) {
    }

    private PageWriter pages;
    private final int pageSize;
    private final String where;
    private final Describer describer;
    /** Litestream's segments: whole valid frames ending in a commit; otherwise any split, as SQLite reads. */
    private final boolean wholeSegments;
    private final Optional<Header> previous;
    private final PageOneListener pageOne;
    private Header header;

    private long expectedOffset;
    /** The bytes of a header or frame that the last {@link #feed} cut off, from WAL offset {@link #consumed}. */
    private final byte[] partial;
    private int partialLen;
    /** WAL offset of the first byte not yet read as part of a header or frame. */
    private long consumed;
    private long segmentOffset;
    private boolean headerDone;
    private boolean bigEndianChecksum;
    private int salt1;
    private int salt2;
    private int s1;
    private int s2;
    /** Set once a frame fails validation; later frames are only inspected for commits that would be lost. */
    private long brokenAt = -1;
    private String brokenWhy;
    private long brokenSegment;
    /** Frames of the open transaction, copied; only without whole segments (otherwise written at once). */
    private final List<Frame> pending = new ArrayList<>();
    private long uncommitted;
    /** Where the transaction not committed yet began: its first frame's WAL offset and segment. */
    private long openAt = -1;
    private long openSegment = -1;
    private long committedPages = -1;
    private long framesApplied;

    private record Frame(int pgno, byte[] page, long walOffset, long segmentOffset) {
    }

    /** An applier for a WAL byte stream split anywhere, which it reads as SQLite's recovery does. */
    WalApplier(PageWriter pages, String where, Describer describer) {
        this(pages, where, describer, false, Optional.empty(), (w, s, c) -> { });
    }

    private WalApplier(PageWriter pages, String where, Describer describer, boolean wholeSegments,
                       Optional<Header> previous, PageOneListener pageOne) {
        this.pages = pages;
        this.pageSize = pages.pageSize();
        this.where = where;
        this.describer = describer;
        this.wholeSegments = wholeSegments;
        this.previous = previous;
        this.pageOne = pageOne;
        this.partial = new byte[FRAME_HEADER_SIZE + pageSize];
    }

    /**
     * An applier for one WAL index of a Litestream replica, fed segment by segment.
     *
     * @param previous the header of the index before this one in the restore, if this is not the first
     */
    static WalApplier forSegments(PageWriter pages, String where, Describer describer,
                                  Optional<Header> previous, PageOneListener pageOne) {
        return new WalApplier(pages, where, describer, true, previous, pageOne);
    }

    /**
     * Goes on with the index after {@link #finish} ended it between two segments: the next segment's frames go
     * to {@code next}, a writer over the same file, and must continue the checksums and offsets of the ones
     * before. Only for Litestream's segments, each ending in a commit, so nothing of a transaction was dropped.
     */
    void continueInto(PageWriter next) {
        if (!wholeSegments || next.pageSize() != pageSize) {
            throw new IllegalStateException("an applier goes on only over Litestream's segments, at its page size");
        }
        pages = next;
    }

    /** The index's WAL header, once its first segment has been read. */
    Optional<Header> header() {
        return Optional.ofNullable(header);
    }

    /** Feeds the decompressed bytes of the segment at {@code offset}, held whole. */
    void accept(long offset, byte[] data) throws RestoreException, IOException {
        begin(offset);
        feed(data, 0, data.length);
        end();
    }

    /** A segment starts at WAL offset {@code offset}; its bytes follow with {@link #feed}, then {@link #end}. */
    void begin(long offset) throws RestoreException {
        if (offset != expectedOffset) {
            throw new RestoreException(String.format("WAL segment %s is out of sequence: %s should continue at "
                    + "offset %d (0x%x) but the next segment starts at offset %d (0x%x). The replica has a gap "
                    + "between offsets 0x%x and 0x%x; restoring past it would corrupt the database (litestream "
                    + "restore writes a malformed file here). Restore an earlier point, or a later generation.",
                    describer.segment(offset), where, expectedOffset, expectedOffset, offset, offset,
                    expectedOffset, offset));
        }
        segmentOffset = offset;
    }

    /**
     * The next decoded bytes of the current segment, in any split: frames are read in place, only one that
     * straddles two calls is assembled, so the caller may reuse {@code b} once this returns.
     */
    void feed(byte[] b, int off, int len) throws RestoreException, IOException {
        expectedOffset += len;
        int end = off + len;
        if (partialLen > 0) {
            int n = Math.min(unit() - partialLen, len);
            System.arraycopy(b, off, partial, partialLen, n);
            partialLen += n;
            off += n;
            if (partialLen < unit()) {
                return;
            }
            partialLen = 0;
            unit(partial, 0);
        }
        while (end - off >= unit()) {
            int n = unit();
            unit(b, off);
            off += n;
        }
        if (off < end) {
            System.arraycopy(b, off, partial, 0, end - off);
            partialLen = end - off;
        }
    }

    /** The current segment ended. */
    void end() throws RestoreException {
        requireWhole(segmentOffset, expectedOffset - segmentOffset);
    }

    /** What the next whole piece of the WAL is: its header, then frames. */
    private int unit() {
        return headerDone ? FRAME_HEADER_SIZE + pageSize : WAL_HEADER_SIZE;
    }

    /** Reads the piece at {@code consumed}, {@link #unit} bytes at {@code b[pos]}. */
    private void unit(byte[] b, int pos) throws RestoreException, IOException {
        if (headerDone) {
            frame(b, pos, consumed, segmentOffset);
            consumed += FRAME_HEADER_SIZE + pageSize;
        } else {
            readHeader(b, pos, segmentOffset);
            consumed += WAL_HEADER_SIZE;
        }
    }

    /**
     * Litestream uploads whole frames, so a segment that ends inside one lost its tail: SQLite would quietly
     * restore one transaction less. (Frames that no commit closes yet may go on in the next segment.)
     */
    private void requireWhole(long offset, long length) throws RestoreException {
        if (!wholeSegments) {
            return;
        }
        if (partialLen > 0) {
            throw new RestoreException(String.format("WAL segment %s of %s ends with a partial %s: its last %d of "
                    + "%d bytes, from WAL offset %d (0x%x), are not a whole %d-byte frame. Litestream uploads only "
                    + "whole frames, so the object is truncated or damaged, and litestream restore would "
                    + "quietly restore one transaction less. Restore an earlier point, before this segment.",
                    describer.segment(offset), where, headerDone ? "frame" : "WAL header", partialLen, length,
                    consumed, consumed, FRAME_HEADER_SIZE + pageSize));
        }
    }

    private void readHeader(byte[] b, int at, long segOffset) throws RestoreException {
        int magic = (int) BE_INT.get(b, at);
        int version = (int) BE_INT.get(b, at + 4);
        int walPageSize = (int) BE_INT.get(b, at + 8);
        if (magic != MAGIC_LE && magic != MAGIC_BE) {
            throw corruptHeader(segOffset, String.format("bad magic 0x%08x", magic));
        }
        if (version != WAL_VERSION) {
            throw corruptHeader(segOffset, "unsupported WAL format version " + version);
        }
        bigEndianChecksum = magic == MAGIC_BE;
        s1 = 0;
        s2 = 0;
        checksum(b, at, 24);
        if (s1 != (int) BE_INT.get(b, at + 24) || s2 != (int) BE_INT.get(b, at + 28)) {
            throw corruptHeader(segOffset, "header checksum mismatch");
        }
        if (walPageSize != pageSize) {
            throw new RestoreException(String.format("%s has page size %d but the snapshot's database has page "
                    + "size %d (segment %s); they cannot belong together", where, walPageSize, pageSize,
                    describer.segment(segOffset)));
        }
        salt1 = (int) BE_INT.get(b, at + 16);
        salt2 = (int) BE_INT.get(b, at + 20);
        header = new Header(walPageSize, Integer.toUnsignedLong((int) BE_INT.get(b, at + 12)),
                Integer.toUnsignedLong(salt1), Integer.toUnsignedLong(salt2));
        if (previous.isPresent()) {
            requireContinues(previous.get(), segOffset);
        }
        headerDone = true;
    }

    /**
     * Each WAL index starts with a WAL restart, and SQLite's restart adds one to salt-1 (salt-2 is new and
     * random): a header that does not is another generation's or another database's. The checkpoint sequence is
     * not compared: on real replicas it jumps by two (two restarts of the wal-index header between frames) and
     * starts again at 1 (a Litestream restart on the same generation, after SQLite recovered the WAL).
     */
    private void requireContinues(Header prev, long segOffset) throws RestoreException {
        long s1 = (prev.salt1() + 1) & 0xffffffffL;
        if (header.pageSize() != prev.pageSize() || header.salt1() != s1) {
            throw new RestoreException(String.format("%s does not continue the WAL index before it: segment %s "
                    + "has page size %d and salt-1 %08x where the WAL restart that starts an index would give page "
                    + "size %d and salt-1 %08x. The index belongs to another generation or another database; "
                    + "litestream restore would write its pages into this one. Restore an earlier point, before "
                    + "this index.", where, describer.segment(segOffset), header.pageSize(), header.salt1(),
                    prev.pageSize(), s1));
        }
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
            breakAt(walOffset, segOffset, saltsMatch ? "has page number 0" : "carries salts of another WAL");
            return;
        }
        int c1 = s1;
        int c2 = s2;
        checksum(b, pos, 8);
        checksum(b, pos + FRAME_HEADER_SIZE, pageSize);
        if (s1 != (int) BE_INT.get(b, pos + 16) || s2 != (int) BE_INT.get(b, pos + 20)) {
            s1 = c1;
            s2 = c2;
            breakAt(walOffset, segOffset, "fails its checksum");
            return;
        }
        if (wholeSegments) {
            // Written at once: a transaction that never commits fails the whole restore (see the class comment).
            apply(pgno, b, pos + FRAME_HEADER_SIZE, walOffset, segOffset);
        } else {
            pending.add(new Frame(pgno, Arrays.copyOfRange(b, pos + FRAME_HEADER_SIZE,
                    pos + FRAME_HEADER_SIZE + pageSize), walOffset, segOffset));
        }
        if (uncommitted == 0) {
            openAt = walOffset;
            openSegment = segOffset;
        }
        uncommitted++;
        if (commit != 0) {
            for (Frame f : pending) {
                apply(f.pgno, f.page, 0, f.walOffset, f.segmentOffset);
            }
            framesApplied += uncommitted;
            uncommitted = 0;
            pending.clear();
            committedPages = Integer.toUnsignedLong(commit);
        }
    }

    private void apply(int pgno, byte[] b, int at, long walOffset, long segOffset) throws RestoreException,
            IOException {
        if (pgno == 1) {
            pageOne.committed(walOffset, segOffset, Integer.toUnsignedLong((int) BE_INT.get(b, at + 24)));
        }
        pages.put(pgno, b, at);
    }

    private void breakAt(long walOffset, long segOffset, String why) {
        brokenAt = walOffset;
        brokenSegment = segOffset;
        brokenWhy = why;
        pending.clear();
        uncommitted = 0;
    }

    /** Ends the index: uncommitted frames are dropped and the database takes the size of the last commit. */
    void finish() throws RestoreException, IOException {
        if (wholeSegments && brokenAt >= 0) {
            throw new RestoreException(String.format("%s is corrupt: the frame at WAL offset %d (0x%x) %s, at the "
                    + "end of its newest segment %s. Litestream uploads only whole, valid, committed frames, so the "
                    + "object is damaged, and litestream restore would quietly stop one transaction early. Restore "
                    + "an earlier point, before this segment.", where, brokenAt, brokenAt, brokenWhy,
                    describer.segment(brokenSegment)));
        }
        if (wholeSegments && brokenAt < 0 && uncommitted > 0) {
            throw new RestoreException(String.format("the restore of %s stops inside a transaction: its %d frame(s) "
                    + "from WAL offset %d (0x%x), in segment %s on, have no commit frame in the segments restored. "
                    + "Litestream uploads a long transaction's commit in a later segment of the index (or has not "
                    + "uploaded it yet, if the database is being written now); its frames are already written here, "
                    + "so the file cannot be finished. Restore a point after that commit (the latest, once it is "
                    + "uploaded) or one before segment %s; litestream restore would give the state before the "
                    + "transaction.", where, uncommitted, openAt, openAt, describer.segment(openSegment),
                    describer.segment(openSegment)));
        }
        pending.clear();
        uncommitted = 0;
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
