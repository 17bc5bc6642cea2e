package dev.litescope.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.testsupport.BulkFleet;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.ui.fx.QueuedTaskRunner;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet table's view model without a window: a folder of 60 tenant copies of four real Litestream v0.3.13
 * replicas, one with a corrupted WAL segment, found by the same flat discovery the connections search runs.
 */
class FleetViewModelTest {
    static final int TENANTS = 60;
    static final int BROKEN = 23;

    @TempDir
    static Path tmp;
    static Path fleet;
    static List<Discovery.Found> found;
    static String corrupted;
    static Instant newest;

    @BeforeAll
    static void build() throws Exception {
        List<ReplicaFixture> real = BulkFleet.realReplicas(tmp.resolve("real"), 4);
        fleet = tmp.resolve("fleet");
        List<ReplicaFixture> copies = BulkFleet.copies(real, fleet, TENANTS);
        corrupted = BulkFleet.corruptLastWalSegment(copies.get(BROKEN).replicaDir());
        found = new Discovery(searched(), 8).findFlat(new Cancellation());
        newest = found.stream().map(f -> f.newest().orElseThrow()).max(Comparator.naturalOrder()).orElseThrow();
    }

    static Replica searched() throws Exception {
        return Replicas.open(ReplicaUrl.parse(fleet.toString()));
    }

    /** A model whose clock stands {@code later} after the newest object of the fleet. */
    static FleetViewModel model(Duration later) {
        FleetViewModel vm = new FleetViewModel(TaskRunner.sameThread(), fleet.toString(), FleetViewModelTest::searched,
                Pricing.DEFAULT, Clock.fixed(newest.plus(later), ZoneOffset.UTC));
        vm.load(found, "");
        return vm;
    }

    private static List<String> paths(List<FleetReplica> rows) {
        return rows.stream().map(FleetReplica::relative).toList();
    }

    @Test
    void showsEveryReplicaByPathWithTheirTotals() {
        FleetViewModel vm = model(Duration.ofMinutes(5));
        assertThat(vm.shown()).hasSize(TENANTS);
        assertThat(paths(vm.shown())).isSorted().startsWith(BulkFleet.tenant(0), BulkFleet.tenant(1));
        FleetViewModel.Totals t = vm.totalsProperty().get();
        assertThat(t.replicas()).isEqualTo(TENANTS);
        assertThat(t.bytes()).isEqualTo(found.stream().mapToLong(Discovery.Found::storedBytes).sum()).isPositive();
        assertThat(t.objects()).isEqualTo(found.stream().mapToLong(Discovery.Found::objects).sum());
        assertThat(t.cost()).isPositive().isCloseTo(found.stream()
                .mapToDouble(f -> Pricing.DEFAULT.storagePerMonth(f.storedBytes())).sum(), Offset.offset(1e-12));
    }

    @Test
    void filtersWithTheCommandLinesTermsAndShowsAnErrorInsteadOfThrowing() {
        FleetViewModel vm = model(Duration.ofMinutes(5));
        vm.filterTextProperty().set("tenants/t001*");
        assertThat(paths(vm.shown())).hasSize(10).allMatch(p -> p.startsWith("tenants/t001"));
        assertThat(vm.totalsProperty().get().replicas()).isEqualTo(10);
        assertThat(vm.filterErrorProperty().get()).isEmpty();

        // Half typed: the error names the term, and the last filter that parsed stays.
        vm.filterTextProperty().set("tenants/t001* lag >");
        assertThat(vm.filterErrorProperty().get()).contains("lag >").contains("needs a value");
        assertThat(vm.shown()).hasSize(10);
        vm.filterTextProperty().set("tenants/t001* lag > 1h");
        assertThat(vm.filterErrorProperty().get()).isEmpty();
        assertThat(vm.shown()).isEmpty();
        assertThat(vm.totalsProperty().get()).isEqualTo(new FleetViewModel.Totals(0, 0, 0, 0));

        vm.filterTextProperty().set("0.5 only");
        assertThat(vm.shown()).isEmpty();
        vm.filterTextProperty().set("");
        assertThat(vm.shown()).hasSize(TENANTS);
    }

    @Test
    void sortsByEveryKeyThroughFleetSort() {
        FleetViewModel vm = model(Duration.ofMinutes(5));
        for (FleetSort.Key key : FleetSort.Key.values()) {
            for (boolean desc : new boolean[] {false, true}) {
                FleetSort order = new FleetSort(key, desc);
                vm.sort(order);
                assertThat(vm.sortProperty().get()).isEqualTo(order);
                assertThat(vm.shown()).as(order.toString()).isSortedAccordingTo(order.comparator());
            }
        }
        vm.sort(new FleetSort(FleetSort.Key.SIZE, true));
        assertThat(vm.shown().get(0).bytes()).isEqualTo(found.stream().mapToLong(Discovery.Found::storedBytes)
                .max().orElseThrow());
        // The order holds under a filter too.
        vm.filterTextProperty().set("tenants/t000*");
        assertThat(vm.shown()).hasSize(10).isSortedAccordingTo(new FleetSort(FleetSort.Key.SIZE, true).comparator());
    }

