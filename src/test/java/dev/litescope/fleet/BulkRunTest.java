package dev.litescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.testsupport.AppDatabase;
import dev.litescope.testsupport.BulkFleet;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk restore and verify over 300 replicas of four real Litestream v0.3.13 replicas, in a folder and on the
 * loopback server, with one planted defect (a corrupted WAL segment in one copy).
 */
class BulkRunTest {
    static final int TENANTS = 300;
    static final int BROKEN = 137;

    @TempDir
    static Path tmp;
    static List<ReplicaFixture> real;
    static List<ReplicaFixture> copies;
    static Path fleet;
    static String corrupted;
    static LoopbackGcs gcs;

    @BeforeAll
    static void build() {
        real = BulkFleet.realReplicas(tmp.resolve("real"), 4);
        fleet = tmp.resolve("fleet");
        copies = BulkFleet.copies(real, fleet, TENANTS);
        corrupted = BulkFleet.corruptLastWalSegment(copies.get(BROKEN).replicaDir());
        gcs = LoopbackGcs.start();
        BulkFleet.upload(fleet, gcs, "fleet");
    }

    @AfterAll
    static void stop() {
        if (gcs != null) {
            gcs.close();
        }
    }

    private static Replica local() throws Exception {
        return Replicas.open(ReplicaUrl.parse(fleet.toString()));
    }

