package dev.litescope.cli;

import dev.litescope.monitor.CostEstimate;
import dev.litescope.monitor.LogEntry;
import dev.litescope.monitor.MonitorReport;
import dev.litescope.monitor.ReplicaState;
import dev.litescope.monitor.ServiceMetrics;
import dev.litescope.monitor.ServiceStatus;
import dev.litescope.monitor.TimeSeries;
import dev.litescope.util.GoTime;
import dev.litescope.util.TabWriter;
import dev.litescope.util.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code litescope status} as a report for people, and as one JSON object. */
final class StatusOutput {
    private StatusOutput() {
    }

    static String text(MonitorReport r) {
        StringBuilder b = new StringBuilder();
        ServiceStatus s = r.service();
        b.append("Service ").append(s.shortName()).append(" (project ").append(r.project()).append(", ")
                .append(r.region()).append("): ").append(s.health()).append('\n');
        if (!s.condition().succeeded()) {
            b.append("  ").append(s.condition().reason().isEmpty() ? s.condition().state() : s.condition().reason())
                    .append(": ").append(s.condition().message()).append('\n');
        }
        TabWriter t = new TabWriter();
        t.row("  URL", s.uri().orElse("(none yet)"));
        t.row("  latest ready", ServiceStatus.shortName(s.latestReadyRevision()));
        t.row("  latest created", ServiceStatus.shortName(s.latestCreatedRevision()));
        t.row("  traffic", s.traffic().stream().map(x -> x.percent() + "% " + x.revision() + (x.latest()
                ? " (latest)" : "") + (x.tag().isEmpty() ? "" : " tag " + x.tag())).collect(Collectors.joining(", ")));
        t.row("  rollout", s.reconciling() ? "in progress" : "settled");
        b.append(t).append("\nRevisions\n");
        TabWriter revs = new TabWriter().row("  NAME", "CREATED", "READY", "REASON");
        for (ServiceStatus.Revision rev : s.revisions()) {
            revs.row("  " + rev.shortName(), rev.created().map(GoTime::rfc3339Seconds).orElse("-"),
                    rev.ready().state().replace("CONDITION_", ""), rev.ready().reason().isEmpty() ? "-"
                            : rev.ready().reason() + ": " + rev.ready().message());
        }
        b.append(revs);
        s.failingRevision().ifPresent(f -> {
            b.append("\nErrors of ").append(f.shortName()).append('\n');
            b.append(r.errorLogs().isEmpty() ? "  (no entries at ERROR or worse)\n" : logs(r.errorLogs()));
        });
        b.append("\nLogs (newest ").append(r.logs().size()).append(")\n");
        b.append(r.logs().isEmpty() ? "  (none)\n" : logs(r.logs()));
        b.append(metrics(r));
        r.replica().ifPresent(rep -> b.append(replica(rep, r.fill())));
        b.append(cost(r.cost()));
        if (!r.warnings().isEmpty()) {
            b.append("\nWarnings\n");
            r.warnings().forEach(w -> b.append("  ! ").append(w).append('\n'));
        }
        return b.toString();
    }

    private static String logs(List<LogEntry> entries) {
        TabWriter t = new TabWriter();
        for (LogEntry e : entries) {
            t.row("  " + GoTime.rfc3339Seconds(e.timestamp()), e.severity(), e.log() + e.container().map(c -> "/" + c)
                    .orElse(""), e.text());
        }
        return t.toString();
    }

    private static String metrics(MonitorReport r) {
        ServiceMetrics m = r.metrics();
        TabWriter t = new TabWriter();
        t.row("  requests", String.format(Locale.ROOT, "%.2f/s", m.requestsPerSecond()) + m.requests().stream()
                .map(x -> String.format(Locale.ROOT, "%s %.2f/s", x.label(), x.mean().orElse(0)))
                .collect(Collectors.joining(", ", " (", ")")));
        t.row("  latency", m.latency().stream().map(x -> String.format(Locale.ROOT, "%s %.0f ms", x.label(),
                x.latest().orElse(0))).collect(Collectors.joining(", ")));
        t.row("  instances", String.format(Locale.ROOT, "%.2f active, %.2f idle on average", m.instances("active"),
                m.instances("idle")));
        t.row("  memory", m.memoryByContainer().isEmpty() ? "-" : String.join(", ", m.memoryByContainer()));
        r.fill().ifPresent(f -> t.row("  volume", String.format(Locale.ROOT, "%s of %s (%.0f%%)%s",
                Units.bytes(f.used()), Units.bytes(f.limit()), f.fraction() * 100, f.nearlyFull() ? "  NEARLY FULL"
                        : "")));
        return "\nMetrics (" + GoTime.durationString(Duration.between(m.start(), m.end())) + " to "
                + GoTime.rfc3339Seconds(m.end()) + ")\n" + t;
    }

