package dev.litescope.restore.v3;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Position;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.Checkpoints;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.CopyStep.How;
import dev.litescope.restore.MovableCopy;
import dev.litescope.restore.PageWriter;
import dev.litescope.restore.Prefetcher;
import dev.litescope.restore.Progress;
import dev.litescope.restore.ProgressTracker;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A working copy of a Litestream 0.3 replica's database that moves through time: restored once, it moves
 * forward by applying only the WAL segments between its state and the target, with the restore's own
 * {@link WalApplier} and {@link PageWriter}, and back by re-basing from the nearest checkpoint at or before the
 * target (a copy of the file at the end of an earlier WAL index) and moving forward from there.
 *
 * <p>Checkpoints ({@link Checkpoints}, shared with the 0.5 copy) are taken at WAL index ends while moving forward
 * and together never exceed the disk budget. A target in another generation, before the snapshot the copy started
 * from, or with no checkpoint at or before it, re-bases with a full restore, and the step says so.
 *
 * <p>Each state is byte-identical to {@code litestream restore} of the same target: the plan is the restore's
 * {@link Planner}'s, and applying a generation's WAL in order from an earlier snapshot writes the same pages as
 * a later snapshot plus its WAL. A step that fails or is cancelled leaves the copy marked stale; the next step
 * re-bases it.
 */
public final class MovingCopy implements MovableCopy<RestorePlan> {
    private final Replica replica;
    private final Catalog catalog;
    private final Planner planner;
    private final Restorer restorer;
    private final Path copy;
    /** Each at a count of applied segments, with the header of the last whole index applied there. */
    private final Checkpoints<Optional<WalApplier.Header>> checkpoints;

    /** The generation and base snapshot of the copy's state; null before the first step or when stale. */
    private RestorePlan base;
    /** The generation's segments from the base snapshot's index on, in position order. */
    private List<WalSegment> line = List.of();
    /** How many of {@link #line} the copy holds. */
    private int applied;
    /** The header of the last whole index applied, which the next index's must continue. */
    private Optional<WalApplier.Header> lastHeader = Optional.empty();
    /**
     * When the copy stands inside a WAL index (a timestamp target), the applier that read the index so far: the
     * next step forward goes on with it instead of copying a checkpoint back to the index's start.
     */
    private Optional<Inside> inside = Optional.empty();

    /** The applier inside an index, and the change counter chain it and the indexes after it go on checking. */
    private record Inside(WalApplier applier, ChangeCounterChain chain) {
    }

    /**
     * @param copy        the working copy's file (replaced)
     * @param budgetBytes the most disk the checkpoints may take, beside the copy itself
     */
    public MovingCopy(Replica replica, Path copy, long budgetBytes) throws IOException {
        this.replica = replica;
        this.catalog = new Catalog(replica);
        this.planner = new Planner(catalog);
        this.restorer = new Restorer(replica);
        this.copy = copy;
        this.checkpoints = new Checkpoints<>(copy, budgetBytes);
    }

    @Override
    public Path file() {
        return copy;
    }

    @Override
    public long checkpointBytes() {
        return checkpoints.bytes();
    }

    /** Moves the copy to the state {@code litestream restore} gives for {@code target}. */
    @Override
    public CopyStep<RestorePlan> moveTo(RestoreTarget target, Progress.Listener listener, Cancellation cancel)
            throws RestoreException, ObjectStoreException, IOException, CancelledException {
        RestorePlan plan = planner.plan(target);
        Optional<String> why = whyFullRestore(plan);
        if (why.isPresent()) {
            return fullRestore(plan, why.get(), listener, cancel);
        }
        int goal = goalIn(plan);
        if (goal == applied) {
            return new CopyStep<>(plan, How.UNCHANGED, 0, checkpointBytes(), Optional.empty());
        }
        How how = How.FORWARD;
        // A copy inside a WAL index (a timestamp target) goes on with the applier that read it that far; a new
        // applier could not check the frames' checksums from there, so without it the copy re-bases too.
        if (goal < applied || !atIndexEnd(applied) && inside.isEmpty()) {
            Optional<Checkpoints.Checkpoint<Optional<WalApplier.Header>>> from = checkpoints.atOrBefore(goal);
            if (from.isEmpty()) {
                return fullRestore(plan, "no checkpoint within the disk budget lies at or before " + target,
                        listener, cancel);
            }
            restoreCheckpoint(from.get());
            how = How.FROM_CHECKPOINT;
        }
        int moved = forward(plan, goal, listener, cancel);
        return new CopyStep<>(plan, how, moved, checkpointBytes(), Optional.empty());
    }

