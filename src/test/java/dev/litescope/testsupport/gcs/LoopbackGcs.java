package dev.litescope.testsupport.gcs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;

import dev.litescope.testsupport.gcs.GcsStore.Stored;

/**
 * A Google Cloud Storage server on 127.0.0.1 that speaks enough of the JSON API (and the XML media
 * GET) for the real Litestream v0.3.13 ({@code STORAGE_EMULATOR_HOST=}{@link #hostPort()}) and the
 * Java {@code google-cloud-storage} client ({@code setHost(}{@link #endpoint()}{@code )}) to work
 * against it unchanged. The contract is {@code gcs-loopback-server.md}; the protocol lives in
 * {@link GcsHttp}, the objects in {@link GcsStore}. What is not implemented answers 501.
 *
 * <p>Besides HTTP, tests get direct access to the objects (which neither counts as a request nor
 * meets a fault), per-kind request counters, the log of what clients sent, and fault injection.
 * With a persistence directory it keeps its buckets across restarts, for the offline demo
 * ({@link #main}).
 */
public final class LoopbackGcs implements AutoCloseable {
    static {
        // Read once, when the JDK's server classes initialise. Without it every Java-client request
        // costs about 45 ms (Nagle plus delayed ACK); with it 2 to 5 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What a request asked for, for the counters and fault predicates. */
    public enum Kind { LIST, GET_METADATA, MEDIA, UPLOAD, DELETE, OTHER }

    /**
     * One request as received. {@code rawQuery} is verbatim (empty parameters included), header
     * names are case-insensitive; bucket and object are decoded, null where the request names none
     * (a multipart upload names its object only in the body).
     */
    public record Request(String method, String path, String rawQuery, Kind kind, String bucket, String object,
                          Map<String, List<String>> headers) {
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        @Override
        public String toString() {
            return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery);
        }
    }

    enum FaultType { FAIL, RESET, CORRUPT }

    /** A pending fault: applies to the next {@code remaining} requests matching {@code when}. */
    static final class Fault {
        final FaultType type;
        final Predicate<Request> when;
        final int status;
        int remaining; // guarded by faults

        Fault(FaultType type, Predicate<Request> when, int status, int remaining) {
            this.type = type;
            this.when = when;
            this.status = status;
            this.remaining = remaining;
        }
    }

    private static final int REQUEST_LOG_LIMIT = 10_000;

    private final GcsStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<Kind, AtomicLong> counters = new EnumMap<>(Kind.class);
    private final AtomicLong mediaBytes = new AtomicLong();
    private final Deque<Request> requestLog = new ArrayDeque<>(); // guarded by itself
    private final List<Fault> faults = new ArrayList<>(); // guarded by itself
    private volatile Duration delay = Duration.ZERO;
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LoopbackGcs(int port, Path persistDir) throws IOException {
        for (Kind k : Kind.values()) {
            counters.put(k, new AtomicLong());
        }
        store = new GcsStore(persistDir);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-gcs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", new GcsHttp(store, this)::handle);
        server.start();
    }

    /** An empty, in-memory server on an ephemeral port. */
    public static LoopbackGcs start() {
        return start(0, Optional.empty());
    }

