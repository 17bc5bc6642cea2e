package dev.litescope.bench;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.Lz4Frame;
import dev.litescope.restore.ParallelLz4Decoder;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.LitestreamProcess;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Sqlite3;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Restore at scale ({@code -Dbench.sizes=100m,1g,3g} on the restore benchmark): per size, a replica the real
 * Litestream made of a database of about that size (half in its first snapshot, half in 2 MB transactions
 * replicated as WAL segments; rows half random, half zeros, so LZ4 has work), built once under
 * {@code target/bench/scale-SIZE}. Then, alternating, {@code litestream restore} and {@code bin/litescope restore}
 * (wall, CPU, peak RSS, identical outputs), and the floor on the same machine: one pass that only decodes every
 * planned object (output discarded) plus one sequential write (and fsync) of the output's size. With
 * {@code -Dbench.jfr=true} the largest size is restored once more under a JFR profile, written beside it. With
 * {@code -Dbench.store=gcs} both tools restore from a copy of each replica on the loopback GCS server (kept under
 * {@code target/bench/gcs-scale-data}), which serves from this process; {@code -Dbench.gcs.rate=MIB} paces each of
 * its responses to that many MiB a second, as a network path of that speed would.
 */
final class RestoreScaleBenchmark {
    private static final int MB_ROWS = 250; // rows of 4000 bytes a MB
    private static final int TXN_ROWS = 500; // 2 MB a transaction

    private RestoreScaleBenchmark() {
    }

