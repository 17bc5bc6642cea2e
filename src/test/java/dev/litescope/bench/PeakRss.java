package dev.litescope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command and measures its wall time, peak resident memory (Linux: VmHWM) and CPU time (user + system,
 * /proc/PID/stat), both sampled every 2 ms until it exits. CPU time is the work the process itself did: on a
 * shared machine it is not inflated by a loopback server running beside it, as wall time is.
 */
final class PeakRss {
    record Result(int exitCode, Duration wall, long peakRssKiB, Duration cpu) {
    }

    /** Clock ticks per second of /proc/PID/stat's utime and stime: 100 on Linux. */
    private static final long TICKS = 100;

    private PeakRss() {
    }

    static Result run(List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc/" + p.pid() + "/status");
        Path stat = Path.of("/proc/" + p.pid() + "/stat");
        long peak = 0;
        long ticks = 0;
        while (!p.waitFor(2, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, hwm(status));
            ticks = Math.max(ticks, cpuTicks(stat));
        }
        long wall = System.nanoTime() - t0;
        return new Result(p.exitValue(), Duration.ofNanos(wall), peak, Duration.ofMillis(ticks * 1000 / TICKS));
    }

    /** utime + stime (fields 14 and 15, counted after the parenthesised command name). */
    private static long cpuTicks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process exited between two samples
        }
    }

    /** VmHWM never decreases, so the last sample before exit is within one interval of the true peak. */
    private static long hwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process exited between two samples
        }
        return 0;
    }
}
