package dev.litescope.ui.connections;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.DiscoveryKeeper;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connections panel's state: the remembered connections (the demo, folders, buckets), the databases found
 * under each with the words the panel shows for them, and which of them is open in the main window. Properties
 * and lists only, no Nodes. Every search and every read or write of the remembered list is a
 * {@link BackgroundTask}: a newer search of a connection supersedes an older one, a search can be cancelled, and
 * saves land in the order they were asked for.
 *
 * <p>Errors land twice: on the connection's node (its own message, from the engine) and in the window's error
 * line through {@link MainViewModel#reportError}, with what to do. A removed connection can be put back
 * ({@link #undoRemove()}) until another is removed.
 *
 * <p>About 410 lines, over the house's 400, and kept whole on purpose: it is one panel's commands, with the small
 * {@link Database} type beside them. What could leave has left: each connection's state is
 * {@link ConnectionNode} (whose fields the searches here set), the search itself {@link ConnectionSearch}, the
 * words {@link ConnectionText},
 * the remembered list {@link ConnectionStore}, the listings kept for an incremental refresh
 * {@link DiscoveryKeeper}, and the fleet table its own room, reached through {@link #setFleetOpener}.
 */
public final class ConnectionsViewModel {
    /** A connection with more databases than this opens as a fleet table rather than a row per database. */
    public static final int FLEET_SIZE = 8;

    /** One database found under a connection. */
    public record Database(Connection connection, String path, String url, Discovery.Found replica) {
        /** Where it is below its connection; empty when the connection is itself the replica. */
        public String path() {
            return path;
        }

        /** The name in the panel: its path below the connection, or the connection's own name. */
        public String label() {
            return path.isEmpty() ? connection.label() : path;
        }

        public boolean isConnectionItself() {
            return path.isEmpty();
        }
    }

    /** A connection the user removed, and where it was, for Undo. */
    public record Removed(ConnectionNode node, int index) {
    }

    private final MainViewModel main;
    private final TaskRunner runner;
    private final ConnectionStore store;
    private final CredentialsProbe probe;
    private final ConnectionSearch search;
    private final ObservableList<ConnectionNode> nodes = FXCollections.observableArrayList();
    private final ObservableList<ConnectionNode> nodesView = FXCollections.unmodifiableObservableList(nodes);
    private final ReadOnlyBooleanWrapper checkingCredentials = new ReadOnlyBooleanWrapper(this, "checkingCredentials");
    private final ReadOnlyObjectWrapper<Optional<ConnectionNode>> added =
            new ReadOnlyObjectWrapper<>(this, "added", Optional.empty());
    private final ReadOnlyObjectWrapper<Optional<ReplicaUrl>> openUrl =
            new ReadOnlyObjectWrapper<>(this, "openUrl", Optional.empty());
    private final ReadOnlyObjectWrapper<Optional<Removed>> removed =
            new ReadOnlyObjectWrapper<>(this, "removed", Optional.empty());
    /** The remembered connections are being read: a save now would overwrite them with what the panel has. */
    private boolean loading;
    private Consumer<ConnectionNode> fleetOpener = node -> { };

    /** As below, keeping the bucket searches' listings in memory only (nothing in the cache folder). */
    public ConnectionsViewModel(MainViewModel main, TaskRunner runner, ReplicaOptions options, ConnectionStore store,
                                CredentialsProbe probe, Callable<Path> demo) {
        this(main, runner, options, store, probe, demo, new DiscoveryKeeper(Optional.empty(), Clock.systemUTC()));
    }

    /**
     * @param options how to reach Cloud Storage; searches never use the object cache (they only list), and their
     *                requests count into the window's session totals ({@link MainViewModel#sessionRequests()})
     * @param demo    installs the bundled demo replica and returns its folder
     * @param keeper  keeps each bucket search's listing, so the next search of it lists only what can have changed
     */
    public ConnectionsViewModel(MainViewModel main, TaskRunner runner, ReplicaOptions options, ConnectionStore store,
                                CredentialsProbe probe, Callable<Path> demo, DiscoveryKeeper keeper) {
        this.main = main;
        this.runner = runner;
        this.search = new ConnectionSearch(new ReplicaOptions(options.gcs(), Optional.empty(),
                Optional.of(main.sessionRequests())), demo, keeper);
        this.store = store;
        this.probe = probe;
        main.replicaUrlProperty().addListener((o, a, b) -> openUrl.set(ConnectionText.parseQuietly(b)));
        openUrl.set(ConnectionText.parseQuietly(main.replicaUrlProperty().get()));
    }

    // ---- commands ----

    /**
     * Reads the remembered connections and searches the local ones; a damaged file is reported, and what could be
     * read is shown.
     */
    public void load() {
        loading = true;
        runner.execute(BackgroundTask.ofCallable("Reading the remembered connections", store::load)
                .onSuccess(loaded -> {
                    // Connections added while the file was being read (the sample's replica, say) join the
                    // remembered ones rather than being lost, and are saved with them; saves wait until then.
                    List<ConnectionNode> early = List.copyOf(nodes);
                    List<ConnectionNode> remembered = loaded.connections().stream().map(this::node).toList();
                    nodes.setAll(remembered);
                    early.stream().filter(e -> remembered.stream().noneMatch(r -> r.connection.equals(e.connection)))
                            .forEach(nodes::add);
                    loading = false;
                    if (!early.isEmpty()) {
                        save();
                    }
                    loaded.problem().ifPresent(main::reportError);
                    // Local folders are cheap to search, so their databases show at once; a bucket waits to be
                    // expanded, since every search of it is paid requests.
                    remembered.stream().filter(n -> !(n.connection instanceof Connection.Bucket))
                            .forEach(n -> search(n, false));
                })
                .onFailure(failure -> {
                    loading = false;
                    main.reportError("Could not read the remembered connections from " + store.file() + ": "
                            + MainViewModel.message(failure) + ". Connections you add now are remembered again.");
                }));
    }

    /** Adds the bundled demo replica back (a first run starts with it; the user may have removed it). */
    public void addDemo() {
        add(new Connection.Demo());
    }

    /** Adds a local folder (a replica, or a folder of replicas) and searches it. */
    public void addFolder(Path dir) {
        add(new Connection.Folder(dir));
    }

    /**
     * Adds a bucket or a prefix in one, given as {@code gs://bucket/prefix}: checked first, then, off the UI
     * thread, whether there are credentials to read it at all.
     */
    public void addBucket(String text) {
        Optional<String> problem = bucketProblem(text);
        if (problem.isPresent()) {
            main.reportError(problem.get());
            return;
        }
        ReplicaUrl.Gcs url = (ReplicaUrl.Gcs) ReplicaUrl.parse(text.strip());
        checkingCredentials.set(true);
        runner.execute(BackgroundTask.ofCallable("Checking the credentials for " + url, () -> {
            probe.check();
            return url;
        }).onSuccess(ok -> add(new Connection.Bucket(ok)))
                .onFailure(failure -> main.reportError("Cannot add " + url + ": " + MainViewModel.message(failure)))
                .onFinished(() -> checkingCredentials.set(false)));
    }

    /** Why {@code text} is not a bucket URL, in words for the user; empty when it is one. */
    public static Optional<String> bucketProblem(String text) {
        return ConnectionText.bucketProblem(text);
    }

    /** Forgets a connection (nothing in it is touched); {@link #undoRemove()} puts it back. */
    public void remove(ConnectionNode node) {
        int index = nodes.indexOf(node);
        if (index < 0) {
            return;
        }
        node.stopSearch();
        nodes.remove(index);
        removed.set(Optional.of(new Removed(node, index)));
        save();
    }

    /** Puts the connection removed last back where it was, in the panel and in the remembered list. */
    public void undoRemove() {
        Optional<Removed> last = removed.get();
        removed.set(Optional.empty());
        if (last.isEmpty() || nodes.stream().anyMatch(n -> n.connection.equals(last.get().node().connection))) {
            return;
        }
        ConnectionNode node = last.get().node();
        nodes.add(Math.min(last.get().index(), nodes.size()), node);
        save();
        added.set(Optional.of(node));
        if (!node.searched.get() && !(node.connection instanceof Connection.Bucket)) {
            search(node, false); // its search was stopped by the removal
        }
    }

    /** The removal is no longer offered for undo (the user dismissed the notice). */
    public void forgetRemoved() {
        removed.set(Optional.empty());
    }

    /** Searches the connection again. */
    public void refresh(ConnectionNode node) {
        search(node, false);
    }

    /**
     * The user opened the connection's branch: search it the first time; a connection that is itself a replica
     * is opened at once, since what is under it is the open database's generations.
     */
    public void expand(ConnectionNode node) {
        if (node.searching.get()) {
            return;
        }
        if (!node.searched.get()) {
            search(node, true);
        } else {
            node.single().ifPresent(this::openIfNotOpen);
        }
    }

    /** Stops a running search; what was known before it stays. */
    public void cancel(ConnectionNode node) {
        if (node.searching.get()) {
            node.stopSearch();
        }
    }

    /** Opens a database in the main window. */
    public void open(Database database) {
        main.open(database.url());
    }

    /** Shows a connection's databases as a fleet table, through what {@link #setFleetOpener} gave. */
    public void openFleet(ConnectionNode node) {
        fleetOpener.accept(node);
    }

    /**
     * What opens a fleet table; a connection searched on expanding that {@link ConnectionNode#isFleet is one}
     * opens it.
     */
    public void setFleetOpener(Consumer<ConnectionNode> opener) {
        fleetOpener = opener;
    }

    /**
     * The searched place of a connection (its store holds every database found in it), for work over all of
     * them at once. Off the UI thread: opening a bucket reads the credentials. The caller closes the store.
     */
    public Replica openSearched(Connection c) throws Exception {
        return search.open(c);
    }

    // ---- state ----

    public ObservableList<ConnectionNode> connections() {
        return nodesView;
    }

    /** While the credentials for a bucket being added are checked. */
    public ReadOnlyBooleanProperty checkingCredentialsProperty() {
        return checkingCredentials.getReadOnlyProperty();
    }

    /** The connection added last (or named again when it was there already), for the panel to select. */
    public ReadOnlyObjectProperty<Optional<ConnectionNode>> addedProperty() {
        return added.getReadOnlyProperty();
    }

    /** The replica open in the main window, parsed; empty when none or when it is not a valid URL. */
    public ReadOnlyObjectProperty<Optional<ReplicaUrl>> openUrlProperty() {
        return openUrl.getReadOnlyProperty();
    }

    /** The connection removed last, while it can still be put back. */
    public ReadOnlyObjectProperty<Optional<Removed>> removedProperty() {
        return removed.getReadOnlyProperty();
    }

    /** What the notice about a removal says; empty when there is none. */
    public static String removedText(Removed r) {
        return "Removed " + r.node().connection().label() + "; nothing in it was touched.";
    }

    public boolean isOpen(Database database) {
        return openUrl.get().isPresent() && openUrl.get().equals(ConnectionText.parseQuietly(database.url()));
    }

    /** The line the panel shows under a database: format, generations, size, cost, newest object. */
    public String describe(Database database) {
        return ConnectionText.describe(database.replica(), pricesOf(database.connection()), zone());
    }

    /** The zone the window shows times in, the panel's included. */
    public ZoneId zone() {
        return main.session().zoneProperty().get();
    }

    // ---- internals ----

    private ConnectionNode node(Connection c) {
        return new ConnectionNode(c, pricesOf(c), main.session().zoneProperty());
    }

    /** The prices a connection's replicas are stored at: Cloud Storage's; none for a local folder. */
    private Optional<Pricing> pricesOf(Connection c) {
        return c instanceof Connection.Bucket ? Optional.of(main.pricing()) : Optional.empty();
    }

    private void add(Connection c) {
        Optional<ConnectionNode> existing = nodes.stream().filter(n -> n.connection.equals(c)).findFirst();
        if (existing.isPresent()) {
            added.set(existing);
            return;
        }
        ConnectionNode node = node(c);
        nodes.add(node);
        save();
        added.set(Optional.of(node));
        search(node, true);
    }

    private void openIfNotOpen(Database d) {
        if (!isOpen(d)) {
            open(d);
        }
    }

    private void save() {
        if (loading) {
            return; // the load merges what was added meanwhile, then saves
        }
        List<Connection> list = nodes.stream().map(ConnectionNode::connection).toList();
        // A newer save supersedes an older one that has not written yet; one writing now finishes first (the
        // lock), so an older list never lands over a newer one.
        runner.execute(BackgroundTask.of("", context -> {
            synchronized (store) {
                if (!context.cancellation().isCancelled()) {
                    store.save(list);
                }
            }
            return list;
        }).supersedes(new SaveKey(store)).onFailure(failure -> main.reportError("Could not remember the "
                + "connections in " + store.file() + ": " + MainViewModel.message(failure)
                + ". They stay in the panel until Litescope closes.")));
    }

    /** What saves of one file supersede each other by. */
    private record SaveKey(ConnectionStore store) {
    }

    private void search(ConnectionNode node, boolean openIfSingle) {
        node.searching.set(true);
        node.error.set("");
        TaskHandle[] handle = new TaskHandle[1];
        BackgroundTask<ConnectionSearch.Result> task = BackgroundTask.of("Searching " + node.connection.location()
                        + " for databases", context -> search.find(node.connection, context.cancellation()))
                .supersedes(node)
                .onSuccess(found -> {
                    if (cancelled(handle[0])) {
                        return;
                    }
                    node.running = Optional.empty();
                    node.listed.set(found.listed());
                    node.databases.setAll(found.databases());
                    node.searched.set(true);
                    node.searching.set(false);
                    if (openIfSingle) {
                        node.single().ifPresent(this::openIfNotOpen);
                        if (node.isFleet()) {
                            fleetOpener.accept(node);
                        }
                    }
                })
                .onFailure(failure -> {
                    if (cancelled(handle[0]) || failure instanceof Cancellation.CancelledException) {
                        return; // the user stopped it: what was known before stays
                    }
                    node.running = Optional.empty();
                    String message = MainViewModel.message(failure);
                    node.databases.clear();
                    node.listed.set("");
                    node.error.set(message);
                    node.searched.set(true);
                    node.searching.set(false);
                    main.reportError("Could not search " + node.connection.location() + " for databases: " + message);
                });
        handle[0] = runner.execute(task);
        if (!handle[0].isOver()) {
            node.running = Optional.of(handle[0]);
        }
    }

    /** A search the user cancelled (or removed the connection of); the same-thread runner has none yet. */
    private static boolean cancelled(TaskHandle handle) {
        return handle != null && handle.isCancelled();
    }
}