    /** Why the target cannot be reached from the copy's state, or empty when it can. */
    private Optional<String> whyFullRestore(RestorePlan plan) {
        if (base == null) {
            return Optional.of(applied < 0 ? "the previous step did not finish" : "the first step");
        }
        if (!plan.generation().equals(base.generation())) {
            return Optional.of("the target is in generation " + plan.generation() + ", the copy in generation "
                    + base.generation());
        }
        if (plan.snapshot().index() < base.snapshot().index()) {
            return Optional.of(String.format("the target's snapshot (index %08x) is older than the one the copy "
                    + "started from (index %08x)", plan.snapshot().index(), base.snapshot().index()));
        }
        if (plan.segments().isEmpty() && !plan.snapshot().equals(base.snapshot())) {
            return Optional.of("the target is a snapshot alone, without WAL");
        }
        return Optional.empty();
    }

    /** How many segments of the line the target's state holds. */
    private int goalIn(RestorePlan plan) throws RestoreException {
        if (plan.segments().isEmpty()) {
            return 0;
        }
        Position last = plan.segments().get(plan.segments().size() - 1).position();
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).position().equals(last)) {
                return i + 1;
            }
        }
        throw new RestoreException("WAL segment " + last + " of generation " + plan.generation() + " is not in "
                + "the listing the working copy was restored from; the replica changed under it: open the moment "
                + "again");
    }

    private CopyStep<RestorePlan> fullRestore(RestorePlan plan, String why, Progress.Listener listener,
                                              Cancellation cancel)
            throws RestoreException, ObjectStoreException, IOException, CancelledException {
        checkpoints.clear();
        base = null;
        applied = -1;
        inside = Optional.empty();
        plan = fromEarliestSnapshot(plan);
        // First the snapshot with its own index, kept as a checkpoint, so a later step back finds one; then on.
        int snapshotIndex = plan.snapshot().index();
        Generation g = catalog.generation(plan.generation());
        List<WalSegment> from = new ArrayList<>();
        for (WalSegment s : g.walSegments()) {
            if (s.index() >= snapshotIndex) {
                from.add(s);
            }
        }
        line = List.copyOf(from);
        List<WalSegment> own = plan.segments().stream().filter(s -> s.index() == snapshotIndex).toList();
        RestorePlan first = own.size() == plan.segments().size() ? plan
                : new RestorePlan(new RestoreTarget.Index(Optional.of(plan.generation()), snapshotIndex),
                        plan.generation(), plan.snapshot(), own, plan.notes());
        if (first == plan && !own.isEmpty() && !atIndexEnd(goalIn(plan))) {
            // The target stops inside the snapshot's own index: the snapshot alone, then its segments here, so
            // that the next object time goes on with the applier that read them.
            first = new RestorePlan(plan.target(), plan.generation(), plan.snapshot(), List.of(), plan.notes());
        }
        restorer.restore(first, copy, RestoreOptions.defaults().withForce(true)
                .withIntegrityCheck(RestoreOptions.IntegrityCheck.NONE), listener, cancel);
        applied = goalIn(first);
        lastHeader = Optional.empty();
        if (atIndexEnd(applied)) {
            checkpoint();
        }
        base = plan;
        if (first != plan) {
            forward(plan, goalIn(plan), listener, cancel);
        }
        return new CopyStep<>(plan, How.FULL_RESTORE, plan.segments().size(), checkpointBytes(),
                Optional.of("re-based with a full restore: " + why));
    }

    /**
     * The same state from the generation's earliest snapshot, so that later steps back in this generation find
     * a checkpoint; the plan itself when the WAL from there is not whole.
     */
    private RestorePlan fromEarliestSnapshot(RestorePlan plan) throws ObjectStoreException {
        Generation g = catalog.generation(plan.generation());
        Optional<Snapshot> first = g.snapshots().stream().min(Comparator.comparingInt(Snapshot::index));
        // A snapshot alone may hold frames of its index that no WAL state before the target has.
        if (first.isEmpty() || first.get().index() >= plan.snapshot().index() || plan.segments().isEmpty()) {
            return plan;
        }
        List<WalSegment> walked = new ArrayList<>();
        Position last = plan.segments().get(plan.segments().size() - 1).position();
        for (WalSegment s : g.walSegments()) {
            if (s.position().compareTo(last) > 0) {
                break;
            }
            if (s.index() >= first.get().index()) {
                walked.add(s);
            }
        }
        if (Continuity.firstBreak(g.name(), walked, first.get().index(), replica.store()::describe).isPresent()) {
            return plan;
        }
        return new RestorePlan(plan.target(), plan.generation(), first.get(), walked, plan.notes());
    }

    /** Applies segments {@link #applied} .. goal-1 of the line, index by index. */
    private int forward(RestorePlan plan, int goal, Progress.Listener listener, Cancellation cancel)
            throws RestoreException, IOException, CancelledException {
        List<WalSegment> todo = line.subList(applied, goal);
        Optional<Inside> resumed = inside.filter(i -> !atIndexEnd(applied));
        inside = Optional.empty();
        ProgressTracker tracker = new ProgressTracker(new RestorePlan(plan.target(), plan.generation(),
                plan.snapshot(), todo, List.of()), listener);
        tracker.report("applying WAL");
        RestorePlan was = base;
        base = null; // stale until the step ends
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            byte[] header = new byte[100];
            file.readFully(header);
            PageWriter pages = new PageWriter(file, PageWriter.pageSizeOf(header));
            ChangeCounterChain chain = resumed.map(Inside::chain).orElseGet(() -> new ChangeCounterChain(
                    "the working copy " + copy, -1, Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt(24)),
                    false));
            WalApplier applier = null;
            int index = -1;
            if (resumed.isPresent()) {
                applier = resumed.get().applier();
                applier.continueInto(pages);
                index = line.get(applied).index();
            }
            for (WalSegment seg : todo) {
                cancel.check();
                if (seg.index() != index) {
                    if (applier != null) {
                        endIndex(applier, pages);
                    }
                    index = seg.index();
                    applier = restorer.newApplier(pages, plan.generation(), index, lastHeader, chain);
                }
                // One too large to hold (a bulk import's) streams from the store through the decoder, as in a restore.
                byte[] stored = Prefetcher.tooLargeToHold(seg.size()) ? null : readStored(seg);
                if (stored != null) {
                    tracker.bytes(stored.length);
                }
                applier.begin(seg.offset());
                restorer.decodeInto(applier, seg, stored, () -> restorer.open(seg, tracker), cancel);
                applier.end();
                applied++;
                tracker.objectDone();
            }
            if (applier != null) {
                applier.finish();
                Optional<WalApplier.Header> h = applier.header();
                pages.finish();
                if (atIndexEnd(applied)) {
                    lastHeader = h;
                } else {
                    inside = Optional.of(new Inside(applier, chain));
                }
            }
        }
        base = was;
        if (atIndexEnd(applied) && checkpoints.due(applied)) {
            checkpoint();
        }
        tracker.report("done");
        return todo.size();
    }

    private void endIndex(WalApplier applier, PageWriter pages) throws RestoreException, IOException {
        applier.finish();
        lastHeader = applier.header();
        if (checkpoints.due(applied)) {
            pages.finish();
            checkpoint();
        }
    }

    private byte[] readStored(WalSegment seg) throws RestoreException {
        try {
            return replica.store().readAll(seg.object());
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        }
    }

    /** Whether {@code n} applied segments end a WAL index (or are none). */
    private boolean atIndexEnd(int n) {
        return n == 0 || n == line.size() || line.get(n).index() != line.get(n - 1).index();
    }

    private void restoreCheckpoint(Checkpoints.Checkpoint<Optional<WalApplier.Header>> c) throws IOException {
        RestorePlan was = base;
        base = null;
        inside = Optional.empty();
        checkpoints.restore(c, copy);
        applied = (int) c.at();
        lastHeader = c.state();
        base = was;
        // Later checkpoints stay valid: the line is the same, only the copy moved back.
    }

    private void checkpoint() throws IOException {
        checkpoints.take(copy, applied, lastHeader);
    }

    /** Removes the checkpoints; the copy stays. */
    @Override
    public void close() throws IOException {
        checkpoints.close();
    }
}
