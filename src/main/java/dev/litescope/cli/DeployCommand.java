package dev.litescope.cli;

import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.deploy.DeployClients;
import dev.litescope.deploy.DeployStep;
import dev.litescope.deploy.SampleDeployer;
import dev.litescope.util.JsonMapper;
import java.io.Console;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "deploy", description = {
        "Deploy the bundled sample to Cloud Run: the app with a Litestream sidecar replicating its SQLite database "
                + "to a bucket, one instance at most. Each step is idempotent: deploying again after a failure "
                + "resumes, and over a deployed service changes only what differs.",
        "Endpoints follow gcloud's CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>; credentials are Application Default "
                + "Credentials (none are sent to a plain-http endpoint)."})
final class DeployCommand implements Callable<Integer> {
    /** Milliseconds between polls of an operation, instead of the growing 1 to 10 s (for local fakes). */
    static final String POLL_INTERVAL = OperationPoller.Schedule.POLL_INTERVAL;

    @ParentCommand
    LitescopeCommand parent;

    @Option(names = {"-project", "--project"}, required = true, paramLabel = "PROJECT",
            description = "The Google Cloud project.")
    String project;

    @Option(names = {"-region", "--region"}, required = true, paramLabel = "REGION",
            description = "The Cloud Run region, e.g. europe-west1; the bucket and the image live there too.")
    String region;

    @Option(names = {"-bucket", "--bucket"}, required = true, paramLabel = "BUCKET",
            description = "The bucket the replica goes to (created if missing).")
    String bucket;

    @Option(names = {"-replica-path", "--replica-path"}, paramLabel = "PATH", defaultValue = "guestbook",
            description = "Where in the bucket Litestream replicates (default: ${DEFAULT-VALUE}).")
    String replicaPath;

    @Option(names = {"-service", "--service"}, paramLabel = "NAME", defaultValue = "litestream-sample",
            description = "The Cloud Run service; also names its runtime service account (default: "
                    + "${DEFAULT-VALUE}).")
    String service;

    @Option(names = {"-public", "--public"}, description = "Let anyone invoke the service (allUsers gets "
            + "roles/run.invoker).")
    boolean makePublic;

    @Option(names = {"-dry-run", "--dry-run"}, description = "Show what exists, what would be created or changed, "
            + "and the exact Service JSON, validated by Cloud Run; create nothing.")
    boolean dryRun;

    @Option(names = {"-json", "--json"}, description = "One JSON object per line: each step {\"step\", \"state\", "
            + "\"detail\"}, then {\"url\"} (and the Service JSON in a dry run).")
    boolean json;

    @Option(names = {"-yes", "--yes"}, description = "Create and change without asking.")
    boolean yes;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        SampleDeployer.Request request = new SampleDeployer.Request(project, region, bucket, replicaPath, service,
                makePublic, dryRun);
        SampleDeployer deployer = new SampleDeployer(DeployClients.fromEnvironment(parent.env,
                OperationPoller.Schedule.fromEnvironment(parent.env), OperationPoller.Sleeper.real(),
                RetryPolicy.defaults()));
        if (!dryRun && !yes) {
            // Without --yes, first a dry run: when everything exists there is nothing to ask.
            SampleDeployer.Result plan = deployer.deploy(withDryRun(request), listener(out));
            if (plan.steps().stream().allMatch(s -> s.state() == DeployStep.State.EXISTS
                    || s.state() == DeployStep.State.SKIPPED)) {
                printEnd(out, plan);
                return 0;
            }
            // On Java 17 there is a console only when stdin and stdout are a terminal.
            Console console = System.console();
            if (console == null) {
                err.println("error: litescope deploy would create or change the above in project " + project
                        + " and asks first, but stdin is not a terminal: pass --yes to deploy without asking "
                        + "(nothing was created)");
                err.flush();
                return 1;
            }
            String answer = console.readLine("Create and change the above in project %s? [y/N] ", project);
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                err.println("nothing deployed");
                err.flush();
                return 1;
            }
        }
        SampleDeployer.Result result = deployer.deploy(request, listener(out));
        printEnd(out, result);
        return 0;
    }

    private static SampleDeployer.Request withDryRun(SampleDeployer.Request r) {
        return new SampleDeployer.Request(r.project(), r.region(), r.bucket(), r.replicaPath(), r.service(),
                r.makePublic(), true);
    }

    private DeployStep.Listener listener(PrintWriter out) {
        int total = DeployStep.Step.values().length;
        return report -> {
            if (json) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("step", report.step().wireName());
                line.put("state", report.state().wireName());
                line.put("detail", report.detail());
                out.println(JsonMapper.compact(line));
            } else {
                out.printf("%d/%d %-15s %-11s %s%n", report.step().ordinal() + 1, total, report.step().wireName(),
                        report.state().wireName(), report.detail());
            }
            out.flush();
        };
    }

    private void printEnd(PrintWriter out, SampleDeployer.Result r) {
        if (json) {
            Map<String, Object> end = new LinkedHashMap<>();
            if (dryRun) {
                end.put("service", r.service());
            }
            end.put("url", r.url().orElse(null));
            out.println(JsonMapper.compact(end));
        } else {
            if (dryRun) {
                out.println("The Service JSON (validated by Cloud Run; nothing was created):");
                out.println(JsonMapper.pretty(r.service()));
            }
            out.println(r.url().map(u -> "Service URL: " + u).orElse("The service does not exist yet."));
        }
        out.flush();
    }
}
