package dev.litescope.restore.v3;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.IntegrityCheck;
import dev.litescope.restore.Lz4Frame;
import dev.litescope.restore.OutputFile;
import dev.litescope.restore.PageWriter;
import dev.litescope.restore.ParallelLz4Decoder;
import dev.litescope.restore.Prefetcher;
import dev.litescope.restore.Progress;
import dev.litescope.restore.ProgressTracker;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.SpillFiles;
import dev.litescope.restore.WriteFailed;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import dev.litescope.util.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Performs a {@link RestorePlan}: streams the snapshot into a temporary file next to the output while WAL
 * segments download in parallel ({@link Prefetcher}, within its byte budget), decodes each segment block by block
 * into its index's {@link WalApplier} (direct page writes), and moves the file into place only when everything
 * succeeded. A segment too large to hold streams from the store through the decoder into the applier; no
 * segment's decoded content is ever held whole. The {@link OutputFile} owns the file: on any failure or
 * cancellation its temporary file is removed and the output is untouched.
 */
public final class Restorer {
    private final Replica replica;
    private final ObjectStore store;

    public Restorer(Replica replica) {
        this.replica = replica;
        this.store = replica.store();
    }

    public RestoreResult restore(RestorePlan plan, Path out, RestoreOptions options, Progress.Listener listener,
                                 Cancellation cancel) throws RestoreException, CancelledException, IOException {
        long started = System.nanoTime();
        RequestCounters.Snapshot before = store.counters().snapshot();
        try (OutputFile output = OutputFile.create(out, options.force());
             SpillFiles copies = new SpillFiles(output.target())) {
            ProgressTracker tracker = new ProgressTracker(plan, listener);
            ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), daemonThreads());
            cancel.onCancel(pool::shutdownNow);
            try {
                RandomAccessFile file = output.file();
                Prefetcher<WalSegment> ahead = new Prefetcher<>(plan.segments().iterator(), WalSegment::size,
                        seg -> fetch(seg, tracker), options.parallelism(), Prefetcher.BUDGET_BYTES, pool,
                        new Prefetcher.Streaming<>(seg -> open(seg, tracker),
                                seg -> store.readsAcrossNetwork(seg.object()),
                                seg -> store.describe(seg.object().key()), copies));
                tracker.report("downloading snapshot");
                SnapshotWriter.Header snapshot = new SnapshotWriter(store, output, cancel, tracker::bytes,
                        () -> tracker.report("downloading snapshot"), ParallelLz4Decoder.forRestore(options),
                        options.parallelism())
                        .write(plan.snapshot(), file.getChannel());
                tracker.objectDone();
                tracker.report("applying WAL");
                PageWriter pages = new PageWriter(file, snapshot.pageSize());
                long frames = applyWal(plan, snapshot, pages, output, ahead, tracker, cancel);
                try {
                    pages.finish();
                } catch (IOException e) {
                    throw output.writeFailure(e);
                }
                IntegrityCheck.Verified verified = IntegrityCheck.syncAndCheck(output, options.integrityCheck(),
                        () -> tracker.report("checking integrity"), cancel);
                long size = verified.size();
                Optional<String> integrity = verified.report();
                cancel.check();
                output.commit();
                tracker.report("done");
                long downloaded = store.counters().snapshot().minus(before).bytesRead();
                return new RestoreResult(output.target(), plan, size, downloaded, frames,
                        Duration.ofNanos(System.nanoTime() - started), integrity);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private long applyWal(RestorePlan plan, SnapshotWriter.Header snapshot, PageWriter pages, OutputFile output,
                          Prefetcher<WalSegment> ahead, ProgressTracker tracker, Cancellation cancel)
            throws RestoreException, CancelledException, IOException {
        // The snapshot's index is applied in full unless a timestamp stops the restore inside it.
        boolean snapshotIndexWhole = plan.lastIndex() > plan.snapshot().index()
                || !(plan.target() instanceof RestoreTarget.Timestamp);
        ChangeCounterChain chain = new ChangeCounterChain(store.describe(plan.snapshot().object().key()),
                plan.snapshot().index(), snapshot.changeCounter(), snapshotIndexWhole);
        WalApplier applier = null;
        int index = -1;
        long frames = 0;
        while (!ahead.isEmpty()) {
            Prefetcher.Pending<WalSegment> p = ahead.takeNext();
            byte[] stored = p.streamed() ? null : Prefetcher.await(p.data(), cancel);
            WalSegment seg = p.item();
            try {
                if (seg.index() != index) {
                    Optional<WalApplier.Header> previous = Optional.empty();
                    if (applier != null) {
                        finish(applier, index, chain);
                        frames += applier.framesApplied();
                        previous = applier.header();
                    }
                    index = seg.index();
                    applier = newApplier(pages, plan.generation(), index, previous, chain);
                }
                applier.begin(seg.offset());
                decodeInto(applier, seg, stored, () -> ahead.stream(p, cancel), cancel);
                applier.end();
            } catch (IOException e) {
                // What decodeInto lets through is the applier's I/O: all writes into the output file.
                throw output.writeFailure(e);
            }
            tracker.objectDone();
        }
        if (applier != null) {
            try {
                finish(applier, index, chain);
            } catch (IOException e) {
                throw output.writeFailure(e);
            }
            frames += applier.framesApplied();
        }
        return frames;
    }

    private static void finish(WalApplier applier, int index, ChangeCounterChain chain)
            throws RestoreException, IOException {
        applier.finish();
        chain.endIndex(index);
    }

    WalApplier newApplier(PageWriter pages, String generation, int index,
                                  Optional<WalApplier.Header> previous, ChangeCounterChain chain) {
        String where = "WAL index " + Names.hex8(index) + " of generation " + generation;
        WalApplier.Describer describer = offset -> replica.describe(
                Names.walDir(generation) + Names.hex8(index) + "_" + Names.hex8(offset) + ".wal.lz4");
        return WalApplier.forSegments(pages, where, describer, previous, (walOffset, segmentOffset, counter) ->
                chain.pageOne(index, where, walOffset, describer.segment(segmentOffset), counter));
    }

    /** A WAL segment's bytes streamed from the store, counted as they arrive. */
    InputStream open(WalSegment seg, ProgressTracker tracker) throws IOException {
        return new CountingInputStream(store.open(seg.object()), tracker::bytes);
    }

    /** Downloads a WAL segment small enough to hold, in a download thread; it is decoded when applied. */
    private byte[] fetch(WalSegment seg, ProgressTracker tracker) throws RestoreException {
        try {
            byte[] stored = store.readAll(seg.object());
            tracker.bytes(stored.length);
            return stored;
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        }
    }

    /**
     * Decodes a segment block by block into the applier: from its stored bytes, or, when it was too large to
     * hold ({@code stored} null), from {@code streamed}: its local copy downloaded ahead, or the store.
     *
     * @throws IOException only when writing into the output failed
     */
    void decodeInto(WalApplier applier, WalSegment seg, byte[] stored, Prefetcher.Source streamed,
                    Cancellation cancel)
            throws RestoreException, CancelledException, IOException {
        // A refusal of the WAL's bytes is held until the frame has been decoded to its end: a corrupt LZ4 frame
        // (its content checksum) is the truer report than the WAL checksum its garbage broke first.
        RestoreException[] refused = {null};
        Lz4Frame.BlockSink sink = (data, off, len) -> {
            if (cancel.isCancelled()) {
                throw new InterruptedIOException("cancelled");
            }
            if (refused[0] != null) {
                return;
            }
            try {
                applier.feed(data, off, len);
            } catch (RestoreException e) {
                refused[0] = e;
            } catch (IOException e) {
                throw new WriteFailed(e);
            }
        };
        try {
            if (stored != null) {
                Lz4Frame.decode(stored, sink);
            } else {
                try (InputStream in = streamed.open()) {
                    Lz4Frame.decode(in, sink);
                }
            }
            if (refused[0] != null) {
                throw refused[0];
            }
        } catch (WriteFailed e) {
            throw e.write();
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (IOException e) {
            if (cancel.isCancelled()) {
                throw new CancelledException();
            }
            throw new RestoreException("WAL segment " + store.describe(seg.object().key()) + " cannot be "
                    + "decoded (" + e.getMessage() + "): the object is corrupt or truncated, so the state at "
                    + "or after position " + seg.position() + " cannot be restored", e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "litescope-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
