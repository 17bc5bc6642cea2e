package dev.litescope.restore.ltx;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.Checkpoints;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.CopyStep.How;
import dev.litescope.restore.MovableCopy;
import dev.litescope.restore.PageWriter;
import dev.litescope.restore.Plan;
import dev.litescope.restore.Progress;
import dev.litescope.restore.ProgressTracker;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.WriteFailed;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import dev.litescope.util.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A working copy of a Litestream 0.5 replica's database that moves through time, as {@code restore.v3.MovingCopy}
 * does for 0.3: restored once, it moves forward from TXID A to a later restorable TXID B by applying only LTX
 * files between (each file's pages in TXID order, the file's commit truncating the database), and back by
 * re-basing from the nearest checkpoint at or before B ({@link Checkpoints}, within a disk budget) and moving
 * forward from there.
 *
 * <p>The files between are a chain: each starts at most one TXID past the state reached and ends past it, at or
 * before B. A file that also holds TXIDs the copy already has (a compaction that began earlier) is still right:
 * it holds the newest version, at its max TXID, of every page changed in its range, so pages changed before A
 * and not after get the version they already had. Among the files that reach furthest the smallest is taken, so
 * a snapshot is read only when nothing smaller does. A full restore (the restore's own {@link LtxPlanner} and
 * {@link LtxRestorer}) re-bases the copy on the first step, after a step that failed, or when no checkpoint lies
 * at or before B; the step says which. In a pruned replica the chain goes through compactions and snapshots.
 *
 * <p>Each state is byte-identical to a fresh restore of the same TXID: both write, for every page up to the
 * commit, its version at that TXID. A file is applied as it decodes, so a corrupt one leaves the copy stale (its
 * checksum is known only at the end); the next step re-bases it.
 */
public final class LtxMovingCopy implements MovableCopy<LtxPlan> {
    /** Reaching furthest, then the fewest stored bytes. */
    private static final Comparator<LtxFile> CHEAPEST = Comparator.comparingLong(LtxFile::maxTxid)
            .thenComparing(Comparator.comparingLong(LtxFile::size).reversed());
    private static final long NONE = 0;
    private static final long STALE = -1;

    /** The files one step applies, for its progress. */
    private record Between(RestoreTarget target, List<LtxFile> files) implements Plan {
        @Override
        public List<ObjectInfo> objects() {
            return files.stream().map(LtxFile::object).toList();
        }

        @Override
        public List<String> notes() {
            return List.of();
        }

        @Override
        public String summary() {
            return files.size() + " LTX file(s) from " + files.get(0).label();
        }
    }

    private final Replica replica;
    private final LtxCatalog catalog;
    private final LtxPlanner planner;
    private final LtxRestorer restorer;
    private final Path copy;
    /** Each at its TXID, with nothing more to keep: the file is the whole state. */
    private final Checkpoints<Boolean> checkpoints;
    /** The TXID the copy holds; {@link #NONE} before the first step, {@link #STALE} after one that failed. */
    private long txid = NONE;

    /**
     * @param copy        the working copy's file (replaced)
     * @param budgetBytes the most disk the checkpoints may take, beside the copy itself
     */
    public LtxMovingCopy(LtxCatalog catalog, Path copy, long budgetBytes) throws IOException {
        this.replica = catalog.replica();
        this.catalog = catalog;
        this.planner = new LtxPlanner(catalog);
        this.restorer = new LtxRestorer(replica);
        this.copy = copy;
        this.checkpoints = new Checkpoints<>(copy, budgetBytes);
    }

    @Override
    public Path file() {
        return copy;
    }

    /** The TXID the copy holds, when a step has finished. */
    public Optional<Long> txid() {
        return txid > 0 ? Optional.of(txid) : Optional.empty();
    }

    @Override
    public long checkpointBytes() {
        return checkpoints.bytes();
    }