    private static Replica onGcs() throws Exception {
        return Replicas.open(ReplicaUrl.parse("gs://fleet"),
                ReplicaOptions.fromEnvironment(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort()), false));
    }

    private static List<FleetReplica> discover(Replica searched, FleetFilter filter) throws Exception {
        String root = searched.root().isEmpty() ? "" : searched.root() + "/";
        return new Discovery(searched, 8).findFlat(new Cancellation()).stream()
                .map(f -> FleetReplica.of(f, root, Instant.now(), Pricing.DEFAULT)).filter(filter).toList();
    }

    /** Runs and keeps the results, in the order they finished. */
    private record Run(BulkRun.Totals totals, List<BulkRun.Result> results) {
        BulkRun.Result of(int tenant) {
            return results.stream().filter(r -> r.replica().relative().equals(BulkFleet.tenant(tenant)))
                    .findFirst().orElseThrow();
        }
    }

    private static Run verify(Replica searched, List<FleetReplica> replicas, int parallelism) throws Exception {
        List<BulkRun.Result> results = Collections.synchronizedList(new ArrayList<>());
        BulkRun.Totals t = new BulkRun(searched, RestoreTarget.latest(), parallelism).verifyAll(replicas,
                (r, soFar) -> results.add(r), new Cancellation());
        return new Run(t, results);
    }

    private static Run restore(Replica searched, List<FleetReplica> replicas, Path dir, boolean force)
            throws Exception {
        List<BulkRun.Result> results = Collections.synchronizedList(new ArrayList<>());
        BulkRun.Totals t = new BulkRun(searched, RestoreTarget.latest(), 4).restoreAll(replicas, dir, force,
                (r, soFar) -> results.add(r), new Cancellation());
        return new Run(t, results);
    }

    private static void assertOneDefect(Run run, String where) {
        assertThat(run.totals().total()).isEqualTo(TENANTS);
        assertThat(run.totals().done()).isEqualTo(TENANTS);
        assertThat(run.totals().failed()).as(failures(run)).isEqualTo(1);
        assertThat(run.totals().ok()).isEqualTo(TENANTS - 1);
        BulkRun.Result broken = run.of(BROKEN);
        assertThat(broken.outcome()).isEqualTo(BulkRun.Outcome.FAILED);
        assertThat(broken.message()).contains(where + BulkFleet.tenant(BROKEN) + "/" + corrupted);
    }

    private static String failures(Run run) {
        return run.results().stream().filter(r -> r.outcome() != BulkRun.Outcome.OK)
                .map(r -> r.replica().relative() + ": " + r.message()).toList().toString();
    }

    @Test
    void verifiesAFolderOfReplicasAndNamesTheBrokenObject() throws Exception {
        Replica searched = local();
        List<FleetReplica> all = discover(searched, FleetFilter.all());
        assertThat(all).hasSize(TENANTS);
        Run run = verify(searched, all, 8);
        assertOneDefect(run, fleet.toString() + "/");
        assertThat(run.results()).filteredOn(r -> r.outcome() == BulkRun.Outcome.OK)
                .allMatch(r -> r.message().equals("integrity ok") && r.databaseBytes() > 0);
        assertThat(run.totals().databaseBytes()).isEqualTo(run.results().stream()
                .mapToLong(BulkRun.Result::databaseBytes).sum());
    }

    @Test
    void verifiesTheSameFleetOnTheLoopbackServer() throws Exception {
        Replica searched = onGcs();
        List<FleetReplica> all = discover(searched, FleetFilter.all());
        assertThat(all).hasSize(TENANTS);
        assertOneDefect(verify(searched, all, 8), "gs://fleet/");
    }

    @Test
    void restoresEachTenantToItsOwnFileEqualToLitestreamsRestore() throws Exception {
        Replica searched = onGcs();
        Path out = tmp.resolve("restored");
        Run run = restore(searched, discover(searched, FleetFilter.all()), out, false);
        assertOneDefect(run, "gs://fleet/");
        assertThat(out.resolve(BulkFleet.tenant(BROKEN) + ".sqlite")).doesNotExist();
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertThat(files).hasSize(TENANTS - 1).allMatch(p -> p.getFileName().toString().equals("db.sqlite"));
        }
        // A sample, one tenant of each real replica: the bytes litestream restore writes.
        for (int i = 0; i < real.size(); i++) {
            int tenant = 40 + i;
            Path ours = out.resolve(BulkFleet.tenant(tenant) + ".sqlite");
            assertThat(run.of(tenant).file()).contains(ours);
            Path theirs = tmp.resolve("litestream-" + tenant + ".db");
            LitestreamBinary.restore(theirs, copies.get(tenant).replicaUrl()).requireSuccess();
            assertThat(RestoreComparison.sha256(ours)).as("tenant " + tenant)
                    .isEqualTo(RestoreComparison.sha256(theirs));
            assertThat(AppDatabase.rowCounts(ours)).isEqualTo(real.get(tenant % real.size()).expectedRowCounts());
        }

        // Again into the same folder: every file there is kept, and the broken one fails again.
        Run again = restore(searched, discover(searched, FleetFilter.all()), out, false);
        assertThat(again.totals().skipped()).isEqualTo(TENANTS - 1);
        assertThat(again.totals().failed()).isEqualTo(1);
        assertThat(again.of(3).message()).contains("already exists").contains("-force");
        Run forced = restore(searched, discover(searched, FleetFilter.parse("tenants/t000*")), out, true);
        assertThat(forced.totals().ok()).isEqualTo(10);
    }

    @Test
    void aFilterChoosesTheReplicasAndLeavesNoTemporaryFiles() throws Exception {
        Replica searched = local();
        Path out = tmp.resolve("filtered");
        List<FleetReplica> some = discover(searched, FleetFilter.parse("tenants/t02*"));
        assertThat(some).hasSize(100);
        Run run = restore(searched, some, out, false);
        assertThat(run.totals().ok()).isEqualTo(100);
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .hasSize(100).allMatch("db.sqlite"::equals);
        }
    }

    @Test
    void cancellingStopsTakingReplicas() throws Exception {
        Replica searched = local();
        List<FleetReplica> all = discover(searched, FleetFilter.all());
        Cancellation cancel = new Cancellation();
        List<BulkRun.Result> seen = Collections.synchronizedList(new ArrayList<>());
        BulkRun.Totals t = new BulkRun(searched, RestoreTarget.latest(), 2).verifyAll(all, (r, soFar) -> {
            seen.add(r);
            if (soFar.done() == 5) {
                cancel.cancel();
            }
        }, cancel);
        assertThat(t.cancelled()).isTrue();
        assertThat(t.done()).isBetween(5, 8).isEqualTo(seen.size());
        assertThat(seen).noneMatch(r -> r.outcome() == BulkRun.Outcome.FAILED);
        assertThat(seen).filteredOn(r -> r.outcome() == BulkRun.Outcome.SKIPPED)
                .allMatch(r -> r.message().equals("cancelled"));
    }

    @Test
    void refusesWhatABulkRunCannotDo() throws Exception {
        Replica searched = Replicas.open(ReplicaUrl.parse(fleet.toString()));
        assertThatThrownBy(() -> new BulkRun(searched, RestoreTarget.latest(), 0))
                .hasMessageContaining("parallelism 0 is out of range");
        assertThatThrownBy(() -> new BulkRun(searched, RestoreTarget.generation("0123456789abcdef"), 4))
                .hasMessageContaining("the latest state or a timestamp");
    }

    @Test
    void eachReplicaHasItsOwnFileAndNoneLeavesTheFolder() {
        Path dir = Path.of("out");
        assertThat(BulkRun.fileFor(FleetFixtures.healthy("tenants/acme/db/", 1, Instant.EPOCH), dir))
                .isEqualTo(dir.toAbsolutePath().resolve("tenants/acme/db.sqlite"));
        assertThat(BulkRun.fileFor(FleetFixtures.healthy("eu/gap.db/", 1, Instant.EPOCH), dir))
                .isEqualTo(dir.toAbsolutePath().resolve("eu/gap.db"));
        assertThatThrownBy(() -> BulkRun.fileFor(FleetFixtures.healthy("../../etc/x/", 1, Instant.EPOCH), dir))
                .hasMessageContaining("outside").hasMessageContaining("filter it out");
    }
}
