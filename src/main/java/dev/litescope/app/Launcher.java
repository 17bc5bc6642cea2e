package dev.litescope.app;

import dev.litescope.cli.Cli;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The jar's entry point: a subcommand runs the command line; no arguments (or {@code --open URL}, or
 * {@code console [FILE|URL@TIME]}, which opens the SQL console on it) open the
 * desktop app. JavaFX is only loaded on the second path, so commands start as fast as before.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        // The JDK keeps 5 idle connections per host by default: fewer than the downloads a restore runs at once.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "32");
        }
        boolean console = args.length > 0 && args[0].equals("console");
        if (args.length == 0 || args[0].equals("--open") || args[0].startsWith("--open=") || console) {
            try {
                GuiLauncher.launch(args);
                System.exit(0);
            } catch (RuntimeException | LinkageError e) {
                // Typically no display (a server, an SSH session): say so and point at the command line.
                System.err.println("litescope: cannot start the desktop app: " + e.getMessage()
                        + "\nRun `litescope --help` for the command-line commands.");
                System.exit(1);
            }
            return;
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.run(args, out, err, Clock.systemUTC(), System.getenv());
        System.exit(code);
    }
}
