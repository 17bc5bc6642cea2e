package dev.litescope.restore;

import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Downloads the objects of a restore ahead of the step that applies them, in order, whatever the format: at most
 * {@code parallelism} at once and at most {@code windowBytes} held. An object counts its stored size while it
 * downloads and the length of what its fetch returned once done, until the apply step takes it in plan order with
 * {@link #takeNext}. One object is always allowed, so that the restore moves on, but none larger than a quarter
 * of the window is held at all: such an object (a snapshot, a bulk import's WAL segment, a large LTX file) is
 * {@linkplain Pending#streamed() streamed} by the apply step from the store when its turn comes. So what is in
 * flight stays under about 1.25 times the window whatever the objects' sizes and the parallelism.
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

    /**
     * One object, downloading or downloaded; {@code data} is null when the object is {@linkplain #streamed()
     * streamed}.
     */
    public record Pending<T>(T item, Future<byte[]> data) {
        /** Whether the object is too large to hold: the apply step reads it from the store as a stream. */
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
    private final Deque<Pending<T>> queue = new ArrayDeque<>();
    private final Deque<Charge> charges = new ArrayDeque<>();
    private final AtomicLong bytes = new AtomicLong();
    private T peeked;

    public Prefetcher(Iterator<T> next, ToLongFunction<T> size, Fetch<T> fetch, int parallelism, long windowBytes,
                      ExecutorService pool) {
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
        Charge c = charges.poll();
        synchronized (c) {
            c.released = true;
            bytes.addAndGet(-c.bytes);
        }
        fill();
        return p;
    }

    private void fill() {
        while (queue.size() < parallelism && (peeked != null || next.hasNext())) {
            T item = peeked != null ? peeked : next.next();
            long n = size.applyAsLong(item);
            if (n > windowBytes / 4) {
                peeked = null;
                queue.add(new Pending<>(item, null));
                charges.add(new Charge(0));
                continue;
            }
            if (!queue.isEmpty() && bytes.get() + n > windowBytes) {
                peeked = item;
                return;
            }
            peeked = null;
            bytes.addAndGet(n);
            Charge charge = new Charge(n);
            Future<byte[]> data;
            try {
                data = pool.submit(() -> {
                    byte[] fetched = fetch.fetch(item);
                    synchronized (charge) {
                        if (!charge.released) {
                            bytes.addAndGet(fetched.length - charge.bytes);
                            charge.bytes = fetched.length;
                        }
                    }
                    return fetched;
                });
            } catch (RejectedExecutionException e) {
                // The pool was shut down: the restore is being cancelled, which await reports.
                CompletableFuture<byte[]> cancelled = new CompletableFuture<>();
                cancelled.cancel(false);
                data = cancelled;
            }
            queue.add(new Pending<>(item, data));
            charges.add(charge);
        }
    }

    /** Waits for a download, looking at the cancellation every 100 ms, and unwraps its failure. */
    public static byte[] await(Future<byte[]> f, Cancellation cancel)
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
