package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code databases --sort --filter --health} over a small fleet on the loopback server. */
class DatabasesCommandTest {
    static LoopbackGcs gcs;

    @BeforeAll
    static void fleet() {
        gcs = LoopbackGcs.start();
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        String g = "0123456789abcdef";
        // healthy: a snapshot and WAL indexes 0 and 1
        gcs.put("fleet", "ok.db/generations/" + g + "/snapshots/00000000.snapshot.lz4", new byte[100], t);
        gcs.put("fleet", "ok.db/generations/" + g + "/wal/00000000_00000000.wal.lz4", new byte[10], t);
        gcs.put("fleet", "ok.db/generations/" + g + "/wal/00000001_00000000.wal.lz4", new byte[10], t);
        // broken: WAL index 1 is missing between 0 and 2
        gcs.put("fleet", "eu/gap.db/generations/" + g + "/snapshots/00000000.snapshot.lz4", new byte[500], t);
        gcs.put("fleet", "eu/gap.db/generations/" + g + "/wal/00000000_00000000.wal.lz4", new byte[10], t);
        gcs.put("fleet", "eu/gap.db/generations/" + g + "/wal/00000002_00000000.wal.lz4", new byte[10], t);
        gcs.put("fleet", "eu/new.db/ltx/9/0000000000000001-0000000000000003.ltx", new byte[40], t);
        gcs.put("fleet", "eu/new.db/ltx/0/0000000000000004-0000000000000004.ltx", new byte[4], t);
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    private ProcResult databases(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "databases";
        System.arraycopy(args, 0, all, 1, args.length);
        return Litescope.run(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), all);
    }

    @Test
    void sortsFiltersAndShowsHealth() {
        ProcResult sorted = databases("--sort", "size desc", "--health", "gs://fleet");
        assertThat(sorted.exitCode()).as(sorted.stderr()).isZero();
        String out = sorted.stdout();
        assertThat(out.indexOf("gs://fleet/eu/gap.db")).isLessThan(out.indexOf("gs://fleet/ok.db"));
        assertThat(out.indexOf("gs://fleet/ok.db")).isLessThan(out.indexOf("gs://fleet/eu/new.db"));
        assertThat(out).contains("fleet-health").containsPattern("gs://fleet/eu/gap.db .* break\\n")
                .containsPattern("gs://fleet/ok.db .* ok\\n");
        assertThat(sorted.stderr()).contains("1 of 3 database(s) unhealthy");

        ProcResult broken = databases("--filter", "has breaks", "-json", "gs://fleet");
        assertThat(broken.exitCode()).as(broken.stderr()).isZero();
        assertThat(broken.stdout()).contains("\"path\": \"gs://fleet/eu/gap.db\"").doesNotContain("ok.db")
                .containsPattern("\"fleet_health\": \\[\\s*\"break\"\\s*]");
        assertThat(broken.stderr()).contains("1 of 3 database(s) match the filter \"has breaks\"");

        ProcResult eu = databases("--filter", "eu/*, 0.3 only", "gs://fleet");
        assertThat(eu.stdout()).contains("gs://fleet/eu/gap.db").doesNotContain("new.db").doesNotContain("ok.db");
    }

    @Test
    void theDefaultOutputIsUnchanged() {
        ProcResult plain = databases("gs://fleet");
        assertThat(plain.exitCode()).as(plain.stderr()).isZero();
        assertThat(plain.stdout()).doesNotContain("fleet-health").startsWith("path");
        assertThat(plain.stdout().indexOf("eu/gap.db")).isLessThan(plain.stdout().indexOf("eu/new.db"));
    }

    @Test
    void aBadFilterOrSortIsNamed() {
        ProcResult bad = databases("--filter", "lag > soon", "gs://fleet");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("filter term \"lag > soon\" is not understood");
        ProcResult badSort = databases("--sort", "colour", "gs://fleet");
        assertThat(badSort.exitCode()).isNotZero();
        assertThat(badSort.stderr()).contains("cannot sort by \"colour\"");
    }
}