    /**
     * The filter and the sort run off the UI thread, in a queue the test drives: two keystrokes and a header click
     * start three tasks, none of which touches the rows until it finishes. The newest finishes first; the older
     * ones, finishing after it, change nothing: no stale rows, totals or histograms land after newer ones.
     */
    @Test
    void aSlowOlderFilterFinishingAfterANewerOneDoesNotWin() {
        QueuedTaskRunner queue = new QueuedTaskRunner();
        FleetViewModel vm = new FleetViewModel(queue, fleet.toString(), FleetViewModelTest::searched,
                Pricing.DEFAULT, Clock.fixed(newest.plus(Duration.ofMinutes(5)), ZoneOffset.UTC));
        vm.load(found, "");
        queue.runAll();
        assertThat(vm.shown()).hasSize(TENANTS);

        vm.filterTextProperty().set("tenants/t001*");
        vm.filterTextProperty().set("tenants/t002*");
        FleetSort bySize = new FleetSort(FleetSort.Key.SIZE, true);
        vm.sort(bySize);
        assertThat(queue.pending()).isEqualTo(3);
        // Until one finishes, the table keeps what it showed, whole and in step with its totals.
        assertThat(vm.shown()).hasSize(TENANTS);
        assertInStep(vm);

        assertThat(queue.runLatest()).isTrue();
        assertThat(paths(vm.shown())).hasSize(10).allMatch(p -> p.startsWith("tenants/t002"));
        assertThat(vm.shown()).isSortedAccordingTo(bySize.comparator());
        assertInStep(vm);
        List<FleetReplica> newer = List.copyOf(vm.shown());
        FleetViewModel.Totals totals = vm.totalsProperty().get();

        // The two older ones finish late, the oldest last.
        assertThat(queue.runLatest()).isTrue();
        assertThat(queue.runLatest()).isTrue();
        assertThat(queue.pending()).isZero();
        assertThat(vm.shown()).containsExactlyElementsOf(newer);
        assertThat(vm.totalsProperty().get()).isEqualTo(totals);
        assertInStep(vm);

        // In their own order, the last one asked for is what shows.
        vm.filterTextProperty().set("tenants/t000*");
        vm.filterTextProperty().set("tenants/t003*");
        queue.runAll();
        assertThat(paths(vm.shown())).hasSize(10).allMatch(p -> p.startsWith("tenants/t003"));
        assertInStep(vm);
    }

    /** The totals and both histograms count exactly the rows shown. */
    private static void assertInStep(FleetViewModel vm) {
        FleetViewModel.Totals t = vm.totalsProperty().get();
        assertThat(t.replicas()).isEqualTo(vm.shown().size());
        assertThat(t.bytes()).isEqualTo(vm.shown().stream().mapToLong(FleetReplica::bytes).sum());
        assertThat(vm.lagHistogramProperty().get().stream().mapToInt(FleetHistogram.Bucket::count).sum())
                .isEqualTo(vm.shown().size());
        assertThat(vm.sizeHistogramProperty().get().stream().mapToInt(FleetHistogram.Bucket::count).sum())
                .isEqualTo(vm.shown().size());
    }

    @Test
    void histogramsCountWhatTheFilterShows() {
        FleetViewModel vm = model(Duration.ofHours(2));
        List<FleetHistogram.Bucket> lag = vm.lagHistogramProperty().get();
        assertThat(lag).extracting(FleetHistogram.Bucket::label)
                .containsExactly("<1m", "1m", "10m", "1h", "6h", "1d", "≥7d");
        // Every replica was written within seconds of the others, two hours before the clock.
        assertThat(lag.get(3).count()).isEqualTo(TENANTS);
        List<FleetHistogram.Bucket> size = vm.sizeHistogramProperty().get();
        assertThat(size.stream().mapToInt(FleetHistogram.Bucket::count).sum()).isEqualTo(TENANTS);
        for (FleetHistogram.Bucket b : size) {
            assertThat(b.count()).as(b.label()).isEqualTo(found.stream().filter(f -> bucketOf(f.storedBytes())
                    .equals(b.label())).count());
        }
        vm.filterTextProperty().set("tenants/t000*");
        assertThat(vm.lagHistogramProperty().get().get(3).count()).isEqualTo(10);
        assertThat(vm.sizeHistogramProperty().get().stream().mapToInt(FleetHistogram.Bucket::count).sum())
                .isEqualTo(10);

        FleetViewModel week = model(Duration.ofDays(8));
        assertThat(week.lagHistogramProperty().get().get(6).count()).isEqualTo(TENANTS);
    }

