package dev.litescope.ui.timeline;

import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.sql.touched.LtxTouches;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the LTX files the pointer has rested on changed, found one file at a time off the UI thread when the hover
 * asks ({@link LtxTouches}: two restores by TXID, the states before and after the file), never for a whole
 * history. Only for a local replica: on Cloud Storage each look would download a restore's worth, so the hover
 * points to {@code litescope ltx -tables} instead. Used on the UI thread only.
 */
final class LtxFileTouches {
    private sealed interface Known {
    }

    private record Finding() implements Known {
    }

    private record Found(LtxTouches.Touched touched) implements Known {
    }

    private record Failed(String message) implements Known {
    }

    private final TaskRunner runner;
    private final LtxCatalog catalog;
    private final boolean local;
    private final Runnable onFound;
    private final Map<String, Known> known = new HashMap<>();

    /** @param onFound run on the UI thread when a file's answer is in, to show it */
    LtxFileTouches(TaskRunner runner, LtxCatalog catalog, boolean local, Runnable onFound) {
        this.runner = runner;
        this.catalog = catalog;
        this.local = local;
        this.onFound = onFound;
    }

    /** The hover's line about what {@code file} changed; the first ask starts finding it ("…" until then). */
    String line(LtxFile file) {
        if (!local) {
            return "\nChanged: not looked up on Cloud Storage (litescope ltx -tables lists it)";
        }
        String key = file.object().key();
        Known k = known.get(key);
        if (k == null) {
            known.put(key, new Finding());
            runner.execute(BackgroundTask.ofCallable("", () -> new LtxTouches(catalog).of(List.of(file),
                            new Cancellation()).get(0))
                    .onSuccess(t -> done(key, new Found(t)))
                    .onFailure(e -> done(key, new Failed(AppSession.message(e)))));
            k = known.get(key);
        }
        if (k instanceof Found f) {
            return f.touched().pagesByOwner().map(m -> "\nChanged " + TouchedText.describe(m))
                    .orElse("\nChanged: ? (" + f.touched().why().orElse("unknown") + ")");
        }
        if (k instanceof Failed f) {
            return "\nChanged: ? (" + f.message() + ")";
        }
        return "\nChanged: …";
    }

    private void done(String key, Known outcome) {
        known.put(key, outcome);
        onFound.run();
    }
}
