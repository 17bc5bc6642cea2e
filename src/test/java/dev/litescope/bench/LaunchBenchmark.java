package dev.litescope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Launch to first window: starts the desktop app as a user does ({@code bin/litescope} with no arguments, which
 * opens the bundled demo), and times, from the moment the process is started, the app's first laid-out frame and
 * the frame that shows the demo replica's timeline (the app reports both with {@code -Dlitescope.launchProbe},
 * then quits). Needs a display: the one in DISPLAY, else a private Xvfb it starts.
 *
 * <p>The demo and the launcher's class archive live in a cache under the build directory; one untimed run
 * fills them, as a user's first start does, then {@code -Dbench.runs} (default 7) timed runs.
 */
public final class LaunchBenchmark {
    private LaunchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path buildDir = Path.of(System.getProperty("litescope.buildDir", "target"));
        int runs = Integer.getInteger("bench.runs", 7);
        Path cache = Files.createDirectories(buildDir.resolve("bench/launch-cache").toAbsolutePath());
        Process xvfb = null;
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            display = ":" + (90 + (int) (ProcessHandle.current().pid() % 9));
            try {
                xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                System.err.println("No DISPLAY and no Xvfb: install Xvfb (apt-get install xvfb) or run this on a "
                        + "desktop session.");
                System.exit(2);
            }
            Thread.sleep(1000);
        }
        try {
            Map<String, String> env = new HashMap<>();
            env.put("DISPLAY", display);
            env.put("XDG_CACHE_HOME", cache.toString());
            env.put("LITESCOPE_JAVA_OPTS", "-Dlitescope.launchProbe=true");
            Path launcher = Path.of("bin", "litescope").toAbsolutePath();
            Launch first = launch(List.of(launcher.toString()), env);
            System.out.printf(Locale.ROOT, "first start (installs the demo, records the class archive): "
                    + "window %.2f s, demo shown %.2f s%n", first.window(), first.replica());
            List<Double> windows = new ArrayList<>();
            List<Double> replicas = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Launch l = launch(List.of(launcher.toString()), env);
                windows.add(l.window());
                replicas.add(l.replica());
                System.out.printf(Locale.ROOT, "run %d: first window %.2f s, demo timeline shown %.2f s%n", i + 1,
                        l.window(), l.replica());
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "launch to first window, median of %d: %.2f s (target < 2 s)%n", runs,
                    RestoreBenchmark.median(windows));
            System.out.printf(Locale.ROOT, "launch to the demo's timeline on screen, median of %d: %.2f s%n", runs,
                    RestoreBenchmark.median(replicas));
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
    }

    record Launch(double window, double replica) {
    }

    /** Starts the app and reads its probe lines; seconds from process start to each. */
    static Launch launch(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        double window = Double.NaN;
        double replica = Double.NaN;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                double t = (System.nanoTime() - t0) / 1e9;
                if (line.equals("litescope-probe first-frame")) {
                    window = t;
                } else if (line.equals("litescope-probe replica-shown")) {
                    replica = t;
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the app did not quit after showing the demo:\n" + output);
        }
        if (Double.isNaN(window) || Double.isNaN(replica)) {
            throw new IllegalStateException("the app exited (" + p.exitValue() + ") before reporting its first "
                    + "frame and the demo:\n" + output);
        }
        return new Launch(window, replica);
    }
}
