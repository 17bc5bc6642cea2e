package dev.litescope.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every child the harness starts is registered here so that a test that dies half-way (or a JVM
 * that exits without running finally blocks) never leaves a Litestream process replicating into
 * build directories.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }, "litestream-harness-reaper"));
    }

    private ChildProcesses() {
    }

    static Process track(Process p) {
        LIVE.add(p);
        // Removal on exit keeps the set from growing across hundreds of restore calls.
        p.onExit().thenRun(() -> LIVE.remove(p));
        return p;
    }
}
