package dev.litescope.bench;

import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.ltx.LtxWriter;
import dev.litescope.testsupport.ltx.LtxWriter.Encoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Restore speed and memory on a Litestream 0.5 replica: over 100 MB of LTX files with more than 1,000 level-0
 * files plus compactions, restored by {@code bin/litescope restore -txid} as a separate process (JVM start-up
 * included). The build provisions no Litestream 0.5 binary, so there is no side-by-side; each output is checked against
 * the SHA-256 of the database state captured when the replica was built.
 *
 * <p>The replica is shaped as the open Litestream GCS compaction bug leaves one: snapshots at TXIDs 300 and 600
 * and levels 1 to 3 compacted up to 600, then level 1 stalls and every later sync stays a level-0 file. So the
 * latest restore reads a snapshot and 600 level-0 files, and a mid-range TXID 300 of them. The workload grows a
 * real SQLite database by incompressible rows, rewrites some and deletes a few, a transaction per TXID.
 *
 * <p>Run: {@code mvn -q -B -DskipTests package exec:java@ltx-restore-bench} (options: -Dbench.runs=5
 * -Dbench.txids=1200 -Dbench.rebuild=true).
 */
public final class LtxRestoreBenchmark {
    private static final int PAGE = 4096;
    private static final int STALL = 600;
    private static final int[] SPANS = {0, 10, 60, 240};
    private static final Instant BASE = Instant.parse("2026-12-01T00:00:00Z");

