package dev.litescope.replica.gcs;

import dev.litescope.replica.DamagedReadException;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.util.OneByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * A large object read from its start as consecutive slices, each a ranged GET of the listed generation, a few
 * downloading at once ahead of the reader: one connection's speed no longer bounds the download of a snapshot.
 * At most {@code ahead} slices are held or in flight, so memory is {@code ahead * sliceBytes} whatever the
 * object's size. The CRC32C of the whole object is checked over the bytes read, at its end, as
 * {@link MediaStream} checks it: a mismatch is a {@link DamagedReadException} for the caller to read again. A
 * slice that fails is retried as any read of the store is; one that keeps failing fails the read that reaches it.
 */
final class SlicedMediaStream extends InputStream {
    /** One ranged read of exactly {@code length} bytes from {@code from} into {@code into}, retried as the store
     * retries. */
    @FunctionalInterface
    interface RangeRead {
        void read(long from, int length, byte[] into) throws ObjectStoreException;
    }

    /** A slice as downloaded: its first {@code length} bytes of {@code data}, an array of the pool's. */
    private record Slice(byte[] data, int length) {
    }

    private final ObjectInfo object;
    private final String name;
    private final RangeRead range;
    private final int sliceBytes;
    private final ExecutorService pool;
    private final Deque<Future<Slice>> slices = new ArrayDeque<>();
    /**
     * The slices' arrays, reused: one per slice in flight and one for the reader. New arrays for every slice cost
     * more than the download (zeroed, then copied by each young collection while they wait: at 3 GB over the
     * loopback server, 2.4 s of CPU).
     */
    private final BlockingQueue<byte[]> free;
    private final CRC32C crc = new CRC32C();
    private long requested;
    private long position;
    private Slice current;
    private int offset;

    SlicedMediaStream(ObjectInfo object, String name, RangeRead range, int sliceBytes, int ahead) {
        this.object = object;
        this.name = name;
        this.range = range;
        this.sliceBytes = sliceBytes;
        this.free = new ArrayBlockingQueue<>(ahead + 1);
        for (int i = 0; i <= ahead; i++) {
            free.add(new byte[sliceBytes]);
        }
        this.pool = Executors.newFixedThreadPool(ahead, r -> {
            Thread t = new Thread(r, "litescope-gcs-slice");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < ahead; i++) {
            requestNext();
        }
    }

    private void requestNext() {
        if (requested >= object.size()) {
            return;
        }
        long from = requested;
        int length = (int) Math.min(sliceBytes, object.size() - from);
        requested += length;
        slices.add(pool.submit(() -> {
            byte[] into = free.take();
            try {
                range.read(from, length, into);
                return new Slice(into, length);
            } catch (ObjectStoreException | RuntimeException e) {
                free.add(into);
                throw e;
            }
        }));
    }

    @Override
    public int read() throws IOException {
        return OneByte.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (current == null || offset == current.length()) {
            if (position == object.size()) {
                MediaStream.verify(object, name, crc);
                return -1;
            }
            if (current != null) {
                free.add(current.data());
                current = null;
            }
            current = take();
            offset = 0;
            requestNext();
        }
        int n = Math.min(len, current.length() - offset);
        System.arraycopy(current.data(), offset, b, off, n);
        crc.update(b, off, n);
        offset += n;
        position += n;
        return n;
    }

    private Slice take() throws IOException {
        Future<Slice> next = slices.poll();
        if (next == null) {
            throw new IllegalStateException("no slice requested at byte " + position + " of " + name);
        }
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download of " + name + " cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("download of " + name + " failed at byte " + position + ": " + cause, cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        slices.clear();
    }
}
