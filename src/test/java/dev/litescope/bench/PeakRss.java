package dev.litescope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command and measures its wall time and peak resident memory (Linux: VmHWM, sampled every 2 ms). */
final class PeakRss {
    record Result(int exitCode, Duration wall, long peakRssKiB) {
    }

    private PeakRss() {
    }

    static Result run(List<String> command, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc/" + p.pid() + "/status");
        long peak = 0;
        while (!p.waitFor(2, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, hwm(status));
        }
        long wall = System.nanoTime() - t0;
        return new Result(p.exitValue(), Duration.ofNanos(wall), peak);
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
