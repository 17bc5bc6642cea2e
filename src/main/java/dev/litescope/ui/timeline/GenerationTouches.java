package dev.litescope.ui.timeline;

import dev.litescope.replica.Replica;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.sql.touched.WalTouches;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.util.Cancellation;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each WAL segment of the open replica's generations touched, found by {@link WalTouches} off the UI thread
 * through the task runner and kept per generation and object set: the timeline's hover and its "Changes to"
 * filter read it. Local folders (and the demo) are looked at as soon as they are listed; a Cloud Storage replica
 * only when asked ({@link #computeAll}), since that downloads what a restore of each generation would. When a
 * refresh lists new objects in a generation already looked at, the generation is looked at again, its known
 * segments still shown meanwhile. One generation is looked at a time; an answer for objects or a replica no
 * longer shown is dropped, and a look still running when another replica opens is cancelled. Used on the UI
 * thread only.
 */
final class GenerationTouches {
    /** One generation's answer, for the objects it was (or is being) found from. */
    private record Entry(Set<String> objects, Map<String, Optional<Map<String, Integer>>> bySegment,
                         boolean computing, Optional<String> failure) {
    }

    private final TaskRunner runner;
    private final Runnable onChange;
    private final Map<String, Entry> entries = new HashMap<>();
    /** Generations waiting their turn: one is looked at a time, so the restores and listings keep their cores. */
    private final Map<String, Runnable> queue = new LinkedHashMap<>();
    private boolean running;
    /** The look running now, cancelled when another replica opens. */
    private Optional<TaskHandle> current = Optional.empty();
    private Optional<Replica> replica = Optional.empty();
    private String replicaId = "";

    /** @param onChange run on the UI thread when an answer arrives (or a look starts), to redraw and re-hover */
    GenerationTouches(TaskRunner runner, Runnable onChange) {
        this.runner = runner;
        this.onChange = onChange;
    }

    /**
     * The replica was opened or listed again: forgets another replica's answers, and looks at each generation
     * whose objects changed since it was looked at, or at every new one when {@code automatic}.
     */
    void update(Optional<Catalog> catalog, List<GenerationRow> rows, boolean automatic) {
        String id = catalog.map(c -> c.replica().url().toString()).orElse("");
        if (!id.equals(replicaId)) {
            entries.clear();
            queue.clear();
            current.ifPresent(TaskHandle::cancel);
            replicaId = id;
        }
        replica = catalog.map(Catalog::replica);
        for (GenerationRow row : rows) {
            Entry e = entries.get(row.name());
            if (row.segmentCount() == 0 || e != null && e.objects().equals(objects(row))) {
                continue;
            }
            if (e != null || automatic) {
                start(row, "");
            }
        }
    }

    /** Looks at every generation not yet looked at (or whose objects changed), with progress in the status bar. */
    void computeAll(List<GenerationRow> rows) {
        for (GenerationRow row : rows) {
            if (needed(row)) {
                start(row, "Finding what each change of generation " + row.name() + " touched");
            }
        }
    }

    /** The bytes {@link #computeAll} downloads: each generation's earliest snapshot and the segments after it. */
    long bytesToFetch(List<GenerationRow> rows) {
        long bytes = 0;
        for (GenerationRow row : rows) {
            Optional<Snapshot> first = row.generation().snapshots().stream()
                    .min(Comparator.comparingInt(Snapshot::index));
            if (needed(row) && first.isPresent()) {
                bytes += first.get().size() + row.generation().walSegments().stream()
                        .filter(s -> s.index() >= first.get().index()).mapToLong(WalSegment::size).sum();
            }
        }
        return bytes;
    }

    private boolean needed(GenerationRow row) {
        Entry e = entries.get(row.name());
        return row.segmentCount() > 0 && (e == null || !e.computing() && !e.objects().equals(objects(row)));
    }

    /** What {@code s} of {@code row} touched, by table or index; empty while not known. */
    Optional<Map<String, Integer>> touched(GenerationRow row, WalSegment s) {
        Entry e = entries.get(row.name());
        return e == null ? Optional.empty() : e.bySegment().getOrDefault(s.object().key(), Optional.empty());
    }

    /** The hover's line about {@code s}: what it touched, "…" while being found, "?" with why when unknown. */
    String line(GenerationRow row, WalSegment s) {
        Entry e = entries.get(row.name());
        if (e == null) {
            return TouchedText.NOT_LOOKED_UP;
        }
        Optional<Map<String, Integer>> known = e.bySegment().get(s.object().key());
        if (known != null) {
            return known.map(m -> "\nChanged " + TouchedText.describe(m)).orElse("\nChanged: ? (it is older than "
                    + "the generation's first snapshot: there is no state to map its pages against)");
        }
        if (e.computing()) {
            return "\nChanged: …";
        }
        return "\nChanged: ?" + e.failure().map(f -> " (" + f + ")").orElse("");
    }

    /** Every table and index some segment is known to have touched, by name. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Entry e : entries.values()) {
            e.bySegment().values().forEach(m -> m.ifPresent(p -> names.addAll(p.keySet())));
        }
        return names;
    }

    private void start(GenerationRow row, String title) {
        Optional<Replica> on = replica;
        if (on.isEmpty()) {
            return;
        }
        Set<String> objects = objects(row);
        Entry before = entries.get(row.name());
        String id = replicaId;
        entries.put(row.name(), new Entry(objects, before == null ? Map.of() : before.bySegment(), true,
                Optional.empty()));
        queue.put(row.name(), () -> current = Optional.of(runner.execute(BackgroundTask.of(title, context ->
                        new WalTouches(on.get()).of(row.generation(), context.cancellation()))
                .onSuccess(list -> {
                    Map<String, Optional<Map<String, Integer>>> by = new HashMap<>();
                    for (WalTouches.Touched t : list) {
                        by.put(t.segment().object().key(), t.pagesByOwner());
                    }
                    finish(id, row.name(), objects, new Entry(objects, by, false, Optional.empty()));
                })
                .onFailure(f -> {
                    if (!(f instanceof Cancellation.CancelledException)) {
                        finish(id, row.name(), objects, new Entry(objects, before == null ? Map.of()
                                : before.bySegment(), false, Optional.of(AppSession.message(f))));
                    }
                })
                .onFinished(() -> {
                    running = false;
                    current = Optional.empty();
                    next();
                })))
                .filter(h -> !h.isOver()));
        onChange.run();
        next();
    }

    /** Starts the next generation waiting, unless one is being looked at. */
    private void next() {
        if (running || queue.isEmpty()) {
            return;
        }
        String first = queue.keySet().iterator().next();
        running = true;
        queue.remove(first).run();
    }

    private void finish(String id, String generation, Set<String> objects, Entry outcome) {
        Entry now = entries.get(generation);
        if (id.equals(replicaId) && now != null && now.objects().equals(objects)) {
            entries.put(generation, outcome);
            onChange.run();
        }
    }

    private static Set<String> objects(GenerationRow row) {
        Set<String> keys = new HashSet<>();
        row.generation().snapshots().forEach(s -> keys.add(s.object().key()));
        row.generation().walSegments().forEach(s -> keys.add(s.object().key()));
        return keys;
    }
}