    private LtxRestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target")).toAbsolutePath();
        if (!Files.exists(buildDir.resolve("litescope.jar"))) {
            throw new IllegalStateException("target/litescope.jar is missing: run the benchmark with `package` "
                    + "before exec:java");
        }
        int txids = Integer.getInteger("bench.txids", 1200);
        Path dir = buildDir.resolve("bench/ltx");
        Path replica = dir.resolve("replica");
        Path expected = dir.resolve("expected.properties");
        if (Boolean.getBoolean("bench.rebuild") || !Files.exists(expected)) {
            deleteTree(dir);
            Files.createDirectories(dir);
            long t0 = System.nanoTime();
            Properties sums = build(dir, replica, txids);
            try (var w = Files.newBufferedWriter(expected)) {
                sums.store(w, "SHA-256 of the database at each benchmarked TXID");
            }
            System.out.printf(Locale.ROOT, "built in %.0fs%n", (System.nanoTime() - t0) / 1e9);
        }
        Properties sums = new Properties();
        try (var r = Files.newBufferedReader(expected)) {
            sums.load(r);
        }
        describe(replica);
        int runs = Integer.getInteger("bench.runs", 5);
        Path launcher = Path.of("bin", "litescope").toAbsolutePath();
        Path out = Files.createDirectories(dir.resolve("out"));
        System.out.printf(Locale.ROOT, "%-28s %9s %9s %12s %8s%n", "restore (median of " + runs + ")", "wall", "cpu",
                "peak RSS", "files");
        for (String name : List.of("latest", "mid")) {
            String txid = sums.getProperty(name + ".txid");
            List<Double> walls = new ArrayList<>();
            List<Double> cpus = new ArrayList<>();
            long peak = 0;
            for (int i = 0; i <= runs; i++) {
                Path db = out.resolve(name + ".db");
                Files.deleteIfExists(db);
                PeakRss.Result r = PeakRss.run(List.of(launcher.toString(), "restore", "-txid", txid, "-o",
                        db.toString(), replica.toString()), Map.of());
                if (r.exitCode() != 0) {
                    throw new AssertionError("litescope restore -txid " + txid + " failed with " + r.exitCode());
                }
                String sha = RestoreComparison.sha256(db);
                if (!sha.equals(sums.getProperty(name + ".sha256"))) {
                    throw new AssertionError("TXID " + txid + ": restored " + sha + ", captured "
                            + sums.getProperty(name + ".sha256"));
                }
                if (i > 0) { // one untimed warm-up
                    walls.add(r.wall().toNanos() / 1e9);
                    cpus.add(r.cpu().toNanos() / 1e9);
                    peak = Math.max(peak, r.peakRssKiB());
                }
            }
            System.out.printf(Locale.ROOT, "%-28s %8.2fs %8.2fs %8d MiB %8s%n", name + " (txid " + txid + ")",
                    RestoreBenchmark.median(walls), RestoreBenchmark.median(cpus), peak / 1024,
                    sums.getProperty(name + ".files"));
        }
        System.exit(0);
    }

    /** Runs the workload, writing the replica as it goes; returns the checksums of the benchmarked states. */
    private static Properties build(Path dir, Path replica, int txids) throws Exception {
        Path db = dir.resolve("source.db");
        Random random = new Random(42);
        Properties sums = new Properties();
        long mid = STALL + (txids - STALL) / 2;
        List<TreeSet<Integer>> pending = new ArrayList<>();
        for (int l = 0; l < SPANS.length; l++) {
            pending.add(new TreeSet<>());
        }
        byte[] prev = new byte[0];
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA page_size=" + PAGE);
                s.execute("PRAGMA journal_mode=DELETE");
                s.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, tag TEXT, body BLOB)");
            }
            c.setAutoCommit(false);
            for (long t = 1; t <= txids; t++) {
                if (t > 1) {
                    change(c, random, t);
                }
                c.commit();
                byte[] now = Files.readAllBytes(db);
                TreeSet<Integer> changed = changed(prev, now);
                write(replica, 0, t, t, now, changed, BASE.plusSeconds(t).toEpochMilli());
                for (int l = 1; l < SPANS.length; l++) {
                    pending.get(l).addAll(changed);
                    if (t <= STALL && t % SPANS[l] == 0) {
                        int commit = now.length / PAGE;
                        pending.get(l).removeIf(p -> p > commit);
                        write(replica, l, t - SPANS[l] + 1, t, now, pending.get(l), BASE.plusSeconds(t).toEpochMilli());
                        pending.get(l).clear();
                    }
                }
                if (t == STALL / 2 || t == STALL) {
                    TreeSet<Integer> all = new TreeSet<>();
                    for (int p = 1; p <= now.length / PAGE; p++) {
                        all.add(p);
                    }
                    write(replica, 9, 1, t, now, all, BASE.plusSeconds(t).toEpochMilli() + 400);
                }
                if (t == mid || t == txids) {
                    String name = t == mid ? "mid" : "latest";
                    sums.setProperty(name + ".txid", String.format("%016x", t));
                    sums.setProperty(name + ".sha256", HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(now)));
                    sums.setProperty(name + ".files", Long.toString(1 + t - STALL));
                }
                prev = now;
            }
        }
        return sums;
    }

    /** One transaction: two or three incompressible rows in, some rows rewritten, now and then two deleted. */
    private static void change(Connection c, Random random, long t) throws Exception {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO blobs (tag, body) VALUES (?, ?)")) {
            for (int i = 0; i < 2 + random.nextInt(2); i++) {
                byte[] body = new byte[8_000 + random.nextInt(16_000)];
                random.nextBytes(body);
                ins.setString(1, "t" + t);
                ins.setBytes(2, body);
                ins.executeUpdate();
            }
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE blobs SET body = ? WHERE id = ?")) {
            byte[] body = new byte[4_000];
            random.nextBytes(body);
            up.setBytes(1, body);
            up.setLong(2, 1 + random.nextInt((int) t * 2));
            up.executeUpdate();
        }
        if (t % 25 == 0) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM blobs WHERE id IN (SELECT id FROM blobs ORDER BY id LIMIT 2 OFFSET "
                        + random.nextInt(50) + ")");
            }
        }
    }

    private static TreeSet<Integer> changed(byte[] prev, byte[] now) {
        TreeSet<Integer> pages = new TreeSet<>();
        for (int p = 1; p <= now.length / PAGE; p++) {
            int off = (p - 1) * PAGE;
            if (off + PAGE > prev.length || !Arrays.equals(now, off, off + PAGE, prev, off, off + PAGE)) {
                pages.add(p);
            }
        }
        return pages;
    }

    private static void write(Path replica, int level, long min, long max, byte[] state, TreeSet<Integer> pages,
                              long ts) throws IOException {
        List<LtxWriter.Page> list = new ArrayList<>();
        for (int p : pages) {
            list.add(new LtxWriter.Page(p, Arrays.copyOfRange(state, (p - 1) * PAGE, p * PAGE)));
        }
        Encoding encoding = max <= STALL ? Encoding.FRAME : Encoding.SIZED_BLOCK;
        byte[] data = LtxWriter.write(new LtxWriter.Header(PAGE, state.length / PAGE, min, max, ts), list, encoding);
        Path file = replica.resolve(String.format("ltx/%d/%016x-%016x.ltx", level, min, max));
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        Files.setLastModifiedTime(file, FileTime.fromMillis(ts));
    }

    private static void describe(Path replica) throws IOException {
        long bytes = 0;
        int[] counts = new int[10];
        try (Stream<Path> s = Files.walk(replica)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                bytes += Files.size(p);
                counts[Integer.parseInt(p.getParent().getFileName().toString())]++;
            }
        }
        System.out.printf(Locale.ROOT, "replica %s: %.1f MiB of LTX files; level 0: %d, 1: %d, 2: %d, 3: %d, 9: %d%n",
                replica, bytes / 1048576.0, counts[0], counts[1], counts[2], counts[3], counts[9]);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
