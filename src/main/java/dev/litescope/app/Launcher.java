package dev.litescope.app;

import dev.litescope.cli.Cli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The jar's entry point: a subcommand runs the command line. */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        // The JDK keeps 5 idle connections per host by default: fewer than the downloads a restore runs at once.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "32");
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Cli.run(args, out, err, Clock.systemUTC(), System.getenv());
        System.exit(code);
    }
}
