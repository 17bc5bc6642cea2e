package dev.litescope.testsupport.gcs;

import com.sun.net.httpserver.Headers;
import dev.litescope.testsupport.gcs.GcsStore.Stored;
import dev.litescope.testsupport.http.Faults;
import dev.litescope.testsupport.http.HttpError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reads of {@link LoopbackGcs}: listings (prefix, delimiter, offsets, matchGlob, pages of at most 1000
 * entries with opaque tokens, a partial response by {@code fields}) and object gets (metadata or media, whole or
 * a {@code Range}, with the headers the Go client checks), under the generation preconditions.
 */
final class GcsReads {
    private static final int MAX_PAGE = 1000;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final LoopbackGcs server;
    private final GcsStore store;

    GcsReads(LoopbackGcs server, GcsStore store) {
        this.server = server;
        this.store = store;
    }

    void list(GcsCall c, String bucket) throws IOException {
        String prefix = Optional.ofNullable(c.param("prefix")).orElse("");
        String delimiter = c.param("delimiter");
        String end = c.param("endOffset");
        long max = Optional.ofNullable(GcsPreconditions.number(c.http.query(), c.request, "maxResults", null))
                .orElse((long) MAX_PAGE);
        if (max < 0) {
            throw new HttpError(400, "invalid", "Invalid value for maxResults: " + max);
        }
        max = max == 0 ? MAX_PAGE : Math.min(max, MAX_PAGE);
        Pattern glob = c.param("matchGlob") == null ? null : MatchGlob.compile(c.param("matchGlob"));
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
                throw new HttpError(400, "invalid", "Invalid pageToken");
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
            for (Stored s : GcsRoutes.bucket(store, bucket).objects().tailMap(from, true).values()) {
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
        String base = c.http.baseUrl();
        String encodedToken = nextToken == null ? null : Base64.getUrlEncoder().withoutPadding()
                .encodeToString(nextToken.getBytes(StandardCharsets.UTF_8));
        if (c.param("fields") != null) {
            c.json(200, ListFields.parse(c.param("fields")).page(base, encodedToken, prefixes, items));
            return;
        }
        c.json(200, new GcsResources.ObjectList("storage#objects", encodedToken,
                prefixes, items.stream().map(m -> GcsResources.object(base, m)).toList()));
    }

    void get(GcsCall c, String bucket, String name, boolean media) throws IOException {
        Stored s;
        synchronized (store) {
            s = GcsRoutes.bucket(store, bucket).objects().get(name);
            if (s == null) {
                throw new HttpError(404, "notFound", "No such object: " + bucket + "/" + name);
            }
            GcsPreconditions.check(c.http.query(), c.request, s, true);
        }
        if (!media) {
            c.json(200, GcsResources.object(c.http.baseUrl(), s.meta()));
            return;
        }
        ObjectMeta m = s.meta();
        Headers h = c.http.responseHeaders();
        h.set("Content-Type", m.contentType());
        h.set("Last-Modified", GcsResources.HTTP_DATE.format(m.updated()));
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
                    throw new HttpError(416, "requestedRangeNotSatisfiable", "Request range not satisfiable");
                }
                from = (int) first;
                if (!range.group(2).isEmpty()) {
                    to = (int) Math.min(Long.parseLong(range.group(2)) + 1, data.length);
                }
            }
            status = 206;
            h.set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + data.length);
        }
        if (c.http.isHead()) {
            h.set("Content-Length", Integer.toString(to - from));
        }
        if (to > from && !c.http.isHead() && server.faults().take(Faults.Type.CORRUPT, c.request).isPresent()) {
            byte[] body = Arrays.copyOfRange(data, from, to);
            body[body.length / 2] ^= (byte) 0xFF;
            server.mediaServed(c.send(status, body));
            return;
        }
        // The range is sent out of the stored bytes: a copy of each ranged read of a large object (a resumed
        // snapshot) was an allocation of up to its size, which the server's heap did not always have.
        server.mediaServed(c.send(status, data, from, to - from));
    }
}
