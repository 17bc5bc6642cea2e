package dev.litescope.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line: parses, dispatches, and turns failures into a message and exit code 1. */
public final class Cli {
    private Cli() {
    }

    /**
     * @param env the environment the command sees (STORAGE_EMULATOR_HOST, GOOGLE_APPLICATION_CREDENTIALS, cache
     *            and price settings): passed in rather than read, so tests and embedders control it
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock, Map<String, String> env) {
        CommandLine cl = new CommandLine(new LitescopeCommand(clock, env));
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + message(ex));
            commandLine.getErr().flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.getErr().println("see: " + c.getCommandSpec().qualifiedName() + " -help");
            c.getErr().flush();
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.toString() : m;
    }
}
