package dev.litescope.ui.sample;

import dev.litescope.monitor.LocalMonitor;
import dev.litescope.replica.MissingReplicaException;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.sample.GuestbookClient;
import dev.litescope.sample.LocalSandbox;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.ReplicaViewModel;
import dev.litescope.ui.connections.Connection;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Run sample locally": the Cloud Run sample (the guestbook and the real Litestream, two processes sharing a data
 * folder, in Cloud Run's start order) started from the desktop, its replica added to the connections and opened,
 * and refreshed while it runs so the timeline grows as the app writes. The same {@link LocalSandbox} as
 * {@code litescope sample run}.
 */
public final class SampleViewModel {
    public enum State { STOPPED, STARTING, RUNNING, STOPPING }

    static final int MAX_LOG_LINES = 2000;
    /** How long a fresh sample may take to write its first snapshot before the replica is opened anyway. */
    static final Duration FIRST_GENERATION_WAIT = Duration.ofSeconds(20);

    private final AppSession session;
    private final TaskRunner runner;
    private final Map<String, String> env;
    private final ReplicaOptions options;
    private final ReplicaViewModel main;
    private final ConnectionsViewModel connections;
    private final Path dataDir;

    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.STOPPED);
    private final StringProperty replica = new SimpleStringProperty(this, "replica");
    private final StringProperty appUrl = new SimpleStringProperty(this, "appUrl", "");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final IntegerProperty entriesWritten = new SimpleIntegerProperty(this, "entriesWritten");
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<String> logView = FXCollections.unmodifiableObservableList(log);

    private Optional<LocalSandbox> sandbox = Optional.empty();
    /** The newest run, kept after it ends so the monitor can say how its processes exited. */
    private Optional<LocalSandbox> lastRun = Optional.empty();
    private Optional<ReplicaUrl> lastReplica = Optional.empty();
    /** The log's lines with the moment each reached the window, for the monitor. */
    private final List<LocalMonitor.Line> timed = new ArrayList<>();
    private Optional<RunningOperations.Operation> running = Optional.empty();
    private final List<String> pending = new ArrayList<>();
    private boolean flushQueued;
    /** The connection the sample's replica was added as, whose row follows the replica while it grows. */
    private Optional<Connection> shown = Optional.empty();

    /**
     * @param opened  the open replica, which shows the sample's once it runs
     * @param env     the environment the two processes are started with
     * @param dataDir the folder the two processes share; the default replica is a folder beside it
     */
    public SampleViewModel(AppSession session, ReplicaViewModel opened, ConnectionsViewModel connections,
                           Map<String, String> env, Path dataDir) {
        this.session = session;
        this.runner = session.runner();
        this.env = env;
        this.options = session.options();
        this.main = opened;
        this.connections = connections;
        this.dataDir = dataDir;
        replica.set(LocalSandbox.Config.defaultReplica(dataDir));
    }

    // ---- commands ----

    /**
     * Starts the sample: finds Litestream (fetching it if need be), restores, replicates, starts the app, waits for
     * the replica's first generation, then shows the replica in the connections and the timeline.
     */
    public void start() {
        if (state.get() != State.STOPPED) {
            return;
        }
        String url = replica.get() == null ? "" : replica.get().strip();
        ReplicaUrl parsed;
        try {
            parsed = ReplicaUrl.parse(url);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        state.set(State.STARTING);
        running = Optional.of(session.operations().start("Sample running locally"));
        append("[litescope] starting the sample in " + dataDir);
        runner.execute(BackgroundTask.ofCallable("Starting the sample", () -> {
            LocalSandbox.Config config = LocalSandbox.Config.standard(env, dataDir, url, 0, Optional.empty());
            LocalSandbox s = LocalSandbox.start(config, this::appendFromAnyThread);
            try {
                awaitFirstSnapshot(parsed);
            } catch (InterruptedException e) {
                s.close();
                throw e;
            }
            return s;
        }).onSuccess(s -> {
            sandbox = Optional.of(s);
            lastRun = Optional.of(s);
            lastReplica = Optional.of(parsed);
            appUrl.set(s.url().toString());
            state.set(State.RUNNING);
            show(parsed);
            s.exited().thenAccept(exit -> runner.post(() -> endedOnItsOwn(s, exit)));
        }).onFailure(failure -> {
            finish();
            error.set("The sample did not start: " + AppSession.message(failure));
        }));
    }

    /** Writes {@code n} guestbook entries through the app's API, as visitors would. */
    public void writeEntries(int n) {
        if (sandbox.isEmpty() || state.get() != State.RUNNING) {
            return;
        }
        GuestbookClient client = new GuestbookClient(sandbox.get().url());
        int first = entriesWritten.get() + 1;
        runner.execute(BackgroundTask.ofCallable("Writing " + n + " guestbook entries", () -> {
            for (int i = 0; i < n; i++) {
                client.post("Litescope", "entry " + (first + i) + " from the desktop app");
            }
            return n;
        }).onSuccess(written -> {
            entriesWritten.set(entriesWritten.get() + written);
            append("[litescope] wrote " + written + " entries; Litestream ships them within its 1 s sync interval");
        }).onFailure(failure -> error.set("Writing entries failed: " + AppSession.message(failure))));
    }

    /**
     * While the sample runs: lists its replica again, so the timeline, the status line and the replica's row in the
     * connections (its size and newest object) follow what Litestream ships.
     */
    public void tick() {
        if (state.get() == State.RUNNING) {
            main.refresh();
            shown.flatMap(c -> connections.connections().stream().filter(n -> n.connection().equals(c)).findFirst())
                    .ifPresent(connections::refresh);
        }
    }

    /**
     * The monitor's reading of this sample, taken now on the UI thread (its lines, the replica) and run later off it:
     * the two processes, their newest lines and the replica folder. Refused before the sample has run.
     */
    public Callable<LocalMonitor.Report> monitorReading(Duration window) {
        if (lastRun.isEmpty() || lastReplica.isEmpty()) {
            throw new IllegalStateException("The sample has not run yet: start it, then open the monitor.");
        }
        LocalSandbox run = lastRun.get();
        ReplicaUrl url = lastReplica.get();
        List<LocalMonitor.Line> lines = List.copyOf(timed);
        Optional<String> address = Optional.of(appUrl.get()).filter(u -> !u.isEmpty());
        return () -> LocalMonitor.read(new LocalMonitor.Request(List.of(process("app", run.app()),
                process("litestream", run.litestream())), lines, address, url, window, 500), options,
                session.pricing(), Instant.now());
    }

    private static LocalMonitor.ProcessState process(String name, Process p) {
        boolean alive = p.isAlive();
        return new LocalMonitor.ProcessState(name, alive, alive ? Optional.empty() : Optional.of(p.exitValue()),
                p.info().startInstant());
    }

    /** Stops the app (it finishes its writes), then Litestream (it syncs them), each with Cloud Run's grace. */
    public void stop() {
        if (sandbox.isEmpty() || state.get() != State.RUNNING) {
            return;
        }
        LocalSandbox s = sandbox.get();
        state.set(State.STOPPING);
        runner.execute(BackgroundTask.ofCallable("Stopping the sample", () -> {
            s.stop();
            return s;
        }).onSuccess(stopped -> {
            finish();
            append("[litescope] stopped; the replica keeps everything the app acknowledged");
            main.refresh();
        }).onFailure(failure -> {
            finish();
            error.set("Stopping the sample: " + AppSession.message(failure));
        }));
    }

    /** For the app's exit: stops a running sample on the calling thread, so no process outlives the window. */
    public void shutdown() {
        sandbox.ifPresent(LocalSandbox::stop);
    }

    public void setReplica(String url) {
        if (state.get() == State.STOPPED) {
            replica.set(url);
        }
    }

    // ---- state ----

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    /** Where Litestream replicates: a folder beside the data by default, or a gcs:// URL. */
    public ReadOnlyStringProperty replicaProperty() {
        return replica;
    }

    /** The running app's address; empty when it is not running. */
    public ReadOnlyStringProperty appUrlProperty() {
        return appUrl;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyIntegerProperty entriesWrittenProperty() {
        return entriesWritten;
    }

    /** Both processes' output, prefixed by which one wrote it; the newest {@value #MAX_LOG_LINES} lines. */
    public ObservableList<String> log() {
        return logView;
    }

    public Path dataDir() {
        return dataDir;
    }

    // ---- internals ----

    private void awaitFirstSnapshot(ReplicaUrl url) throws Exception {
        long deadline = System.nanoTime() + FIRST_GENERATION_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            // A generation's folder appears before its snapshot is written: wait for something restorable.
            try {
                if (new Catalog(Replicas.open(url, options)).allGenerations().stream()
                        .anyMatch(g -> !g.snapshots().isEmpty())) {
                    return;
                }
            } catch (MissingReplicaException notYet) {
                // Litestream has not made the replica's folder yet.
            }
            Thread.sleep(250);
        }
        // Not fatal: the replica is opened anyway, and the next refresh shows the generation when it comes.
    }

    /**
     * Opens the replica on the timeline and adds it to the connections (a folder, or a bucket prefix). Replica
     * first, so that the connection's search finds it open and does not list it a second time.
     */
    private void show(ReplicaUrl url) {
        main.open(url.toString());
        if (url instanceof ReplicaUrl.Local local) {
            connections.addFolder(local.dir());
            shown = Optional.of(new Connection.Folder(local.dir()));
        } else {
            connections.addBucket(url.toString());
            shown = Optional.of(new Connection.Bucket((ReplicaUrl.Gcs) url));
        }
    }

    /**
     * One of the two processes exited without being asked to (the sandbox has stopped the other and shipped what
     * it could): the window says why, stops counting the run, and lists the replica once more.
     */
    private void endedOnItsOwn(LocalSandbox s, LocalSandbox.Exit exit) {
        if (!exit.failed() || sandbox.orElse(null) != s || state.get() != State.RUNNING) {
            return; // stopped by the user: stop() reports it
        }
        finish();
        error.set(exit.reason());
        append("[litescope] the sample stopped on its own: " + exit.reason());
        exit.lastLines().forEach(l -> append("[litescope]   " + l));
        main.refresh();
    }

    private void finish() {
        sandbox = Optional.empty();
        appUrl.set("");
        state.set(State.STOPPED);
        running.ifPresent(RunningOperations.Operation::close);
        running = Optional.empty();
    }

    /** Log lines come from the processes' reader threads, many at a time; they reach the list in batches. */
    private void appendFromAnyThread(String line) {
        synchronized (pending) {
            pending.add(line);
            if (flushQueued) {
                return;
            }
            flushQueued = true;
        }
        runner.post(() -> {
            List<String> batch;
            synchronized (pending) {
                batch = new ArrayList<>(pending);
                pending.clear();
                flushQueued = false;
            }
            batch.forEach(this::append);
        });
    }

    private void append(String line) {
        log.add(line);
        timed.add(new LocalMonitor.Line(Instant.now(), line));
        if (log.size() > MAX_LOG_LINES) {
            log.remove(0, log.size() - MAX_LOG_LINES);
            timed.subList(0, timed.size() - MAX_LOG_LINES).clear();
        }
    }
}
