package dev.litescope.testsupport.gcs;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.litescope.testsupport.gcs.GcsStore.Bucket;
import dev.litescope.testsupport.gcs.GcsStore.Stored;
import dev.litescope.testsupport.gcs.LoopbackGcs.FaultType;
import dev.litescope.testsupport.gcs.LoopbackGcs.Kind;
import dev.litescope.testsupport.gcs.LoopbackGcs.Request;
import dev.litescope.util.Json;
import dev.litescope.util.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The wire protocol of {@link LoopbackGcs}: the JSON API (list, metadata, media, delete, multipart,
 * media and resumable uploads, bucket get and insert) and the XML API's media GET, with GCS's
 * error bodies, preconditions and headers. Anything else answers 501.
 */
final class GcsHttp {
    private static final DateTimeFormatter RFC3339_MS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** IMF-fixdate; Go's http.ParseTime wants the two-digit day that RFC_1123_DATE_TIME omits. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final int MAX_PAGE = 1000;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:\\*|(\\d+)-(\\d+))/(\\*|\\d+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A GCS error answer: JSON {"error":{...}} on the JSON API, an XML {@code <Error>} on the XML API. */
    private static final class GcsError extends RuntimeException {
        final int status;
        final String reason;

        GcsError(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    /** Thrown out of a handler so that the JDK server drops the connection mid-body. */
    private static final class DropConnection extends IOException {
        DropConnection() {
            super("fault injection: connection dropped mid-body");
        }
    }

    private interface Handler {
        void run() throws IOException;
    }

    /** What an upload says about the object to be: from the JSON part or the initiation body. */
    private record Upload(String name, String contentType, Map<String, String> metadata, String crc32c,
                          String md5Hash, Map<String, String> conditions, Request request) {
    }

    private static final class UploadSession {
        final Upload upload;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        Stored done;

        UploadSession(Upload upload) {
            this.upload = upload;
        }
    }

    private final GcsStore store;
    private final LoopbackGcs server;
    private final Map<String, UploadSession> sessions = new ConcurrentHashMap<>();

    GcsHttp(GcsStore store, LoopbackGcs server) {
        this.store = store;
        this.server = server;
    }

    /** One exchange: the request, its decoded non-empty query parameters and, once read, its body. */
    private final class Call {
        final HttpExchange ex;
        final String method;
        final Map<String, String> query = new LinkedHashMap<>();
        Request request;
        boolean xmlApi;
        private byte[] body;

        Call(HttpExchange ex) {
            this.ex = ex;
            this.method = ex.getRequestMethod();
            String raw = ex.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    // Litestream's Go client sends endOffset=, delimiter= ...: empty means absent.
                    if (!v.isEmpty()) {
                        query.put(k, v);
                    }
                }
            }
        }

        String param(String name) {
            return query.get(name);
        }

        /** Every value of a repeated parameter ({@code permissions=a&permissions=b}), in order. */
        List<String> params(String name) {
            List<String> values = new ArrayList<>();
            String raw = ex.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return values;
        }

        String header(String name) {
            return ex.getRequestHeaders().getFirst(name);
        }

        String baseUrl() {
            return "http://" + Optional.ofNullable(header("Host")).orElse(server.hostPort());
        }

        /** The request body, un-gzipped if the client compressed it (the Java client gzips uploads). */
        byte[] body() throws IOException {
            if (body == null) {
                byte[] raw = ex.getRequestBody().readAllBytes();
                String enc = header("Content-Encoding");
                if (enc != null && enc.trim().equalsIgnoreCase("gzip")) {
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                        raw = in.readAllBytes();
                    }
                }
                body = raw;
            }
            return body;
        }

