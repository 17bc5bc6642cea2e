package dev.litescope.cli;

import dev.litescope.sample.LocalSandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "sample", description = "The bundled Cloud Run sample (deploy-sample/).",
        subcommands = {SampleCommand.Run.class})
final class SampleCommand {
    @ParentCommand
    LitescopeCommand parent;

    @Command(name = "run", description = {
            "Run the sample locally as on Cloud Run: Litestream restores the database if a replica exists, then "
                    + "replicates, and the app starts once it does. Ctrl+C stops both cleanly."})
    static final class Run implements Callable<Integer> {
        @ParentCommand
        SampleCommand sample;

        @Option(names = {"-replica", "--replica"}, paramLabel = "URL",
                description = "Where Litestream replicates: file:///path or gcs://bucket/path "
                        + "(default: file://<data>/../replica).")
        String replica;

        @Option(names = {"-data", "--data"}, paramLabel = "DIR", defaultValue = "litescope-sample/data",
                description = "The directory the two share, like the in-memory volume on Cloud Run "
                        + "(default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = {"-port", "--port"}, defaultValue = "8080",
                description = "The app's port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = {"-app-jar", "--app-jar"}, paramLabel = "JAR",
                description = "Run this build of the app instead of the bundled one.")
        Path appJar;

        @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;

        @Override
        public Integer call() throws Exception {
            Map<String, String> env = sample.parent.env;
            PrintWriter out = sample.parent.spec.commandLine().getOut();
            Path dataDir = data.toAbsolutePath().normalize();
            String url = replica != null ? replica : LocalSandbox.Config.defaultReplica(dataDir);
            LocalSandbox.Config config = LocalSandbox.Config.standard(env, dataDir, url, port,
                    Optional.ofNullable(appJar));
            PrintWriter err = sample.parent.spec.commandLine().getErr();
            LocalSandbox.Exit exit;
            // The sandbox's own shutdown hook stops both processes on Ctrl+C or SIGTERM; this waits for either
            // that or one of the two exiting on its own.
            try (LocalSandbox sandbox = LocalSandbox.start(config, line -> {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            })) {
                out.println("[sandbox] replicating " + sandbox.database() + " to " + url + "; Ctrl+C stops both");
                out.flush();
                exit = sandbox.exited().get();
            }
            if (!exit.failed()) {
                return 0;
            }
            err.println("litescope sample run: " + exit.reason());
            if (!exit.lastLines().isEmpty()) {
                err.println("Its last lines:");
                exit.lastLines().forEach(l -> err.println("  " + l));
            }
            err.flush();
            return 1;
        }
    }
}
