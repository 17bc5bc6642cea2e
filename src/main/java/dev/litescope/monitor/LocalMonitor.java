package dev.litescope.monitor;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.util.GoTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's report for the sample running on this machine: its two processes as the "service" (each one a
 * revision, ready while it runs, failed with its exit code once it exited), their newest output lines as logs
 * (with the severity Litestream's {@code level=} gives), the local replica read as a deployed one's is, what it
 * would cost if it were in Cloud Storage, and the only charts it has a source for: the replica's uploads per
 * minute and its stored bytes over the window, from the listing's object times.
 */
public final class LocalMonitor {
    private static final Pattern LEVEL = Pattern.compile("\\blevel=\"?([A-Za-z]+)");
    private static final Pattern SOURCE = Pattern.compile("^\\[([a-z]+)] ?(.*)$");

    private LocalMonitor() {
    }

    /** One of the sample's processes: running, or exited with its code; started when the system says. */
    public record ProcessState(String name, boolean running, Optional<Integer> exitCode, Optional<Instant> started) {
    }

    /** A line one of the processes printed, as the sandbox's log gives it ({@code [app] …}), and when it came. */
    public record Line(Instant at, String text) {
    }

    /** What there is to read: the processes, their lines (oldest first), the app's URL and the replica. */
    public record Request(List<ProcessState> processes, List<Line> lines, Optional<String> url, ReplicaUrl replica,
                          Duration window, int logLimit) {
    }

    /** The report, and the replica's charts: uploads per minute and stored bytes, oldest point first. */
    public record Report(MonitorReport report, TimeSeries uploads, TimeSeries storedBytes) {
    }

    public static Report read(Request r, ReplicaOptions options, Pricing pricing, Instant now) throws IOException {
        List<ServiceStatus.Revision> revisions = new ArrayList<>();
        for (ProcessState p : r.processes()) {
            String uptime = p.started().map(s -> "up " + GoTime.durationString(
                    GoTime.truncateLag(Duration.between(s, now)))).orElse("running");
            ServiceStatus.Condition ready = p.running()
                    ? new ServiceStatus.Condition("Ready", "CONDITION_SUCCEEDED", "Running", uptime, p.started())
                    : new ServiceStatus.Condition("Ready", "CONDITION_FAILED", "Exited", "exited with code "
                    + p.exitCode().map(String::valueOf).orElse("unknown"), Optional.empty());
            revisions.add(new ServiceStatus.Revision(p.name(), p.started(), ready, List.of(ready), List.of(),
                    Optional.empty()));
        }
        List<String> exited = revisions.stream().filter(v -> v.ready().failed()).map(v -> v.name() + " "
                + v.ready().message()).toList();
        ServiceStatus.Condition terminal = exited.isEmpty()
                ? new ServiceStatus.Condition("Ready", "CONDITION_SUCCEEDED", "", "", Optional.empty())
                : new ServiceStatus.Condition("Ready", "CONDITION_FAILED", "ProcessExited", String.join("; ", exited),
                Optional.empty());
        ServiceStatus.Health health = exited.isEmpty() ? ServiceStatus.Health.READY : ServiceStatus.Health.FAILING;
        ServiceStatus.Template template = new ServiceStatus.Template(0, 0, false, 0, 1, Optional.empty(),
                Optional.of(r.replica().toString()));
        ServiceStatus service = new ServiceStatus("local sample", health, terminal, r.url(), "", "", false, 0, 0,
                List.of(), revisions, template);

        List<LogEntry> logs = logs(r.lines(), r.logLimit());
        Replica replica = Replicas.open(r.replica(), options);
        ReplicaState state;
        List<ObjectInfo> objects;
        try (ObjectStore store = replica.store()) {
            state = ReplicaState.read(replica, now, r.window());
            objects = objects(replica);
        }
        ServiceMetrics none = new ServiceMetrics(now.minus(r.window()), now, List.of(), List.of(), List.of(),
                List.of(), List.of());
        CostEstimate cost = CostEstimate.of(pricing, state.bytes(), state.writesPerHour(), none, template);
        List<String> warnings = new ArrayList<>();
        if (!exited.isEmpty()) {
            warnings.add("the sample is not running: " + String.join("; ", exited));
        }
        warnings.addAll(state.warnings());
        MonitorReport report = new MonitorReport(now, "", "", service, logs, List.of(), none, Optional.of(state),
                Optional.empty(), cost, warnings);
        return new Report(report, uploadsPerMinute(objects, now, r.window()), storedBytes(objects, now, r.window()));
    }

    /** The newest {@code limit} lines, newest first, each under its process and at the severity it names. */
    static List<LogEntry> logs(List<Line> lines, int limit) {
        List<LogEntry> out = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && out.size() < limit; i--) {
            Line l = lines.get(i);
            Matcher m = SOURCE.matcher(l.text());
            String source = m.matches() ? m.group(1) : "sandbox";
            String text = m.matches() ? m.group(2) : l.text();
            out.add(new LogEntry(l.at(), severity(text), "output", "", Optional.of(source), text, "", ""));
        }
        return out;
    }

    /** Litestream's {@code level=INFO} (WARN as Cloud Logging's WARNING); DEFAULT for a line naming none. */
    static String severity(String text) {
        Matcher m = LEVEL.matcher(text);
        if (!m.find()) {
            return "DEFAULT";
        }
        String level = m.group(1).toUpperCase(Locale.ROOT);
        return switch (level) {
            case "WARN" -> "WARNING";
            case "ERR", "FATAL" -> "ERROR";
            default -> level;
        };
    }

    private static List<ObjectInfo> objects(Replica replica) throws IOException {
        List<ObjectInfo> out = new ArrayList<>();
        for (Generation g : new Catalog(replica).allGenerations()) {
            out.addAll(ReplicaState.objects(g));
        }
        out.sort(Comparator.comparing(ObjectInfo::created));
        return out;
    }

    /** One point a minute over the window, the newest at {@code now}: the objects created in the minute before it. */
    static TimeSeries uploadsPerMinute(List<ObjectInfo> objects, Instant now, Duration window) {
        List<TimeSeries.Point> points = new ArrayList<>();
        for (long k = window.toMinutes() - 1; k >= 0; k--) {
            Instant to = now.minusSeconds(60 * k);
            Instant from = to.minusSeconds(60);
            long n = objects.stream().filter(o -> o.created().isAfter(from) && !o.created().isAfter(to)).count();
            points.add(new TimeSeries.Point(to, n));
        }
        return new TimeSeries("uploads", "objects/min", points);
    }

    /**
     * The bytes the replica held over the window, as steps: at the window's start, then before and after each
     * object created in it, then now.
     */
    static TimeSeries storedBytes(List<ObjectInfo> objects, Instant now, Duration window) {
        Instant start = now.minus(window);
        List<TimeSeries.Point> points = new ArrayList<>();
        long total = 0;
        boolean first = true;
        for (ObjectInfo o : objects) {
            if (o.created().isAfter(start) && first) {
                points.add(new TimeSeries.Point(start, total));
                first = false;
            }
            if (o.created().isAfter(start)) {
                points.add(new TimeSeries.Point(o.created(), total));
            }
            total += o.size();
            if (o.created().isAfter(start)) {
                points.add(new TimeSeries.Point(o.created(), total));
            }
        }
        points.add(new TimeSeries.Point(now, total));
        return new TimeSeries("stored", "bytes", points);
    }
}