        void json(int status, Object doc) throws IOException {
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            send(status, Json.compact(doc).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sends {@code body} whole or, if a reset fault applies to this successful response, half
         * of it before the connection drops. Returns the body bytes written.
         */
        int send(int status, byte[] body) throws IOException {
            if (body.length == 0 || "HEAD".equals(method)) {
                ex.sendResponseHeaders(status, -1); // 0 would mean chunked to the JDK server
                return 0;
            }
            boolean drop = status / 100 == 2 && server.takeFault(FaultType.RESET, request).isPresent();
            ex.sendResponseHeaders(status, body.length);
            OutputStream os = ex.getResponseBody();
            if (drop) {
                os.write(body, 0, body.length / 2);
                os.flush();
                if (request.kind() == Kind.MEDIA) {
                    server.mediaServed(body.length / 2);
                }
                throw new DropConnection();
            }
            os.write(body);
            return body.length;
        }

        void error(GcsError e) throws IOException {
            if (body == null) {
                // Read what the client sent, as a real server would, so it is not cut off mid-upload.
                ex.getRequestBody().readAllBytes();
            }
            if (e.status == 304) {
                ex.sendResponseHeaders(304, -1);
            } else if (xmlApi) {
                String code = switch (e.status) {
                    case 404 -> e.getMessage().startsWith("No such object") ? "NoSuchKey" : "NoSuchBucket";
                    case 412 -> "PreconditionFailed";
                    case 416 -> "InvalidRange";
                    default -> e.reason;
                };
                ex.getResponseHeaders().set("Content-Type", "application/xml; charset=UTF-8");
                send(e.status, ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code><Message>"
                        + e.getMessage().replace("&", "&amp;").replace("<", "&lt;")
                        + "</Message></Error>").getBytes(StandardCharsets.UTF_8));
            } else {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("message", e.getMessage());
                detail.put("domain", "global");
                detail.put("reason", e.reason);
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("code", e.status);
                err.put("message", e.getMessage());
                err.put("errors", List.of(detail));
                json(e.status, Map.of("error", err));
            }
        }
    }

    /** The HttpHandler: classify, count, delay, maybe fail, then serve. */
    void handle(HttpExchange ex) throws IOException {
        Call c = new Call(ex);
        try {
            Handler h = route(c);
            server.received(c.request);
            Optional<LoopbackGcs.Fault> fail = server.takeFault(FaultType.FAIL, c.request);
            if (fail.isPresent()) {
                int s = fail.get().status;
                throw new GcsError(s, s == 503 ? "backendError" : s == 429 ? "rateLimitExceeded" : "injected",
                        "Injected fault: " + s);
            }
            Optional<String> denied = server.deniedPermission(c.request);
            if (denied.isPresent()) {
                throw new GcsError(403, "forbidden", "anonymous caller does not have " + denied.get()
                        + " access to the Google Cloud Storage " + (c.request.object() == null ? "bucket" : "object")
                        + ". Permission '" + denied.get() + "' denied on resource (or it may not exist).");
            }
            h.run();
        } catch (GcsError e) {
            c.error(e);
        } catch (IllegalArgumentException e) {
            // The store's verdict on a name, or the parser's on a body.
            c.error(new GcsError(400, "invalid", e.getMessage()));
        } catch (RuntimeException e) {
            // A bug in this server: say so loudly rather than letting the client guess.
            e.printStackTrace();
            c.error(new GcsError(500, "internalError", "LoopbackGcs failed: " + e));
        }
        // A DropConnection (or a client gone away) skips this: the JDK server then closes the socket.
        ex.close();
    }

    // ---- routing ----------------------------------------------------------------------------

