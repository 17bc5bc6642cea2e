package dev.litescope.cli;

import dev.litescope.cloud.CloudRefusals;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.monitor.Monitor;
import dev.litescope.monitor.MonitorClients;
import dev.litescope.monitor.MonitorRefusal;
import dev.litescope.monitor.MonitorReport;
import dev.litescope.monitor.ServiceStatus;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.util.GoTime;
import dev.litescope.util.JsonMapper;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = {
        "Show a deployed Cloud Run service: ready or failing and why, its revisions and traffic, its newest logs, "
                + "its metrics, its Litestream replica (lag, generations, size) and what it costs this month.",
        "Exit code 0 when the service is ready or still rolling out, 2 when it is failing."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    LitescopeCommand parent;

    @Option(names = {"-project", "--project"}, required = true, description = "The Google Cloud project.")
    String project;

    @Option(names = {"-region", "--region"}, required = true, description = "The service's region, e.g. "
            + "europe-west1.")
    String region;

    @Option(names = {"-service", "--service"}, defaultValue = "litestream-sample",
            description = "The Cloud Run service (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = {"-bucket", "--bucket"}, description = "The replica's bucket (default: the one the service's "
            + "Litestream sidecar names).")
    String bucket;

    @Option(names = {"-replica-path", "--replica-path"}, paramLabel = "PATH", defaultValue = "litestream",
            description = "The replica's path in the bucket, with --bucket (default: ${DEFAULT-VALUE}).")
    String replicaPath;

    @Option(names = {"-window", "--window"}, defaultValue = "1h",
            description = "The span the metrics, rates and costs are read over, e.g. 30m, 6h (default: "
                    + "${DEFAULT-VALUE}).")
    String window;

    @Option(names = {"-logs", "--logs"}, defaultValue = "20", paramLabel = "N",
            description = "How many of the newest log entries to show (default: ${DEFAULT-VALUE}).")
    int logs;

    @Option(names = {"-container", "--container"}, description = "Only this container's logs, e.g. app or "
            + "litestream.")
    String container;

    @Option(names = {"-severity", "--severity"}, description = "Only logs at least this severe: DEBUG, INFO, "
            + "WARNING, ERROR.")
    String severity;

    @Option(names = {"-json", "--json"}, description = "Print one JSON object.")
    boolean json;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        if (logs < 1) {
            throw new IllegalArgumentException("--logs must be at least 1, not " + logs);
        }
        Optional<String> minSeverity = Optional.ofNullable(severity).map(s -> s.toUpperCase(Locale.ROOT));
        if (minSeverity.isPresent() && !minSeverity.get().matches("DEFAULT|DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL"
                + "|ALERT|EMERGENCY")) {
            throw new IllegalArgumentException("--severity " + severity + " is not a log severity: use DEBUG, INFO, "
                    + "NOTICE, WARNING, ERROR or CRITICAL");
        }
        Optional<ReplicaUrl> replica = Optional.ofNullable(bucket).map(b -> ReplicaUrl.parse("gcs://" + b + "/"
                + replicaPath));
        Monitor.Request request = new Monitor.Request(project, region, service, replica,
                GoTime.parseDuration(window), logs, Optional.ofNullable(container), minSeverity);
        MonitorClients clients = MonitorClients.fromEnvironment(parent.env, RetryPolicy.defaults());
        Monitor monitor = new Monitor(clients, ReplicaOptions.fromEnvironment(parent.env, true),
                Pricing.load(parent.env), parent.clock);
        MonitorReport report;
        try {
            report = monitor.read(request);
        } catch (MonitorRefusal e) {
            throw new IllegalStateException(CloudRefusals.explain(e.what(), e.refusal(), clients.account(), project),
                    e);
        }
        PrintWriter out = parent.spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.pretty(StatusOutput.json(report)));
        } else {
            out.print(StatusOutput.text(report));
        }
        return report.service().health() == ServiceStatus.Health.FAILING ? 2 : 0;
    }
}
