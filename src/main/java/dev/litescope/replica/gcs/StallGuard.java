package dev.litescope.replica.gcs;

import dev.litescope.util.OneByte;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body that gives up when no byte arrives for a while. The JDK's HTTP client has a timeout for the
 * answer's headers only: a server or a network path that stops half-way through a body (a dropped NAT entry, a
 * dying proxy) would leave the read waiting forever. A read that waits longer than the limit closes the body,
 * which frees the waiting thread, and fails as a {@link SocketTimeoutException}, a transient failure that the
 * callers retry or resume by range.
 */
final class StallGuard extends InputStream {
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final InputStream in;
    private final Duration limit;
    private final String name;
    private volatile boolean stalled;

    StallGuard(InputStream body, Duration limit, String name) {
        this.in = body;
        this.limit = limit;
        this.name = name;
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("gcs-stall-watchdog");
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    @Override
    public int read() throws IOException {
        return OneByte.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> guard = WATCHDOG.schedule(this::giveUp, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int n = in.read(b, off, len);
            if (stalled) {
                throw timedOut();
            }
            return n;
        } catch (IOException e) {
            if (stalled) {
                SocketTimeoutException t = timedOut();
                t.initCause(e);
                throw t;
            }
            throw e;
        } finally {
            guard.cancel(false);
        }
    }

    // skip: InputStream's, through the guarded read.

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private SocketTimeoutException timedOut() {
        return new SocketTimeoutException("no bytes of " + name + " arrived for " + limit.toSeconds() + " s");
    }

    private void giveUp() {
        stalled = true;
        try {
            in.close();
        } catch (IOException e) {
            // the body is given up either way
        }
    }
}