    /** Classifies the request (setting {@code c.request}) and picks its handler. */
    private Handler route(Call c) {
        String raw = c.ex.getRequestURI().getRawPath();
        List<String> seg = List.of(raw.substring(1).split("/", -1));
        String m = c.method;
        if (seg.size() >= 2 && seg.get(0).equals("storage") && seg.get(1).equals("v1")) {
            List<String> r = seg.subList(2, seg.size());
            if (r.size() == 1 && r.get(0).equals("b")) {
                classify(c, Kind.OTHER, null, null);
                return m.equals("POST") ? () -> insertBucket(c) : unsupported(c);
            }
            if (r.size() == 2 && r.get(0).equals("b")) {
                String b = pathDecode(r.get(1));
                classify(c, Kind.OTHER, b, null);
                return m.equals("GET") ? () -> getBucket(c, b) : unsupported(c);
            }
            if (r.size() == 4 && r.get(0).equals("b") && r.get(2).equals("iam") && r.get(3).equals("testPermissions")) {
                String b = pathDecode(r.get(1));
                classify(c, Kind.OTHER, b, null);
                return m.equals("GET") ? () -> testPermissions(c, b) : unsupported(c);
            }
            if (r.size() == 3 && r.get(0).equals("b") && r.get(2).equals("o")) {
                String b = pathDecode(r.get(1));
                classify(c, m.equals("GET") ? Kind.LIST : Kind.OTHER, b, null);
                return m.equals("GET") ? () -> listObjects(c, b) : unsupported(c);
            }
            if (r.size() == 4 && r.get(0).equals("b") && r.get(2).equals("o") && !r.get(3).isEmpty()) {
                String b = pathDecode(r.get(1));
                String o = pathDecode(r.get(3));
                if (m.equals("GET")) {
                    boolean media = "media".equals(c.param("alt"));
                    classify(c, media ? Kind.MEDIA : Kind.GET_METADATA, b, o);
                    return () -> getObject(c, b, o, media);
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
            return () -> upload(c, b);
        } else if (seg.size() == 7 && seg.get(0).equals("download") && seg.get(1).equals("storage")
                && seg.get(2).equals("v1") && seg.get(3).equals("b") && seg.get(5).equals("o")
                && (m.equals("GET") || m.equals("HEAD"))) {
            String b = pathDecode(seg.get(4));
            String o = pathDecode(seg.get(6));
            classify(c, Kind.MEDIA, b, o);
            return () -> getObject(c, b, o, true);
        } else if (seg.size() >= 2 && !seg.get(0).isEmpty() && !seg.get(0).equals("batch")
                && !seg.get(0).equals("upload") && !seg.get(0).equals("download")) {
            // XML API: GET /BUCKET/OBJECT, the name escaped or not (Go escapes '/' as %2F).
            String b = pathDecode(seg.get(0));
            String o = pathDecode(raw.substring(seg.get(0).length() + 2));
            c.xmlApi = true;
            if (!o.isEmpty() && (m.equals("GET") || m.equals("HEAD"))) {
                classify(c, m.equals("GET") ? Kind.MEDIA : Kind.GET_METADATA, b, o);
                return () -> getObject(c, b, o, m.equals("GET"));
            }
        }
        if (c.request == null) {
            classify(c, Kind.OTHER, null, null);
        }
        return unsupported(c);
    }

    private static void classify(Call c, Kind kind, String bucket, String object) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        c.ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        c.request = new Request(c.method, c.ex.getRequestURI().getRawPath(), c.ex.getRequestURI().getRawQuery(),
                kind, bucket, object, headers);
    }

    private static Handler unsupported(Call c) {
        return () -> {
            throw notImplemented(c);
        };
    }

    private static GcsError notImplemented(Call c) {
        return new GcsError(501, "notImplemented",
                "LoopbackGcs does not implement " + c.method + " " + c.ex.getRequestURI().getRawPath());
    }

    // ---- buckets ----------------------------------------------------------------------------

    private void insertBucket(Call c) throws IOException {
        Object name = JsonReader.parseObject(new String(c.body(), StandardCharsets.UTF_8)).get("name");
        String n = name instanceof String s ? s : "";
        Bucket b;
        synchronized (store) {
            if (store.bucket(n) != null) {
                throw new GcsError(409, "conflict", "Your previous request to create the named bucket succeeded"
                        + " and you already own it.");
            }
            b = store.createBucket(n);
        }
        c.json(200, bucketResource(b));
    }

    /** buckets.testIamPermissions: which of the asked permissions the caller holds (all but the denied ones). */
    private void testPermissions(Call c, String name) throws IOException {
        bucket(name);
        List<String> held = c.params("permissions").stream().filter(p -> !server.isDenied(p)).toList();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "storage#testIamPermissionsResponse");
        if (!held.isEmpty()) {
            r.put("permissions", held);
        }
        c.json(200, r);
    }

