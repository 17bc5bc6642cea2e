package dev.litescope.ui.monitor;

import dev.litescope.cloud.CloudRefusals;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.monitor.LocalMonitor;
import dev.litescope.monitor.LogEntry;
import dev.litescope.monitor.Monitor;
import dev.litescope.monitor.MonitorClients;
import dev.litescope.monitor.MonitorRefusal;
import dev.litescope.monitor.MonitorReport;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The dashboard of one deployed service: what to read (project, region, service, the replica's bucket and path,
 * the window), the report the monitor read off the UI thread, and the logs of that report filtered by container
 * and least severity as the user picks them. Made by {@link #local}, it is the dashboard of the sample running on
 * this machine instead: the same report, read from its processes and its replica folder.
 */
public final class MonitorViewModel {
    /** The windows the charts offer. */
    public static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofDays(1));
    /** Severities from least to most severe, as Cloud Logging orders them; "" is any. */
    public static final List<String> SEVERITIES = List.of("", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR",
            "CRITICAL");
    private static final int LOG_LIMIT = 200;

    private final TaskRunner runner;
    private final Map<String, String> env;
    private final ReplicaOptions options;
    private final Pricing pricing;
    private final Clock clock;

    private final StringProperty project = new SimpleStringProperty(this, "project", "");
    private final StringProperty region = new SimpleStringProperty(this, "region", "");
    private final StringProperty service = new SimpleStringProperty(this, "service", "litestream-sample");
    private final StringProperty bucket = new SimpleStringProperty(this, "bucket", "");
    private final StringProperty replicaPath = new SimpleStringProperty(this, "replicaPath", "litestream");
    private final ObjectProperty<Duration> window = new SimpleObjectProperty<>(this, "window", Duration.ofHours(1));
    private final StringProperty container = new SimpleStringProperty(this, "container", "");
    private final StringProperty severity = new SimpleStringProperty(this, "severity", "");
    private final ObjectProperty<Optional<MonitorReport>> report = new SimpleObjectProperty<>(this, "report",
            Optional.empty());
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ObservableList<LogEntry> logs = FXCollections.observableArrayList();
    private final ObservableList<String> containers = FXCollections.observableArrayList("");
    private final ObservableList<LogEntry> logsView = FXCollections.unmodifiableObservableList(logs);
    private final ObservableList<String> containersView = FXCollections.unmodifiableObservableList(containers);
    private final ObjectProperty<Optional<LocalMonitor.Report>> localReport = new SimpleObjectProperty<>(this,
            "localReport", Optional.empty());
    private Optional<LocalSource> local = Optional.empty();

    /** The local sample as a source: what to read, taken on the UI thread, and the reading, run off it. */
    @FunctionalInterface
    public interface LocalSource {
        /** Takes what the reading needs now (the processes' lines, the replica); the reading runs off the UI thread. */
        Callable<LocalMonitor.Report> prepare(Duration window);
    }

    /** The dashboard of the locally running sample, read from {@code source}. */
    public static MonitorViewModel local(TaskRunner runner, LocalSource source) {
        MonitorViewModel m = new MonitorViewModel(runner, Map.of(), null, null, Clock.systemUTC());
        m.local = Optional.of(source);
        return m;
    }

    public MonitorViewModel(AppSession session) {
        this(session.runner(), session.env(), session.options(), session.pricing(), Clock.systemUTC());
    }

    public MonitorViewModel(TaskRunner runner, Map<String, String> env, ReplicaOptions options, Pricing pricing,
                            Clock clock) {
        this.runner = runner;
        this.env = env;
        this.options = options;
        this.pricing = pricing;
        this.clock = clock;
        container.addListener((o, a, b) -> filterLogs());
        severity.addListener((o, a, b) -> filterLogs());
        window.addListener((o, a, b) -> refresh());
    }

    /** Reads the service again, off the UI thread; a refresh still running is superseded. */
    public void refresh() {
        if (local.isPresent()) {
            Callable<LocalMonitor.Report> read;
            try {
                read = local.get().prepare(window.get());
            } catch (IllegalStateException e) {
                error.set(e.getMessage());
                return;
            }
            loading.set(true);
            runner.execute(BackgroundTask.ofCallable("Reading the local sample", read).supersedes(this)
                    .onSuccess(got -> {
                        localReport.set(Optional.of(got));
                        accept(got.report());
                    }).onFailure(t -> error.set(AppSession.message(t))).onFinished(() -> loading.set(false)));
            return;
        }
        String p = project.get().strip();
        String r = region.get().strip();
        String s = service.get().strip();
        if (p.isEmpty() || r.isEmpty() || s.isEmpty()) {
            error.set("Give the project, the region and the service to monitor.");
            return;
        }
        Optional<ReplicaUrl> replica;
        try {
            replica = bucket.get().isBlank() ? Optional.empty() : Optional.of(ReplicaUrl.parse("gcs://"
                    + bucket.get().strip() + "/" + replicaPath.get().strip()));
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        Monitor.Request request = new Monitor.Request(p, r, s, replica, window.get(), LOG_LIMIT, Optional.empty(),
                Optional.empty());
        loading.set(true);
        runner.execute(BackgroundTask.ofCallable("Reading service " + s, () -> {
            MonitorClients clients = MonitorClients.fromEnvironment(env, RetryPolicy.defaults());
            try {
                return new Monitor(clients, options, pricing, clock).read(request);
            } catch (MonitorRefusal e) {
                throw new IllegalStateException(CloudRefusals.explain(e.what(), e.refusal(), clients.account(), p), e);
            }
        }).supersedes(this).onSuccess(this::accept).onFailure(t -> error.set(AppSession.message(t)))
                .onFinished(() -> loading.set(false)));
    }

    private void accept(MonitorReport got) {
        error.set("");
        report.set(Optional.of(got));
        TreeSet<String> names = new TreeSet<>();
        got.logs().forEach(e -> e.container().ifPresent(names::add));
        String keep = container.get();
        containers.setAll("");
        containers.addAll(names);
        // Replacing the choices clears a choice box's value: keep the container picked while it still logs.
        container.set(keep != null && names.contains(keep) ? keep : "");
        filterLogs();
    }

    /** Whether this is the local sample's dashboard. */
    public boolean isLocal() {
        return local.isPresent();
    }

    /** The local sample's report with its replica charts; empty for a deployed service. */
    public ReadOnlyObjectProperty<Optional<LocalMonitor.Report>> localReportProperty() {
        return localReport;
    }

    private void filterLogs() {
        int least = Math.max(0, SEVERITIES.indexOf(Optional.ofNullable(severity.get()).orElse("")));
        String only = Optional.ofNullable(container.get()).orElse("");
        logs.setAll(report.get().map(MonitorReport::logs).orElse(List.of()).stream()
                .filter(e -> only.isEmpty() || e.container().filter(only::equals).isPresent())
                .filter(e -> least == 0 || SEVERITIES.indexOf(e.severity()) >= least).toList());
    }

    public StringProperty projectProperty() {
        return project;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty serviceProperty() {
        return service;
    }

    public StringProperty bucketProperty() {
        return bucket;
    }

    public StringProperty replicaPathProperty() {
        return replicaPath;
    }

    public ObjectProperty<Duration> windowProperty() {
        return window;
    }

    public StringProperty containerProperty() {
        return container;
    }

    public StringProperty severityProperty() {
        return severity;
    }

    public ReadOnlyObjectProperty<Optional<MonitorReport>> reportProperty() {
        return report;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** The report's logs that pass the container and severity filters, newest first. */
    public ObservableList<LogEntry> logs() {
        return logsView;
    }

    /** "" (every container) and the containers the logs name. */
    public ObservableList<String> containers() {
        return containersView;
    }
}