    static void run(Path buildDir, String sizes) throws Exception {
        if (!System.getProperty("bench.store", "file").equals("gcs")) {
            run(buildDir, sizes, null, Map.of());
            return;
        }
        Path data = Files.createDirectories(buildDir.resolve("bench/gcs-scale-data").toAbsolutePath());
        try (LoopbackGcs gcs = LoopbackGcs.start(0, Optional.of(data))) {
            gcs.limitRate((long) (Double.parseDouble(System.getProperty("bench.gcs.rate", "0")) * (1 << 20)));
            run(buildDir, sizes, gcs, Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()));
        }
    }

    /** How fast the loopback server sends each response ({@code -Dbench.gcs.rate=MIB}), if it is paced. */
    private static String rate() {
        String rate = System.getProperty("bench.gcs.rate", "0");
        return Double.parseDouble(rate) > 0 ? ", " + rate + " MiB/s a response" : "";
    }

    /** @param gcs where the replicas are restored from ({@code -Dbench.store=gcs}); null for their folders */
    private static void run(Path buildDir, String sizes, LoopbackGcs gcs, Map<String, String> env) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        Path launcher = Path.of("bin", "litescope").toAbsolutePath();
        List<String> rows = new ArrayList<>();
        Path largest = null;
        String largestUrl = null;
        for (String size : sizes.split(",")) {
            long mb = megabytes(size.strip());
            Path dir = buildDir.resolve("bench/scale-" + size.strip()).toAbsolutePath();
            String folder = replica(dir, mb);
            String url = gcs == null ? folder : onGcs(gcs, dir.resolve("replica"), size.strip());
            Path out = Files.createDirectories(dir.resolve("out"));
            List<PeakRss.Result> ls = new ArrayList<>();
            List<PeakRss.Result> lsc = new ArrayList<>();
            // Untimed: records the launcher's class archive and warms the page cache with the replica.
            RestoreBenchmark.check(PeakRss.run(List.of(launcher.toString(), "restore", "-no-cache", "-o",
                    out.resolve("warmup.db").toString(), url), env), "litescope");
            for (int i = 0; i < runs; i++) {
                RestoreBenchmark.clean(out);
                Path a = out.resolve("litestream.db");
                Path b = out.resolve("litescope.db");
                List<String> litestream = List.of(LitestreamBinary.path().toString(), "restore", "-o", a.toString(),
                        url);
                List<String> litescope = List.of(launcher.toString(), "restore", "-no-cache", "-o", b.toString(),
                        url);
                if (i % 2 == 0) {
                    ls.add(RestoreBenchmark.check(PeakRss.run(litestream, env), "litestream"));
                    lsc.add(RestoreBenchmark.check(PeakRss.run(litescope, env), "litescope"));
                } else {
                    lsc.add(RestoreBenchmark.check(PeakRss.run(litescope, env), "litescope"));
                    ls.add(RestoreBenchmark.check(PeakRss.run(litestream, env), "litestream"));
                }
                if (!RestoreComparison.sha256(a).equals(RestoreComparison.sha256(b))) {
                    throw new AssertionError(size + " run " + i + ": the two restores differ");
                }
                System.out.printf(Locale.ROOT, "%s run %d: litestream %6.2fs (cpu %5.2fs) %4d MiB | litescope %6.2fs "
                                + "(cpu %5.2fs) %4d MiB | identical%n", size, i + 1, secs(ls.get(i).wall()),
                        secs(ls.get(i).cpu()), ls.get(i).peakRssKiB() / 1024, secs(lsc.get(i).wall()),
                        secs(lsc.get(i).cpu()), lsc.get(i).peakRssKiB() / 1024);
            }
            long outBytes = Files.size(out.resolve("litescope.db"));
            RestoreBenchmark.clean(out);
            // The floor is the machine's: decoding the same objects, read from the folder.
            double decode = Math.min(decodeOnly(folder), decodeOnly(folder));
            double write = writeOnly(out.resolve("floor.db"), outBytes);
            double wls = median(ls, true);
            double wlsc = median(lsc, true);
            rows.add(String.format(Locale.ROOT, "| %s (%.0f MiB out, %.0f MiB stored) | %.2f s / %.2f s / %d MiB "
                            + "| %.2f s / %.2f s / %d MiB | %.2f× | %.2f s + %.2f s | %.2f× |", size,
                    outBytes / 1048576.0, storedMiB(url, env), wls, median(ls, false), peak(ls), wlsc,
                    median(lsc, false), peak(lsc), wlsc / wls, decode, write, wlsc / (decode + write)));
            largest = out;
            largestUrl = url;
        }
        System.out.printf(Locale.ROOT, "%n| size | litestream wall / CPU / peak RSS | litescope wall / CPU / peak RSS "
                + "| wall ratio | floor: decode + write | litescope / floor |%n|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "(median of %d, from %s; load average %s)%n", runs,
                gcs == null ? "the replicas' folders" : "the loopback GCS server" + rate(), Files.readString(
                Path.of("/proc/loadavg")).strip());
        if (Boolean.getBoolean("bench.jfr") && largest != null) {
            Path jfr = largest.resolveSibling("restore.jfr");
            PeakRss.Result r = RestoreBenchmark.check(PeakRss.run(List.of(launcher.toString(), "restore", "-no-cache",
                    "-o", largest.resolve("profiled.db").toString(), largestUrl), with(env, "LITESCOPE_JAVA_OPTS",
                    "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile")), "litescope (JFR)");
            RestoreBenchmark.clean(largest);
            System.out.printf(Locale.ROOT, "JFR profile of one restore (%.2fs): %s%n", secs(r.wall()), jfr);
        }
    }

    /** Builds the replica once; returns its URL. */
    private static String replica(Path dir, long mb) throws Exception {
        Path marker = dir.resolve("built");
        if (Files.exists(marker) && !Boolean.getBoolean("bench.rebuild")) {
            return Files.readString(marker).strip();
        }
        RestoreBenchmark.deleteTree(dir);
        Files.createDirectories(dir);
        long started = System.nanoTime();
        Path db = dir.resolve("source.db");
        long half = mb * MB_ROWS / 2;
        System.out.printf("building a %d MB replica with the real Litestream...%n", mb);
        Sqlite3.run(db, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; "
                + "CREATE TABLE t(id INTEGER PRIMARY KEY, noise BLOB, fill BLOB); "
                + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + half + ") "
                + "INSERT INTO t(noise, fill) SELECT randomblob(2000), zeroblob(2000) FROM n; "
                + "PRAGMA wal_checkpoint(TRUNCATE);");
        Path replica = dir.resolve("replica");
        try (LitestreamProcess ls = LitestreamProcess.replicateToFolder(db, replica, "100ms")) {
            ls.awaitLog(Pattern.compile("msg=\"snapshot written\""), Duration.ofMinutes(10));
            StringBuilder sql = new StringBuilder();
            for (long done = 0; done < half; done += TXN_ROWS) {
                sql.append("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ")
                        .append(TXN_ROWS).append(") INSERT INTO t(noise, fill) SELECT randomblob(2000), "
                                + "zeroblob(2000) FROM n;\nUPDATE t SET fill = randomblob(100) WHERE id = ")
                        .append(1 + done % half).append(";\n.shell sleep 0.1\n");
            }
            Sqlite3.run(db, sql.toString());
            Thread.sleep(3000);
        }
        String url = "file://" + replica;
        Files.writeString(marker, url);
        System.out.printf("built in %ds: %.0f MiB stored%n", (System.nanoTime() - started) / 1_000_000_000L,
                storedMiB(url, Map.of()));
        return url;
    }

    /**
     * The folder's replica on the loopback server, under {@code gcs://scale/SIZE}: copied once, object for object
     * (a copy that differs in its count of objects is made again).
     */
    private static String onGcs(LoopbackGcs gcs, Path replica, String size) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(replica)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        String prefix = size + "/";
        if (gcs.list("scale", prefix).size() != files.size()) {
            System.out.printf("copying the %s replica to the loopback GCS server...%n", size);
            gcs.list("scale", prefix).forEach(m -> gcs.delete("scale", m.name()));
            for (Path f : files) {
                gcs.put("scale", prefix + replica.relativize(f).toString().replace('\\', '/'),
                        Files.readAllBytes(f), Files.getLastModifiedTime(f).toInstant());
            }
        }
        return "gcs://scale/" + size;
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> out = new HashMap<>(env);
        out.put(name, value);
        return out;
    }

    /** Seconds to decode every object of the latest restore's plan, output discarded. */
    private static double decodeOnly(String url) throws Exception {
        Replica replica = Replicas.open(ReplicaUrl.parse(url), ReplicaOptions.fromEnvironment(Map.of(), false));
        RestorePlan plan = new Planner(new Catalog(replica)).plan(new RestoreTarget.Latest());
        ObjectStore store = replica.store();
        long t0 = System.nanoTime();
        long[] bytes = {0};
        Lz4Frame.BlockSink discard = (data, off, len) -> bytes[0] += len;
        // The snapshot as the restore decodes it: its blocks on a pool, in order.
        try (InputStream in = store.open(plan.snapshot().object())) {
            ParallelLz4Decoder.forRestore(RestoreOptions.defaults()).decode(in, discard);
        }
        for (WalSegment s : plan.segments()) {
            decode(store, s.object(), discard);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void decode(ObjectStore store, ObjectInfo object, Lz4Frame.BlockSink sink) throws Exception {
        try (InputStream in = store.open(object)) {
            Lz4Frame.decode(in, sink);
        }
    }

    /** Seconds to write {@code bytes} to a new file sequentially, 4 MiB at a time, and fsync it. */
    private static double writeOnly(Path file, long bytes) throws Exception {
        ByteBuffer block = ByteBuffer.allocateDirect(4 << 20);
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; ) {
                block.clear().limit((int) Math.min(block.capacity(), left));
                left -= ch.write(block);
            }
            ch.force(true);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Files.delete(file);
        return s;
    }

    private static double storedMiB(String url, Map<String, String> env) throws Exception {
        Replica replica = Replicas.open(ReplicaUrl.parse(url), ReplicaOptions.fromEnvironment(env, false));
        return new Planner(new Catalog(replica)).plan(new RestoreTarget.Latest()).storedBytes() / 1048576.0;
    }

    private static long megabytes(String size) {
        String s = size.toLowerCase(Locale.ROOT);
        if (s.endsWith("g")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 1000;
        }
        if (s.endsWith("m")) {
            return Long.parseLong(s.substring(0, s.length() - 1));
        }
        throw new IllegalArgumentException("bench.sizes: give sizes like 100m,1g,3g, not " + size);
    }

    private static double median(List<PeakRss.Result> rs, boolean wall) {
        return RestoreBenchmark.median(rs.stream().map(r -> secs(wall ? r.wall() : r.cpu())).toList());
    }

    private static long peak(List<PeakRss.Result> rs) {
        return rs.stream().mapToLong(PeakRss.Result::peakRssKiB).max().orElse(0) / 1024;
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }
}
