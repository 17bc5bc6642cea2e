package dev.litescope.testsupport;

import dev.litescope.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/** Runs Litescope's command line in this JVM, exactly as the jar's main does, capturing what it prints. */
public final class Litescope {
    private Litescope() {
    }

    public static ProcResult run(String... args) {
        return run(Clock.systemUTC(), args);
    }

    public static ProcResult run(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), clock);
        return new ProcResult(code, out.toString(), err.toString());
    }
}
