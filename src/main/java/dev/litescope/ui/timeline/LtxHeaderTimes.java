package dev.litescope.ui.timeline;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.restore.ltx.LtxHeader;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.TimeText;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The header timestamps of the LTX files the pointer has rested on, read one file at a time (its first 100 bytes,
 * off the UI thread) when the hover asks, never for a whole listing: the object time is what Litestream 0.5.1+
 * goes by, and the header's own is worth a line only where the two differ. Used on the UI thread only.
 */
final class LtxHeaderTimes {
    private sealed interface Known {
    }

    private record Reading() implements Known {
    }

    private record Read(Instant time, boolean differs) implements Known {
    }

    private record Failed(String message) implements Known {
    }

    private final TaskRunner runner;
    private final ObjectStore store;
    private final Runnable onRead;
    private final Map<String, Known> known = new HashMap<>();

    /**
     * @param store  the store the files were listed from
     * @param onRead run on the UI thread when a header has been read (or could not be), to show it
     */
    LtxHeaderTimes(TaskRunner runner, ObjectStore store, Runnable onRead) {
        this.runner = runner;
        this.store = store;
        this.onRead = onRead;
    }

    /**
     * The hover's line about {@code file}'s header: its timestamp where it differs from the object time, nothing
     * where it does not, "reading" until the read is back (the first ask starts it).
     */
    String line(LtxFile file, ZoneId zone) {
        Known k = known.get(file.object().key());
        if (k == null) {
            known.put(file.object().key(), new Reading());
            runner.execute(BackgroundTask.ofCallable("", () -> LtxHeader.read(store, file))
                    .onSuccess(h -> done(file, new Read(h.time(), h.timeDiffersFrom(file))))
                    .onFailure(e -> done(file, new Failed(AppSession.message(e)))));
            k = known.get(file.object().key());
        }
        if (k instanceof Read r) {
            return r.differs() ? "\nIts header says " + TimeText.tag(r.time(), zone) + "; a restore by timestamp goes "
                    + "by the object time, as Litestream does" : "";
        }
        if (k instanceof Failed f) {
            return "\nIts header cannot be read: " + f.message();
        }
        return "\nReading its header…";
    }

    private void done(LtxFile file, Known outcome) {
        known.put(file.object().key(), outcome);
        onRead.run();
    }
}
