package dev.litescope.testsupport;

import dev.litescope.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs Litescope's command line in this JVM, exactly as the jar's main does, capturing what it prints. */
public final class Litescope {
    private Litescope() {
    }

    public static ProcResult run(String... args) {
        return run(Map.of(), args);
    }

    /**
     * @param env added to this process's environment for the command (e.g. STORAGE_EMULATOR_HOST); the local
     *            object cache is kept under the build directory so tests never touch the user's
     */
    public static ProcResult run(Map<String, String> env, String... args) {
        return run(Clock.systemUTC(), env, args);
    }

    /** {@link #run(Map, String...)} at the moments {@code clock} gives, for output that depends on "now". */
    public static ProcResult run(Clock clock, Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.put("XDG_CACHE_HOME", Path.of(System.getProperty("litescope.buildDir", "target"), "test-cache")
                .toAbsolutePath().toString());
        all.putAll(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), clock, all);
        return new ProcResult(code, out.toString(), err.toString());
    }
}
