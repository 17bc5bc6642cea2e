package dev.litescope.restore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Positional writes into a restore's file, done on another thread while the caller decodes what comes next.
 * Each write is copied into one of a few reused native buffers (the copy the JDK makes anyway to write a Java
 * array) and written from there; the writes of one instance happen in the order given. A write that failed is
 * reported by the next call, or by {@link #drain}, which every other operation on the file must call first.
 *
 * <p>On a 1 GB restore writing into the kernel's cache (write(2) and writev(2)) was a fifth of the one thread's
 * time; the machines this runs on have two cores or more.
 */
public final class WriteBehind {
    /** Bytes of one buffer: what one write(2) writes at most. */
    static final int BUFFER_BYTES = 1 << 20;
    private static final int BUFFERS = 4;
    /** Threads that die when idle; each instance chains its writes, so their order holds on any thread. */
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "litescope-write-behind-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private int allocated;
    /** The buffer being filled, from file position {@code currentStart} to {@code currentEnd}. */
    private ByteBuffer current;
    private long currentStart;
    private long currentEnd;
    private volatile IOException failed;

    public WriteBehind(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Writes {@code len} bytes of {@code src} at {@code position}. Writes that continue the one before share its
     * buffer, so adjacent pages go out in one write(2) of up to {@link #BUFFER_BYTES}. The caller may reuse
     * {@code src} at once.
     */
    public void write(byte[] src, int off, int len, long position) throws IOException {
        if (current != null && position != currentEnd) {
            submit();
        }
        while (len > 0) {
            if (current == null) {
                current = take();
                current.clear();
                currentStart = position;
            }
            int n = Math.min(len, current.remaining());
            current.put(src, off, n);
            off += n;
            len -= n;
            position += n;
            currentEnd = position;
            if (!current.hasRemaining()) {
                submit();
            }
        }
    }

    private void submit() {
        ByteBuffer buf = current.flip();
        long at = currentStart;
        current = null;
        last = last.thenRunAsync(() -> writeOut(buf, at), WRITERS);
    }

    /** Waits until every write so far is in the file. */
    public void drain() throws IOException {
        if (current != null) {
            submit();
        }
        boolean interrupted = false;
        while (true) {
            try {
                last.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // writes into the kernel's cache are short; the file is not left half-written
            } catch (ExecutionException e) {
                throw new IOException("write-behind failed", e.getCause());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        check();
    }

    private ByteBuffer take() throws IOException {
        check();
        ByteBuffer buf = free.poll();
        if (buf != null) {
            return buf;
        }
        if (allocated < BUFFERS) {
            allocated++;
            return ByteBuffer.allocateDirect(BUFFER_BYTES);
        }
        try {
            buf = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
        check();
        return buf;
    }

    private void writeOut(ByteBuffer buf, long position) {
        try {
            if (failed == null) {
                long at = position;
                while (buf.hasRemaining()) {
                    at += channel.write(buf, at);
                }
            }
        } catch (IOException e) {
            failed = e;
        } catch (RuntimeException e) {
            // Never let a stage fail: the writes chained after it would not run and their buffers never return.
            failed = new IOException(e);
        } finally {
            free.add(buf);
        }
    }

    private void check() throws IOException {
        IOException e = failed;
        if (e != null) {
            throw e;
        }
    }
}
