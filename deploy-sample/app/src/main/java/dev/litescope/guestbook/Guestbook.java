package dev.litescope.guestbook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The running service: the database plus the HTTP server in front of it. */
public final class Guestbook {

    static {
        // Small responses go out at once instead of waiting on Nagle's algorithm (~40 ms per response otherwise).
        // Read once, when the JDK's HTTP server classes initialise, so it is set before the first server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Requests already being handled get this long to finish once shutdown starts. */
    private static final int STOP_DELAY_SECONDS = 1;
    private static final long HANDLER_WAIT_SECONDS = 3;

    private final Store store;
    private final HttpServer server;
    private final ExecutorService executor;
    private boolean stopped;

    private Guestbook(Store store, HttpServer server, ExecutorService executor) {
        this.store = store;
        this.server = server;
        this.executor = executor;
    }

    /** Opens the database and starts serving; port 0 picks a free port (see {@link #port()}). */
    public static Guestbook start(Config config) throws IOException, SQLException {
        Store store = Store.open(config.dbPath(), config.readConnections());
        ExecutorService executor = null;
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(config.port()), 0);
            executor = Executors.newFixedThreadPool(config.httpThreads(), namedThreads("http-"));
            server.setExecutor(executor);
            server.createContext("/", new GuestbookHandler(store, config.healthToken()));
            server.start();
            return new Guestbook(store, server, executor);
        } catch (IOException | RuntimeException e) {
            if (executor != null) {
                executor.shutdownNow();
            }
            store.close();
            throw e;
        }
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + n.incrementAndGet());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Store store() {
        return store;
    }

    /**
     * Graceful stop, in the order that loses nothing: stop taking requests, let the requests in flight finish
     * (their writes are still being committed meanwhile), commit whatever is still queued, close the database.
     * Takes about {@value #STOP_DELAY_SECONDS} s, well inside Cloud Run's 10 s between SIGTERM and SIGKILL.
     */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        long start = System.nanoTime();
        log("shutdown: closing the listener; requests in flight get up to " + STOP_DELAY_SECONDS + " s");
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log("shutdown: some requests still running after " + HANDLER_WAIT_SECONDS + " s; going on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log("shutdown: HTTP server stopped; committing " + store.queuedWrites() + " queued writes");
        store.close();
        log("shutdown: database closed (" + store.committedWrites() + " entries written in "
                + store.committedTransactions() + " transactions since start) after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    private static void log(String line) {
        System.out.println("guestbook: " + line);
    }
}
