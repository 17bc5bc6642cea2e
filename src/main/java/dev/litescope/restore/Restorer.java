package dev.litescope.restore;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import net.jpountz.lz4.LZ4FrameInputStream;

/**
 * Performs a {@link RestorePlan}: streams the snapshot into a temporary file next to the output while WAL
 * segments download and decode in parallel, applies each index in order by direct page writes, and moves the
 * file into place only when everything succeeded. On any failure or cancellation the temporary file is removed
 * and the output is untouched.
 */
public final class Restorer {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final ObjectStore store;

    public Restorer(ObjectStore store) {
        this.store = store;
    }

    public RestoreResult restore(RestorePlan plan, Path out, RestoreOptions options, Progress.Listener listener,
                                 Cancellation cancel) throws RestoreException, CancelledException, IOException {
        long started = System.nanoTime();
        RequestCounters.Snapshot before = store.counters().snapshot();
        Path target = out.toAbsolutePath().normalize();
        checkOutput(target, options.force());
        Files.createDirectories(target.getParent());
        Path tmp = createTemp(target);
        Tracker tracker = new Tracker(plan, listener);
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), daemonThreads());
        cancel.onCancel(pool::shutdownNow);
        boolean done = false;
        try {
            long frames;
            long size;
            try (RandomAccessFile file = new RandomAccessFile(tmp.toFile(), "rw")) {
                Deque<Pending> window = new ArrayDeque<>();
                Iterator<WalSegment> next = plan.segments().iterator();
                while (window.size() < options.parallelism() && next.hasNext()) {
                    window.add(submit(pool, next.next(), tracker));
                }
                int pageSize = writeSnapshot(plan.snapshot(), file.getChannel(), tracker, cancel);
                tracker.report("applying WAL");
                frames = applyWal(plan, file, pageSize, window, next, pool, tracker, cancel);
                file.getChannel().force(true);
                size = file.length();
            }
            Optional<String> integrity = Optional.empty();
            if (options.integrityCheck() != RestoreOptions.IntegrityCheck.NONE) {
                cancel.check();
                tracker.report("checking integrity");
                String report = checkIntegrity(tmp, options.integrityCheck());
                if (!report.equals("ok")) {
                    throw new RestoreException("the restored database fails SQLite's "
                            + options.integrityCheck().name().toLowerCase() + " integrity check, so it was not "
                            + "written to " + target + ":\n" + report);
                }
                integrity = Optional.of(report);
            }
            cancel.check();
            moveIntoPlace(tmp, target, options.force());
            done = true;
            tracker.report("done");
            long downloaded = store.counters().snapshot().minus(before).bytesRead();
            return new RestoreResult(target, plan, size, downloaded, frames,
                    Duration.ofNanos(System.nanoTime() - started), integrity);
        } finally {
            pool.shutdownNow();
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private long applyWal(RestorePlan plan, RandomAccessFile file, int pageSize, Deque<Pending> window,
                          Iterator<WalSegment> next, ExecutorService pool, Tracker tracker, Cancellation cancel)
            throws RestoreException, CancelledException, IOException {
        WalApplier applier = null;
        int index = -1;
        long frames = 0;
        while (!window.isEmpty()) {
            Pending p = window.poll();
            byte[] data = await(p.data(), cancel);
            if (next.hasNext()) {
                window.add(submit(pool, next.next(), tracker));
            }
            WalSegment seg = p.segment();
            if (seg.index() != index) {
                if (applier != null) {
                    applier.finish();
                    frames += applier.framesApplied();
                }
                index = seg.index();
                applier = newApplier(file, pageSize, plan.generation(), index);
            }
            applier.accept(seg.offset(), data);
            tracker.objectDone();
        }
        if (applier != null) {
            applier.finish();
            frames += applier.framesApplied();
        }
        return frames;
    }

    private WalApplier newApplier(RandomAccessFile file, int pageSize, String generation, int index) {
        String where = "WAL index " + Names.hex8(index) + " of generation " + generation;
        return new WalApplier(file, pageSize, where, offset -> store.describe(
                Names.walDir(generation) + Names.hex8(index) + "_" + Names.hex8(offset) + ".wal.lz4"));
    }

    private record Pending(WalSegment segment, Future<byte[]> data) {
    }

    private Pending submit(ExecutorService pool, WalSegment seg, Tracker tracker) {
        return new Pending(seg, pool.submit(() -> {
            try (InputStream in = decoder(store.open(seg.object().key()), tracker)) {
                return in.readAllBytes();
            } catch (ObjectStoreException e) {
                throw new RestoreException(e.getMessage(), e);
            } catch (IOException e) {
                throw new RestoreException("WAL segment " + store.describe(seg.object().key()) + " cannot be "
                        + "decoded (" + e.getMessage() + "): the object is corrupt or truncated, so the state at "
                        + "or after position " + seg.position() + " cannot be restored", e);
            }
        }));
    }

    private int writeSnapshot(Snapshot snapshot, FileChannel out, Tracker tracker, Cancellation cancel)
            throws RestoreException, CancelledException, IOException {
        String name = store.describe(snapshot.object().key());
        tracker.report("downloading snapshot");
        long written = 0;
        try (InputStream in = decoder(store.open(snapshot.object().key()), tracker)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                cancel.check();
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    written += out.write(bb, written);
                }
                tracker.report("downloading snapshot");
            }
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (IOException e) {
            if (cancel.isCancelled()) {
                throw new CancelledException();
            }
            throw new RestoreException("snapshot " + name + " cannot be decoded (" + e.getMessage()
                    + "): the object is corrupt or truncated; choose a target that uses another snapshot", e);
        }
        tracker.objectDone();
        ByteBuffer header = ByteBuffer.allocate(100);
        out.read(header, 0);
        byte[] h = header.array();
        if (written < 100 || !java.util.Arrays.equals(h, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new RestoreException("snapshot " + name + " does not hold a SQLite database (" + written
                    + " bytes without the SQLite header); the object is corrupt");
        }
        int pageSize = ((h[16] & 0xff) << 8) | (h[17] & 0xff);
        return pageSize == 1 ? 65536 : pageSize;
    }

    /** LZ4-decodes an object while counting its stored bytes into the progress. */
    private static InputStream decoder(InputStream raw, Tracker tracker) throws IOException {
        InputStream counted = new FilterInputStream(new BufferedInputStream(raw, 1 << 16)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    tracker.bytes(n);
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    tracker.bytes(1);
                }
                return c;
            }
        };
        return new LZ4FrameInputStream(counted);
    }

    private static byte[] await(Future<byte[]> f, Cancellation cancel)
            throws RestoreException, CancelledException, IOException {
        while (true) {
            cancel.check();
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // look at the cancellation again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (ExecutionException e) {
                cancel.check();
                Throwable c = e.getCause();
                if (c instanceof RestoreException re) {
                    throw re;
                }
                if (c instanceof IOException io) {
                    throw io;
                }
                throw new IOException(c);
            } catch (java.util.concurrent.CancellationException e) {
                throw new CancelledException();
            }
        }
    }

    private static void checkOutput(Path target, boolean force) throws RestoreException {
        if (Files.isDirectory(target)) {
            throw new RestoreException("output " + target + " is a directory; give the path of the database file "
                    + "to create");
        }
        if (force) {
            return;
        }
        if (Files.exists(target)) {
            throw new RestoreException("output file " + target + " already exists; pass -force to replace it, "
                    + "or choose another path");
        }
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Path companion = Path.of(target + suffix);
            if (Files.exists(companion)) {
                throw new RestoreException(companion + " exists although " + target + " does not; SQLite would "
                        + "apply it on top of the restored database. Remove it, or pass -force to have it removed");
            }
        }
    }

    private static Path createTemp(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        try {
            return Files.createTempFile(target.getParent(), prefix, ".litescope-tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(target.getParent(), prefix, ".litescope-tmp");
        }
    }

    private static void moveIntoPlace(Path tmp, Path target, boolean force) throws RestoreException, IOException {
        if (force) {
            // A -wal left by the replaced database would be replayed onto the restored one.
            Files.deleteIfExists(Path.of(target + "-wal"));
            Files.deleteIfExists(Path.of(target + "-shm"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try {
                // A link never replaces an existing file, unlike rename: no window in which one is clobbered.
                Files.createLink(target, tmp);
                Files.delete(tmp);
            } catch (FileAlreadyExistsException e) {
                throw new RestoreException("output file " + target + " appeared while restoring; pass -force to "
                        + "replace it, or choose another path");
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.move(tmp, target);
            }
        }
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the rename itself has happened.
        }
    }

    private static String checkIntegrity(Path db, RestoreOptions.IntegrityCheck mode) throws RestoreException {
        try {
            return IntegrityCheck.run(db, mode);
        } catch (SQLException e) {
            throw new RestoreException("SQLite cannot open the restored database to check it: " + e.getMessage(), e);
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

    /** Counts done work and tells the listener. */
    private static final class Tracker {
        private final Progress.Listener listener;
        private final long bytesPlanned;
        private final int objectsPlanned;
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicInteger objects = new AtomicInteger();
        private volatile String phase = "starting";

        Tracker(RestorePlan plan, Progress.Listener listener) {
            this.listener = listener;
            this.bytesPlanned = plan.storedBytes();
            this.objectsPlanned = plan.objectCount();
        }

        void bytes(long n) {
            bytes.addAndGet(n);
        }

        void objectDone() {
            objects.incrementAndGet();
            report(phase);
        }

        void report(String newPhase) {
            phase = newPhase;
            listener.onProgress(new Progress(newPhase, bytes.get(), bytesPlanned, objects.get(), objectsPlanned));
        }
    }
}
