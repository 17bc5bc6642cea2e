package dev.litescope.restore.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.FileWatch;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder.Built;
import dev.litescope.testsupport.ltx.SqliteStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Litestream 0.5 replica of large files over Cloud Storage: a real SQLite workload of a 12 MB first state and
 * three 10 MB transactions (random bytes, so the LTX files are about as large), a level-0 file each, on the
 * loopback server. The first file downloads in ranged slices and the later ones ahead into local copies, as a
 * 0.3 restore's do; the latest restore is the workload's last state, byte for byte, and leaves nothing behind.
 */
class LtxLargeFilesGcsTest {
    static final int PAGE = 4096;
    static final String BLOB = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
            + "INSERT INTO t(noise) SELECT randomblob(4000) FROM n";

    @TempDir
    static Path shared;
    static LoopbackGcs gcs;
    static List<byte[]> states;
    static List<Built> files;

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        states = SqliteStates.capture(shared.resolve("big.db"), PAGE,
                List.of("CREATE TABLE t(id INTEGER PRIMARY KEY, noise BLOB)", BLOB.replace("2500", "3000")),
                List.of(BLOB, BLOB, BLOB), (txid, c) -> { });
        files = new LtxReplicaBuilder(states, PAGE, Instant.parse("2026-12-07T10:00:00Z")).build();
        gcs = LoopbackGcs.start();
        gcs.createBucket("bigltx");
        LtxReplicaBuilder.upload(gcs, "bigltx", "db", files, 500);
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @Test
    void theLatestRestoreIsTheLastStateWithTheFirstFileSlicedAndTheOthersCopiedAhead() throws Exception {
        Built first = files.get(0);
        assertThat(first.data().length).as("the first file, over two slices").isGreaterThan(2 * (4 << 20));
        assertThat(files.subList(1, files.size())).as("later files over a quarter of the download window")
                .allMatch(f -> f.data().length > (8 << 20));
        Path out = tmp.resolve("out.db");
        FileWatch.Watched<ProcResult> r = FileWatch.during(tmp, ".litescope-tmp", () -> Litescope.run(Map.of(
                "STORAGE_EMULATOR_HOST", gcs.hostPort()), "restore", "-no-cache", "-o", out.toString(),
                "gs://bigltx/db"));
        assertThat(r.result().exitCode()).as(r.result().stderr()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(states.get(states.size() - 1));
        assertThat(r.most()).as("the output's temporary file and copies at once").isGreaterThanOrEqualTo(2);
        assertThat(RestoreComparison.leftovers(tmp, "out.db")).isEmpty();
        String firstKey = "db/" + first.relativeName();
        assertThat(gcs.requests().stream().filter(q -> q.kind() == LoopbackGcs.Kind.MEDIA
                && firstKey.equals(q.object())).count()).as("ranged reads of the first file")
                .isEqualTo((first.data().length + (4 << 20) - 1) / (4 << 20));
    }
}
