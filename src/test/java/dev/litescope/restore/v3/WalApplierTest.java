package dev.litescope.restore.v3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.restore.PageWriter;
import dev.litescope.restore.RestoreException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct page writer against SQLite itself: a real WAL written by SQLite is applied to the database file by
 * {@link WalApplier} and checkpointed by SQLite; the two files must be identical.
 */
class WalApplierTest {
    static final int PAGE = 4096;
    static byte[] base;
    static byte[] wal;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeRealWal() throws Exception {
        Path db = shared.resolve("src.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size=" + PAGE);
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, b BLOB)");
            s.execute("INSERT INTO t(v, b) SELECT hex(randomblob(200)), randomblob(9000) FROM (WITH RECURSIVE n(x) "
                    + "AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x<40) SELECT x FROM n)");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            base = Files.readAllBytes(db);
            s.execute("INSERT INTO t(v, b) SELECT hex(randomblob(300)), randomblob(100) FROM (WITH RECURSIVE n(x) "
                    + "AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x<200) SELECT x FROM n)");
            s.execute("UPDATE t SET v = upper(v) WHERE id % 3 = 0");
            s.execute("DELETE FROM t WHERE id % 2 = 0");
            s.execute("VACUUM"); // shrinks the database: the last commit records fewer pages than before
            s.execute("INSERT INTO t(v) VALUES ('last')");
            wal = Files.readAllBytes(Path.of(db + "-wal"));
        }
        assertThat(wal.length).isGreaterThan(100 * PAGE);
    }

    @Test
    void directApplyEqualsSqliteCheckpoint() throws Exception {
        assertThat(applyInSegments(base, wal, new Random(1), true)).isEqualTo(sqliteCheckpoint(base, wal));
    }

    @Test
    void segmentsMayEndAnywhere() throws Exception {
        assertThat(applyInSegments(base, wal, new Random(2), false)).isEqualTo(sqliteCheckpoint(base, wal));
    }

    @Test
    void aTruncatedWalAppliesUpToItsLastCompleteCommitLikeSqlite() throws Exception {
        int frames = (wal.length - 32) / (24 + PAGE);
        byte[] cut = Arrays.copyOf(wal, 32 + (frames / 2) * (24 + PAGE) + 100);
        assertThat(applyInSegments(base, cut, new Random(3), false)).isEqualTo(sqliteCheckpoint(base, cut));
    }

    @Test
    void aBrokenFinalFrameIsDroppedLikeSqlite() throws Exception {
        byte[] bad = wal.clone();
        bad[bad.length - 10] ^= 0x55; // inside the last frame's page: its checksum fails, nothing follows
        assertThat(applyInSegments(base, bad, new Random(4), true)).isEqualTo(sqliteCheckpoint(base, bad));
    }

    @Test
    void aChecksumBreakBeforeLaterCommitsIsRefused() {
        byte[] bad = wal.clone();
        bad[32 + 24 + 5 * (24 + PAGE) + 100] ^= 0x01; // the 6th frame's data
        assertThatThrownBy(() -> applyInSegments(base, bad, new Random(5), true))
                .isInstanceOf(RestoreException.class)
                .hasMessageContaining("fails its checksum")
                .hasMessageContaining("a committed transaction follows")
                .hasMessageContaining("WAL index 00000007 of generation g");
    }

    @Test
    void aCorruptHeaderIsRefused() {
        byte[] bad = wal.clone();
        bad[20] ^= 0x01; // salt-2: header checksum fails
        assertThatThrownBy(() -> applyInSegments(base, bad, new Random(6), true))
                .isInstanceOf(RestoreException.class).hasMessageContaining("header checksum mismatch");
    }

    @Test
    void aMissingSegmentIsRefusedWithBothOffsets() throws Exception {
        Path db = dir.resolve("gap.db");
        Files.write(db, base);
        int frame = 24 + PAGE;
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            WalApplier a = new WalApplier(new PageWriter(f, PAGE), "WAL index 00000007 of generation g",
                    off -> "seg@" + off);
            a.accept(0, Arrays.copyOfRange(wal, 0, 32 + 3 * frame));
            long skipTo = 32 + 5L * frame;
            assertThatThrownBy(() -> a.accept(skipTo, Arrays.copyOfRange(wal, (int) skipTo, wal.length)))
                    .isInstanceOf(RestoreException.class)
                    .hasMessageContaining("seg@" + skipTo)
                    .hasMessageContaining(String.format("gap between offsets 0x%x and 0x%x", 32 + 3 * frame, skipTo));
        }
    }

    /**
     * Litestream's segments (cut after each commit), each fed in pieces of any size as a streamed decode gives
     * them, through one reused buffer: frames straddling pieces, a transaction of many frames (the VACUUM) spread
     * over many pieces and written before its commit arrives. The result is still SQLite's checkpoint.
     */
    @Test
    void wholeSegmentsFedInPiecesThroughAReusedBufferEqualSqliteCheckpoint() throws Exception {
        Path out = dir.resolve("streamed.db");
        Files.write(out, base);
        int frame = 24 + PAGE;
        Random rnd = new Random(11);
        byte[] reused = new byte[3 * frame];
        try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
            PageWriter pages = new PageWriter(f, PAGE);
            WalApplier a = WalApplier.forSegments(pages, "WAL index 00000007 of generation g", off -> "seg@" + off,
                    Optional.empty(), (w, seg, counter) -> { });
            int start = 0;
            for (int at = 32; at + frame <= wal.length; at += frame) {
                if (ByteBuffer.wrap(wal, at + 4, 4).getInt() == 0) {
                    continue;
                }
                int end = at + frame;
                a.begin(start);
                for (int pos = start; pos < end; ) {
                    int len = Math.min(1 + rnd.nextInt(reused.length), end - pos);
                    System.arraycopy(wal, pos, reused, 0, len);
                    a.feed(reused, 0, len);
                    Arrays.fill(reused, (byte) 0x5a); // what the decoder's next block would overwrite
                    pos += len;
                }
                a.end();
                start = end;
            }
            a.finish();
            pages.finish();
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(sqliteCheckpoint(base, wal));
    }

    private byte[] applyInSegments(byte[] db, byte[] walBytes, Random rnd, boolean frameAligned) throws Exception {
        Path out = dir.resolve("direct-" + rnd.nextInt(1_000_000) + ".db");
        Files.write(out, db);
        int frame = 24 + PAGE;
        try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "rw")) {
            PageWriter pages = new PageWriter(f, PAGE);
            WalApplier a = new WalApplier(pages, "WAL index 00000007 of generation g", off -> "seg@" + off);
            int pos = 0;
            while (pos < walBytes.length) {
                int len = frameAligned
                        ? (pos == 0 ? 32 + frame : 0) + frame * rnd.nextInt(12)
                        : 1 + rnd.nextInt(3 * frame);
                len = Math.max(1, Math.min(len, walBytes.length - pos));
                a.accept(pos, Arrays.copyOfRange(walBytes, pos, pos + len));
                pos += len;
            }
            a.finish();
            pages.finish();
        }
        return Files.readAllBytes(out);
    }

    /** What Litestream 0.3 does: put the WAL beside the file and let SQLite checkpoint it. */
    private byte[] sqliteCheckpoint(byte[] db, byte[] walBytes) throws Exception {
        Path ref = dir.resolve("sqlite-" + System.nanoTime() + ".db");
        Files.write(ref, db);
        Files.write(Path.of(ref + "-wal"), walBytes);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ref);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return Files.readAllBytes(ref);
    }
}
