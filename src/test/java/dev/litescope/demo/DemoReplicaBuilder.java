package dev.litescope.demo;

import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Regenerates the bundled demo replica (assets/demo) with the real Litestream v0.3.13: a small app's
 * database (users, orders, events; a few thousand rows, no large values, so it stays small in git) changing for
 * about a minute, with two restarts after offline writes (three generations), mid-generation snapshots and a few
 * hundred WAL segments.
 *
 * <p>The objects are copied as Litestream wrote them. Their times go into manifest.tsv stretched {@value #STRETCH}
 * times (half a minute of writes becomes an hour of timeline): order, and so every restore decision, is unchanged.
 *
 * <p>Run: {@code mvn -q -B -DskipTests -Dlitestream.fetch.skip=false test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.litescope.demo.DemoReplicaBuilder}
 */
public final class DemoReplicaBuilder {
    static final long STRETCH = 120;

    public static void main(String[] args) throws Exception {
        Path out = Path.of("assets/demo");
        Path work = Files.createTempDirectory("demo-build");
        Random r = new Random(2026);
        List<Workload.Step> steps = new ArrayList<>();
        steps.add(new Workload.Insert(600));
        for (int i = 0; i < 240; i++) {
            steps.add(i % 3 == 0 ? new Workload.Update(4 + r.nextInt(10)) : new Workload.Insert(4 + r.nextInt(10)));
            if (i % 40 == 39) {
                steps.add(new Workload.Delete(10 + r.nextInt(20)));
            }
            if (i == 90 || i == 170) {
                steps.add(new Workload.Restart(20 + r.nextInt(20)));
            }
            steps.add(new Workload.Sleep(180));
        }
        ReplicaFixture f = ReplicaFixture.build(work.resolve("fixture"), 1024,
                Workload.of("demo", 2026, Duration.ofSeconds(8), steps).withoutLargeValues());
        Path replica = f.replicaDir();
        // The replica and its manifest are rebuilt; the script beside them stays.
        deleteTree(out.resolve("generations"));
        Files.deleteIfExists(out.resolve("manifest.tsv"));
        Files.createDirectories(out);
        List<Path> files;
        try (Stream<Path> s = Files.walk(replica)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Instant first = files.stream().map(DemoReplicaBuilder::mtime).min(Comparator.naturalOrder()).orElseThrow();
        StringBuilder manifest = new StringBuilder("# key\tsize\tnanoseconds after the first object (times x"
                + STRETCH + ", see DemoReplicaBuilder)\n");
        for (Path p : files) {
            String key = replica.relativize(p).toString().replace('\\', '/');
            Path target = out.resolve(key);
            Files.createDirectories(target.getParent());
            Files.copy(p, target);
            long offset = Duration.between(first, mtime(p)).toNanos() * STRETCH;
            manifest.append(key).append('\t').append(Files.size(p)).append('\t').append(offset).append('\n');
        }
        Files.writeString(out.resolve("manifest.tsv"), manifest);
        System.out.printf("demo replica: %d objects in %s (built in %ds)%n", files.size(), out,
                f.buildTime().toSeconds());
        System.exit(0);
    }

    private static Instant mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