    private static String replica(ReplicaState rep, Optional<ReplicaState.VolumeFill> fill) {
        TabWriter t = new TabWriter();
        t.row("  newest object", rep.newest().map(GoTime::rfc3339Seconds).orElse("-") + rep.lag().map(l -> ", lag "
                + GoTime.durationString(GoTime.truncateLag(l))).orElse(""));
        t.row("  objects", rep.objects() + ", " + Units.bytes(rep.bytes()));
        t.row("  uploads", String.format(Locale.ROOT, "%.1f an hour", rep.writesPerHour()));
        rep.databaseBytes().ifPresent(d -> t.row("  database", Units.bytes(d) + " at the newest position"));
        StringBuilder b = new StringBuilder("\nReplica ").append(rep.url()).append('\n').append(t);
        if (!rep.generations().isEmpty()) {
            TabWriter g = new TabWriter().row("  GENERATION", "START", "END", "OBJECTS", "BYTES");
            for (ReplicaState.GenerationState gen : rep.generations()) {
                g.row("  " + gen.name(), gen.start().map(GoTime::rfc3339Seconds).orElse("-"),
                        gen.end().map(GoTime::rfc3339Seconds).orElse("-"), gen.objects(), Units.bytes(gen.bytes()));
            }
            b.append(g);
        }
        return b.toString();
    }

    private static String cost(CostEstimate c) {
        TabWriter t = new TabWriter();
        t.row("  storage", usd(c.storage()));
        t.row("  class A writes", usd(c.classA()));
        t.row("  class B reads", usd(c.classB()));
        t.row("  Cloud Run", usd(c.run()));
        t.row("  total", usd(c.total()));
        t.row("  at zero traffic", usd(c.idle()));
        StringBuilder b = new StringBuilder("\nCost this month at the current rate (USD, before free tiers)\n")
                .append(t);
        c.notes().forEach(n -> b.append("    ").append(n).append('\n'));
        return b.toString();
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, v >= 0.01 ? "$%.2f" : "$%.6f", v);
    }

    static Map<String, Object> json(MonitorReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        ServiceStatus s = r.service();
        m.put("at", r.at().toString());
        m.put("project", r.project());
        m.put("region", r.region());
        Map<String, Object> svc = new LinkedHashMap<>();
        svc.put("name", s.name());
        svc.put("health", s.health().name().toLowerCase(Locale.ROOT));
        svc.put("state", s.condition().state());
        svc.put("reason", s.condition().reason());
        svc.put("message", s.condition().message());
        svc.put("uri", s.uri().orElse(null));
        svc.put("latest_ready_revision", s.latestReadyRevision());
        svc.put("latest_created_revision", s.latestCreatedRevision());
        svc.put("reconciling", s.reconciling());
        svc.put("traffic", s.traffic().stream().map(x -> row("revision", x.revision(), "percent", x.percent(),
                "latest", x.latest(), "tag", x.tag())).toList());
        svc.put("revisions", s.revisions().stream().map(x -> row("name", x.shortName(), "created",
                x.created().map(Instant::toString).orElse(null), "ready", x.ready().state(), "reason",
                x.ready().reason(), "message", x.ready().message(), "log_uri", x.logUri().orElse(null))).toList());
        m.put("service", svc);
        m.put("error_logs", r.errorLogs().stream().map(StatusOutput::log).toList());
        m.put("logs", r.logs().stream().map(StatusOutput::log).toList());
        ServiceMetrics x = r.metrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("start", x.start().toString());
        metrics.put("end", x.end().toString());
        metrics.put("requests_per_second", x.requestsPerSecond());
        metrics.put("requests", series(x.requests()));
        metrics.put("latency_ms", series(x.latency()));
        metrics.put("instances", series(x.instances()));
        metrics.put("memory_utilization", series(x.memory()));
        r.fill().ifPresent(f -> metrics.put("volume", row("used_bytes", f.used(), "limit_bytes", f.limit(),
                "fraction", f.fraction(), "nearly_full", f.nearlyFull())));
        m.put("metrics", metrics);
        r.replica().ifPresent(rep -> m.put("replica", row("url", rep.url(), "objects", rep.objects(), "bytes",
                rep.bytes(), "newest", rep.newest().map(Instant::toString).orElse(null), "lag_seconds",
                rep.lag().map(Duration::toSeconds).orElse(null), "uploads_per_hour", rep.writesPerHour(),
                "database_bytes", rep.databaseBytes().orElse(null), "generations", rep.generations().stream()
                        .map(g -> row("name", g.name(), "start", g.start().map(Instant::toString).orElse(null),
                                "end", g.end().map(Instant::toString).orElse(null), "objects", g.objects(),
                                "bytes", g.bytes())).toList(), "warnings", rep.warnings())));
        CostEstimate c = r.cost();
        m.put("cost_usd_month", row("storage", c.storage(), "class_a", c.classA(), "class_b", c.classB(),
                "cloud_run", c.run(), "total", c.total(), "idle", c.idle(), "notes", c.notes()));
        m.put("warnings", r.warnings());
        return m;
    }

    private static Map<String, Object> log(LogEntry e) {
        return row("timestamp", e.timestamp().toString(), "severity", e.severity(), "log", e.log(), "revision",
                e.revision(), "container", e.container().orElse(null), "text", e.text(), "console_url",
                e.consoleUrl());
    }

    private static List<Map<String, Object>> series(List<TimeSeries> series) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TimeSeries s : series) {
            out.add(row("label", s.label(), "points", s.points().stream().map(p -> List.of(p.time().toString(),
                    p.value())).toList()));
        }
        return out;
    }

    /** An ordered JSON object from name, value pairs. */
    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
