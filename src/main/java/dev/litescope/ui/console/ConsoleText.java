package dev.litescope.ui.console;

import java.time.Duration;
import java.util.Locale;

/** Words and numbers as the console writes them, in one place so that tests read the same. */
final class ConsoleText {
    private ConsoleText() {
    }

    /** {@code 4 ms}, {@code 1.25 s}, {@code 2 min 5 s}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }
}
