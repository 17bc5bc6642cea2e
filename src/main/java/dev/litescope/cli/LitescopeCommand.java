package dev.litescope.cli;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "litescope",
        description = "Browse and restore SQLite databases replicated by Litestream.",
        mixinStandardHelpOptions = false,
        subcommands = {DatabasesCommand.class, DeployCommand.class, GenerationsCommand.class, SampleCommand.class,
                SnapshotsCommand.class, StatusCommand.class, WalCommand.class, LtxCommand.class, RestoreCommand.class,
                RestoreAllCommand.class, VerifyCommand.class, QueryCommand.class, DiffCommand.class,
                HistoryCommand.class,
                VersionCommand.class, picocli.CommandLine.HelpCommand.class})
public final class LitescopeCommand implements Runnable {
    final Clock clock;
    final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-h", "-help", "--help"}, usageHelp = true,
            description = "Show the commands. With no arguments at all, Litescope opens the desktop app.")
    boolean help;

    /** Read by {@link Cli#run} before parsing; declared here so that every command accepts it and lists it. */
    @picocli.CommandLine.Option(names = {"-debug", "--debug"}, scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Log each storage request (method, URL, status, duration) and print stack traces.")
    boolean debug;

    public LitescopeCommand(Clock clock, Map<String, String> env) {
        this.clock = clock;
        this.env = env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
