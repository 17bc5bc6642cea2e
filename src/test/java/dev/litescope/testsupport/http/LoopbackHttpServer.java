package dev.litescope.testsupport.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every loopback fake shares (the GCS server now, the Cloud Run, IAM and Logging fakes next): a JDK
 * HTTP server bound to 127.0.0.1 only, on daemon threads named after it, that hands each exchange to one
 * {@link Handler} as an {@link HttpCall} and always ends the exchange. What the server speaks lives in that
 * handler; counters, the request log and fault rules are {@link RequestLog} and {@link Faults}.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackHttpServer.class);
    static {
        // Read once, when the JDK's server classes initialise. Without it every Java-client request costs about
        // 45 ms (Nagle plus delayed ACK); with it 2 to 5 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Serves one call. Throwing {@link HttpCall.DropConnection} (or any IOException) closes the connection. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpCall call) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile long bytesPerSecond;
    private volatile boolean closed;
    private final String threadPrefix;

    private LoopbackHttpServer(String name, int port, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger n = new AtomicInteger();
        // Each server's threads carry its port, so a test can tell its own from another server's.
        threadPrefix = name + "-" + server.getAddress().getPort() + "-";
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            HttpCall call = new HttpCall(ex, hostPort(), bytesPerSecond);
            try {
                handler.handle(call);
            } catch (RuntimeException | Error e) {
                // The JDK server closes the connection after an IOException or a RuntimeException, but not after
                // an Error (an OutOfMemoryError on a large body): its thread dies with the exchange open, and a
                // client that has the headers waits for the body forever. Answer or cut the exchange, and serve on.
                LOG.error("{} server failed on {} {}", name, ex.getRequestMethod(), ex.getRequestURI(), e);
                abort(ex);
                return;
            }
            // A DropConnection (or a client gone away) skips this: the JDK server then closes the socket.
            ex.close();
        });
        server.start();
    }

    /**
     * Ends a failed exchange: a 500 when nothing was sent yet, else the connection cut short (the JDK server
     * closes it when a body ends before its length).
     */
    private static void abort(HttpExchange ex) {
        try {
            if (ex.getResponseCode() == -1) {
                ex.sendResponseHeaders(500, -1);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer the failed exchange", e);
        } finally {
            ex.close();
        }
    }

    /**
     * @param name names the server's threads and its errors
     * @param port 0 for an ephemeral one
     */
    public static LoopbackHttpServer start(String name, int port, Handler handler) {
        try {
            return new LoopbackHttpServer(name, port, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback " + name + " server on 127.0.0.1:" + port
                    + (port == 0 ? "" : "; is the port taken? choose another with --port"), e);
        }
    }

    /**
     * Paces every response body from now on to {@code bytesPerSecond} (each response on its own, as a network
     * path of that speed per connection would); 0 sends as fast as the socket takes it, the default.
     */
    public void limitRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a rate is 0 (unpaced) or more bytes a second, not " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** What this server's threads' names start with. */
    public String threadPrefix() {
        return threadPrefix;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://" + hostPort();
    }

    /** Stops listening and ends every server thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
