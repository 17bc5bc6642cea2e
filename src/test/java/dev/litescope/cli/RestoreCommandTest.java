package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {
    static ReplicaFixture fixture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void replica() {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    @Test
    void dryRunExplainsThePlanAndWritesNothing() {
        Path out = tmp.resolve("x.db");
        ProcResult r = Litescope.run("restore", "-dry-run", "-o", out.toString(), fixture.replicaUrl());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("target      latest").containsPattern("generation  [0-9a-f]{16}")
                .containsPattern("snapshot    [0-9a-f]{8}  generations/[0-9a-f]{16}/snapshots/")
                .containsPattern("download    \\d+ object\\(s\\)");
        assertThat(out).doesNotExist();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void ifDbNotExistsLeavesAnExistingDatabaseAlone() throws Exception {
        Path out = tmp.resolve("x.db");
        Files.writeString(out, "mine");
        ProcResult r = Litescope.run("restore", "-if-db-not-exists", "-o", out.toString(), fixture.replicaUrl());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).contains("database already exists, skipping");
        assertThat(Files.readString(out)).isEqualTo("mine");
    }

    @Test
    void ifReplicaExistsSkipsAnEmptyReplicaWhichIsOtherwiseAnError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path out = tmp.resolve("x.db");
        ProcResult skipped = Litescope.run("restore", "-if-replica-exists", "-o", out.toString(),
                empty.toUri().toString());
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.stderr()).contains("no matching backups found, skipping");
        ProcResult failed = Litescope.run("restore", "-o", out.toString(), empty.toUri().toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).contains("no matching backups found: " + empty.toUri().toString()
                .replaceAll("/$", "")).contains("litescope databases");
        assertThat(out).doesNotExist();
    }

    @Test
    void statsUseThePriceTableAndItsOverride() throws Exception {
        Path prices = Files.writeString(tmp.resolve("pricing.properties"), "class_a_per_100k = 100000\n");
        ProcResult r = Litescope.run(Map.of("LITESCOPE_PRICING", prices.toString()), "snapshots", "-json",
                fixture.replicaUrl());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // A local folder costs nothing whatever the prices; the table is still read and checked.
        assertThat(r.stdout()).contains("\"storage\": \"file\"").contains("\"operations_cost_usd\": 0.0");
        assertThat(Pricing.load(Map.of("LITESCOPE_PRICING", prices.toString()))
                .operations(3, 100_000)).isEqualTo(3 * 1.0 + 0.04);
        Files.writeString(prices, "class_b_per_100k = cheap\n");
        ProcResult bad = Litescope.run(Map.of("LITESCOPE_PRICING", prices.toString()), "snapshots", "-json",
                fixture.replicaUrl());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("pricing.properties: class_b_per_100k must be a number, not cheap");
    }

    @Test
    void parallelismIsBoundedWithAClearError() {
        for (String n : new String[] {"0", "65", "1000000"}) {
            Path out = tmp.resolve("p" + n + ".db");
            ProcResult r = Litescope.run("restore", "-parallelism", n, "-o", out.toString(), fixture.replicaUrl());
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
            assertThat(r.stderr()).contains("-parallelism " + n + " is out of range").contains("from 1 to 64");
            assertThat(out).doesNotExist();
        }
        Path out = tmp.resolve("p64.db");
        ProcResult r = Litescope.run("restore", "-parallelism", "64", "-o", out.toString(), fixture.replicaUrl());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(out).exists();
    }

    @Test
    void bothFlagSpellingsWork() {
        ProcResult a = Litescope.run("restore", "-dry-run", "-o", tmp.resolve("a.db").toString(), "-parallelism", "2",
                fixture.replicaUrl());
        ProcResult b = Litescope.run("restore", "--dry-run", "--o", tmp.resolve("a.db").toString(), "--parallelism=2",
                fixture.replicaUrl());
        assertThat(a.exitCode()).as(a.stderr()).isZero();
        assertThat(b.stdout()).isEqualTo(a.stdout());
    }

    @Test
    void anIndexWithoutAGenerationRestoresWhatLitestreamRestores() throws Exception {
        // Litestream first chooses the generation a latest restore would use, then stops at the index.
        Catalog catalog = Catalogs.of(fixture);
        RestorePlan plan = new Planner(catalog).plan(RestoreTarget.latest());
        RestoreComparison cmp = new RestoreComparison(tmp);
        for (int index : new int[] {plan.snapshot().index(), plan.lastIndex()}) {
            RestoreComparison.Outcome o = cmp.compare(fixture.replicaUrl(), "-index", String.format("%08x", index));
            assertThat(o.agree()).as(o.toString()).isTrue();
            assertThat(o.litestream().ok()).as(o.toString()).isTrue();
        }
        ProcResult bad = Litescope.run("restore", "-o", tmp.resolve("x.db").toString(), "-generation", "XYZ",
                fixture.replicaUrl());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("invalid generation \"XYZ\"");
    }
}
