package dev.litescope.testsupport.gcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.Headers;
import dev.litescope.testsupport.gcs.GcsStore.Stored;
import dev.litescope.testsupport.gcs.LoopbackGcs.Request;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The uploads of {@link LoopbackGcs}: simple ({@code uploadType=media}), multipart (a JSON part, then the media)
 * and resumable sessions (chunks PUT by the Java client or POSTed by Go's, which wants 200 with
 * {@code X-HTTP-Status-Code-Override: 308} where others get a 308). Each commit checks the hashes the client
 * sent and the preconditions, then writes a new generation.
 */
final class GcsUploads {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:\\*|(\\d+)-(\\d+))/(\\*|\\d+)");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The object resource fields an upload may set, from the JSON part or the initiation body. */
    record Insert(String name, String contentType, Map<String, String> metadata, String crc32c, String md5Hash) {
        static final Insert NONE = new Insert(null, null, null, null, null);
    }

    /** What an upload says about the object to be, with the preconditions of its query. */
    private record Upload(String name, String contentType, Map<String, String> metadata, String crc32c,
                          String md5Hash, Map<String, String> conditions, Request request) {
        Upload withHashes(String crc, String md5) {
            return new Upload(name, contentType, metadata, crc, md5, conditions, request);
        }
    }

    private static final class Session {
        final Upload upload;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        Stored done;

        Session(Upload upload) {
            this.upload = upload;
        }
    }

    private final GcsStore store;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    GcsUploads(GcsStore store) {
        this.store = store;
    }

    void upload(GcsCall c, String bucket) throws IOException {
        String session = c.param("upload_id");
        if (session != null) {
            resumable(c, session);
            return;
        }
        if (!c.method().equals("POST")) {
            throw GcsRoutes.notImplemented(c);
        }
        String type = c.param("uploadType");
        byte[] body = c.http.body();
        if ("media".equals(type)) {
            Upload u = describe(c, Insert.NONE, c.header("Content-Type"));
            c.json(200, GcsResources.object(c.http.baseUrl(), commit(bucket, u, body).meta()));
        } else if ("multipart".equals(type)) {
            List<byte[]> parts = multipart(c.header("Content-Type"), body);
            Upload u = describe(c, parse(parts.get(0)), null);
            c.json(200, GcsResources.object(c.http.baseUrl(), commit(bucket, u, parts.get(1)).meta()));
        } else if ("resumable".equals(type)) {
            Upload u = describe(c, body.length == 0 ? Insert.NONE : parse(body), c.header("X-Upload-Content-Type"));
            synchronized (store) {
                GcsPreconditions.check(u.conditions(), c.request, store.createBucket(bucket).objects().get(u.name()),
                        false);
            }
            byte[] idBytes = new byte[16];
            RANDOM.nextBytes(idBytes);
            String id = HexFormat.of().formatHex(idBytes);
            sessions.put(id, new Session(u));
            c.http.responseHeaders().set("Location", c.http.baseUrl() + "/upload/storage/v1/b/"
                    + URLEncoder.encode(bucket, StandardCharsets.UTF_8) + "/o?uploadType=resumable&upload_id=" + id);
            c.http.responseHeaders().set("X-GUploader-UploadID", id);
            c.send(200, new byte[0]);
        } else {
            throw new HttpError(type == null ? 400 : 501, type == null ? "invalid" : "notImplemented",
                    "Unsupported uploadType: " + type);
        }
    }

    private static Insert parse(byte[] json) throws IOException {
        try {
            return LoopbackJson.MAPPER.readValue(json, Insert.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON in the upload's metadata: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A chunk PUT (Java client) or POST (Go client) to a resumable session. An incomplete upload answers 308 with
     * the persisted {@code Range}, or, when the client sent {@code X-GUploader-No-308: yes} (Go), 200 with
     * {@code X-HTTP-Status-Code-Override: 308}: Go's client fails on a real 308.
     */
    private void resumable(GcsCall c, String id) throws IOException {
        Session s = sessions.get(id);
        byte[] body = c.http.body();
        if (s == null) {
            throw new HttpError(404, "notFound", "No such upload session: " + id);
        }
        if (c.method().equals("DELETE")) {
            sessions.remove(id);
            c.send(499, new byte[0]);
            return;
        }
        if (!c.method().equals("PUT") && !c.method().equals("POST")) {
            throw GcsRoutes.notImplemented(c);
        }
        synchronized (s) {
            if (s.done == null) {
                long total = append(s, c.header("Content-Range"), body);
                if (total < 0 || s.data.size() < total) {
                    Headers h = c.http.responseHeaders();
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
                String crc = s.upload.crc32c();
                String md5 = s.upload.md5Hash();
                // A client may send the whole object's hashes with the last chunk.
                for (String hv : c.http.headerValues("X-Goog-Hash")) {
                    for (String part : hv.split(",")) {
                        String p = part.trim();
                        crc = p.startsWith("crc32c=") ? p.substring(7) : crc;
                        md5 = p.startsWith("md5=") ? p.substring(4) : md5;
                    }
                }
                s.done = commit(c.request.bucket(), s.upload.withHashes(crc, md5), s.data.toByteArray());
                s.data.reset();
            }
        }
        c.json(200, GcsResources.object(c.http.baseUrl(), s.done.meta()));
    }

    /**
     * Adds a chunk ({@code Content-Range: bytes a-b/total}, {@code a-b/*}, or {@code * /total} to finish or ask)
     * to the session. A resent chunk keeps what was already persisted. Returns the declared total, -1 while
     * unknown.
     */
    private static long append(Session s, String contentRange, byte[] body) {
        if (contentRange == null) { // a single request carrying the whole object
            s.data.reset();
            s.data.writeBytes(body);
            return body.length;
        }
        Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
        if (!m.matches()) {
            throw new HttpError(400, "invalid", "Invalid Content-Range: " + contentRange);
        }
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (m.group(1) != null) {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (last - first + 1 != body.length || first > s.data.size()) {
                throw new HttpError(400, "invalid", "Content-Range " + contentRange + " does not fit a body of "
                        + body.length + " bytes after " + s.data.size() + " persisted bytes");
            }
            int skip = (int) (s.data.size() - first);
            s.data.write(body, skip, body.length - skip);
        } else if (body.length != 0) {
            throw new HttpError(400, "invalid", "Content-Range " + contentRange + " with a body");
        }
        if (total >= 0 && s.data.size() > total) {
            throw new HttpError(400, "invalid", "More bytes than the declared total " + total);
        }
        return total;
    }

    private static Upload describe(GcsCall c, Insert json, String contentTypeHeader) {
        String n = json.name() != null ? json.name() : c.param("name");
        if (n == null || n.isEmpty()) {
            throw new HttpError(400, "required", "Required object name");
        }
        Map<String, String> metadata = json.metadata() == null ? new TreeMap<>() : new TreeMap<>(json.metadata());
        Map<String, String> conditions = new TreeMap<>(c.http.query());
        conditions.remove("generation"); // names a generation to read; uploads create one
        return new Upload(n, json.contentType() != null ? json.contentType() : contentTypeHeader, metadata,
                json.crc32c(), json.md5Hash(), conditions, c.request);
    }

    /** Checks an upload's hashes and preconditions, then stores it as a new generation. */
    private Stored commit(String bucket, Upload u, byte[] data) {
        String crc = GcsStore.crc32c(data);
        if (u.crc32c() != null && !u.crc32c().equals(crc)) {
            throw new HttpError(400, "invalid", "Provided CRC32C \"" + u.crc32c()
                    + "\" doesn't match calculated CRC32C \"" + crc + "\".");
        }
        String md5 = GcsStore.md5(data);
        if (u.md5Hash() != null && !u.md5Hash().equals(md5)) {
            throw new HttpError(400, "invalid", "Provided MD5 hash \"" + u.md5Hash()
                    + "\" doesn't match calculated MD5 hash \"" + md5 + "\".");
        }
        String ct = u.contentType() == null || u.contentType().isBlank() ? "application/octet-stream"
                : u.contentType();
        synchronized (store) {
            GcsPreconditions.check(u.conditions(), u.request(), store.object(bucket, u.name()), false);
            return store.write(bucket, u.name(), data, ct, u.metadata(), GcsStore.now(), GcsStore.now());
        }
    }

    /** The parts of a multipart/related body: the JSON metadata, then the media. */
    private static List<byte[]> multipart(String contentType, byte[] body) {
        Matcher bm = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (bm == null || !bm.find()) {
            throw new HttpError(400, "invalid", "Multipart upload without a boundary: " + contentType);
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
                throw new HttpError(400, "invalid", "Malformed multipart body");
            }
            // The CRLF before the next delimiter belongs to the delimiter, not the content.
            parts.add(Arrays.copyOfRange(body, contentStart + 4, next - 2));
            at = next;
        }
        if (parts.size() != 2) {
            throw new HttpError(400, "invalid", "A multipart upload has 2 parts, not " + parts.size());
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
}
