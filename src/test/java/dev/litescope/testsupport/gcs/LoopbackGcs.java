package dev.litescope.testsupport.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.gcs.GcsStore.Stored;
import dev.litescope.testsupport.http.Faults;
import dev.litescope.testsupport.http.LoopbackHttpServer;
import dev.litescope.testsupport.http.RequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A Google Cloud Storage server on 127.0.0.1 that speaks enough of the JSON API (and the XML media
 * GET) for the real Litestream v0.3.13 ({@code STORAGE_EMULATOR_HOST=}{@link #hostPort()}) and the
 * Java {@code google-cloud-storage} client ({@code setHost(}{@link #endpoint()}{@code )}) to work
 * against it unchanged. The contract is {@code gcs-loopback-server.md}. It runs on the shared
 * {@link LoopbackHttpServer}; the protocol lives in {@link GcsRoutes} (with {@link GcsReads},
 * {@link GcsUploads} and {@link GcsPreconditions}), the objects in {@link GcsStore}. What is not
 * implemented answers 501.
 *
 * <p>Besides HTTP, tests get direct access to the objects (which neither counts as a request nor
 * meets a fault), per-kind request counters, the log of what clients sent, and fault injection.
 * With a persistence directory it keeps its buckets across restarts, for the offline demo
 * ({@link #main}, packaged as {@code target/litescope-gcs-server.jar}).
 */
public final class LoopbackGcs implements AutoCloseable {

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

    private static final int REQUEST_LOG_LIMIT = 10_000;

    private final GcsStore store;
    private final LoopbackHttpServer server;
    private final RequestLog<Request, Kind> log = new RequestLog<>(Kind.class, Request::kind, REQUEST_LOG_LIMIT);
    private final Faults<Request> faults = new Faults<>();
    private final AtomicLong mediaBytes = new AtomicLong();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final GcsBucketAdmin bucketAdmin = new GcsBucketAdmin();

    private LoopbackGcs(int port, Path persistDir) throws IOException {
        store = new GcsStore(persistDir);
        server = LoopbackHttpServer.start("loopback-gcs", port, new GcsRoutes(this, store)::handle);
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
            throw new UncheckedIOException("cannot start the loopback GCS server: cannot read its folder "
                    + persistDir.orElse(null), e);
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code 127.0.0.1:PORT}, the form {@code STORAGE_EMULATOR_HOST} takes. */
    /**
     * Paces every media and JSON body to {@code bytesPerSecond} per response, as a network path of that speed
     * would (0, the default: as fast as loopback goes), so that a benchmark can show what overlapping the download
     * with the decoding gains where the network, not the CPU, sets the pace.
     */
    public void limitRate(long bytesPerSecond) {
        server.limitRate(bytesPerSecond);
    }

    /** What this server's threads' names start with. */
    public String threadPrefix() {
        return server.threadPrefix();
    }

    public String hostPort() {
        return server.hostPort();
    }

    /** {@code http://127.0.0.1:PORT}, for {@code StorageOptions.Builder.setHost}. */
    public String endpoint() {
        return server.endpoint();
    }

    /** Stops listening and ends every server thread. */
    @Override
    public void close() {
        server.close();
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

    /** Writes a new generation created at {@code timeCreated}, with custom metadata (GCS's {@code metadata}). */
    public ObjectMeta put(String bucket, String name, byte[] data, Instant timeCreated, Map<String, String> metadata) {
        return store.write(bucket, name, data.clone(), "application/octet-stream", metadata, timeCreated,
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

    /** The body of the buckets.insert that created {@code bucket} over HTTP (its location, its IAM configuration). */
    public Optional<JsonNode> bucketInsert(String bucket) {
        return bucketAdmin.insert(bucket);
    }

    /** The members the bucket's IAM policy grants {@code role} to. */
    public Optional<JsonNode> bucketMembers(String bucket, String role) {
        return bucketAdmin.policies().members(bucket, role);
    }

    /** The next {@code n} bucket IAM writes find the policy changed since it was read (a 412). */
    public void conflictNextBucketPolicyWrites(int n) {
        bucketAdmin.policies().conflictNext(n);
    }

    /**
     * The next {@code n} bucket IAM writes naming a service account answer 400 "does not exist", as Cloud
     * Storage does for an account created a moment ago that IAM has not spread yet.
     */
    public void unknownServiceAccountsNext(int n) {
        bucketAdmin.unknownAccountsNext(n);
    }

    GcsBucketAdmin bucketAdmin() {
        return bucketAdmin;
    }

    // ---- counters and request log -----------------------------------------------------------

    /** Requests of {@code kind} received since start or {@link #resetCounters} (faulted ones included). */
    public long count(Kind kind) {
        return log.count(kind);
    }

    /** Body bytes written by media downloads (the half of a dropped body included). */
    public long mediaBytesServed() {
        return mediaBytes.get();
    }

    /** Zeroes the counters and forgets the request log. */
    public void resetCounters() {
        log.reset();
        mediaBytes.set(0);
    }

    /** The requests received since the last {@link #resetCounters} (at most the latest 10,000). */
    public List<Request> requests() {
        return log.requests();
    }

    /** Called by {@link GcsRoutes} for every request before it is served: count, log, delay. */
    void received(Request r) throws IOException {
        log.record(r);
        faults.applyDelay();
    }

    void mediaServed(long bytes) {
        mediaBytes.addAndGet(bytes);
    }

    Faults<Request> faults() {
        return faults;
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
        faults.failNext(n, status, when);
    }

    /**
     * The next {@code n} successful responses with a body to requests of {@code kind} send their
     * headers (with the full Content-Length) and half the body, then the connection is closed.
     */
    public void resetConnectionMidBody(Kind kind, int n) {
        faults.add(Faults.Type.RESET, r -> r.kind() == kind, 0, n);
    }

    /**
     * The next {@code n} successful responses with a body to requests of {@code kind} send their headers and half
     * the body, then nothing for 20 s before the connection drops: a path that stopped carrying bytes.
     */
    public void stallMidBody(Kind kind, int n) {
        faults.add(Faults.Type.STALL, r -> r.kind() == kind, 0, n);
    }

    /** The next {@code n} non-empty media bodies have one byte flipped; headers and hashes stay the real ones. */
    public void corruptNextMedia(int n) {
        faults.add(Faults.Type.CORRUPT, r -> r.kind() == Kind.MEDIA, 0, n);
    }

    /** {@link #corruptNextMedia(int)} for the media requests that {@code when} accepts. */
    public void corruptNextMedia(int n, Predicate<Request> when) {
        faults.add(Faults.Type.CORRUPT, r -> r.kind() == Kind.MEDIA && when.test(r), 0, n);
    }

    /** Every request waits this long before it is served; {@link Duration#ZERO} to stop. */
    public void delay(Duration d) {
        faults.delay(d);
    }

    /**
     * Until {@link #clearFaults}, the caller lacks {@code permission} ({@code storage.objects.list} refuses
     * listings, {@code storage.objects.get} object reads, {@code storage.objects.create} uploads,
     * {@code storage.buckets.create} bucket inserts, {@code storage.buckets.setIamPolicy} bucket IAM writes) and
     * testIamPermissions says so.
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
            case UPLOAD -> "storage.objects.create";
            case OTHER -> r.method().equals("POST") && r.path().endsWith("/storage/v1/b") ? "storage.buckets.create"
                    : r.method().equals("PUT") && r.path().endsWith("/iam") ? "storage.buckets.setIamPolicy" : null;
            default -> null;
        };
        return needed != null && denied.contains(needed) ? Optional.of(needed) : Optional.empty();
    }

    /** Drops every pending fault, denied permission and the delay. */
    public void clearFaults() {
        faults.clear();
        denied.clear();
    }

    // ---- demo process -----------------------------------------------------------------------

    /**
     * {@code java -jar target/litescope-gcs-server.jar [--port N] [--dir PATH] [--bucket NAME]... [--rate MIB]}:
     * serves (each response at most MIB MiB a second with {@code --rate}) until killed and prints the
     * {@code STORAGE_EMULATOR_HOST} line to use. Litestream does not create buckets, so the demo's bucket is named
     * with {@code --bucket} (or kept from an earlier run in {@code --dir}).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 4443;
        Path dir = null;
        long rate = 0;
        List<String> create = new ArrayList<>();
        String usage = "usage: litescope-gcs-server [--port N (default 4443)] [--dir PERSIST_DIR] [--bucket NAME]... "
                + "[--rate MIB_PER_SECOND_PER_RESPONSE]";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage);
                return;
            }
            if (i + 1 >= args.length || !List.of("--port", "--dir", "--bucket", "--rate").contains(a)) {
                System.err.println(usage);
                System.exit(2);
            }
            String v = args[++i];
            switch (a) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        System.err.println("--port takes a number, not '" + v + "'\n" + usage);
                        System.exit(2);
                    }
                }
                case "--rate" -> {
                    try {
                        rate = (long) (Double.parseDouble(v) * (1 << 20));
                    } catch (NumberFormatException e) {
                        rate = -1;
                    }
                    if (rate <= 0) {
                        System.err.println("--rate takes MiB a second, more than 0, not '" + v + "'\n" + usage);
                        System.exit(2);
                    }
                }
                case "--dir" -> dir = Path.of(v);
                default -> create.add(v);
            }
        }
        LoopbackGcs gcs = start(port, Optional.ofNullable(dir));
        gcs.limitRate(rate);
        try {
            create.forEach(gcs::createBucket);
        } catch (IllegalArgumentException e) {
            gcs.close();
            System.err.println(e.getMessage() + ": a bucket name is 3 to 222 of a-z, 0-9, '.', '_' and '-'");
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(gcs::close, "loopback-gcs-shutdown"));
        List<String> buckets = gcs.store.bucketNames();
        System.out.println("STORAGE_EMULATOR_HOST=" + gcs.hostPort());
        System.out.println(buckets.isEmpty()
                ? "no buckets yet: Litestream does not create one; restart with --bucket NAME"
                : "buckets: " + String.join(", ", buckets) + (dir == null ? " (in memory)" : " (kept in " + dir + ")"));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
