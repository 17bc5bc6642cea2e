package dev.litescope.ui.timeline;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.sql.touched.LtxSweep;
import dev.litescope.sql.touched.LtxTouches;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * What every LTX file of a 0.5 history changed, for the hover and the "Changes to" filter: found off the UI
 * thread in one forward pass ({@link LtxSweep}), and on a refresh only for the files not known yet. A local
 * replica is looked at as it opens; one on Cloud Storage only when asked ({@link #findAll}), since that downloads
 * what the pass reads, which is worked out beforehand (off the UI thread too) so the menu can say how much. Once
 * asked, a refresh of the same replica looks at its new files on its own. A look still running when another
 * replica opens is cancelled ({@link #close}). Used on the UI thread only.
 */
final class LtxFileTouches {
    private final TaskRunner runner;
    private final LtxRow row;
    private final ReplicaUrl url;
    private final Map<String, LtxTouches.Touched> found;
    private final Runnable onFound;
    private final List<LtxFile> missing;
    private Optional<String> failed = Optional.empty();
    private Optional<TaskHandle> finding = Optional.empty();
    private Optional<TaskHandle> sizing = Optional.empty();
    private OptionalLong bytesToFetch = OptionalLong.empty();
    private boolean asked;
    private boolean closed;

    /**
     * @param automatic look at once (a local replica, or one the user asked about before this refresh)
     * @param known     what an earlier look at the same replica found, kept
     * @param onFound   run on the UI thread when answers (or the download's size) are in, to show them
     */
    LtxFileTouches(TaskRunner runner, LtxRow row, boolean automatic, Map<String, LtxTouches.Touched> known,
                   Runnable onFound) {
        this.runner = runner;
        this.row = row;
        this.url = row.catalog().replica().url();
        this.found = new HashMap<>(known);
        this.onFound = onFound;
        this.missing = row.history().files().stream()
                .filter(f -> f.level() != LtxNames.SNAPSHOT_LEVEL && !found.containsKey(f.object().key())).toList();
        if (automatic) {
            findAll();
        } else if (!missing.isEmpty()) {
            sizing = Optional.of(runner.execute(BackgroundTask.of("", context ->
                            new LtxSweep(row.catalog()).bytesToRead(missing))
                    .onSuccess(bytes -> {
                        bytesToFetch = OptionalLong.of(bytes);
                        onFound.run();
                    })));
        }
    }

    /** Looks at every file not known yet, with progress in the status bar; nothing if already looking. */
    void findAll() {
        asked = true;
        if (closed || finding.isPresent() || missing.isEmpty()) {
            return;
        }
        failed = Optional.empty();
        int states = LtxSweep.statesNeeded(missing);
        TaskHandle h = runner.execute(BackgroundTask.of("Finding what each LTX file changed", context ->
                        new LtxSweep(row.catalog()).of(missing, n -> context.progress((double) n / states,
                                n + " of " + states + " states"), context.cancellation()))
                .onSuccess(list -> list.forEach(t -> found.put(t.file().object().key(), t)))
                .onFailure(e -> {
                    if (!(e instanceof Cancellation.CancelledException)) {
                        failed = Optional.of(AppSession.message(e));
                    }
                })
                .onFinished(() -> {
                    finding = Optional.empty();
                    if (!closed) {
                        onFound.run();
                    }
                }));
        // A runner that works on the caller's thread is already done here.
        finding = h.isOver() ? Optional.empty() : Optional.of(h);
        onFound.run();
    }

    /**
     * What {@link #findAll} would download, once worked out: nothing when looking, asked already, or when every
     * file is known; empty while not known yet.
     */
    OptionalLong bytesToFetch() {
        return asked || missing.isEmpty() ? OptionalLong.of(0) : bytesToFetch;
    }

    /** Whether a refresh of {@code next} should look at its new files on its own: the user asked about this one. */
    boolean continuesInto(LtxRow next) {
        return asked && sameReplica(next);
    }

    /** What was found so far, to keep across a refresh of the same replica; nothing for another. */
    Map<String, LtxTouches.Touched> knownFor(LtxRow next) {
        return sameReplica(next) ? found : Map.of();
    }

    /** Stops a look still running: another replica (or a newer listing of this one) is shown now. */
    void close() {
        closed = true;
        finding.ifPresent(TaskHandle::cancel);
        sizing.ifPresent(TaskHandle::cancel);
    }

    /** Whether a look is running now. */
    boolean finding() {
        return finding.isPresent();
    }

    /** The tables and indexes any file is known to have changed, by name. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        found.values().forEach(t -> t.pagesByOwner().ifPresent(m -> names.addAll(m.keySet())));
        return List.copyOf(names);
    }

    /** What {@code file} changed, pages by table or index; empty while unknown. */
    Optional<Map<String, Integer>> touched(LtxFile file) {
        LtxTouches.Touched t = found.get(file.object().key());
        return t == null ? Optional.empty() : t.pagesByOwner();
    }

    /** The hover's line about what {@code file} changed. */
    String line(LtxFile file) {
        if (file.level() == LtxNames.SNAPSHOT_LEVEL) {
            return "";
        }
        LtxTouches.Touched t = found.get(file.object().key());
        if (t != null) {
            return t.pagesByOwner().map(m -> "\nChanged " + TouchedText.describe(m))
                    .orElse("\nChanged: ? (" + t.why().orElse("unknown") + ")");
        }
        if (failed.isPresent()) {
            return "\nChanged: ? (" + failed.get() + ")";
        }
        if (finding.isPresent()) {
            return "\nChanged: …";
        }
        return asked ? "" : TouchedText.NOT_LOOKED_UP;
    }

    private boolean sameReplica(LtxRow next) {
        return next.catalog().replica().url().equals(url);
    }
}
