package dev.litescope.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.QueuedTaskRunner;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.timeline.GenerationRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections view model with work on the test's own thread: real replicas, in folders and in the loopback bucket.
 */
class ConnectionsViewModelTest {
    static ReplicaFixture fixture;
    static Catalog catalog;
    static LoopbackGcs gcs;

    @TempDir
    Path tmp;

    ConnectionStore store;
    MainViewModel main;
    ReplicaOptions options;
    List<Callable<Path>> demoCalls = new ArrayList<>();

    @BeforeAll
    static void replicas() throws Exception {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        catalog = Catalogs.of(fixture);
        gcs = LoopbackGcs.start();
        ConnectionFixtures.upload(fixture, gcs, "replicas", "apps", "guestbook/db", "shop/db", "tenants/a.db");
        gcs.put("replicas", "apps/README.txt", new byte[] {1});
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        gcs.clearFaults();
        store = new ConnectionStore(tmp.resolve("config/connections.txt"));
        options = new ReplicaOptions(new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(),
                RetryPolicy.defaults()), Optional.empty());
        main = new MainViewModel(TaskRunner.sameThread(), options);
    }

    private ConnectionsViewModel vm(TaskRunner runner, CredentialsProbe probe) {
        return new ConnectionsViewModel(main, runner, options, store, probe, () -> {
            throw new AssertionError("the demo is not searched in this test");
        });
    }

    private ConnectionsViewModel vm() {
        return vm(TaskRunner.sameThread(), () -> {
        });
    }

    @Test
    void connectionsAreRememberedAcrossRuns() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("empty folder"));
        store.save(List.of());
        ConnectionsViewModel first = vm();
        first.load();
        assertThat(first.connections()).isEmpty();
        first.addFolder(folder);
        first.addBucket("gs://replicas/apps");
        first.addFolder(folder); // named again: not added twice, but selected
        assertThat(first.connections()).extracting(ConnectionNode::connection)
                .containsExactly(new Connection.Folder(folder), new Connection.Bucket(
                        (ReplicaUrl.Gcs) ReplicaUrl.parse("gs://replicas/apps")));
        assertThat(first.addedProperty().get()).contains(first.connections().get(0));

        ConnectionsViewModel second = vm();
        second.load();
        assertThat(second.connections()).extracting(ConnectionNode::connection)
                .containsExactlyElementsOf(first.connections().stream().map(ConnectionNode::connection)
                        .toList());
        // The folder is searched on load (it is local), the bucket only when expanded.
        assertThat(second.connections().get(0).searchedProperty().get()).isTrue();
        assertThat(second.connections().get(0).databases()).isEmpty();
        assertThat(second.connections().get(1).searchedProperty().get()).isFalse();

        second.remove(second.connections().get(0));
        ConnectionsViewModel third = vm();
        third.load();
        assertThat(third.connections()).extracting(n -> n.connection().label()).containsExactly("gs://replicas/apps");
        assertThat(main.errorProperty().get()).isEmpty();
    }

    @Test
    void aFolderOfSeveralReplicasListsEachAndOpensTheChosenOne() throws Exception {
        Path dir = tmp.resolve("replicas");
        ConnectionFixtures.copies(fixture, dir, "guestbook", "nested/shop.db");
        Files.writeString(dir.resolve("notes.txt"), "not a replica");
        ConnectionsViewModel vm = vm();
        vm.addFolder(dir);
        ConnectionNode node = vm.connections().get(0);
        assertThat(node.errorProperty().get()).isEmpty();
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::path)
                .containsExactly("guestbook", "nested/shop.db");
        assertThat(node.single()).isEmpty();
        ConnectionsViewModel.Database shop = node.databases().get(1);
        assertThat(shop.replica().format()).isEqualTo(Discovery.Format.LITESTREAM_0_3);
        assertThat(shop.replica().generations()).isEqualTo(catalog.generationNames().size());
        // Several databases: nothing opens until one is chosen.
        assertThat(main.replicaUrlProperty().get()).isEmpty();

        vm.open(shop);
        assertThat(vm.isOpen(shop)).isTrue();
        assertThat(vm.isOpen(node.databases().get(0))).isFalse();
        assertThat(main.generations()).extracting(GenerationRow::name)
                .containsExactlyInAnyOrderElementsOf(catalog.generationNames());
    }

    @Test
    void aFolderThatIsAReplicaOpensDirectly() throws Exception {
        Path dir = tmp.resolve("one");
        ConnectionFixtures.copies(fixture, dir, "replica");
        ConnectionsViewModel vm = vm();
        vm.addFolder(dir.resolve("replica"));
        ConnectionNode node = vm.connections().get(0);
        assertThat(node.single()).isPresent();
        assertThat(vm.isOpen(node.single().get())).isTrue();
        assertThat(main.generations()).hasSize(catalog.generationNames().size());
    }

    @Test
    void aBucketPrefixHoldingSeveralReplicas() throws Exception {
        ConnectionsViewModel vm = vm();
        vm.addBucket("gs://replicas/apps");
        ConnectionNode node = vm.connections().get(0);
        assertThat(node.errorProperty().get()).isEmpty();
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::path)
                .containsExactly("guestbook/db", "shop/db", "tenants/a.db");
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::url)
                .containsExactly("gs://replicas/apps/guestbook/db", "gs://replicas/apps/shop/db",
                        "gs://replicas/apps/tenants/a.db");
        vm.open(node.databases().get(2));
        assertThat(main.errorProperty().get()).isEmpty();
        assertThat(main.generations()).extracting(GenerationRow::name)
                .containsExactlyInAnyOrderElementsOf(catalog.generationNames());

        // A prefix that is itself one replica opens directly.
        vm.addBucket("gcs://replicas/apps/shop/db");
        ConnectionNode shop = vm.connections().get(1);
        assertThat(shop.single()).isPresent();
        assertThat(main.replicaUrlProperty().get()).isEqualTo("gcs://replicas/apps/shop/db");
    }

    @Test
    void anUnreadableBucketShowsTheEnginesMessageOnItsNodeAndInTheWindow() throws Exception {
        ConnectionsViewModel vm = vm();
        gcs.failNext(1, 403, LoopbackGcs.Kind.LIST);
        vm.addBucket("gs://replicas/apps");
        ConnectionNode node = vm.connections().get(0);
        assertThat(node.errorProperty().get()).contains("permission denied").contains("roles/storage.objectViewer");
        assertThat(node.databases()).isEmpty();
        assertThat(main.errorProperty().get()).startsWith("Could not search gs://replicas/apps for databases: ")
                .contains(node.errorProperty().get());

        // Refresh once the permission is granted: the error goes, the databases come.
        vm.refresh(node);
        assertThat(node.errorProperty().get()).isEmpty();
        assertThat(node.databases()).hasSize(3);

        vm.addBucket("gs://no-such-bucket");
        assertThat(vm.connections().get(1).errorProperty().get()).contains("does not exist");
    }

    @Test
    void withoutCredentialsABucketIsNotAddedAndTheWindowSaysHowToLogIn() throws Exception {
        ConnectionsViewModel vm = vm(TaskRunner.sameThread(), () -> {
            throw new ObjectStoreException("no Google Cloud credentials found: run `gcloud auth application-default "
                    + "login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file");
        });
        vm.addBucket("gs://replicas/apps");
        assertThat(vm.connections()).isEmpty();
        assertThat(main.errorProperty().get()).startsWith("Cannot add gs://replicas/apps: no Google Cloud credentials")
                .contains("gcloud auth application-default login");
        assertThat(vm.checkingCredentialsProperty().get()).isFalse();
    }

    @Test
    void theRealProbePassesWithAnEmulatorWithoutAskingGoogle() throws Exception {
        CredentialsProbe.applicationDefault(options).check();
    }

    @Test
    void bucketUrlsAreCheckedBeforeAnythingIsAsked() throws Exception {
        assertThat(ConnectionsViewModel.bucketProblem("gs://b/p")).isEmpty();
        assertThat(ConnectionsViewModel.bucketProblem("")).get().asString().contains("gs://bucket");
        assertThat(ConnectionsViewModel.bucketProblem("/var/lib/replica")).get().asString().contains("Add folder");
        assertThat(ConnectionsViewModel.bucketProblem("file:///var/lib")).get().asString().contains("Add folder");
        assertThat(ConnectionsViewModel.bucketProblem("gs://")).get().asString().contains("not a valid replica URL");
        assertThat(ConnectionsViewModel.bucketProblem("s3://b")).get().asString().contains("unsupported");
        ConnectionsViewModel vm = vm(TaskRunner.sameThread(), () -> {
            throw new AssertionError("an invalid URL must not reach the credentials check");
        });
        vm.addBucket("s3://b");
        assertThat(main.errorProperty().get()).contains("unsupported replica URL scheme");
        assertThat(vm.connections()).isEmpty();
    }

    @Test
    void aConnectionAddedWhileTheRememberedOnesAreReadIsKeptWithThem() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        store.save(List.of(new Connection.Folder(a)));
        QueuedTaskRunner runner = new QueuedTaskRunner();
        ConnectionsViewModel vm = vm(runner, () -> {
        });
        vm.load();
        vm.addFolder(b); // before the file has been read
        runner.runNext(); // the load
        runner.runAll();
        assertThat(vm.connections()).extracting(ConnectionNode::connection)
                .containsExactly(new Connection.Folder(a), new Connection.Folder(b));
        assertThat(store.load().connections()).containsExactly(new Connection.Folder(a), new Connection.Folder(b));
        assertThat(main.errorProperty().get()).isEmpty();
    }

    @Test
    void anOvertakenSearchIsDroppedAndACancelledOneLeavesNoTrace() throws Exception {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        store.save(List.of());
        ConnectionsViewModel vm = vm(runner, () -> {
        });
        runner.runAll();
        vm.addBucket("gs://replicas/apps");
        runner.runNext(); // the credentials check; the add starts a search, still queued
        ConnectionNode node = vm.connections().get(0);
        assertThat(node.searchingProperty().get()).isTrue();
        gcs.put("replicas", "apps/later/db/generations/0000000000000001/snapshots/00000000.snapshot.lz4",
                new byte[3]);
        vm.refresh(node);
        // Finish the newer search first, then the older one: the older result must not win.
        runner.runLatest();
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::path).contains("later/db");
        gcs.delete("replicas", "apps/later/db/generations/0000000000000001/snapshots/00000000.snapshot.lz4");
        runner.runAll();
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::path).contains("later/db");

        vm.refresh(node);
        vm.cancel(node);
        assertThat(node.searchingProperty().get()).isFalse();
        runner.runAll();
        assertThat(node.databases()).extracting(ConnectionsViewModel.Database::path).contains("later/db");
        assertThat(node.errorProperty().get()).isEmpty();
        assertThat(main.errorProperty().get()).isEmpty();
    }

    @Test
    void bucketSearchesCountIntoTheSessionsRequests() throws Exception {
        gcs.resetCounters();
        ConnectionsViewModel vm = vm();
        vm.addBucket("gs://replicas/apps");
        assertThat(vm.connections().get(0).databases()).hasSize(3);
        // Every list request the search made is in the totals the status bar shows, and nothing else is.
        assertThat(gcs.count(LoopbackGcs.Kind.LIST)).isPositive();
        assertThat(main.sessionRequests().snapshot().lists()).isEqualTo(gcs.count(LoopbackGcs.Kind.LIST));
        vm.refresh(vm.connections().get(0));
        assertThat(main.sessionRequests().snapshot().lists()).isEqualTo(gcs.count(LoopbackGcs.Kind.LIST));
    }

    /** A bucket of a database per tenant is searched as {@code litescope databases} does: flat, in key ranges. */
    @Test
    void aBucketOfManyTenantsIsSearchedInAboutOneListRequestPerThousandObjects() throws Exception {
        int n = 3000;
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        for (int i = 0; i < n; i++) {
            String root = String.format("tenants/user-%05d.db/generations/%016x/", i, i);
            gcs.put("fleet", root + "snapshots/00000000.snapshot.lz4", new byte[100], t);
            gcs.put("fleet", root + "wal/00000000_00000000.wal.lz4", new byte[10], t.plusMillis(i));
        }
        gcs.resetCounters();
        ConnectionsViewModel vm = vm();
        vm.addBucket("gs://fleet");
        ConnectionNode node = vm.connections().get(0);
        assertThat(node.errorProperty().get()).isEmpty();
        assertThat(node.databases()).hasSize(n);
        assertThat(node.databases().get(1234).path()).isEqualTo("tenants/user-01234.db");
        // 6,000 objects: 6 full pages, the top level's first delimited page, and at most a partial page per range
        // the listing is cut into. The search by folder made a request per tenant.
        long bound = 6 + 1 + Discovery.MAX_RANGES;
        assertThat(gcs.count(LoopbackGcs.Kind.LIST)).isLessThanOrEqualTo(bound);
        assertThat(main.sessionRequests().snapshot().lists()).isEqualTo(gcs.count(LoopbackGcs.Kind.LIST));
    }

    @Test
    void theStatusLinesAreTheViewModels() throws Exception {
        Path dir = tmp.resolve("replicas");
        ConnectionFixtures.copies(fixture, dir, "guestbook", "nested/shop.db", "one/replica");
        QueuedTaskRunner runner = new QueuedTaskRunner();
        ConnectionsViewModel vm = vm(runner, () -> {
        });
        vm.addFolder(dir);
        ConnectionNode folder = vm.connections().get(0);
        assertThat(folder.statusProperty().get()).isEqualTo("Searching for databases…");
        assertThat(runner.operations().list()).extracting(o -> o.what())
                .anyMatch(t -> t.startsWith("Searching " + dir));
        runner.runAll();
        long bytes = folder.databases().stream().mapToLong(d -> d.replica().storedBytes()).sum();
        assertThat(folder.statusProperty().get()).isEqualTo("3 databases · " + Formats.bytes(bytes));
        assertThat(runner.operations().list()).isEmpty();

        vm.addFolder(dir.resolve("one/replica"));
        runner.runAll();
        ConnectionNode single = vm.connections().get(1);
        assertThat(single.statusProperty().get()).startsWith("Litestream 0.3 · " + catalog.generationNames().size()
                + " generation").contains("newest object ").doesNotContain("/month");

        vm.addBucket("gs://replicas/apps");
        runner.runAll();
        ConnectionNode bucket = vm.connections().get(2);
        // A bucket's second line says what its search listed: everything, the first time.
        assertThat(bucket.statusProperty().get()).matches("3 databases · .* · ≈ \\$[0-9.]+/month\nNo listing of "
                + "gs://replicas/apps is kept yet \\(each search keeps one\\), so listed every object below the "
                + "prefix");
        assertThat(vm.describe(bucket.databases().get(0))).contains("/month");

        Path gone = tmp.resolve("gone");
        vm.addFolder(gone);
        runner.runAll();
        assertThat(vm.connections().get(3).statusProperty().get()).contains("the folder " + gone + " does not exist");
    }

    @Test
    void aRemovedConnectionComesBackWhereItWasWithUndo() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path c = Files.createDirectories(tmp.resolve("c"));
        store.save(List.of(new Connection.Folder(a), new Connection.Folder(b), new Connection.Folder(c)));
        ConnectionsViewModel vm = vm();
        vm.load();
        ConnectionNode middle = vm.connections().get(1);
        vm.remove(middle);
        assertThat(store.load().connections()).containsExactly(new Connection.Folder(a), new Connection.Folder(c));
        assertThat(vm.removedProperty().get()).map(ConnectionsViewModel::removedText).get().asString()
                .contains("Removed b");
        vm.undoRemove();
        assertThat(vm.connections()).containsExactly(vm.connections().get(0), middle, vm.connections().get(2));
        assertThat(store.load().connections()).containsExactly(new Connection.Folder(a), new Connection.Folder(b),
                new Connection.Folder(c));
        assertThat(vm.removedProperty().get()).isEmpty();
        // Once dismissed, there is nothing to undo.
        vm.remove(middle);
        vm.forgetRemoved();
        vm.undoRemove();
        assertThat(store.load().connections()).containsExactly(new Connection.Folder(a), new Connection.Folder(c));
    }

    /** The panel's times are in the zone the window shows, as the timeline's and the plan's are. */
    @Test
    void theNewestObjectIsWrittenInTheWindowsZone() throws Exception {
        Path dir = tmp.resolve("replicas");
        ConnectionFixtures.copies(fixture, dir, "one/replica");
        ConnectionsViewModel vm = vm();
        vm.addFolder(dir.resolve("one/replica"));
        ConnectionNode single = vm.connections().get(0);
        Instant newest = single.single().orElseThrow().replica().newest().orElseThrow();
        main.session().zoneProperty().set(ZoneOffset.UTC);
        assertThat(single.statusProperty().get()).endsWith("newest object " + DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).format(newest.atZone(ZoneOffset.UTC)) + "Z");
        ZoneOffset plusOne = ZoneOffset.ofHours(1);
        main.session().zoneProperty().set(plusOne);
        assertThat(single.statusProperty().get()).endsWith("newest object " + DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).format(newest.atZone(plusOne)) + "+01:00");
        assertThat(vm.describe(single.single().orElseThrow())).endsWith("+01:00");
    }

}
