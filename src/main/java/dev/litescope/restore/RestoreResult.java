package dev.litescope.restore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A finished restore, whatever the replica's format.
 *
 * @param plan      what was restored
 * @param integrity the result of the integrity check when one was asked for ("ok" when it passed)
 * @param notes     what the restore found worth telling that the plan could not know, in words for the user
 */
public record RestoreResult(Path output, Plan plan, long databaseBytes, long bytesDownloaded,
                            long walFramesApplied, Duration elapsed, Optional<String> integrity, List<String> notes) {
    public RestoreResult {
        notes = List.copyOf(notes);
    }

    public RestoreResult(Path output, Plan plan, long databaseBytes, long bytesDownloaded, long walFramesApplied,
                         Duration elapsed, Optional<String> integrity) {
        this(output, plan, databaseBytes, bytesDownloaded, walFramesApplied, elapsed, integrity, List.of());
    }

    /** Whether SQLite's integrity check ran on the restored file and passed (false with -integrity-check none). */
    public boolean verified() {
        return integrity.filter("ok"::equals).isPresent();
    }
}
