package dev.litescope.restore;

import dev.litescope.replica.DamagedReadException;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads the objects of a restore ahead of the step that applies them, in order, whatever the format: at most
 * {@code parallelism} at once and at most {@code windowBytes} held. An object counts its stored size while it
 * downloads and the length of what its fetch returned once done, until the apply step takes it in plan order with
 * {@link #takeNext}. One object is always allowed, so that the restore moves on, but none larger than a quarter
 * of the window is held at all: such an object (a snapshot, a bulk import's WAL segment, a large LTX file) is
 * {@linkplain Pending#streamed() streamed} by the apply step when its turn comes. So what is in memory stays
 * under about 1.25 times the window whatever the objects' sizes and the parallelism.
 *
 * <p>From a store across a network, that would make the downloads wait on the apply step: a streamed object
 * downloads only as the apply step reaches it, at one connection's speed, and nothing downloads while the window is
 * full. With {@link Streaming} such objects (too large to hold, or finding the window full) are downloaded ahead
 * into local files instead ({@link SpillFiles}), at most {@code parallelism} downloads at once and
 * {@link Streaming#diskBytes()} waiting on disk (beyond that an object too large to hold streams from the store as
 * before); the apply step reads the copy. Litestream 0.3 downloads every WAL segment of a restore into files too.
 *
 * @param <T> what is fetched: an LTX file, a WAL segment
 */
public final class Prefetcher<T> {
    /** Reads one object whole. */
    @FunctionalInterface
    public interface Fetch<T> {
        byte[] fetch(T item) throws Exception;
    }

    /**
     * Memory the objects downloaded ahead may take, for every format and parallelism: well under the 256 MiB a
     * restore may use, with room for the page writer's cache and the decoding buffers.
     */
    public static final long BUDGET_BYTES = 32L << 20;

    /** Disk the copies downloaded ahead may take while they wait for the apply step. */
    public static final long COPY_BUDGET_BYTES = 1L << 30;

    /**
     * Objects ahead of the apply step, of a store across a network, where copies on disk let the downloads run on
     * (at most {@code parallelism} at once) while the apply step is busy; from a local store, {@code parallelism}.
     */
    static final int MAX_AHEAD = 1024;

    /** Downloads of a copy whose bytes arrive damaged (a checksum or size that does not match the listing). */
    static final int COPY_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);

    /** A stream the apply step reads an object too large to hold from: the store, or a local copy. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws RestoreException, CancelledException, IOException;
    }

    /** Whether an object of {@code size} stored bytes is too large to hold in the download budget. */
    public static boolean tooLargeToHold(long size) {
        return size > BUDGET_BYTES / 4;
    }

    /** Opens one object as a stream from its store. */
    @FunctionalInterface
    public interface Open<T> {
        InputStream open(T item) throws IOException;
    }

    /**
     * How the objects too large to hold are read: {@code open} streams one from its store, and those
     * {@code copyAhead} picks (the store is across a network) are downloaded ahead into {@code files}, as are
     * those that find the memory window full, up to {@code diskBytes} waiting at once.
     *
     * @param name an object's name for messages: its URL
     */
    public record Streaming<T>(Open<T> open, Predicate<T> copyAhead, Function<T, String> name, SpillFiles files,
                               long diskBytes) {
        /** With {@link #COPY_BUDGET_BYTES} of disk for the copies. */
        public Streaming(Open<T> open, Predicate<T> copyAhead, Function<T, String> name, SpillFiles files) {
            this(open, copyAhead, name, files, COPY_BUDGET_BYTES);
        }
    }

    /**
     * One object, downloading or downloaded; {@code data} is null when the object is {@linkplain #streamed()
     * streamed}, and {@code copy}, where it is not null, the download of a streamed object's local copy.
     */
    public record Pending<T>(T item, Future<byte[]> data, Future<Path> copy) {
        /** Whether the object is too large to hold: the apply step reads it as a stream ({@link #stream}). */
        public boolean streamed() {
            return data == null;
        }
    }

    /** What one object counts against the window: its stored size, then its fetched length, until taken. */
    private static final class Charge {
        long bytes;
        boolean released;

        Charge(long bytes) {
            this.bytes = bytes;
        }
    }

    private final Iterator<T> next;
    private final ToLongFunction<T> size;
    private final Fetch<T> fetch;
    private final int parallelism;
    private final long windowBytes;
    private final ExecutorService pool;
    private final Streaming<T> streaming;
    private final AtomicLong copyBytes = new AtomicLong();
    private final Deque<Pending<T>> queue = new ArrayDeque<>();
    private final Deque<Charge> charges = new ArrayDeque<>();
    private final AtomicLong bytes = new AtomicLong();
    private T peeked;

    /** Objects too large to hold are streamed from the store as the apply step reaches them, never copied. */
    public Prefetcher(Iterator<T> next, ToLongFunction<T> size, Fetch<T> fetch, int parallelism, long windowBytes,
                      ExecutorService pool) {
        this(next, size, fetch, parallelism, windowBytes, pool, null);
    }

    /** @param streaming how objects too large to hold are read; null: only as {@link #stream} is told */
    public Prefetcher(Iterator<T> next, ToLongFunction<T> size, Fetch<T> fetch, int parallelism, long windowBytes,
                      ExecutorService pool, Streaming<T> streaming) {
        this.streaming = streaming;
        this.next = next;
        this.size = size;
        this.fetch = fetch;
        this.parallelism = parallelism;
        this.windowBytes = windowBytes;
        this.pool = pool;
        fill();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * The next object, in plan order, with its download ({@link #await} waits for it); starts the downloads its
     * place makes room for.
     */
    public Pending<T> takeNext() {
        Pending<T> p = queue.poll();
        if (p == null) {
            throw new IllegalStateException("no object left to take");
        }
        if (p.copy() != null) {
            copyBytes.addAndGet(-size.applyAsLong(p.item()));
        }
        Charge c = charges.poll();
        synchronized (c) {
            c.released = true;
            bytes.addAndGet(-c.bytes);
        }
        fill();
        return p;
    }

    private void fill() {
        while (peeked != null || next.hasNext()) {
            T item = peeked != null ? peeked : next.next();
            peeked = item;
            long n = size.applyAsLong(item);
            boolean remote = streaming != null && streaming.copyAhead().test(item);
            if (queue.size() >= (remote ? MAX_AHEAD : parallelism)) {
                return;
            }
            boolean large = n > windowBytes / 4;
            if (!large && (queue.isEmpty() || bytes.get() + n <= windowBytes)) {
                queue.add(new Pending<>(item, fetchInMemory(item, n), null));
            } else if (remote && copyBytes.get() + n <= streaming.diskBytes()) {
                // Too large to hold, or no room left in memory: a local copy, so that the download goes on.
                copyBytes.addAndGet(n);
                queue.add(new Pending<>(item, null, submit(() -> copy(item))));
                charges.add(new Charge(0));
            } else if (large) {
                queue.add(new Pending<>(item, null, null));
                charges.add(new Charge(0));
            } else {
                return; // until the apply step makes room
            }
            peeked = null;
        }
    }

    private Future<byte[]> fetchInMemory(T item, long n) {
        bytes.addAndGet(n);
        Charge charge = new Charge(n);
        charges.add(charge);
        return submit(() -> {
            byte[] fetched = fetch.fetch(item);
            synchronized (charge) {
                if (!charge.released) {
                    bytes.addAndGet(fetched.length - charge.bytes);
                    charge.bytes = fetched.length;
                }
            }
            return fetched;
        });
    }

    private <V> Future<V> submit(Callable<V> task) {
        try {
            return pool.submit(task);
        } catch (RejectedExecutionException e) {
            // The pool was shut down: the restore is being cancelled, which await reports.
            CompletableFuture<V> cancelled = new CompletableFuture<>();
            cancelled.cancel(false);
            return cancelled;
        }
    }

    /**
     * A streamed object's bytes: its local copy where it was downloaded ahead (waiting for the download; the copy
     * is deleted as the stream closes), else a stream from its store.
     */
    public InputStream stream(Pending<T> p, Cancellation cancel)
            throws RestoreException, CancelledException, IOException {
        if (streaming == null) {
            throw new IllegalStateException("this prefetcher was not told how to stream an object");
        }
        if (p.copy() == null) {
            return streaming.open().open(p.item());
        }
        return streaming.files().openOnce(await(p.copy(), cancel));
    }

    /** Downloads one object into a new local copy, again where its bytes arrive damaged. */
    private Path copy(T item) throws RestoreException, IOException {
        for (int attempt = 1; ; attempt++) {
            Path file = streaming.files().create();
            boolean done = false;
            try {
                download(item, file);
                done = true;
                return file;
            } catch (DamagedReadException e) {
                if (attempt == COPY_ATTEMPTS) {
                    throw new RestoreException(streaming.name().apply(item) + " arrived damaged " + attempt
                            + " times (" + e.getMessage() + "): the stored object may be damaged; choose an "
                            + "earlier target, or try again later", e);
                }
                LOG.warn("{}; downloading it again", e.getMessage());
            } finally {
                if (!done) {
                    streaming.files().delete(file);
                }
            }
        }
    }

    private void download(T item, Path file) throws RestoreException, IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = streaming.open().open(item); OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw OutputFile.failure("write a download ahead of the restore into", file, e);
                }
            }
        } catch (DamagedReadException e) {
            throw e;
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreException("download of " + streaming.name().apply(item) + " failed (" + e.getMessage()
                    + "); try again", e);
        }
    }

    /** Waits for a download, looking at the cancellation every 100 ms, and unwraps its failure. */
    public static <V> V await(Future<V> f, Cancellation cancel)
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
            } catch (CancellationException e) {
                throw new CancelledException();
            }
        }
    }
}
