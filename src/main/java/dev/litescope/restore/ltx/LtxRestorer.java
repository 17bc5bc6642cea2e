package dev.litescope.restore.ltx;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.IntegrityCheck;
import dev.litescope.restore.OutputFile;
import dev.litescope.restore.PageWriter;
import dev.litescope.restore.Prefetcher;
import dev.litescope.restore.Progress;
import dev.litescope.restore.ProgressTracker;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.SpillFiles;
import dev.litescope.restore.WriteFailed;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import dev.litescope.util.CountingInputStream;
import dev.litescope.util.GoTime;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Performs an {@link LtxPlan} by direct page writes, as Litestream 0.5's merge writes them: the first file's pages,
 * then each later file's over them (the newest version of a page wins), then the length set to the last file's
 * commit times the page size, the lock page left zero. The first file streams from the store while the others
 * download ahead within the {@link Prefetcher}'s byte budget; a file too large to hold streams too. Each is
 * decoded and checksummed as it is applied.
 *
 * <p>Everything goes into the {@link OutputFile}'s temporary file, which is moved into place only when every file
 * decoded, its header agreed with its name, every page 1..commit was found in some file and SQLite's check passed;
 * on any refusal or cancellation nothing is left behind.
 */
public final class LtxRestorer {

    private final Replica replica;
    private final ObjectStore store;

    public LtxRestorer(Replica replica) {
        this.replica = replica;
        this.store = replica.store();
    }

