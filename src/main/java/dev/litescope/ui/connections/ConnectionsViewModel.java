package dev.litescope.ui.connections;

import dev.litescope.replica.Replica;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.util.Cancellation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connections panel's state: the remembered connections (the demo, folders, buckets), the databases found
 * under each, and which of them is open in the main window. Properties and lists only, no Nodes. Every search
 * and every read or write of the remembered list runs through the {@link TaskRunner}; a search can be cancelled,
 * and one overtaken by a newer search of the same connection is dropped.
 *
 * <p>Errors land twice: on the connection's node (its own message, from the engine) and in the window's error
 * line through {@link MainViewModel#reportError}, with what to do.
 */
public final class ConnectionsViewModel {
    /** Listings run at once while searching a bucket. */
    static final int DISCOVERY_PARALLELISM = 8;

    /** One database found under a connection. */
    public record Database(Connection connection, String path, String url, Discovery.Replica replica) {
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

    /** A connection in the panel and what is known below it. */
    public static final class Node {
        private final Connection connection;
        private final ObservableList<Database> databases = FXCollections.observableArrayList();
        // One view for every caller: an unmodifiable view listens to its list only weakly, so a view made per
        // call would be collected, and the listeners added to it would silently stop.
        private final ObservableList<Database> databasesView = FXCollections.unmodifiableObservableList(databases);
        private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(this, "searching");
        private final ReadOnlyBooleanWrapper searched = new ReadOnlyBooleanWrapper(this, "searched");
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
        private long seq;
        private Optional<Cancellation> running = Optional.empty();

        Node(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        public ObservableList<Database> databases() {
            return databasesView;
        }

        public ReadOnlyBooleanProperty searchingProperty() {
            return searching.getReadOnlyProperty();
        }

        /** Whether a search has finished (found something, nothing, or failed). */
        public ReadOnlyBooleanProperty searchedProperty() {
            return searched.getReadOnlyProperty();
        }

        /** The last search's failure, from the engine; empty when it succeeded. */
        public ReadOnlyStringProperty errorProperty() {
            return error.getReadOnlyProperty();
        }

        /** The one database, when the connection is itself a replica (it holds generations/ directly). */
        public Optional<Database> single() {
            return databases.size() == 1 && databases.get(0).isConnectionItself()
                    ? Optional.of(databases.get(0)) : Optional.empty();
        }

        @Override
        public String toString() {
            return connection.label();
        }
    }

    private final MainViewModel main;
    private final TaskRunner runner;
    private final ReplicaOptions options;
    private final ConnectionStore store;
    private final CredentialsProbe probe;
    private final Callable<Path> demo;
    private final ObservableList<Node> nodes = FXCollections.observableArrayList();
    private final ObservableList<Node> nodesView = FXCollections.unmodifiableObservableList(nodes);
    private final ReadOnlyBooleanWrapper checkingCredentials = new ReadOnlyBooleanWrapper(this, "checkingCredentials");
    private final ReadOnlyObjectWrapper<Optional<Node>> added =
            new ReadOnlyObjectWrapper<>(this, "added", Optional.empty());
    private final ReadOnlyObjectWrapper<Optional<ReplicaUrl>> openUrl =
            new ReadOnlyObjectWrapper<>(this, "openUrl", Optional.empty());
    private volatile long saveSeq;
    /** The remembered connections are being read: a save now would overwrite them with what the panel has. */
    private boolean loading;

    /**
     * @param options how to reach Cloud Storage; searches never use the object cache (they only list)
     * @param demo    installs the bundled demo replica and returns its folder
     */
    public ConnectionsViewModel(MainViewModel main, TaskRunner runner, ReplicaOptions options, ConnectionStore store,
                                CredentialsProbe probe, Callable<Path> demo) {
        this.main = main;
        this.runner = runner;
        this.options = new ReplicaOptions(options.gcs(), Optional.empty());
        this.store = store;
        this.probe = probe;
        this.demo = demo;
        main.replicaUrlProperty().addListener((o, a, b) -> openUrl.set(parseQuietly(b)));
        openUrl.set(parseQuietly(main.replicaUrlProperty().get()));
    }

    // ---- commands ----

    /**
     * Reads the remembered connections and searches the local ones; a damaged file is reported, and what could be
     * read is shown.
     */
    public void load() {
        loading = true;
        runner.run(store::load, loaded -> {
            // Connections added while the file was being read (the sample's replica, say) join the remembered
            // ones rather than being lost, and are saved with them; saves wait until then.
            List<Node> early = List.copyOf(nodes);
            List<Node> remembered = loaded.connections().stream().map(Node::new).toList();
            nodes.setAll(remembered);
            early.stream().filter(e -> remembered.stream().noneMatch(r -> r.connection.equals(e.connection)))
                    .forEach(nodes::add);
            loading = false;
            if (!early.isEmpty()) {
                save();
            }
            loaded.problem().ifPresent(main::reportError);
            // Local folders are cheap to search, so their databases show at once; a bucket waits to be expanded,
            // since every search of it is paid requests.
            remembered.stream().filter(n -> !(n.connection instanceof Connection.Bucket)).forEach(n -> search(n, false));
        }, failure -> {
            loading = false;
            main.reportError("Could not read the remembered connections from " + store.file() + ": "
                    + MainViewModel.message(failure) + ". Connections you add now are remembered again.");
        });
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
        runner.run(() -> {
            probe.check();
            return url;
        }, ok -> {
            checkingCredentials.set(false);
            add(new Connection.Bucket(ok));
        }, failure -> {
            checkingCredentials.set(false);
            main.reportError("Cannot add " + url + ": " + MainViewModel.message(failure));
        });
    }

    /** Why {@code text} is not a bucket URL, in words for the user; empty when it is one. */
    public static Optional<String> bucketProblem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("Give a bucket as gs://bucket or gs://bucket/prefix.");
        }
        String t = text.strip();
        if (!t.contains("://")) {
            return Optional.of("Give a bucket as gs://bucket or gs://bucket/prefix (for a local folder, use "
                    + "Add folder…).");
        }
        try {
            if (!(ReplicaUrl.parse(t) instanceof ReplicaUrl.Gcs)) {
                return Optional.of(t + " is a local folder: use Add folder… for it.");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /** Forgets a connection (nothing in it is touched). */
    public void remove(Node node) {
        node.running.ifPresent(Cancellation::cancel);
        node.seq++;
        if (nodes.remove(node)) {
            save();
        }
    }

    /** Searches the connection again. */
    public void refresh(Node node) {
        search(node, false);
    }

    /**
     * The user opened the connection's branch: search it the first time; a connection that is itself a replica
     * is opened at once, since what is under it is the open database's generations.
     */
    public void expand(Node node) {
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
    public void cancel(Node node) {
        if (node.searching.get()) {
            node.running.ifPresent(Cancellation::cancel);
            node.seq++;
            node.searching.set(false);
        }
    }

    /** Opens a database in the main window. */
    public void open(Database database) {
        main.open(database.url());
    }

    // ---- state ----

    public ObservableList<Node> connections() {
        return nodesView;
    }

    /** While the credentials for a bucket being added are checked. */
    public ReadOnlyBooleanProperty checkingCredentialsProperty() {
        return checkingCredentials.getReadOnlyProperty();
    }

    /** The connection added last (or named again when it was there already), for the panel to select. */
    public ReadOnlyObjectProperty<Optional<Node>> addedProperty() {
        return added.getReadOnlyProperty();
    }

    /** The replica open in the main window, parsed; empty when none or when it is not a valid URL. */
    public ReadOnlyObjectProperty<Optional<ReplicaUrl>> openUrlProperty() {
        return openUrl.getReadOnlyProperty();
    }

    public boolean isOpen(Database database) {
        return openUrl.get().isPresent() && openUrl.get().equals(parseQuietly(database.url()));
    }

    // ---- internals ----

    private void add(Connection c) {
        Optional<Node> existing = nodes.stream().filter(n -> n.connection.equals(c)).findFirst();
        if (existing.isPresent()) {
            added.set(existing);
            return;
        }
        Node node = new Node(c);
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
        List<Connection> list = nodes.stream().map(Node::connection).toList();
        long seq = ++saveSeq;
        runner.run(() -> {
            // Saves run in order of their sequence: an older list never overwrites a newer one.
            synchronized (store) {
                if (seq == saveSeq) {
                    store.save(list);
                }
            }
            return list;
        }, saved -> {
        }, failure -> main.reportError("Could not remember the connections in " + store.file() + ": "
                + MainViewModel.message(failure) + ". They stay in the panel until Litescope closes."));
    }

    private void search(Node node, boolean openIfSingle) {
        node.running.ifPresent(Cancellation::cancel);
        long seq = ++node.seq;
        Cancellation cancellation = new Cancellation();
        node.running = Optional.of(cancellation);
        node.searching.set(true);
        node.error.set("");
        runner.run(() -> find(node.connection, cancellation), found -> {
            if (seq != node.seq) {
                return;
            }
            node.running = Optional.empty();
            node.databases.setAll(found);
            node.searched.set(true);
            node.searching.set(false);
            if (openIfSingle) {
                node.single().ifPresent(this::openIfNotOpen);
            }
        }, failure -> {
            if (seq != node.seq) {
                return;
            }
            node.running = Optional.empty();
            String message = MainViewModel.message(failure);
            node.databases.clear();
            node.error.set(message);
            node.searched.set(true);
            node.searching.set(false);
            main.reportError("Could not search " + node.connection.location() + " for databases: " + message);
        });
    }

    private List<Database> find(Connection c, Cancellation cancellation) throws Exception {
        if (c instanceof Connection.Bucket b) {
            Replica opened = Replicas.open(b.url(), options);
            try (ObjectStore store = opened.store()) {
                String prefix = opened.root().isEmpty() ? "" : opened.root() + "/";
                List<Database> out = new ArrayList<>();
                for (Discovery.Replica r : discover(opened, cancellation)) {
                    String path = relative(r.root(), prefix);
                    out.add(new Database(c, path, r.url().toString(), r));
                }
                return out;
            }
        }
        Path dir = c instanceof Connection.Folder f ? f.dir() : demo.call();
        if (!Files.isDirectory(dir)) {
            throw new ObjectStoreException("the folder " + dir + " is not there (moved, deleted, or on a drive "
                    + "that is not mounted); remove it from the connections, or add it again where it is now");
        }
        Replica folder = Replicas.open(new ReplicaUrl.Local(dir));
        try (ObjectStore store = folder.store()) {
            List<Database> out = new ArrayList<>();
            for (Discovery.Replica r : discover(folder, cancellation)) {
                String path = relative(r.root(), "");
                out.add(new Database(c, path, ((ReplicaUrl.Local) r.url()).dir().toString(), r));
            }
            return out;
        }
    }

    private static List<Discovery.Replica> discover(Replica searched, Cancellation cancellation)
            throws ObjectStoreException, InterruptedException {
        return new Discovery(searched, DISCOVERY_PARALLELISM).find(cancellation);
    }

    private static String relative(String root, String prefix) {
        String rel = root.substring(prefix.length());
        return rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
    }

    private static Optional<ReplicaUrl> parseQuietly(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReplicaUrl.parse(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