    /** Moves the copy to the state a fresh restore gives for {@code target} (a TXID or a timestamp). */
    @Override
    public CopyStep<LtxPlan> moveTo(RestoreTarget target, Progress.Listener listener, Cancellation cancel)
            throws RestoreException, ObjectStoreException, IOException, CancelledException {
        LtxPlan plan = planner.plan(target);
        long goal = plan.txid();
        if (txid <= 0) {
            return fullRestore(plan, txid == NONE ? "the first step" : "the previous step did not finish", listener,
                    cancel);
        }
        if (goal == txid) {
            return new CopyStep<>(plan, How.UNCHANGED, 0, checkpoints.bytes(), Optional.empty());
        }
        How how = How.FORWARD;
        Optional<Checkpoints.Checkpoint<Boolean>> from = Optional.empty();
        long start = txid;
        if (goal < txid) {
            from = checkpoints.atOrBefore(goal);
            if (from.isEmpty()) {
                return fullRestore(plan, "no checkpoint within the disk budget lies at or before TXID "
                        + LtxNames.txid(goal), listener, cancel);
            }
            start = from.get().at();
            how = How.FROM_CHECKPOINT;
        }
        List<LtxFile> between = chain(start, goal);
        if (from.isPresent()) {
            txid = STALE;
            checkpoints.restore(from.get(), copy);
            txid = start;
        }
        forward(plan, between, listener, cancel);
        return new CopyStep<>(plan, how, between.size(), checkpoints.bytes(), Optional.empty());
    }

    /**
     * The files from the state at {@code from} to {@code goal}. One always leads there, since the plan of
     * {@code goal} is a chain from TXID 1 through it, over the same listing: of its files, the first that ends
     * past {@code from} starts at or before it.
     */
    private List<LtxFile> chain(long from, long goal) throws ObjectStoreException {
        return chain(catalog.files(), from, goal);
    }

    private static List<LtxFile> chain(List<LtxFile> files, long from, long goal) {
        List<LtxFile> candidates = files.stream().filter(f -> f.maxTxid() <= goal).toList();
        List<LtxFile> walked = LtxPlanner.walk(candidates, from, goal, CHEAPEST);
        if (from != goal && (walked.isEmpty() || walked.get(walked.size() - 1).maxTxid() != goal)) {
            throw new IllegalStateException("no LTX files lead from TXID " + LtxNames.txid(from) + " to "
                    + LtxNames.txid(goal) + " though TXID " + LtxNames.txid(goal) + " is restorable");
        }
        return walked;
    }

    /**
     * Restores the plan's first file (a full image), kept as a checkpoint, then moves forward through the rest
     * of the plan, so that a later step back finds checkpoints along it.
     */
    private CopyStep<LtxPlan> fullRestore(LtxPlan plan, String why, Progress.Listener listener, Cancellation cancel)
            throws RestoreException, IOException, CancelledException {
        checkpoints.clear();
        txid = STALE;
        LtxFile first = plan.files().get(0);
        LtxPlan image = new LtxPlan(new RestoreTarget.Txid(first.maxTxid()), List.of(first), List.of());
        restorer.restore(image, copy, RestoreOptions.defaults().withForce(true)
                .withIntegrityCheck(RestoreOptions.IntegrityCheck.NONE), listener, cancel);
        txid = first.maxTxid();
        checkpoints.take(copy, txid, true);
        forward(plan, plan.files().subList(1, plan.files().size()), listener, cancel);
        return new CopyStep<>(plan, How.FULL_RESTORE, plan.files().size(), checkpoints.bytes(),
                Optional.of("re-based with a full restore: " + why));
    }

