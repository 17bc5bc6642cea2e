package dev.litescope.cli;

import dev.litescope.util.LogFiles;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Runs the command line: parses, dispatches, and turns failures into a message and the command's failure code. */
public final class Cli {
    private static final Logger log = LoggerFactory.getLogger(Cli.class);
    private Cli() {
    }

    /**
     * @param env the environment the command sees (STORAGE_EMULATOR_HOST, GOOGLE_APPLICATION_CREDENTIALS, cache
     *            and price settings): passed in rather than read, so tests and embedders control it
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock, Map<String, String> env) {
        // Before parsing, so that what parsing and opening log is already at the chosen level.
        boolean debug = debug(args);
        LogFiles.configureCommandLine(debug);
        CommandLine cl = new CommandLine(new LitescopeCommand(clock, env));
        cl.setPosixClusteredShortOptionsAllowed(false);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            log.debug("{} failed", commandLine.getCommandSpec().qualifiedName(), ex);
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("error: " + message(ex));
            commandLine.getErr().flush();
            return commandLine.getCommandSpec().exitCodeOnExecutionException();
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            c.getErr().println("see: " + c.getCommandSpec().qualifiedName() + " -help");
            c.getErr().flush();
            // A command's failure code (1, or 2 for diff, whose 1 means "they differ") covers bad arguments too.
            return c.getCommandSpec().exitCodeOnExecutionException();
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Whether {@code --debug} (or {@code -debug}) comes before the end of the options. */
    static boolean debug(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--debug") || a.equals("-debug")) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.toString() : m;
    }
}
