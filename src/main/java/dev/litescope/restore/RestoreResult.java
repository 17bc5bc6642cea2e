package dev.litescope.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A finished restore, whatever the replica's format.
 *
 * @param plan      what was restored
 * @param integrity the result of the integrity check when one was asked for ("ok" when it passed)
 */
public record RestoreResult(Path output, Plan plan, long databaseBytes, long bytesDownloaded,
                            long walFramesApplied, Duration elapsed, Optional<String> integrity) {
    /** Whether SQLite's integrity check ran on the restored file and passed (false with -integrity-check none). */
    public boolean verified() {
        return integrity.filter("ok"::equals).isPresent();
    }
}
