package dev.litescope.testsupport.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.gcs.GcsStore.Bucket;
import dev.litescope.testsupport.gcs.GcsStore.Stored;
import dev.litescope.testsupport.gcs.LoopbackGcs.Kind;
import dev.litescope.testsupport.gcs.LoopbackGcs.Request;
import dev.litescope.testsupport.http.Faults;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of {@link LoopbackGcs}: which path and method is which call of the JSON API (list, metadata, media,
 * delete, uploads, bucket get, insert, IAM policy and testIamPermissions) or of the XML API's media GET, the
 * order every call goes through (classify, count, delay, injected failure, denied permission, serve) and the
 * bucket calls. Reads are {@link GcsReads}, uploads {@link GcsUploads}. Anything else answers 501.
 */
final class GcsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(GcsRoutes.class);

    private interface Route {
        void run() throws IOException;
    }

    /** What an object bucket names in the JSON body of buckets.insert. */
    private record BucketInsert(String name) {
    }

    private final LoopbackGcs server;
    private final GcsStore store;
    private final GcsReads reads;
    private final GcsUploads uploads;

    GcsRoutes(LoopbackGcs server, GcsStore store) {
        this.server = server;
        this.store = store;
        this.reads = new GcsReads(server, store);
        this.uploads = new GcsUploads(store);
    }

    /** The server's handler: classify, count, delay, maybe fail, then serve. */
    void handle(HttpCall http) throws IOException {
        GcsCall c = new GcsCall(http, server);
        try {
            Route r = route(c);
            server.received(c.request);
            Optional<Faults.Rule<Request>> fail = server.faults().take(Faults.Type.FAIL, c.request);
            if (fail.isPresent()) {
                int s = fail.get().status();
                throw new HttpError(s, s == 503 ? "backendError" : s == 429 ? "rateLimitExceeded" : "injected",
                        "Injected fault: " + s);
            }
            Optional<String> denied = server.deniedPermission(c.request);
            if (denied.isPresent()) {
                throw new HttpError(403, "forbidden", "anonymous caller does not have " + denied.get()
                        + " access to the Google Cloud Storage " + (c.request.object() == null ? "bucket" : "object")
                        + ". Permission '" + denied.get() + "' denied on resource (or it may not exist).");
            }
            r.run();
        } catch (HttpError e) {
            c.error(e);
        } catch (IllegalArgumentException e) {
            // The store's verdict on a name, or the parser's on a body.
            c.error(new HttpError(400, "invalid", e.getMessage()));
        } catch (RuntimeException e) {
            // A bug in this server: say so loudly rather than letting the client guess.
            LOG.error("LoopbackGcs failed on {}", http, e);
            c.error(new HttpError(500, "internalError", "LoopbackGcs failed: " + e));
        }
    }

    /** Classifies the request (setting {@code c.request}) and picks its route. */
    private Route route(GcsCall c) {
        String raw = c.http.rawPath();
        List<String> seg = List.of(raw.substring(1).split("/", -1));
        String m = c.method();
        if (seg.size() >= 2 && seg.get(0).equals("storage") && seg.get(1).equals("v1")) {
            List<String> r = seg.subList(2, seg.size());
            if (r.size() == 1 && r.get(0).equals("b")) {
                classify(c, Kind.OTHER, null, null);
                return m.equals("POST") ? () -> insertBucket(c) : unsupported(c);
            }
            if (r.size() == 2 && r.get(0).equals("b")) {
                String b = pathDecode(r.get(1));
                classify(c, Kind.OTHER, b, null);
                return m.equals("GET") ? () -> c.json(200, GcsResources.bucket(bucket(store, b))) : unsupported(c);
            }
            if (r.size() == 3 && r.get(0).equals("b") && r.get(2).equals("iam")) {
                String b = pathDecode(r.get(1));
                classify(c, Kind.OTHER, b, null);
                return m.equals("GET") ? () -> c.json(200, server.bucketAdmin().policy(bucket(store, b).name()))
                        : m.equals("PUT") ? () -> setPolicy(c, b) : unsupported(c);
            }
            if (r.size() == 4 && r.get(0).equals("b") && r.get(2).equals("iam") && r.get(3).equals("testPermissions")) {
                String b = pathDecode(r.get(1));
                classify(c, Kind.OTHER, b, null);
                return m.equals("GET") ? () -> testPermissions(c, b) : unsupported(c);
            }
            if (r.size() == 3 && r.get(0).equals("b") && r.get(2).equals("o")) {
                String b = pathDecode(r.get(1));
                classify(c, m.equals("GET") ? Kind.LIST : Kind.OTHER, b, null);
                return m.equals("GET") ? () -> reads.list(c, b) : unsupported(c);
            }
            if (r.size() == 4 && r.get(0).equals("b") && r.get(2).equals("o") && !r.get(3).isEmpty()) {
                String b = pathDecode(r.get(1));
                String o = pathDecode(r.get(3));
                if (m.equals("GET")) {
                    boolean media = "media".equals(c.param("alt"));
                    classify(c, media ? Kind.MEDIA : Kind.GET_METADATA, b, o);
                    return () -> reads.get(c, b, o, media);
                }
                if (m.equals("DELETE")) {
                    classify(c, Kind.DELETE, b, o);
                    return () -> deleteObject(c, b, o);
                }
            }
        } else if (seg.size() == 6 && seg.get(0).equals("upload") && seg.get(1).equals("storage")
                && seg.get(2).equals("v1") && seg.get(3).equals("b") && seg.get(5).equals("o")) {
            String b = pathDecode(seg.get(4));
            classify(c, Kind.UPLOAD, b, c.param("name"));
            return () -> uploads.upload(c, b);
        } else if (seg.size() == 7 && seg.get(0).equals("download") && seg.get(1).equals("storage")
                && seg.get(2).equals("v1") && seg.get(3).equals("b") && seg.get(5).equals("o")
                && (m.equals("GET") || m.equals("HEAD"))) {
            String b = pathDecode(seg.get(4));
            String o = pathDecode(seg.get(6));
            classify(c, Kind.MEDIA, b, o);
            return () -> reads.get(c, b, o, true);
        } else if (seg.size() >= 2 && !seg.get(0).isEmpty() && !seg.get(0).equals("batch")
                && !seg.get(0).equals("upload") && !seg.get(0).equals("download")) {
            // XML API: GET /BUCKET/OBJECT, the name escaped or not (Go escapes '/' as %2F).
            String b = pathDecode(seg.get(0));
            String o = pathDecode(raw.substring(seg.get(0).length() + 2));
            c.xmlApi = true;
            if (!o.isEmpty() && (m.equals("GET") || m.equals("HEAD"))) {
                classify(c, m.equals("GET") ? Kind.MEDIA : Kind.GET_METADATA, b, o);
                return () -> reads.get(c, b, o, m.equals("GET"));
            }
        }
        if (c.request == null) {
            classify(c, Kind.OTHER, null, null);
        }
        return unsupported(c);
    }

    private static void classify(GcsCall c, Kind kind, String bucket, String object) {
        c.request = new Request(c.method(), c.http.rawPath(), c.http.rawQuery(), kind, bucket, object,
                c.http.headers());
    }

    private static Route unsupported(GcsCall c) {
        return () -> {
            throw notImplemented(c);
        };
    }

    static HttpError notImplemented(GcsCall c) {
        return new HttpError(501, "notImplemented",
                "LoopbackGcs does not implement " + c.method() + " " + c.http.rawPath());
    }

    /** The bucket, or a 404. */
    static Bucket bucket(GcsStore store, String name) {
        Bucket b = store.bucket(name);
        if (b == null) {
            throw new HttpError(404, "notFound", "The specified bucket does not exist.");
        }
        return b;
    }

    // ---- buckets and deletes ----------------------------------------------------------------

    private void setPolicy(GcsCall c, String b) throws IOException {
        bucket(store, b);
        c.json(200, server.bucketAdmin().setPolicy(b, c.http.bodyAs(JsonNode.class,
                LoopbackJson.MAPPER.createObjectNode())));
    }

    private void insertBucket(GcsCall c) throws IOException {
        BucketInsert insert = c.http.bodyAs(BucketInsert.class, new BucketInsert(""));
        String n = insert.name() == null ? "" : insert.name();
        Bucket b;
        synchronized (store) {
            if (store.bucket(n) != null) {
                throw new HttpError(409, "conflict", "Your previous request to create the named bucket succeeded"
                        + " and you already own it.");
            }
            b = store.createBucket(n);
        }
        server.bucketAdmin().created(n, c.http.bodyAs(JsonNode.class, LoopbackJson.MAPPER.createObjectNode()));
        c.json(200, GcsResources.bucket(b));
    }

    /** buckets.testIamPermissions: which of the asked permissions the caller holds (all but the denied ones). */
    private void testPermissions(GcsCall c, String name) throws IOException {
        bucket(store, name);
        List<String> held = c.http.params("permissions").stream().filter(p -> !server.isDenied(p)).toList();
        c.json(200, new GcsResources.Permissions("storage#testIamPermissionsResponse", held));
    }

    private void deleteObject(GcsCall c, String bucket, String name) throws IOException {
        synchronized (store) {
            Stored s = bucket(store, bucket).objects().get(name);
            if (s == null) {
                throw new HttpError(404, "notFound", "No such object: " + bucket + "/" + name);
            }
            GcsPreconditions.check(c.http.query(), c.request, s, false);
            store.delete(bucket, name);
        }
        c.send(204, new byte[0]);
    }

    /** Percent-decoding of a URL path: unlike form decoding, '+' stays '+'. */
    private static String pathDecode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
