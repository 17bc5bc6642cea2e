package dev.litescope.testsupport;

import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A fleet for bulk restore and verify: a handful of distinct replicas made by the real Litestream v0.3.13, each
 * copied (mtimes kept) under many tenant paths of one folder, which can also be uploaded to the loopback server
 * with each object's time kept.
 */
public final class BulkFleet {
    private BulkFleet() {
    }

    /** The path of tenant {@code i} below the fleet's root: {@code tenants/t0007/db}. */
    public static String tenant(int i) {
        return String.format(Locale.ROOT, "tenants/t%04d/db", i);
    }

    /**
     * {@code n} replicas of small, different workloads (every other one with a second generation), built in
     * parallel under {@code workDir/real-K}. Seconds each.
     */
    public static List<ReplicaFixture> realReplicas(Path workDir, int n) {
        List<Thread> threads = new ArrayList<>();
        ReplicaFixture[] built = new ReplicaFixture[n];
        RuntimeException[] failed = new RuntimeException[n];
        for (int k = 0; k < n; k++) {
            int i = k;
            List<Workload.Step> steps = new ArrayList<>(List.of(new Workload.Insert(40 + 25 * i),
                    new Workload.Sleep(250), new Workload.Update(5 + i), new Workload.Sleep(250)));
            if (i % 2 == 1) {
                steps.add(new Workload.Restart(10 + i));
            }
            steps.addAll(List.of(new Workload.Insert(15 + i), new Workload.Sleep(250), new Workload.Delete(3)));
            Workload w = Workload.of("bulk-" + i, 100 + i, null, steps);
            Thread t = new Thread(() -> {
                try {
                    built[i] = ReplicaFixture.build(workDir.resolve("real-" + i), 4096, w);
                } catch (RuntimeException e) {
                    failed[i] = e;
                }
            }, "bulk-fixture-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building replicas", e);
            }
        }
        for (RuntimeException e : failed) {
            if (e != null) {
                throw e;
            }
        }
        return List.of(built);
    }

    /**
     * Copies replica {@code i % replicas.size()} to {@code root/}{@link #tenant(int) tenant(i)} for each of
     * {@code count} tenants.
     *
     * @return the copies, by tenant
     */
    public static List<ReplicaFixture> copies(List<ReplicaFixture> replicas, Path root, int count) {
        List<ReplicaFixture> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ReplicaFixture.copyOf(replicas.get(i % replicas.size()), root.resolve(tenant(i))));
        }
        return out;
    }

    /** Uploads every file below {@code root} to {@code bucket}, keyed by its path below root, its mtime kept. */
    public static void upload(Path root, LoopbackGcs gcs, String bucket) {
        gcs.createBucket(bucket);
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String key = root.relativize(p).toString().replace('\\', '/');
                gcs.put(bucket, key, Files.readAllBytes(p), Files.getLastModifiedTime(p).toInstant());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("uploading " + root, e);
        }
    }

    /**
     * Overwrites the last WAL segment (in name order) of the newest generation of a copied replica with bytes
     * that are no LZ4 frame, its mtime kept, so a latest restore must read it and fail.
     *
     * @return the segment's path below the replica folder, e.g. {@code generations/G/wal/00000001_00000000.wal.lz4}
     */
    public static String corruptLastWalSegment(Path replicaDir) {
        try {
            Path gens = replicaDir.resolve("generations");
            Path newest;
            try (Stream<Path> s = Files.list(gens)) {
                newest = s.max(Comparator.comparing(BulkFleet::mtime)).orElseThrow();
            }
            Path segment;
            try (Stream<Path> s = Files.list(newest.resolve("wal"))) {
                segment = s.max(Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
            }
            FileTime time = Files.getLastModifiedTime(segment);
            byte[] junk = new byte[(int) Files.size(segment)];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) (i * 31 + 7);
            }
            Files.write(segment, junk);
            Files.setLastModifiedTime(segment, time);
            return replicaDir.relativize(segment).toString().replace('\\', '/');
        } catch (IOException e) {
            throw new UncheckedIOException("corrupting a WAL segment of " + replicaDir, e);
        }
    }

    private static FileTime mtime(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.map(q -> {
                try {
                    return Files.getLastModifiedTime(q);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max(Comparator.naturalOrder()).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long building took, for a benchmark's report. */
    public static Duration buildTime(List<ReplicaFixture> replicas) {
        return replicas.stream().map(ReplicaFixture::buildTime).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }
}
