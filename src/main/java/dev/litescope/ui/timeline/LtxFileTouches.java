package dev.litescope.ui.timeline;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.sql.touched.LtxSweep;
import dev.litescope.sql.touched.LtxTouches;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskRunner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What every LTX file of a local replica's 0.5 history changed, for the hover and the "Changes to" filter: found
 * off the UI thread in one forward pass ({@link LtxSweep}), and on a refresh only for the files not known yet. On
 * Cloud Storage the pass would download a restore's worth, so nothing is looked up and the hover points to
 * {@code litescope ltx -tables} instead. Used on the UI thread only.
 */
final class LtxFileTouches {
    private final Map<String, LtxTouches.Touched> found;
    private final boolean local;
    private final ReplicaUrl url;
    private Optional<String> failed = Optional.empty();
    private boolean finding;

    /**
     * @param known   what an earlier look at the same replica found, kept
     * @param onFound run on the UI thread when the answers are in, to show them
     */
    LtxFileTouches(TaskRunner runner, LtxRow row, boolean local, Map<String, LtxTouches.Touched> known,
                   Runnable onFound) {
        this.local = local;
        this.url = row.catalog().replica().url();
        this.found = new HashMap<>(known);
        List<LtxFile> missing = row.history().files().stream()
                .filter(f -> f.level() != LtxNames.SNAPSHOT_LEVEL && !found.containsKey(f.object().key())).toList();
        if (!local || missing.isEmpty()) {
            return;
        }
        finding = true;
        int states = LtxSweep.statesNeeded(missing);
        runner.execute(BackgroundTask.of("Finding what each LTX file changed", context ->
                        new LtxSweep(row.catalog()).of(missing, n -> context.progress((double) n / states,
                                n + " of " + states + " states"), context.cancellation()))
                .onSuccess(list -> {
                    list.forEach(t -> found.put(t.file().object().key(), t));
                    finding = false;
                    onFound.run();
                })
                .onFailure(e -> {
                    failed = Optional.of(AppSession.message(e));
                    finding = false;
                    onFound.run();
                }));
    }

    /** What was found so far, to keep across a refresh of the same replica; nothing for another. */
    Map<String, LtxTouches.Touched> knownFor(LtxRow next) {
        return next.catalog().replica().url().equals(url) ? found : Map.of();
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
        if (!local) {
            return "\nChanged: not looked up on Cloud Storage (litescope ltx -tables lists it)";
        }
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
        return finding ? "\nChanged: …" : "";
    }
}
