package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.RestoreComparison;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by the bytes in flight, not by the number of downloads: {@code -parallelism 64} over a
 * replica of thousands of tiny WAL segments restores in a child JVM with a 256 MB heap, whose peak heap use
 * after collections (what stays live) is measured there. (Before, each of 64 download threads held a 4 MiB
 * decode buffer: 256 MiB.) The replica is laid out as Litestream lays it out, from SQLite's own WAL cut at every commit
 * (one transaction per segment, as a busy database synced every second gives); the restore must give the bytes
 * of SQLite's own checkpoint and of {@code litestream restore}.
 */
class RestoreMemoryTest {
    static final int PAGE = 4096;
    static final int TRANSACTIONS = 2000;
    static final long HEAP_LIMIT = 256L << 20;

    @TempDir
    Path tmp;

    @Test
    void parallelism64OverThousandsOfTinySegmentsStaysUnder256MbOfHeap() throws Exception {
        Path replica = tmp.resolve("replica");
        byte[][] dbAndWal = writeDatabase(tmp.resolve("src.db"));
        int segments = writeReplica(replica, dbAndWal[0], dbAndWal[1]);
        assertThat(segments).isGreaterThanOrEqualTo(TRANSACTIONS);
        String url = "file://" + replica;

        Path out = tmp.resolve("restored.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), out.toString(), url).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        long peak = Long.parseLong(output.lines().filter(l -> l.startsWith("peak-heap ")).findFirst()
                .orElseThrow(() -> new AssertionError("no peak reported: " + output)).substring(10).trim());
        System.out.printf("-parallelism 64, %d segments: peak heap %.1f MiB%n", segments, peak / 1048576.0);
        assertThat(peak).as("peak heap in bytes").isLessThan(HEAP_LIMIT);

        Path ref = tmp.resolve("sqlite.db");
        Files.write(ref, dbAndWal[0]);
        Files.write(Path.of(ref + "-wal"), dbAndWal[1]);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ref); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        assertThat(RestoreComparison.sha256(out)).isEqualTo(RestoreComparison.sha256(ref));
        Path ls = tmp.resolve("ls.db");
        LitestreamBinary.restore(ls, url).requireSuccess();
        assertThat(RestoreComparison.sha256(out)).isEqualTo(RestoreComparison.sha256(ls));
    }

    /**
     * Runs the restore in the child JVM and reports the peak of the heap in use after each collection: what the
     * restore really holds, where the pools' own peaks would only show how full the young generation got.
     */
    public static final class Probe {
        public static void main(String[] args) {
            Set<String> heapPools = new HashSet<>();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            AtomicLong peak = new AtomicLong();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    peak.accumulateAndGet(used, Math::max);
                }, n -> n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION), null);
            }
            ProcResult r = Litescope.run("restore", "-parallelism", "64", "-o", args[0], args[1]);
            System.gc(); // one collection at the end, so that a run without any still reports what it holds
            long end = System.nanoTime() + 2_000_000_000L;
            while (peak.get() == 0 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            System.out.println(r.stderr());
            System.out.println("peak-heap " + peak.get());
            System.exit(r.exitCode());
        }
    }

    /** @return the database file after its first checkpoint, and the WAL of the transactions after it */
    private static byte[][] writeDatabase(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size=" + PAGE);
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)").close();
            byte[] base = Files.readAllBytes(db);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
                for (int i = 0; i < TRANSACTIONS; i++) {
                    ins.setString(1, "row " + i);
                    ins.executeUpdate();
                }
            }
            return new byte[][] {base, Files.readAllBytes(Path.of(db + "-wal"))};
        }
    }

    /** Writes generation 0000000000000001: the snapshot, then one WAL segment per transaction. */
    private static int writeReplica(Path replica, byte[] db, byte[] wal) throws Exception {
        Path gen = replica.resolve("generations/0000000000000001");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Path snap = Files.createDirectories(gen.resolve("snapshots")).resolve("00000000.snapshot.lz4");
        Files.write(snap, RestoreRefusalTest.compress(db));
        Files.setLastModifiedTime(snap, FileTime.from(t));
        Path walDir = Files.createDirectories(gen.resolve("wal"));
        List<int[]> cuts = new ArrayList<>();
        int start = 0;
        for (int at = 32; at + 24 + PAGE <= wal.length; at += 24 + PAGE) {
            if (ByteBuffer.wrap(wal, at + 4, 4).getInt() != 0) {
                cuts.add(new int[] {start, at + 24 + PAGE});
                start = at + 24 + PAGE;
            }
        }
        for (int[] cut : cuts) {
            t = t.plusMillis(10);
            Path seg = walDir.resolve(String.format("00000000_%08x.wal.lz4", cut[0]));
            Files.write(seg, RestoreRefusalTest.compress(Arrays.copyOfRange(wal, cut[0], cut[1])));
            Files.setLastModifiedTime(seg, FileTime.from(t));
        }
        return cuts.size();
    }
}