    /** The size bucket's label worked out here on its own, by powers of four from 16 KiB. */
    private static String bucketOf(long bytes) {
        List<String> labels = List.of("<16K", "16K", "64K", "256K", "1M", "4M", "16M", "64M", "256M", "≥1G");
        int i = 0;
        for (long edge = 16 * 1024; i < labels.size() - 1 && bytes >= edge; edge *= 4) {
            i++;
        }
        return labels.get(i);
    }

    @Test
    void bulkVerifyReportsThePlantedDefectAndTheRestOk() {
        FleetViewModel vm = model(Duration.ofMinutes(5));
        vm.verify(List.copyOf(vm.shown()));
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.bulkStatusProperty().get()).startsWith("Verified " + TENANTS + " of " + TENANTS)
                .contains((TENANTS - 1) + " ok, 1 failed, 0 skipped");
        for (FleetReplica r : vm.shown()) {
            BulkRun.Result result = vm.resultOf(r).orElseThrow();
            if (r.relative().equals(BulkFleet.tenant(BROKEN))) {
                assertThat(result.outcome()).isEqualTo(BulkRun.Outcome.FAILED);
                assertThat(result.message()).contains(BulkFleet.tenant(BROKEN) + "/" + corrupted);
            } else {
                assertThat(result.outcome()).as(r.relative()).isEqualTo(BulkRun.Outcome.OK);
                assertThat(result.message()).isEqualTo("integrity ok");
            }
        }
        // Sorted by result: the failure first, then the rest by path; descending puts it last.
        vm.sortByResult(false);
        assertThat(vm.shown().get(0).relative()).isEqualTo(BulkFleet.tenant(BROKEN));
        assertThat(paths(vm.shown().subList(1, TENANTS))).isSorted();
        vm.sortByResult(true);
        assertThat(vm.shown().get(TENANTS - 1).relative()).isEqualTo(BulkFleet.tenant(BROKEN));
        vm.sort(FleetSort.BY_PATH);
        assertThat(vm.sortedByResult()).isEmpty();
        assertThat(paths(vm.shown())).isSorted();
    }

    @Test
    void bulkRestoreWritesOneFilePerTenantOfTheSelection() throws Exception {
        FleetViewModel vm = model(Duration.ofMinutes(5));
        vm.filterTextProperty().set("tenants/t002*");
        Path out = tmp.resolve("restored");
        vm.restore(List.copyOf(vm.shown()), out, Optional.empty(), false);
        assertThat(vm.bulkStatusProperty().get()).startsWith("Restored 10 of 10").contains("9 ok, 1 failed");
        // Again: the files are kept, and the advice names the window's box; ticked, they are replaced.
        vm.restore(List.copyOf(vm.shown()), out, Optional.empty(), false);
        assertThat(vm.bulkStatusProperty().get()).contains("0 ok, 1 failed, 9 skipped");
        FleetReplica kept = vm.shown().get(0);
        assertThat(vm.resultOf(kept).orElseThrow().message()).contains("already exists")
                .contains("tick \"Replace existing files\"").doesNotContain("-force");
        vm.restore(List.copyOf(vm.shown()), out, Optional.empty(), true);
        assertThat(vm.bulkStatusProperty().get()).contains("9 ok, 1 failed, 0 skipped");
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()))
                    .hasSize(9).allMatch(p -> p.startsWith("tenants/t002") && p.endsWith("/db.sqlite"))
                    .doesNotContain(BulkFleet.tenant(BROKEN) + ".sqlite");
        }
        // Replicas outside the run keep no result.
        vm.filterTextProperty().set("tenants/t000*");
        assertThat(vm.shown()).allMatch(r -> vm.resultOf(r).isEmpty());
    }

    @Test
    void anEmptySelectionIsRefusedWithWhatToDo() {
        FleetViewModel vm = model(Duration.ofMinutes(5));
        vm.verify(List.of());
        assertThat(vm.errorProperty().get()).contains("No replica is selected");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void exportsWhatIsShownInTheShownOrder() throws Exception {
        FleetViewModel vm = model(Duration.ofMinutes(5));
        vm.filterTextProperty().set("tenants/t001*");
        vm.sort(new FleetSort(FleetSort.Key.PATH, true));
        Path csv = tmp.resolve("fleet.csv");
        vm.exportCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(String.join(",", FleetCsv.COLUMNS));
        assertThat(lines).hasSize(11);
        List<String> shownPaths = vm.shown().stream().map(FleetReplica::path).toList();
        assertThat(lines.subList(1, 11).stream().map(l -> l.substring(0, l.indexOf(','))).toList())
                .isEqualTo(shownPaths);
        FleetReplica first = vm.shown().get(0);
        assertThat(first.relative()).isEqualTo(BulkFleet.tenant(19));
        assertThat(lines.get(1)).contains(",0.3," + first.generations() + "," + first.bytes() + ","
                + first.objects() + ",").contains("," + first.lag().orElseThrow().toSeconds() + ",")
                .endsWith("," + first.healthLabel() + ",,");
        assertThat(vm.bulkStatusProperty().get()).isEqualTo("Exported 10 replica(s) to " + csv);
    }
}