    private void getBucket(Call c, String name) throws IOException {
        c.json(200, bucketResource(bucket(name)));
    }

    private static Map<String, Object> bucketResource(Bucket b) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "storage#bucket");
        r.put("id", b.name());
        r.put("name", b.name());
        r.put("projectNumber", "0");
        r.put("metageneration", "1");
        r.put("location", "US");
        r.put("storageClass", "STANDARD");
        r.put("etag", "CAE=");
        r.put("timeCreated", RFC3339_MS.format(b.created()));
        r.put("updated", RFC3339_MS.format(b.created()));
        return r;
    }

    private Bucket bucket(String name) {
        Bucket b = store.bucket(name);
        if (b == null) {
            throw new GcsError(404, "notFound", "The specified bucket does not exist.");
        }
        return b;
    }

    // ---- reading ----------------------------------------------------------------------------

    private void listObjects(Call c, String bucket) throws IOException {
        String prefix = Optional.ofNullable(c.param("prefix")).orElse("");
        String delimiter = c.param("delimiter");
        String end = c.param("endOffset");
        long max = Optional.ofNullable(condition(c.query, c.request, "maxResults", null)).orElse((long) MAX_PAGE);
        if (max < 0) {
            throw new GcsError(400, "invalid", "Invalid value for maxResults: " + max);
        }
        max = max == 0 ? MAX_PAGE : Math.min(max, MAX_PAGE);
        Pattern glob = c.param("matchGlob") == null ? null : glob(c.param("matchGlob"));
        boolean trailing = "true".equals(c.param("includeTrailingDelimiter"));
        // An opaque token: "i:NAME" resumes after an item, "p:PREFIX" after everything under a prefix.
        String token = null;
        if (c.param("pageToken") != null) {
            try {
                token = new String(Base64.getUrlDecoder().decode(c.param("pageToken")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                token = "";
            }
            if (!token.startsWith("i:") && !token.startsWith("p:")) {
                throw new GcsError(400, "invalid", "Invalid pageToken");
            }
        }
        String from = prefix;
        for (String lower : new String[] {c.param("startOffset"), token == null ? null : token.substring(2)}) {
            if (lower != null && GcsStore.NAME_ORDER.compare(lower, from) > 0) {
                from = lower;
            }
        }

        List<ObjectMeta> items = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String nextToken = null;
        String lastEntry = null;
        int entries = 0;
        synchronized (store) {
            for (Stored s : bucket(bucket).objects().tailMap(from, true).values()) {
                String n = s.meta().name();
                if (!n.startsWith(prefix) || (end != null && GcsStore.NAME_ORDER.compare(n, end) >= 0)) {
                    break; // names under a prefix are contiguous in this order
                }
                if (token != null && (token.startsWith("i:") ? n.equals(token.substring(2))
                        : n.startsWith(token.substring(2)))) {
                    continue;
                }
                if (glob != null && !glob.matcher(n).matches()) {
                    continue;
                }
                int cut = delimiter == null ? -1 : n.indexOf(delimiter, prefix.length());
                String p = cut < 0 ? null : n.substring(0, cut + delimiter.length());
                if (p != null && !prefixes.isEmpty() && p.equals(prefixes.get(prefixes.size() - 1))) {
                    continue;
                }
                if (entries == max) {
                    nextToken = lastEntry; // there is more: items and prefixes count alike
                    break;
                }
                entries++;
                if (p != null) {
                    prefixes.add(p);
                    lastEntry = "p:" + p;
                    if (trailing && n.equals(p)) {
                        items.add(s.meta());
                    }
                } else {
                    items.add(s.meta());
                    lastEntry = "i:" + n;
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "storage#objects");
        if (nextToken != null) {
            r.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(nextToken.getBytes(StandardCharsets.UTF_8)));
        }
        if (!prefixes.isEmpty()) {
            r.put("prefixes", prefixes);
        }
        if (!items.isEmpty()) {
            r.put("items", items.stream().map(m -> resource(c, m)).toList());
        }
        c.json(200, r);
    }

    private void getObject(Call c, String bucket, String name, boolean media) throws IOException {
        Stored s;
        synchronized (store) {
            s = bucket(bucket).objects().get(name);
            if (s == null) {
                throw new GcsError(404, "notFound", "No such object: " + bucket + "/" + name);
            }
            checkConditions(c.query, c.request, s, true);
        }
        if (!media) {
            c.json(200, resource(c, s.meta()));
            return;
        }
        ObjectMeta m = s.meta();
        Headers h = c.ex.getResponseHeaders();
        h.set("Content-Type", m.contentType());
        h.set("Last-Modified", HTTP_DATE.format(m.updated()));
        h.set("ETag", "\"" + HexFormat.of().formatHex(Base64.getDecoder().decode(m.md5Hash())) + "\"");
        h.set("X-Goog-Generation", Long.toString(m.generation()));
        h.set("X-Goog-Metageneration", Long.toString(m.metageneration()));
        // Two header lines, as GCS sends them: Go's client only checks a value that is crc32c alone.
        h.add("X-Goog-Hash", "crc32c=" + m.crc32c());
        h.add("X-Goog-Hash", "md5=" + m.md5Hash());
        h.set("X-Goog-Stored-Content-Length", Long.toString(m.size()));
        h.set("X-Goog-Stored-Content-Encoding", "identity");
        h.set("Accept-Ranges", "bytes");
        byte[] data = s.data();
        int from = 0;
        int to = data.length;
        int status = 200;
        Matcher range = c.header("Range") == null ? null : RANGE.matcher(c.header("Range").trim());
        // A zero-length object has no satisfiable range; like an ignored Range header, send it whole.
        if (range != null && range.matches() && data.length > 0
                && !(range.group(1).isEmpty() && range.group(2).isEmpty())) {
            if (range.group(1).isEmpty()) { // bytes=-N: the last N
                from = (int) Math.max(0, data.length - Math.min(Long.parseLong(range.group(2)), data.length));
            } else {
                long first = Long.parseLong(range.group(1));
                if (first >= data.length) {
                    h.set("Content-Range", "bytes */" + data.length);
                    throw new GcsError(416, "requestedRangeNotSatisfiable", "Request range not satisfiable");
                }
                from = (int) first;
                if (!range.group(2).isEmpty()) {
                    to = (int) Math.min(Long.parseLong(range.group(2)) + 1, data.length);
                }
            }
            status = 206;
            h.set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + data.length);
        }
        if (c.method.equals("HEAD")) {
            h.set("Content-Length", Integer.toString(to - from));
        }
        byte[] body = from == 0 && to == data.length ? data : Arrays.copyOfRange(data, from, to);
        if (body.length > 0 && !c.method.equals("HEAD") && server.takeFault(FaultType.CORRUPT, c.request).isPresent()) {
            body = body == data ? data.clone() : body;
            body[body.length / 2] ^= (byte) 0xFF;
        }
        server.mediaServed(c.send(status, body));
    }

    private void deleteObject(Call c, String bucket, String name) throws IOException {
        synchronized (store) {
            Stored s = bucket(bucket).objects().get(name);
            if (s == null) {
                throw new GcsError(404, "notFound", "No such object: " + bucket + "/" + name);
            }
            checkConditions(c.query, c.request, s, false);
            store.delete(bucket, name);
        }
        c.send(204, new byte[0]);
    }

    /**
     * {@code generation} and the four {@code if*} preconditions, as query parameters or as the XML
     * API's {@code x-goog-if-*} headers. A failed NotMatch answers 304 on reads, 412 on writes.
     */
    private static void checkConditions(Map<String, String> q, Request r, Stored existing, boolean read) {
        Long gen = condition(q, r, "generation", null);
        if (gen != null && read && (existing == null || existing.meta().generation() != gen)) {
            throw new GcsError(404, "notFound", "No such object: " + r.bucket() + "/" + r.object());
        }
        ObjectMeta m = existing == null ? null : existing.meta();
        Long v = condition(q, r, "ifGenerationMatch", "x-goog-if-generation-match");
        if (v != null && (v == 0 ? m != null : m == null || m.generation() != v)) {
            throw preconditionFailed();
        }
        v = condition(q, r, "ifMetagenerationMatch", "x-goog-if-metageneration-match");
        if (v != null && (m == null || m.metageneration() != v)) {
            throw preconditionFailed();
        }
        v = condition(q, r, "ifGenerationNotMatch", null);
        Long mv = condition(q, r, "ifMetagenerationNotMatch", null);
        if (m != null && ((v != null && m.generation() == v) || (mv != null && m.metageneration() == mv))) {
            throw read ? new GcsError(304, "notModified", "Not Modified") : preconditionFailed();
        }
    }

    /** A numeric query parameter (or its XML-API header), null if absent. */
    private static Long condition(Map<String, String> q, Request r, String param, String header) {
        String s = q.get(param);
        if (s == null && header != null) {
            s = r.header(header);
        }
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new GcsError(400, "invalid", "Invalid value for " + param + ": " + s);
        }
    }

    private static GcsError preconditionFailed() {
        return new GcsError(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }

    // ---- writing ----------------------------------------------------------------------------

    private void upload(Call c, String bucket) throws IOException {
        String session = c.param("upload_id");
        if (session != null) {
            resumable(c, session);
            return;
        }
        if (!c.method.equals("POST")) {
            throw notImplemented(c);
        }
        String type = c.param("uploadType");
        byte[] body = c.body();
        if ("media".equals(type)) {
            Upload u = describe(c, Map.of(), c.header("Content-Type"));
            c.json(200, resource(c, commit(bucket, u, body).meta()));
        } else if ("multipart".equals(type)) {
            List<byte[]> parts = multipart(c.header("Content-Type"), body);
            Upload u = describe(c, JsonReader.parseObject(new String(parts.get(0), StandardCharsets.UTF_8)), null);
            c.json(200, resource(c, commit(bucket, u, parts.get(1)).meta()));
        } else if ("resumable".equals(type)) {
            Map<String, Object> json = body.length == 0 ? Map.of()
                    : JsonReader.parseObject(new String(body, StandardCharsets.UTF_8));
            Upload u = describe(c, json, c.header("X-Upload-Content-Type"));
            synchronized (store) {
                checkConditions(u.conditions(), c.request, store.createBucket(bucket).objects().get(u.name()), false);
            }
            byte[] idBytes = new byte[16];
            RANDOM.nextBytes(idBytes);
            String id = HexFormat.of().formatHex(idBytes);
            sessions.put(id, new UploadSession(u));
            c.ex.getResponseHeaders().set("Location", c.baseUrl() + "/upload/storage/v1/b/"
                    + URLEncoder.encode(bucket, StandardCharsets.UTF_8) + "/o?uploadType=resumable&upload_id=" + id);
            c.ex.getResponseHeaders().set("X-GUploader-UploadID", id);
            c.send(200, new byte[0]);
        } else {
            throw new GcsError(type == null ? 400 : 501, type == null ? "invalid" : "notImplemented",
                    "Unsupported uploadType: " + type);
        }
    }

    /**
     * A chunk PUT (Java client) or POST (Go client) to a resumable session. An incomplete upload
     * answers 308 with the persisted {@code Range}, or, when the client sent
     * {@code X-GUploader-No-308: yes} (Go), 200 with {@code X-HTTP-Status-Code-Override: 308}:
     * Go's client fails on a real 308.
     */
    private void resumable(Call c, String id) throws IOException {
        UploadSession s = sessions.get(id);
        byte[] body = c.body();
        if (s == null) {
            throw new GcsError(404, "notFound", "No such upload session: " + id);
        }
        if (c.method.equals("DELETE")) {
            sessions.remove(id);
            c.send(499, new byte[0]);
            return;
        }
        if (!c.method.equals("PUT") && !c.method.equals("POST")) {
            throw notImplemented(c);
        }
        synchronized (s) {
            if (s.done == null) {
                long total = append(s, c.header("Content-Range"), body);
                if (total < 0 || s.data.size() < total) {
                    Headers h = c.ex.getResponseHeaders();
                    if (s.data.size() > 0) {
                        h.set("Range", "bytes=0-" + (s.data.size() - 1));
                    }
                    if ("yes".equalsIgnoreCase(c.header("X-GUploader-No-308"))) {
                        h.set("X-HTTP-Status-Code-Override", "308");
                        c.send(200, new byte[0]);
                    } else {
                        c.send(308, new byte[0]);
                    }
                    return;
                }
                Upload u = s.upload;
                String crc = u.crc32c();
                String md5 = u.md5Hash();
                // A client may send the whole object's hashes with the last chunk.
                for (String hv : c.ex.getRequestHeaders().getOrDefault("X-Goog-Hash", List.of())) {
                    for (String part : hv.split(",")) {
                        String p = part.trim();
                        crc = p.startsWith("crc32c=") ? p.substring(7) : crc;
                        md5 = p.startsWith("md5=") ? p.substring(4) : md5;
                    }
                }
                s.done = commit(c.request.bucket(), new Upload(u.name(), u.contentType(), u.metadata(), crc, md5,
                        u.conditions(), u.request()), s.data.toByteArray());
                s.data.reset();
            }
        }
        c.json(200, resource(c, s.done.meta()));
    }

    /**
     * Adds a chunk ({@code Content-Range: bytes a-b/total}, {@code a-b/*}, or {@code * /total} to
     * finish or ask) to the session. A resent chunk keeps what was already persisted. Returns the
     * declared total, -1 while unknown.
     */
    private static long append(UploadSession s, String contentRange, byte[] body) {
        if (contentRange == null) { // a single request carrying the whole object
            s.data.reset();
            s.data.writeBytes(body);
            return body.length;
        }
        Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
        if (!m.matches()) {
            throw new GcsError(400, "invalid", "Invalid Content-Range: " + contentRange);
        }
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (m.group(1) != null) {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last - first + 1 != body.length || first > s.data.size()) {
                throw new GcsError(400, "invalid", "Content-Range " + contentRange + " does not fit a body of "
                        + body.length + " bytes after " + s.data.size() + " persisted bytes");
            }
            int skip = (int) (s.data.size() - first);
            s.data.write(body, skip, body.length - skip);
        } else if (body.length != 0) {
            throw new GcsError(400, "invalid", "Content-Range " + contentRange + " with a body");
        }
        if (total >= 0 && s.data.size() > total) {
            throw new GcsError(400, "invalid", "More bytes than the declared total " + total);
        }
        return total;
    }

    private static Upload describe(Call c, Map<String, Object> json, String contentTypeHeader) {
        Object name = json.get("name");
        String n = name instanceof String s ? s : c.param("name");
        if (n == null || n.isEmpty()) {
            throw new GcsError(400, "required", "Required object name");
        }
        Object ct = json.get("contentType");
        Map<String, String> metadata = new TreeMap<>();
        if (json.get("metadata") instanceof Map<?, ?> md) {
            md.forEach((k, v) -> metadata.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, String> conditions = new TreeMap<>(c.query);
        conditions.remove("generation"); // names a generation to read; uploads create one
        return new Upload(n, ct instanceof String s ? s : contentTypeHeader, metadata,
                json.get("crc32c") instanceof String s ? s : null,
                json.get("md5Hash") instanceof String s ? s : null, conditions, c.request);
    }

    /** Checks an upload's hashes and preconditions, then stores it as a new generation. */
    private Stored commit(String bucket, Upload u, byte[] data) {
        String crc = GcsStore.crc32c(data);
        if (u.crc32c() != null && !u.crc32c().equals(crc)) {
            throw new GcsError(400, "invalid", "Provided CRC32C \"" + u.crc32c()
                    + "\" doesn't match calculated CRC32C \"" + crc + "\".");
        }
        String md5 = GcsStore.md5(data);
        if (u.md5Hash() != null && !u.md5Hash().equals(md5)) {
            throw new GcsError(400, "invalid", "Provided MD5 hash \"" + u.md5Hash()
                    + "\" doesn't match calculated MD5 hash \"" + md5 + "\".");
        }
        String ct = u.contentType() == null || u.contentType().isBlank() ? "application/octet-stream"
                : u.contentType();
        synchronized (store) {
            checkConditions(u.conditions(), u.request(), store.object(bucket, u.name()), false);
            return store.write(bucket, u.name(), data, ct, u.metadata(), GcsStore.now(), GcsStore.now());
        }
    }

    /** The parts of a multipart/related body: the JSON metadata, then the media. */
    private static List<byte[]> multipart(String contentType, byte[] body) {
        Matcher bm = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (bm == null || !bm.find()) {
            throw new GcsError(400, "invalid", "Multipart upload without a boundary: " + contentType);
        }
        byte[] delim = ("--" + bm.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delim, 0);
        while (at >= 0) {
            int start = at + delim.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // the closing delimiter
            }
            int contentStart = indexOf(body, headerEnd, start);
            int next = contentStart < 0 ? -1 : indexOf(body, delim, contentStart + 4);
            if (next < 0) {
                throw new GcsError(400, "invalid", "Malformed multipart body");
            }
            // The CRLF before the next delimiter belongs to the delimiter, not the content.
            parts.add(Arrays.copyOfRange(body, contentStart + 4, next - 2));
            at = next;
        }
        if (parts.size() != 2) {
            throw new GcsError(400, "invalid", "A multipart upload has 2 parts, not " + parts.size());
        }
        return parts;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- resources and helpers --------------------------------------------------------------

    private static Map<String, Object> resource(Call c, ObjectMeta m) {
        String b = URLEncoder.encode(m.bucket(), StandardCharsets.UTF_8);
        String o = URLEncoder.encode(m.name(), StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", "storage#object");
        r.put("id", m.bucket() + "/" + m.name() + "/" + m.generation());
        r.put("selfLink", c.baseUrl() + "/storage/v1/b/" + b + "/o/" + o);
        r.put("mediaLink", c.baseUrl() + "/download/storage/v1/b/" + b + "/o/" + o + "?generation="
                + m.generation() + "&alt=media");
        r.put("name", m.name());
        r.put("bucket", m.bucket());
        r.put("generation", Long.toString(m.generation()));
        r.put("metageneration", Long.toString(m.metageneration()));
        r.put("contentType", m.contentType());
        r.put("storageClass", "STANDARD");
        r.put("size", Long.toString(m.size()));
        r.put("md5Hash", m.md5Hash());
        r.put("crc32c", m.crc32c());
        r.put("etag", m.etag());
        r.put("timeCreated", RFC3339_MS.format(m.timeCreated()));
        r.put("updated", RFC3339_MS.format(m.updated()));
        r.put("timeStorageClassUpdated", RFC3339_MS.format(m.timeCreated()));
        if (!m.metadata().isEmpty()) {
            r.put("metadata", new TreeMap<>(m.metadata()));
        }
        return r;
    }

    /** GCS's matchGlob: {@code **} crosses '/', {@code *} and {@code ?} do not; {@code [..]} and {@code {a,b}}. */
    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char ch = g.charAt(i);
            if (ch == '*') {
                boolean dbl = i + 1 < g.length() && g.charAt(i + 1) == '*';
                re.append(dbl ? ".*" : "[^/]*");
                i += dbl ? 1 : 0;
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '[') {
                int close = g.indexOf(']', i + 1);
                if (close < 0) {
                    throw new GcsError(400, "invalid", "Invalid matchGlob: " + g);
                }
                String set = g.substring(i + 1, close);
                re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                i = close;
            } else if (ch == '{') {
                braces++;
                re.append("(?:");
            } else if (ch == '}' && braces > 0) {
                braces--;
                re.append(')');
            } else if (ch == ',' && braces > 0) {
                re.append('|');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Percent-decoding of a URL path: unlike form decoding, '+' stays '+'. */
    private static String pathDecode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