    public RestoreResult restore(LtxPlan plan, Path out, RestoreOptions options, Progress.Listener listener,
                                 Cancellation cancel) throws RestoreException, CancelledException, IOException {
        long started = System.nanoTime();
        RequestCounters.Snapshot before = store.counters().snapshot();
        ProgressTracker tracker = new ProgressTracker(plan, listener);
        cancel.check();
        try (OutputFile output = OutputFile.create(out, options.force());
             SpillFiles copies = new SpillFiles(output.target())) {
            ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
                Thread t = new Thread(r, "litescope-ltx-fetch");
                t.setDaemon(true);
                return t;
            });
            cancel.onCancel(pool::shutdownNow);
            try {
                List<LtxFile> files = plan.files();
                Prefetcher<LtxFile> ahead = new Prefetcher<>(files.subList(1, files.size()).iterator(),
                        LtxFile::size, f -> fetch(f, tracker), options.parallelism(), Prefetcher.BUDGET_BYTES, pool,
                        new Prefetcher.Streaming<>(f -> open(f, tracker), f -> store.readsAcrossNetwork(f.object()),
                                f -> store.describe(f.object().key()), copies));
                Apply apply = new Apply(output, cancel);
                tracker.report("downloading " + files.get(0).label());
                streamed(files.get(0), () -> new CountingInputStream(store.openAhead(files.get(0).object(),
                        options.parallelism()), tracker::bytes), apply, tracker);
                while (!ahead.isEmpty()) {
                    Prefetcher.Pending<LtxFile> p = ahead.takeNext();
                    if (p.streamed()) {
                        tracker.report("downloading " + p.item().label());
                        streamed(p.item(), () -> ahead.stream(p, cancel), apply, tracker);
                        continue;
                    }
                    byte[] data = Prefetcher.await(p.data(), cancel);
                    tracker.report("applying " + p.item().label());
                    apply.file(p.item(), new ByteArrayInputStream(data));
                    tracker.objectDone();
                }
                apply.finish(files);
                IntegrityCheck.Verified verified = IntegrityCheck.syncAndCheck(output, options.integrityCheck(),
                        () -> tracker.report("checking integrity"), cancel);
                long size = verified.size();
                Optional<String> integrity = verified.report();
                cancel.check();
                output.commit();
                tracker.report("done");
                long downloaded = store.counters().snapshot().minus(before).bytesRead();
                return new RestoreResult(output.target(), plan, size, downloaded, apply.pagesApplied,
                        Duration.ofNanos(System.nanoTime() - started), integrity, apply.notes(files));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private InputStream open(LtxFile f, ProgressTracker tracker) throws IOException {
        return new CountingInputStream(store.open(f.object()), tracker::bytes);
    }

    /**
     * Applies a file too large to hold (the first, a snapshot, always is) as it streams from the store or from its
     * local copy.
     */
    private void streamed(LtxFile f, Prefetcher.Source source, Apply apply, ProgressTracker tracker)
            throws RestoreException, CancelledException, IOException {
        try (InputStream in = source.open()) {
            apply.file(f, in);
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        }
        tracker.objectDone();
    }

    private byte[] fetch(LtxFile f, ProgressTracker tracker) throws RestoreException {
        try {
            byte[] data = store.readAll(f.object());
            tracker.bytes(data.length);
            return data;
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        }
    }

    /** The apply step: pages of each file in plan order into the page writer, and what they covered. */
    private final class Apply {
        private final OutputFile output;
        private final Cancellation cancel;
        private final BitSet covered = new BitSet();
        private PageWriter pages;
        private LtxHeader last;
        private long pagesApplied;
        private int timeDiffers;
        private String firstDiffering;

        Apply(OutputFile output, Cancellation cancel) {
            this.output = output;
            this.cancel = cancel;
        }

        void file(LtxFile f, InputStream in) throws RestoreException, CancelledException, IOException {
            String name = replica.describe(f.relativeName());
            LtxDecoder.Summary s;
            try {
                s = LtxDecoder.decode(in, name, (header, pgno, page) -> {
                    if (cancel.isCancelled()) {
                        throw new InterruptedIOException("cancelled");
                    }
                    if (pages == null) {
                        pages = new PageWriter(output.file(), header.pageSize());
                    }
                    if (header.pageSize() != pages.pageSize()) {
                        throw new LtxFormatException("LTX file " + name + " has " + header.pageSize() + "-byte "
                                + "pages but the files before it have " + pages.pageSize() + "-byte pages");
                    }
                    try {
                        pages.put(pgno, page, 0);
                    } catch (IOException e) {
                        throw new WriteFailed(e);
                    }
                    covered.set(pgno);
                    pagesApplied++;
                });
            } catch (WriteFailed e) {
                throw output.writeFailure(e.write());
            } catch (LtxFormatException e) {
                throw new RestoreException(e.getMessage() + "; the state at or after TXID "
                        + LtxNames.txid(f.minTxid()) + " cannot be restored from it", e);
            } catch (IOException e) {
                cancel.check();
                throw new RestoreException("cannot read LTX file " + name + ": " + e.getMessage(), e);
            }
            LtxHeader h = s.header();
            Optional<String> renamed = h.misnamed(f, name);
            if (renamed.isPresent()) {
                throw new RestoreException(renamed.get());
            }
            if (pages == null) {
                pages = new PageWriter(output.file(), h.pageSize());
            }
            if (h.pageSize() != pages.pageSize()) {
                throw new RestoreException("LTX file " + name + " has " + h.pageSize() + "-byte pages but the "
                        + "files before it have " + pages.pageSize() + "-byte pages");
            }
            if (h.timeDiffersFrom(f)) {
                if (timeDiffers++ == 0) {
                    firstDiffering = f.label() + ": header " + GoTime.rfc3339Nano(h.time()) + ", object "
                            + GoTime.rfc3339Nano(f.created());
                }
            }
            last = h;
        }

        /** Header times that are not the object times: Litestream 0.5.0 stamped objects with their upload time. */
        List<String> notes(List<LtxFile> files) {
            if (timeDiffers == 0) {
                return List.of();
            }
            return List.of(timeDiffers + " of " + files.size() + " LTX file(s) carry a header time other than their "
                    + "object time, which -timestamp goes by, as Litestream does (the first, " + firstDiffering + ")");
        }

        /** Checks that every page 1..commit came from some file, and gives the file its length. */
        void finish(List<LtxFile> files) throws RestoreException {
            long commit = last.commit();
            long lock = last.lockPage();
            int missing = covered.nextClearBit(1);
            if (missing == lock) {
                missing = covered.nextClearBit(missing + 1);
            }
            if (missing <= commit) {
                throw new RestoreException("page " + missing + " of the database (" + commit + " pages at TXID "
                        + LtxNames.txid(last.maxTxid()) + ") is in none of the planned LTX files, from "
                        + replica.describe(files.get(0).relativeName()) + " to "
                        + replica.describe(files.get(files.size() - 1).relativeName()) + "; the replica lacks it, "
                        + "so restoring would write a corrupt database. Try an earlier TXID");
            }
            try {
                pages.endIndex(commit);
                pages.finish();
            } catch (IOException e) {
                throw output.writeFailure(e);
            }
        }
    }
}
