package dev.litescope.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the harness produces what the restore tests rely on, judged by the real Litestream.
 * Standard workloads are seeded with their page size, as in the restore tests, so a JVM running
 * both builds each shared fixture once.
 */
class LitestreamHarnessTest {

    @TempDir
    Path tmp;

    @Test
    void binaryIsTheExpectedVersion() {
        ProcResult r = LitestreamBinary.run(Duration.ofSeconds(10), "version").requireSuccess();
        assertThat(r.stdout().trim()).isEqualTo("v0.3.13");
    }

    @Test
    void standardFixtureHasSeveralGenerationsAndIndexesAndRestores() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        System.out.println(f + " built in " + f.buildTime().toMillis() + " ms");

        List<Path> generations = ReplicaLayout.generations(f.replicaDir());
        assertThat(generations).hasSizeGreaterThanOrEqualTo(2);
        assertThat(generations)
                .anySatisfy(g -> assertThat(ReplicaLayout.walSegments(g).stream().map(ReplicaLayout::index).distinct())
                        .hasSizeGreaterThanOrEqualTo(2));
        for (Path g : generations) {
            assertThat(ReplicaLayout.snapshots(g)).as("snapshots of %s", g).isNotEmpty();
        }
        assertEveryObjectNameMatchesTheSpec(f.replicaDir());

        Path out = tmp.resolve("restored.db");
        LitestreamBinary.restore(out, f.replicaUrl()).requireSuccess();
        assertThat(AppDatabase.integrityCheck(out)).isEqualTo("ok");
        assertThat(AppDatabase.rowCounts(out)).isEqualTo(f.expectedRowCounts());
        assertThat(AppDatabase.rowCounts(f.db())).isEqualTo(f.expectedRowCounts());
        assertThat(AppDatabase.digest(out)).isEqualTo(f.expectedDigest());
        assertThat(overflowingValues(out, f.pageSize())).as("values larger than a page").isPositive();

        ProcResult listing = LitestreamBinary.run(Duration.ofSeconds(30), "generations", f.replicaUrl())
                .requireSuccess();
        List<String> lines = listing.stdout().lines().toList();
        assertThat(lines.get(0).trim().replaceAll("\\s+", " ")).isEqualTo("name generation lag start end");
        assertThat(lines).hasSize(1 + generations.size());
    }

    @Test
    void smallPagesRestore() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(1024, Workload.standard(1024));
        System.out.println(f + " built in " + f.buildTime().toMillis() + " ms");

        Path out = tmp.resolve("restored.db");
        LitestreamBinary.restore(out, f.replicaUrl()).requireSuccess();
        assertThat(AppDatabase.integrityCheck(out)).isEqualTo("ok");
        assertThat(pageSize(out)).isEqualTo(1024);
        assertThat(AppDatabase.digest(out)).isEqualTo(f.expectedDigest());
        assertThat(AppDatabase.rowCounts(out)).isEqualTo(f.expectedRowCounts());
    }

    @Test
    void randomWorkloadsKeepTheirPromises() {
        // Structural only: building even one costs seconds, and the restore tests build several.
        for (long seed = 0; seed < 2000; seed++) {
            Workload w = Workload.random(seed);
            List<Workload.Step> steps = w.steps();
            assertThat(steps).as("seed %d", seed).isEqualTo(Workload.random(seed).steps());
            assertThat(steps.get(0)).as("seed %d", seed).isInstanceOf(Workload.Insert.class);
            assertThat(steps).as("seed %d", seed).filteredOn(s -> s instanceof Workload.Checkpoint)
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(steps).as("seed %d", seed).filteredOn(s -> s instanceof Workload.Restart)
                    .hasSizeBetween(1, 3);
            assertThat(w.expectedGenerations()).as("seed %d", seed).isGreaterThanOrEqualTo(2);
            int sleep = steps.stream().mapToInt(s -> s instanceof Workload.Sleep z ? z.millis() : 0).sum();
            assertThat(sleep).as("seed %d", seed).isBetween(1000, 8000);
        }
    }

    @Test
    void copyKeepsNamesAndNanosecondTimes() throws Exception {
        ReplicaFixture f = ReplicaFixture.shared(4096, Workload.standard(4096));
        ReplicaFixture copy = ReplicaFixture.copyOf(f, tmp.resolve("copy"));

        assertThat(copy.replicaDir()).isNotEqualTo(f.replicaDir());
        Map<String, FileTime> original = times(f.replicaDir());
        assertThat(times(copy.replicaDir())).isEqualTo(original);
        // Would be vacuous if Litestream's times happened to be whole microseconds.
        assertThat(original.values()).anySatisfy(t -> assertThat(t.toInstant().getNano() % 1000).isNotZero());

        Path out = tmp.resolve("from-copy.db");
        LitestreamBinary.restore(out, copy.replicaUrl()).requireSuccess();
        assertThat(AppDatabase.digest(out)).isEqualTo(f.expectedDigest());
    }

    private static void assertEveryObjectNameMatchesTheSpec(Path replica) throws IOException {
        try (Stream<Path> s = Files.walk(replica)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertThat(files).isNotEmpty().allSatisfy(p -> {
                Path rel = replica.relativize(p);
                assertThat(rel.getNameCount()).as("%s", rel).isEqualTo(4);
                assertThat(rel.getName(0).toString()).isEqualTo("generations");
                assertThat(rel.getName(1).toString()).matches(ReplicaLayout.GENERATION);
                String kind = rel.getName(2).toString();
                String name = rel.getFileName().toString();
                assertThat(kind).isIn("snapshots", "wal");
                assertThat(name).matches(kind.equals("wal") ? ReplicaLayout.WAL_SEGMENT : ReplicaLayout.SNAPSHOT);
            });
        }
    }

    private static Map<String, FileTime> times(Path root) throws IOException {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                m.put(root.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    private static long overflowingValues(Path db, int pageSize) throws SQLException {
        try (Connection c = AppDatabase.openReadOnly(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM users WHERE length(bio) > " + pageSize + ")"
                     + " + (SELECT count(*) FROM orders WHERE length(payload) > " + pageSize + ")"
                     + " + (SELECT count(*) FROM events WHERE length(body) > " + pageSize + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int pageSize(Path db) throws SQLException {
        try (Connection c = AppDatabase.openReadOnly(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA page_size")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
