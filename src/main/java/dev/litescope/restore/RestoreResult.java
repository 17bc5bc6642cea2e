package dev.litescope.restore;

import dev.litescope.restore.v3.RestorePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * @param integrity the result of the integrity check when one was asked for ("ok" when it passed)
 */
public record RestoreResult(Path output, RestorePlan plan, long databaseBytes, long bytesDownloaded,
                            long walFramesApplied, Duration elapsed, Optional<String> integrity) {
    /** Whether SQLite's integrity check ran on the restored file and passed (false with -integrity-check none). */
    public boolean verified() {
        return integrity.filter("ok"::equals).isPresent();
    }
}
