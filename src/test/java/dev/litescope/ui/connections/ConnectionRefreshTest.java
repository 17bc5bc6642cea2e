package dev.litescope.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.DiscoveryKeeper;
import dev.litescope.replica.DiscoveryState;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.FleetBucket;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket searched again from the connections panel (Refresh, the fleet window's refresh, a connection added again,
 * or the next start) lists each large replica only from its newest objects on, from the state the previous search
 * kept in memory or in the cache folder, and finds exactly what a full listing finds; a kept state that cannot be
 * used falls back to a full listing, says why, and is replaced. The requests are counted at the loopback server.
 */
class ConnectionRefreshTest {
    static LoopbackGcs gcs;
    static final Instant T = FleetBucket.NOW.minusSeconds(7200);
    static final String A = "tenants/big-a.db/";
    static final String B = "eu/tenants/big-b.db/";
    static final String C = "tenants/big-c.db/";

    @TempDir
    Path tmp;

    Path cache;
    MainViewModel main;
    ReplicaOptions options;

    @BeforeAll
    static void server() {
        gcs = LoopbackGcs.start();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @BeforeEach
    void setUp() {
        cache = UserDirs.cache(Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString()));
        options = new ReplicaOptions(new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(),
                RetryPolicy.defaults()), Optional.empty());
        main = new MainViewModel(TaskRunner.sameThread(), options);
    }

    /** 40 small replicas and clutter, two large replicas (0.3 and 0.5) of 20,000 objects and one of 5,500. */
    private static void fleet(String bucket) {
        FleetBucket.build(gcs, bucket, 40);
        gcs.put(bucket, A + "generations/00000000000000aa/snapshots/00000000.snapshot.lz4", new byte[100], T);
        for (int i = 0; i < 20_000; i++) {
            wal(bucket, A, i);
            ltx(bucket, B, 0, i + 2);
            if (i < 5500) {
                wal(bucket, C, i);
            }
        }
        ltx(bucket, B, 9, 1);
    }

    private static void wal(String bucket, String root, int index) {
        gcs.put(bucket, String.format("%sgenerations/00000000000000aa/wal/%08x_00000000.wal.lz4", root, index),
                new byte[10], T.plusSeconds(index));
    }

    private static void ltx(String bucket, String root, int level, long txid) {
        gcs.put(bucket, String.format("%sltx/%d/%016x-%016x.ltx", root, level, txid, txid), new byte[7],
                T.plusSeconds(txid), Map.of("litestream-timestamp", T.plusSeconds(txid).toString()));
    }

    /** Litestream went on in A and B (new segments, retention at A's bottom), C and one small replica are gone. */
    private static void changes(String bucket) {
        for (int i = 20_000; i < 20_300; i++) {
            wal(bucket, A, i);
            ltx(bucket, B, 0, i + 2);
        }
        for (int i = 0; i < 500; i++) {
            gcs.delete(bucket, String.format("%sgenerations/00000000000000aa/wal/%08x_00000000.wal.lz4", A, i));
        }
        for (String prefix : List.of(C, FleetBucket.root(5))) {
            gcs.list(bucket, prefix).forEach(o -> gcs.delete(bucket, o.name()));
        }
        gcs.put(bucket, "tenants/new.db/generations/00000000000000ee/snapshots/00000000.snapshot.lz4", new byte[4], T);
    }

    private ConnectionsViewModel vm(DiscoveryKeeper keeper) {
        return new ConnectionsViewModel(main, TaskRunner.sameThread(), options,
                new ConnectionStore(tmp.resolve("config/connections.txt")), () -> {
                }, () -> {
                    throw new AssertionError("the demo is not searched in this test");
                }, keeper);
    }

    private DiscoveryKeeper onDisk(Clock clock) {
        return new DiscoveryKeeper(Optional.of(cache), clock);
    }

    /** The bucket's node after adding it (which searches it), with the search's list requests. */
    private static ConnectionNode add(ConnectionsViewModel vm, String url, long[] lists) {
        gcs.resetCounters();
        vm.addBucket(url);
        lists[0] = gcs.count(LoopbackGcs.Kind.LIST);
        ConnectionNode node = vm.connections().get(vm.connections().size() - 1);
        assertThat(node.errorProperty().get()).isEmpty();
        return node;
    }

    private static long refresh(ConnectionsViewModel vm, ConnectionNode node) {
        gcs.resetCounters();
        vm.refresh(node);
        assertThat(node.errorProperty().get()).isEmpty();
        return gcs.count(LoopbackGcs.Kind.LIST);
    }

    /** What a search with nothing kept finds now: a full listing, through the same panel. */
    private List<ConnectionsViewModel.Database> full(String url) {
        ConnectionsViewModel fresh = vm(new DiscoveryKeeper(Optional.empty(), Clock.systemUTC()));
        ConnectionNode node = add(fresh, url, new long[1]);
        assertThat(node.listedProperty().get()).startsWith("no listing of " + url + " is kept yet")
                .endsWith(", so listed every object below the prefix");
        return List.copyOf(node.databases());
    }

    @Test
    void aSecondSearchListsOnlyWhatCanHaveChangedAndFindsWhatAFullListingFinds() {
        fleet("again");
        ConnectionsViewModel vm = vm(onDisk(Clock.systemUTC()));
        long[] first = new long[1];
        ConnectionNode node = add(vm, "gs://again", first);
        assertThat(node.listedProperty().get()).isEqualTo("no listing of gs://again is kept yet (each search keeps "
                + "one), so listed every object below the prefix");
        assertThat(node.databases()).hasSize(40 + 3);

        changes("again");
        long second = refresh(vm, node);
        List<ConnectionsViewModel.Database> expected = full("gs://again");
        assertThat(node.databases()).containsExactlyElementsOf(expected);
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::path).contains("tenants/new.db")
                .doesNotContain("tenants/big-c.db", FleetBucket.root(5).replaceAll("/$", ""));
        assertThat(node.listedProperty().get()).startsWith("listed 3 large replica(s) from their newest known "
                + "objects on").contains((500 + 5500) + " object(s) gone");
        // The panel shows it under the connection, and the fleet window's footer has the same words.
        assertThat(node.statusProperty().get()).startsWith("42 databases · ")
                .endsWith("\nL" + node.listedProperty().get().substring(1));
        // 45,500 objects the first time, 45 pages and more. The refresh: the delimited listings of the top two
        // levels (the bucket; ap/, eu/, junk/, tenants/, us/), the key ranges cut around the three large format
        // folders (the small replicas take a page or two), five requests for A (generations/, and the first object
        // and the newest on of snapshots/ and wal/) and for B (ltx/, levels 0 and 9), one for C (found gone).
        System.out.println("search: " + first[0] + " list requests, its refresh " + second + "; "
                + node.listedProperty().get());
        assertThat(first[0]).isGreaterThanOrEqualTo(45);
        assertThat(second).isLessThan(first[0]).isLessThanOrEqualTo((1 + 5) + (Discovery.RANGES + 3) + 2 + 5 + 5 + 1);

        // Removing the connection and adding it back searches it again: still a refresh, from the new state.
        vm.remove(node);
        long[] third = new long[1];
        ConnectionNode back = add(vm, "gs://again", third);
        assertThat(back.listedProperty().get()).startsWith("listed 2 large replica(s) from their newest known");
        assertThat(back.databases()).containsExactlyElementsOf(expected);
        assertThat(third[0]).isLessThan(first[0]);
        assertThat(main.errorProperty().get()).isEmpty();
    }

    @Test
    void aRestartRefreshesFromTheStateTheLastSearchLeftInTheCacheFolderWhichTheCommandLineShares() {
        fleet("restart");
        long[] first = new long[1];
        add(vm(onDisk(Clock.systemUTC())), "gs://restart", first);
        changes("restart");

        // A new start: a fresh view model and keeper, the same cache folder.
        long[] second = new long[1];
        ConnectionNode node = add(vm(onDisk(Clock.systemUTC())), "gs://restart", second);
        assertThat(node.listedProperty().get()).startsWith("listed 3 large replica(s) from their newest known "
                + "objects on");
        assertThat(second[0]).isLessThan(first[0]);
        assertThat(node.databases()).containsExactlyElementsOf(full("gs://restart"));

        // litescope databases --incremental reads what the app kept, and the app what it keeps.
        ltx("restart", B, 0, 30_000);
        ProcResult cli = Litescope.run(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort(), "XDG_CACHE_HOME",
                tmp.resolve("xdg").toString()), "databases", "-json", "--incremental", "gs://restart");
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("incremental: listed 2 large replica(s) from their newest known objects");
        ConnectionNode after = add(vm(onDisk(Clock.systemUTC())), "gs://restart", new long[1]);
        assertThat(after.listedProperty().get()).startsWith("listed 2 large replica(s)");
        assertThat(after.databases()).containsExactlyElementsOf(full("gs://restart"));
    }

    @Test
    void aKeptStateThatIsCorruptStaleOrOfAnotherUrlFallsBackToAFullListingSaysWhyAndIsReplaced() throws Exception {
        fleet("fallback");
        Path file = DiscoveryState.file(cache, "gs://fallback");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\": 1, \"url\": \"gs://fallback\", \"large\": [{\"root\"");

        ConnectionNode corrupt = add(vm(onDisk(Clock.systemUTC())), "gs://fallback", new long[1]);
        assertThat(corrupt.listedProperty().get()).startsWith("the kept listing in " + file + " cannot be read (")
                .endsWith(", and is replaced by this listing, so listed every object below the prefix");
        assertThat(corrupt.databases()).hasSize(43);
        assertThat(DiscoveryState.read(cache, "gs://fallback")).isPresent();
        ConnectionNode next = add(vm(onDisk(Clock.systemUTC())), "gs://fallback", new long[1]);
        assertThat(next.listedProperty().get()).startsWith("listed 3 large replica(s)");

        // A day and more later: listed in full again.
        Clock later = Clock.fixed(Instant.now().plus(DiscoveryKeeper.MAX_AGE).plus(Duration.ofMinutes(5)),
                ZoneOffset.UTC);
        ConnectionNode stale = add(vm(onDisk(later)), "gs://fallback", new long[1]);
        assertThat(stale.listedProperty().get()).startsWith("the kept listing of gs://fallback is from ")
                .contains("more than 24 hours ago").endsWith(", so listed every object below the prefix");

        // A file that names another URL (copied, or a clash of names) is not used for this one.
        Path prefixFile = DiscoveryState.file(cache, "gs://fallback/tenants");
        Files.copy(file, prefixFile);
        ConnectionNode other = add(vm(onDisk(Clock.systemUTC())), "gs://fallback/tenants", new long[1]);
        assertThat(other.listedProperty().get()).isEqualTo("the kept listing in " + prefixFile + " is of "
                + "gs://fallback, not gs://fallback/tenants, and is replaced by this listing, so listed every object "
                + "below the prefix");
        assertThat(DiscoveryState.read(cache, "gs://fallback/tenants").orElseThrow().url())
                .isEqualTo("gs://fallback/tenants");
        assertThat(main.errorProperty().get()).isEmpty();
    }

    @Test
    void aFolderIsListedWholeAndSaysNothingOfRefreshing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("folder"));
        ConnectionsViewModel vm = vm(onDisk(Clock.systemUTC()));
        vm.addFolder(dir);
        ConnectionNode node = vm.connections().get(0);
        assertThat(node.searchedProperty().get()).isTrue();
        assertThat(node.listedProperty().get()).isEmpty();
        assertThat(node.statusProperty().get()).doesNotContain("isted");
        assertThat(cache.resolve("discovery")).doesNotExist();
    }

    @Test
    void aBucketOfSmallReplicasSaysItIsListedWholeEachTime() {
        FleetBucket.build(gcs, "small", 20);
        ConnectionsViewModel vm = vm(onDisk(Clock.systemUTC()));
        ConnectionNode node = add(vm, "gs://small", new long[1]);
        List<ConnectionsViewModel.Database> first = List.copyOf(node.databases());
        refresh(vm, node);
        assertThat(node.databases()).containsExactlyElementsOf(first).hasSize(20);
        assertThat(node.listedProperty().get()).isEqualTo("no replica had 5,000 objects or more (the size from "
                + "which a refresh lists one only from its newest objects on), so listed every object below the "
                + "prefix");
    }
}