    /** Applies {@code files} in order over the copy, checkpointing after each when one is due. */
    private void forward(LtxPlan plan, List<LtxFile> files, Progress.Listener listener, Cancellation cancel)
            throws RestoreException, IOException, CancelledException {
        if (files.isEmpty()) {
            return;
        }
        ProgressTracker tracker = new ProgressTracker(new Between(plan.target(), files), listener);
        txid = STALE; // until the last file is in
        long reached = 0;
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            byte[] header = new byte[100];
            file.readFully(header);
            PageWriter pages = new PageWriter(file, PageWriter.pageSizeOf(header));
            for (LtxFile f : files) {
                cancel.check();
                tracker.report("applying " + f.label());
                LtxHeader h = apply(f, pages, tracker, cancel);
                pages.endIndex(h.commit());
                tracker.objectDone();
                reached = f.maxTxid();
                if (checkpoints.due(reached)) {
                    pages.finish();
                    checkpoints.take(copy, reached, true);
                }
            }
            pages.finish();
        }
        txid = reached;
        tracker.report("done");
    }

    /** Streams one file from the store into the page writer, checked as the restore checks it. */
    private LtxHeader apply(LtxFile f, PageWriter pages, ProgressTracker tracker, Cancellation cancel)
            throws RestoreException, IOException, CancelledException {
        String name = replica.describe(f.relativeName());
        LtxDecoder.Summary s;
        try (InputStream in = new CountingInputStream(replica.store().open(f.object()), tracker::bytes)) {
            s = LtxDecoder.decode(in, name, (header, pgno, page) -> {
                if (cancel.isCancelled()) {
                    throw new InterruptedIOException("cancelled");
                }
                if (header.pageSize() != pages.pageSize()) {
                    throw new LtxFormatException("LTX file " + name + " has " + header.pageSize() + "-byte pages "
                            + "but the working copy " + copy + " has " + pages.pageSize() + "-byte pages");
                }
                try {
                    pages.put(pgno, page, 0);
                } catch (IOException e) {
                    throw new WriteFailed(e);
                }
            });
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (WriteFailed e) {
            throw new RestoreException("cannot write the working copy " + copy + ": " + e.write().getMessage(),
                    e.write());
        } catch (LtxFormatException e) {
            throw new RestoreException(e.getMessage() + "; the state at or after TXID " + LtxNames.txid(f.minTxid())
                    + " cannot be reached through it", e);
        } catch (IOException e) {
            cancel.check();
            throw new RestoreException("cannot read LTX file " + name + ": " + e.getMessage(), e);
        }
        Optional<String> renamed = s.header().misnamed(f, name);
        if (renamed.isPresent()) {
            throw new RestoreException(renamed.get());
        }
        return s.header();
    }

    /**
     * Where a copy moving forward through TXIDs goes, worked out without reading a file.
     *
     * @param files   the files it reads, each once
     * @param reached the TXIDs it reaches (the others the planner refuses)
     */
    public record Route(Set<LtxFile> files, Set<Long> reached) {
    }

    /**
     * The route of a new copy moving forward through {@code txids} (ascending): the first restorable one's plan,
     * then the chains between; a TXID the planner refuses is skipped, as a step refused leaves the copy where it
     * was. What looking at a Cloud Storage history downloads, said before it is asked for.
     */
    public static Route route(LtxCatalog catalog, List<Long> txids) throws ObjectStoreException {
        LtxPlanner planner = new LtxPlanner(catalog);
        Set<LtxFile> read = new LinkedHashSet<>();
        Set<Long> reached = new LinkedHashSet<>();
        long at = NONE;
        for (long goal : txids) {
            if (goal == at) {
                reached.add(goal);
                continue;
            }
            LtxPlan plan;
            try {
                plan = planner.plan(RestoreTarget.txid(goal));
            } catch (RestoreException e) {
                continue;
            }
            if (at == NONE) {
                read.addAll(plan.files());
            } else {
                read.addAll(chain(catalog.files(), at, plan.txid()));
            }
            at = plan.txid();
            reached.add(goal);
        }
        return new Route(read, reached);
    }

    /** Removes the checkpoints; the copy stays. */
    @Override
    public void close() throws IOException {
        checkpoints.close();
    }
}
