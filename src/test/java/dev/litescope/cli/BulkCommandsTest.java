package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.BulkFleet;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore-all} and {@code verify} through the command line, over 60 real replicas with one broken. */
class BulkCommandsTest {
    static final int TENANTS = 60;
    static final int BROKEN = 17;

    @TempDir
    static Path tmp;
    static List<ReplicaFixture> real;
    static Path fleet;
    static String corrupted;
    static List<ReplicaFixture> copies;
    static LoopbackGcs gcs;

    @BeforeAll
    static void build() {
        real = BulkFleet.realReplicas(tmp.resolve("real"), 3);
        fleet = tmp.resolve("fleet");
        copies = BulkFleet.copies(real, fleet, TENANTS);
        corrupted = BulkFleet.corruptLastWalSegment(copies.get(BROKEN).replicaDir());
        gcs = LoopbackGcs.start();
        BulkFleet.upload(fleet, gcs, "bulk");
    }

    @AfterAll
    static void stop() {
        if (gcs != null) {
            gcs.close();
        }
    }

    private static ProcResult run(String... args) {
        return Litescope.run(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), args);
    }

    @Test
    void restoreAllWritesAFilePerTenantAndExitsOneForTheBrokenReplica() throws Exception {
        Path out = tmp.resolve("out");
        ProcResult r = run("restore-all", "-o", out.toString(), "-parallelism", "3", "gs://bulk");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(TENANTS + 1);
        assertThat(lines).filteredOn(l -> l.startsWith("ok ")).hasSize(TENANTS - 1);
        assertThat(lines).filteredOn(l -> l.startsWith("failed ")).singleElement().asString()
                .contains("gs://bulk/" + BulkFleet.tenant(BROKEN) + "  ")
                .contains("gs://bulk/" + BulkFleet.tenant(BROKEN) + "/" + corrupted);
        assertThat(lines.get(lines.size() - 1)).startsWith("restored 60 of 60 database(s): 59 ok, 1 failed, "
                + "0 skipped, ");
        Path one = out.resolve(BulkFleet.tenant(5) + ".sqlite");
        assertThat(lines).anyMatch(l -> l.startsWith("ok      gs://bulk/" + BulkFleet.tenant(5) + "  " + one));
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(Files::isRegularFile)).hasSize(TENANTS - 1);
        }
        assertThat(AppDatabase.rowCounts(one)).isEqualTo(real.get(5 % real.size()).expectedRowCounts());

        ProcResult again = run("restore-all", "-o", out.toString(), "--filter", "tenants/t000*", "gs://bulk");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("skipped " + "gs://bulk/" + BulkFleet.tenant(3))
                .contains("already exists: delete it, or restore with -force to replace it")
                .contains("10 of 10 database(s): 0 ok, 0 failed, 10 skipped");
        assertThat(again.stderr()).contains("10 of 60 database(s) match the filter \"tenants/t000*\"");
    }

    @Test
    void aTimestampRestoresTheStateLitestreamRestoresAtIt() throws Exception {
        // Tenant 1 is a copy of the replica with two generations: a moment 1 ms after the first WAL segment
        // of its older generation, when the newer one did not exist yet.
        Path gens = copies.get(1).replicaDir().resolve("generations");
        Instant first;
        try (Stream<Path> s = Files.walk(gens)) {
            first = s.filter(p -> p.toString().endsWith(".wal.lz4")).map(BulkCommandsTest::mtime)
                    .min(Comparator.naturalOrder()).orElseThrow();
        }
        String at = first.plusMillis(1).toString();
        Path out = tmp.resolve("at");
        ProcResult r = run("restore-all", "-o", out.toString(), "-timestamp", at, "--filter", BulkFleet.tenant(1),
                "gs://bulk");
        assertThat(r.exitCode()).as(r.stderr() + r.stdout()).isZero();
        assertThat(r.stdout()).contains("1 ok, 0 failed");
        Path theirs = tmp.resolve("litestream-at.db");
        LitestreamBinary.restore(theirs, copies.get(1).replicaUrl(), "-timestamp", at).requireSuccess();
        Path ours = out.resolve(BulkFleet.tenant(1) + ".sqlite");
        assertThat(RestoreComparison.sha256(ours)).isEqualTo(RestoreComparison.sha256(theirs));
        assertThat(AppDatabase.rowCounts(ours)).isNotEqualTo(real.get(1).expectedRowCounts());
    }

    private static Instant mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void verifyChecksEveryReplicaOfAFolder() {
        ProcResult r = run("verify", "-parallelism", "6", fleet.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).contains("verified 60 of 60 database(s): 59 ok, 1 failed, 0 skipped")
                .containsPattern("ok      file://\\S+/tenants/t0000/db  \\S+ \\S+  \\d+\\.\\d\\ds  integrity ok")
                .contains(fleet.resolve(BulkFleet.tenant(BROKEN)).resolve(corrupted).toString());

        ProcResult some = run("verify", "--filter", "tenants/t002*", fleet.toString());
        assertThat(some.exitCode()).as(some.stderr()).isZero();
        assertThat(some.stdout()).contains("10 ok, 0 failed");
    }

    @Test
    void jsonGivesAnObjectPerReplicaAndASummary() throws Exception {
        ProcResult r = run("verify", "--json", "--filter", "tenants/t001*", "gs://bulk");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        List<JsonNode> rows = r.stdout().lines().map(l -> {
            try {
                return JsonMapper.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertThat(rows).hasSize(11);
        assertThat(rows.subList(0, 10)).filteredOn(n -> n.get("result").asText().equals("failed")).singleElement()
                .satisfies(n -> assertThat(n.get("message").asText()).contains(corrupted));
        JsonNode summary = rows.get(10);
        assertThat(summary.get("ok").asInt()).isEqualTo(9);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("database_bytes").asLong()).isPositive();
    }

    @Test
    void nothingToDoIsAnErrorThatSaysWhy() {
        ProcResult none = run("verify", "--filter", "tenants/nobody*", "gs://bulk");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("none of the 60 replica(s) below gs://bulk matches the filter");
        ProcResult empty = run("verify", tmp.resolve("real").resolve("nothing-here").toString());
        assertThat(empty.exitCode()).isNotZero();
        ProcResult badTime = run("restore-all", "-o", tmp.resolve("x").toString(), "-timestamp", "yesterday",
                "gs://bulk");
        assertThat(badTime.exitCode()).isNotZero();
        assertThat(badTime.stderr()).contains("yesterday");
        ProcResult badN = run("verify", "-parallelism", "0", "gs://bulk");
        assertThat(badN.stderr()).contains("parallelism 0 is out of range");
    }
}
