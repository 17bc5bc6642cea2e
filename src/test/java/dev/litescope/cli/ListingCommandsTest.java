package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The listing commands print what litestream's print, column for column, on a real replica. */
class ListingCommandsTest {
    static ReplicaFixture fixture;

    @BeforeAll
    static void replica() {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    @Test
    void snapshotsMatchLitestream() {
        assertSameOutput("snapshots", fixture.replicaUrl());
    }

    @Test
    void walMatchesLitestream() {
        assertSameOutput("wal", fixture.replicaUrl());
    }

    @Test
    void walOfOneGenerationMatchesLitestream() {
        String generation = Litescope.run("generations", fixture.replicaUrl()).stdout().lines().skip(1)
                .findFirst().orElseThrow().split("\\s+")[1];
        assertSameOutput("wal", "-generation", generation, fixture.replicaUrl());
    }

    @Test
    void generationsMatchLitestreamButForTheMomentLagIsMeasured() {
        ProcResult ls = LitestreamBinary.run(Duration.ofSeconds(30), "generations",
                fixture.replicaUrl()).requireSuccess();
        ProcResult ours = Litescope.run("generations", fixture.replicaUrl());
        assertThat(ours.exitCode()).as(ours.stderr()).isZero();
        List<String> a = ls.stdout().lines().toList();
        List<String> b = ours.stdout().lines().toList();
        assertThat(b).hasSameSizeAs(a).hasSizeGreaterThanOrEqualTo(3);
        assertThat(b.get(0)).isEqualTo(a.get(0));
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split("\\s+");
            String[] y = b.get(i).split("\\s+");
            assertThat(y).hasSize(5);
            assertThat(new String[] {y[0], y[1], y[3], y[4]}).containsExactly(x[0], x[1], x[3], x[4]);
            // Go's duration text: under a second it is in ms, µs or ns.
            assertThat(y[2]).matches("\\d+(\\.\\d+)?(ms|µs|ns)|\\d+(\\.\\d+)?(m\\d+(\\.\\d+)?)?s|\\d+m\\d+s"
                    + "|\\d+h\\d+m\\d+s");
        }
    }

    @Test
    void listingAnEmptyFolderPrintsOnlyTheHeaderLikeLitestream(@org.junit.jupiter.api.io.TempDir Path empty) {
        assertSameOutput("generations", empty.toUri().toString());
        assertSameOutput("snapshots", empty.toUri().toString());
    }

    @Test
    void jsonListsEveryGenerationWithFullPrecisionTimes() {
        ProcResult r = Litescope.run("generations", "-json", fixture.replicaUrl());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("{").contains("\"generations\": [").contains("\"generation\": \"")
                .contains("\"stored_bytes\": ").contains("\"stats\": {").contains("\"storage\": \"file\"");
        long rows = Litescope.run("generations", fixture.replicaUrl()).stdout().lines().count() - 1;
        assertThat(r.stdout().split("\"generation\":", -1)).hasSize((int) rows + 1);
        ProcResult wal = Litescope.run("wal", "--json", fixture.replicaUrl());
        assertThat(wal.stdout()).containsPattern("\"created\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z\"");
    }

    @Test
    void badFlagsAreExplainedWithExitCode1() {
        ProcResult r = Litescope.run("restore", "-o", "/tmp/x.db", "-index", "zz", fixture.replicaUrl());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("invalid index \"zz\"");
        r = Litescope.run("restore", "-o", "/tmp/x.db", "-index", "1", "-timestamp", "2026-01-01T00:00:00Z",
                fixture.replicaUrl());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("cannot specify index & timestamp to restore");
        r = Litescope.run("restore", "-o", "/tmp/x.db", "-timestamp", "2026-01-01 00:00:00", fixture.replicaUrl());
        assertThat(r.stderr()).contains("RFC 3339");
    }

    private static void assertSameOutput(String... args) {
        ProcResult ls = LitestreamBinary.run(Duration.ofSeconds(30), args).requireSuccess();
        ProcResult ours = Litescope.run(args);
        assertThat(ours.exitCode()).as(ours.stderr()).isZero();
        assertThat(ours.stdout()).isEqualTo(ls.stdout());
    }
}
