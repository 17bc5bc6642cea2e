package dev.litescope.cli;

import dev.litescope.restore.Progress;
import dev.litescope.sql.RestoredMoments;
import dev.litescope.util.Cancellation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A database a command reads: a SQLite file, or a replica moment {@code URL@RFC3339} restored into the cache. */
final class DatabaseTarget {
    static final String HELP = "A SQLite file, or a replica moment URL@RFC3339 such as "
            + "gs://bucket/db@2026-11-27T20:29:44Z.";

    private DatabaseTarget() {
    }

    /** The file for {@code target}: the file itself, or the cached restore of the moment it names (said on err). */
    static Path resolve(String target, Map<String, String> env, PrintWriter err) throws Exception {
        Path path = Path.of(target);
        if (Files.isRegularFile(path)) {
            return path;
        }
        Optional<RestoredMoments.Moment> moment = RestoredMoments.Moment.parse(target);
        if (moment.isEmpty()) {
            throw new CommandFailure("no SQLite file at " + target + ", and it is not a replica moment; give a file, "
                    + "or URL@RFC3339 such as gs://bucket/db@2026-11-27T20:29:44Z");
        }
        RestoredMoments.Restored r = RestoredMoments.standard(env).restore(moment.get(), Progress.Listener.NONE,
                new Cancellation());
        err.println((r.reused() ? "using " : "restored ") + moment.get() + (r.reused() ? " restored at " : " into ")
                + r.file());
        return r.file();
    }
}
