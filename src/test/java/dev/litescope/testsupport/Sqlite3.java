package dev.litescope.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The sqlite3 command-line shell: fast for bulk SQL, and a writer that is not this JVM. */
public final class Sqlite3 {
    private Sqlite3() {
    }

    /**
     * Runs {@code sql} on {@code db} and fails unless sqlite3 succeeds within 10 minutes. A lock held by another
     * process (Litestream's checkpoints) is waited for, up to 30 s.
     */
    public static void run(Path db, String sql) throws IOException, InterruptedException {
        Process p = ChildProcesses.track(new ProcessBuilder("sqlite3", db.toString()).redirectErrorStream(true)
                .start());
        p.getOutputStream().write((".timeout 30000\n" + sql).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("sqlite3 " + db + " failed: " + output);
        }
    }
}