    /**
     * @param port       0 for an ephemeral one
     * @param persistDir if present, objects are loaded from and written through to it
     */
    public static LoopbackGcs start(int port, Optional<Path> persistDir) {
        try {
            return new LoopbackGcs(port, persistDir.map(p -> p.toAbsolutePath().normalize()).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback GCS server", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}, the form {@code STORAGE_EMULATOR_HOST} takes. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT}, for {@code StorageOptions.Builder.setHost}. */
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

    // ---- direct access (no HTTP, no counters, no faults) ------------------------------------
    // A bad bucket or object name is an IllegalArgumentException.

    /** Creates the bucket if it does not exist; as on GCS, 3 to 222 of [a-z0-9._-]. */
    public void createBucket(String name) {
        store.createBucket(name);
    }

    /** Writes a new generation, created now (the bucket is created if need be). */
    public ObjectMeta put(String bucket, String name, byte[] data) {
        return put(bucket, name, data, GcsStore.now());
    }

    /** Writes a new generation whose {@code timeCreated} and {@code updated} are {@code timeCreated} (to the ms). */
    public ObjectMeta put(String bucket, String name, byte[] data, Instant timeCreated) {
        return store.write(bucket, name, data.clone(), "application/octet-stream", Map.of(), timeCreated,
                timeCreated).meta();
    }

    /** The object's bytes; throws {@link NoSuchElementException} if it does not exist. */
    public byte[] get(String bucket, String name) {
        return existing(bucket, name).data().clone();
    }

    public Optional<ObjectMeta> meta(String bucket, String name) {
        return Optional.ofNullable(store.object(bucket, name)).map(Stored::meta);
    }

    /** @return whether there was such an object */
    public boolean delete(String bucket, String name) {
        return store.delete(bucket, name);
    }

    /** The objects whose names start with {@code prefix}, in GCS listing order; empty for no bucket. */
    public List<ObjectMeta> list(String bucket, String prefix) {
        return store.list(bucket, prefix).stream().map(Stored::meta).toList();
    }

    /**
     * Replaces the object's content but keeps its {@code timeCreated}: a planted defect that real
     * GCS could not produce (it would give new content a new {@code timeCreated}). The hashes
     * describe the new content; generation and {@code updated} move on as for any write.
     */
    public ObjectMeta overwriteKeepingTime(String bucket, String name, byte[] data) {
        synchronized (store) {
            ObjectMeta old = existing(bucket, name).meta();
            return store.write(bucket, name, data.clone(), old.contentType(), old.metadata(), old.timeCreated(),
                    GcsStore.now()).meta();
        }
    }

    /** Rewrites the object as if written at {@code time}: same content and metadata, new generation. */
    public ObjectMeta setTimeCreated(String bucket, String name, Instant time) {
        synchronized (store) {
            Stored s = existing(bucket, name);
            return store.write(bucket, name, s.data(), s.meta().contentType(), s.meta().metadata(), time, time)
                    .meta();
        }
    }

    private Stored existing(String bucket, String name) {
        Stored s = store.object(bucket, name);
        if (s == null) {
            throw new NoSuchElementException("No such object: " + bucket + "/" + name);
        }
        return s;
    }

    // ---- counters and request log -----------------------------------------------------------

    /** Requests of {@code kind} received since start or {@link #resetCounters} (faulted ones included). */
    public long count(Kind kind) {
        return counters.get(kind).get();
    }

    /** Body bytes written by media downloads (the half of a dropped body included). */
    public long mediaBytesServed() {
        return mediaBytes.get();
    }

    /** Zeroes the counters and forgets the request log. */
    public void resetCounters() {
        counters.values().forEach(c -> c.set(0));
        mediaBytes.set(0);
        synchronized (requestLog) {
            requestLog.clear();
        }
    }

    /** The requests received since the last {@link #resetCounters} (at most the latest 10,000). */
    public List<Request> requests() {
        synchronized (requestLog) {
            return List.copyOf(requestLog);
        }
    }

    /** Called by {@link GcsHttp} for every request before it is served: count, log, delay. */
    void received(Request r) throws IOException {
        counters.get(r.kind()).incrementAndGet();
        synchronized (requestLog) {
            requestLog.addLast(r);
            if (requestLog.size() > REQUEST_LOG_LIMIT) {
                requestLog.removeFirst();
            }
        }
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    void mediaServed(long bytes) {
        mediaBytes.addAndGet(bytes);
    }

    // ---- faults -----------------------------------------------------------------------------
    // Rules are kept in the order given; each request uses up the first rule of a type that
    // matches it. Thread-safe; clients may retry, so assert on the counters.

    /** The next {@code n} requests answer {@code status} with a GCS JSON error (after their body is read). */
    public void failNext(int n, int status) {
        failNext(n, status, r -> true);
    }

    public void failNext(int n, int status, Kind kind) {
        failNext(n, status, r -> r.kind() == kind);
    }

    /** The next {@code n} requests matching {@code when} answer {@code status}. */
    public void failNext(int n, int status, Predicate<Request> when) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        addFault(new Fault(FaultType.FAIL, when, status, n));
    }

    /**
     * The next {@code n} successful responses with a body to requests of {@code kind} send their
     * headers (with the full Content-Length) and half the body, then the connection is closed.
     */
    public void resetConnectionMidBody(Kind kind, int n) {
        addFault(new Fault(FaultType.RESET, r -> r.kind() == kind, 0, n));
    }

    /** The next {@code n} non-empty media bodies have one byte flipped; headers and hashes stay the real ones. */
    public void corruptNextMedia(int n) {
        addFault(new Fault(FaultType.CORRUPT, r -> r.kind() == Kind.MEDIA, 0, n));
    }

    /** Every request waits this long before it is served; {@link Duration#ZERO} to stop. */
    public void delay(Duration d) {
        delay = d;
    }

    /**
     * Until {@link #clearFaults}, the caller lacks {@code permission} ({@code storage.objects.list} refuses
     * listings, {@code storage.objects.get} object reads) and testIamPermissions says so.
     */
    public void deny(String permission) {
        denied.add(permission);
    }

    boolean isDenied(String permission) {
        return denied.contains(permission);
    }

    /** The permission a request needs that is denied, if any. */
    Optional<String> deniedPermission(Request r) {
        String needed = switch (r.kind()) {
            case LIST -> "storage.objects.list";
            case MEDIA, GET_METADATA -> "storage.objects.get";
            default -> null;
        };
        return needed != null && denied.contains(needed) ? Optional.of(needed) : Optional.empty();
    }

    /** Drops every pending fault, denied permission and the delay. */
    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
        delay = Duration.ZERO;
        denied.clear();
    }

    private void addFault(Fault f) {
        if (f.remaining <= 0) {
            throw new IllegalArgumentException("count must be positive: " + f.remaining);
        }
        synchronized (faults) {
            faults.add(f);
        }
    }

    /** Uses up one application of the first pending fault of {@code type} that matches {@code r}. */
    Optional<Fault> takeFault(FaultType type, Request r) {
        synchronized (faults) {
            for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
                Fault f = it.next();
                if (f.type == type && f.when.test(r)) {
                    if (--f.remaining == 0) {
                        it.remove();
                    }
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    // ---- demo process -----------------------------------------------------------------------

    /**
     * {@code java -cp target/test-classes dev.litescope.testsupport.gcs.LoopbackGcs [--port N]
     * [--dir PATH] [--bucket NAME]...}: serves until killed and prints the
     * {@code STORAGE_EMULATOR_HOST} line to use.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 4443;
        Path dir = null;
        List<String> create = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length || !List.of("--port", "--dir", "--bucket").contains(a)) {
                System.err.println("usage: LoopbackGcs [--port N (default 4443)] [--dir PERSIST_DIR]"
                        + " [--bucket NAME]...");
                System.exit(2);
            }
            String v = args[++i];
            switch (a) {
                case "--port" -> port = Integer.parseInt(v);
                case "--dir" -> dir = Path.of(v);
                default -> create.add(v);
            }
        }
        LoopbackGcs gcs = start(port, Optional.ofNullable(dir));
        create.forEach(gcs::createBucket);
        Runtime.getRuntime().addShutdownHook(new Thread(gcs::close, "loopback-gcs-shutdown"));
        System.out.println("STORAGE_EMULATOR_HOST=" + gcs.hostPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
