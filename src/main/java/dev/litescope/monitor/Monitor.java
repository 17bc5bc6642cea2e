package dev.litescope.monitor;

import dev.litescope.cloud.GoogleApiException;
import dev.litescope.deploy.CloudRunClient;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one Cloud Run service, its logs, its metrics, its replica and what it costs, into a {@link MonitorReport}:
 * the engine behind {@code litescope status} and the dashboard.
 */
public final class Monitor {
    private final MonitorClients clients;
    private final ReplicaOptions replicaOptions;
    private final Pricing pricing;
    private final Clock clock;

    public Monitor(MonitorClients clients, ReplicaOptions replicaOptions, Pricing pricing, Clock clock) {
        this.clients = clients;
        this.replicaOptions = replicaOptions;
        this.pricing = pricing;
        this.clock = clock;
    }

    /**
     * What to read.
     *
     * @param replica      the replica to read; empty to take the one the service's sidecar names, if any
     * @param window       the charts' span, and the span over which rates (and a new generation) are judged
     * @param logLimit     how many of the newest log entries to read
     * @param container    only this container's logs
     * @param minSeverity  only logs at least this severe
     */
    public record Request(String project, String region, String service, Optional<ReplicaUrl> replica,
                          Duration window, int logLimit, Optional<String> container, Optional<String> minSeverity) {
        public Request {
            if (window.toSeconds() < 60) {
                throw new IllegalArgumentException("the window must be at least a minute, not " + window);
            }
        }
    }

    /** Reads it all; a missing service is a {@link MissingServiceException}. */
    public MonitorReport read(Request r) throws IOException, InterruptedException {
        Instant now = clock.instant();
        String name = CloudRunClient.serviceName(r.project(), r.region(), r.service());
        String of = " of service " + r.service();
        var resource = step("read the Cloud Run service " + r.service(), () -> clients.run().getService(name))
                .orElseThrow(() -> new MissingServiceException(
                "there is no Cloud Run service " + r.service() + " in project " + r.project() + ", region "
                        + r.region() + ": check the name with `gcloud run services list --project " + r.project()
                        + " --region " + r.region() + "`, or deploy it with `litescope deploy`"));
        ServiceStatus service = ServiceStatus.of(resource, step("list the revisions" + of,
                () -> clients.run().revisions(name)));
        List<LogEntry> logs = step("read the logs" + of, () -> clients.logging().newest(new LoggingClient.Query(
                r.project(), r.service(), Optional.empty(), r.container(), r.minSeverity(),
                Optional.of(now.minus(r.window())), r.logLimit())));
        List<LogEntry> errors = List.of();
        Optional<ServiceStatus.Revision> failing = service.failingRevision();
        if (failing.isPresent()) {
            // Every error the failed revision logged, however long ago it was made.
            String revision = failing.get().shortName();
            Optional<Instant> made = failing.get().created();
            errors = step("read the logs" + of, () -> clients.logging().newest(new LoggingClient.Query(
                    r.project(), r.service(), Optional.of(revision), Optional.empty(), Optional.of("ERROR"), made,
                    20)));
        }
        Optional<ReplicaUrl> replicaUrl = r.replica().or(() -> service.template().replicaUrl().map(ReplicaUrl::parse));
        Optional<String> bucket = replicaUrl.filter(u -> u instanceof ReplicaUrl.Gcs).map(u -> ((ReplicaUrl.Gcs) u)
                .bucket());
        Duration period = alignment(r.window());
        ServiceMetrics metrics = step("read the metrics" + of, () -> ServiceMetrics.read(clients.monitoring(),
                r.project(), r.service(), bucket, now.minus(r.window()), now, period));
        Optional<ReplicaState> replica = Optional.empty();
        if (replicaUrl.isPresent()) {
            replica = Optional.of(readReplica(replicaUrl.get(), now, r.window()));
        }
        Optional<ReplicaState.VolumeFill> fill = replica.flatMap(s -> s.fill(service.template().memoryVolumeLimit()));
        CostEstimate cost = CostEstimate.of(pricing, replica.map(ReplicaState::bytes).orElse(0L),
                replica.map(ReplicaState::writesPerHour).orElse(0.0), metrics, service.template());
        return new MonitorReport(now, r.project(), r.region(), service, logs, errors, metrics, replica, fill, cost,
                warnings(service, replica, fill));
    }

    /** One read. */
    @FunctionalInterface
    private interface Read<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Runs one read, a refusal becoming a {@link MonitorRefusal} that says what was being read. */
    private static <T> T step(String what, Read<T> read) throws IOException, InterruptedException {
        try {
            return read.run();
        } catch (GoogleApiException e) {
            throw new MonitorRefusal(what, e);
        }
    }

    private ReplicaState readReplica(ReplicaUrl url, Instant now, Duration window) throws IOException {
        Replica replica = Replicas.open(url, replicaOptions);
        try (ObjectStore store = replica.store()) {
            return ReplicaState.read(replica, now, window);
        }
    }

    /** About 60 points over the window, and never less than Monitoring's one-minute resolution. */
    static Duration alignment(Duration window) {
        return Duration.ofSeconds(Math.max(60, window.toSeconds() / 60 / 60 * 60));
    }

    /** {@code s} without the full stop it may end in, to go on after it. */
    private static String sentence(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<String> warnings(ServiceStatus s, Optional<ReplicaState> replica,
                                         Optional<ReplicaState.VolumeFill> fill) {
        List<String> w = new ArrayList<>();
        if (s.health() == ServiceStatus.Health.FAILING) {
            w.add("the service is failing: " + s.condition().reason() + ": " + s.condition().message());
        }
        s.failingRevision().filter(rev -> !rev.name().equals(s.latestReadyRevision())).ifPresent(rev -> w.add(
                "revision " + rev.shortName() + " failed: " + rev.ready().reason() + ": "
                        + sentence(rev.ready().message())
                        + (s.latestReadyRevision().isEmpty() ? "" : "; traffic stays on "
                        + ServiceStatus.shortName(s.latestReadyRevision()))));
        if (s.template().maxInstances() != 1) {
            w.add("max instances is " + (s.template().maxInstances() == 0 ? "unlimited" : s.template().maxInstances())
                    + ": Litestream supports one writer, so set it to 1");
        }
        fill.filter(ReplicaState.VolumeFill::nearlyFull).ifPresent(f -> w.add(String.format(Locale.ROOT,
                "the database fills %.0f%% of the in-memory volume's %d-byte limit: writes fail once it is full; "
                        + "raise the volume's sizeLimit (and the memory) before it is", f.fraction() * 100,
                f.limit())));
        replica.ifPresent(r -> w.addAll(r.warnings()));
        return w;
    }
}
