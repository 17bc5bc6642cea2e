package dev.litescope.replica.gcs;

import com.google.auth.Credentials;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.ApplicationDefaultCredentials;
import dev.litescope.cloud.Failures;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.RequestCounters;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A replica in a Cloud Storage bucket, through the JSON API. Object time is {@code timeCreated}, as Litestream
 * uses it. Reads ask for the object generation the listing saw and are checked against its CRC32C, so a
 * restore never mixes versions and never uses damaged bytes.
 *
 * <p>Listings (with a partial response, parsed as a stream) and media GETs go through the shared
 * {@link GoogleHttp} client; a refusal is explained by {@link GcsRefusals}. Transient failures (429, 5xx, a
 * connection reset, a read timeout, a short or damaged body) are retried here with bounded exponential backoff,
 * so that request counts are exact.
 */
public final class GcsObjectStore implements ObjectStore {
    private static final int PAGE_SIZE = 1000;
    /** A snapshot read ahead ({@link #openAhead}): 4 MiB slices, four at once, so 16 MiB held at most. */
    static final int SLICE_BYTES = 4 << 20;
    static final int SLICES_AHEAD = 4;
    static final String NEEDS = "storage.objects.list and storage.objects.get on the bucket, e.g. "
            + "roles/storage.objectViewer";

    private final GoogleHttp http;
    private final String endpoint;
    /** {endpoint}/storage/v1/b/{bucket}/o */
    private final String apiBase;
    /** {endpoint}/download/storage/v1/b/{bucket}/o/ */
    private final String mediaBase;
    private final String bucket;
    private final RetryPolicy retry;
    private final RequestCounters counters;
    private final GcsRefusals refusals;
    /** How long a body may send nothing before the read gives up on it (and is retried or resumed). */
    private final Duration stallLimit;

    GcsObjectStore(GoogleHttp http, ApiEndpoint endpoint, String bucket, GcsSettings settings,
                   Optional<RequestCounters> totals) {
        this.http = http;
        this.counters = new RequestCounters(totals);
        this.endpoint = endpoint.base();
        this.apiBase = this.endpoint + "/storage/v1/b/" + encode(bucket) + "/o";
        this.mediaBase = this.endpoint + "/download/storage/v1/b/" + encode(bucket) + "/o/";
        this.bucket = bucket;
        this.retry = settings.retry();
        this.stallLimit = settings.requestTimeout();
        String account = http.credentials().map(ApplicationDefaultCredentials::describe)
                .orElse("no credentials (" + endpoint.sourceVariable().orElse("a plain-http endpoint") + " is set)");
        this.refusals = new GcsRefusals(http, this.endpoint, bucket, account, endpoint);
    }

    /** Connects to {@code bucket} with the emulator or Application Default Credentials. */
    public static GcsObjectStore connect(String bucket, GcsSettings settings) throws ObjectStoreException {
        return connect(bucket, settings, Optional.empty());
    }

    /** As {@link #connect(String, GcsSettings)}, with every request also counted into {@code totals}. */
    public static GcsObjectStore connect(String bucket, GcsSettings settings, Optional<RequestCounters> totals)
            throws ObjectStoreException {
        ApiEndpoint endpoint;
        try {
            endpoint = settings.endpoint();
        } catch (IllegalArgumentException e) {
            throw new ObjectStoreException("cannot reach Cloud Storage: " + e.getMessage(), e);
        }
        try {
            GoogleHttp http = GoogleHttp.forEndpoint(endpoint, GcsObjectStore::applicationDefault,
                    settings.requestTimeout());
            return new GcsObjectStore(http, endpoint, bucket, settings, totals);
        } catch (ObjectStoreException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            throw new ObjectStoreException("cannot reach Cloud Storage at " + endpoint.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    static Credentials applicationDefault() throws ObjectStoreException {
        try {
            return ApplicationDefaultCredentials.find(NEEDS);
        } catch (ApplicationDefaultCredentials.Missing e) {
            throw new ObjectStoreException(e.getMessage(), e);
        }
    }

    /** Who the requests run as, for permission messages. Never asks the network. */
    static String describe(Credentials c) {
        return ApplicationDefaultCredentials.describe(c);
    }

    public String bucket() {
        return bucket;
    }

    public String account() {
        return refusals.account();
    }

    /** The server this store talks to, e.g. https://storage.googleapis.com or an emulator's http://host:port. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Listing list(String prefix, boolean delimited) throws ObjectStoreException {
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            token = listPage(prefix, "", delimited, PAGE_SIZE, token, objects, prefixes);
        } while (token.isPresent());
        return new Listing(objects, prefixes);
    }

    @Override
    public Listing listRange(String prefix, String startOffset, String endOffset) throws ObjectStoreException {
        String range = offsets(startOffset, endOffset);
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            token = listPage(prefix, range, false, PAGE_SIZE, token, objects, prefixes);
        } while (token.isPresent());
        return new Listing(objects, prefixes);
    }

    @Override
    public Listing listFrom(String prefix, String startOffset, String endOffset, int max)
            throws ObjectStoreException {
        List<ObjectInfo> objects = new ArrayList<>();
        Optional<String> token = listPage(prefix, offsets(startOffset, endOffset), false, Math.min(max, PAGE_SIZE),
                Optional.empty(), objects, new ArrayList<>());
        return new Listing(objects, List.of(), token.isPresent());
    }

    @Override
    public Listing listFirstDelimited(String prefix) throws ObjectStoreException {
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Optional<String> token = listPage(prefix, "", true, PAGE_SIZE, Optional.empty(), objects, prefixes);
        return new Listing(objects, prefixes, token.isPresent());
    }

    @Override
    public boolean listsByRequest() {
        return true;
    }

    @Override
    public boolean readsAcrossNetwork(ObjectInfo object) {
        return true;
    }

    private static String offsets(String startOffset, String endOffset) {
        StringBuilder range = new StringBuilder();
        if (!startOffset.isEmpty()) {
            range.append("&startOffset=").append(encode(startOffset));
        }
        if (!endOffset.isEmpty()) {
            range.append("&endOffset=").append(encode(endOffset));
        }
        return range.toString();
    }

    @Override
    public Listing listFirst(String prefix, int max) throws ObjectStoreException {
        List<ObjectInfo> objects = new ArrayList<>();
        Optional<String> token = listPage(prefix, "", false, Math.min(max, PAGE_SIZE), Optional.empty(), objects,
                new ArrayList<>());
        return new Listing(objects, List.of(), token.isPresent());
    }

    /**
     * One page of objects.list, asking only for the fields a replica needs (partial response). A page that
     * fails half-way adds nothing: it is read into lists of its own first. {@code range} is empty or the
     * startOffset/endOffset query parameters of a ranged listing.
     */
    private Optional<String> listPage(String prefix, String range, boolean delimited, int max,
                                      Optional<String> token, List<ObjectInfo> objects, List<String> prefixes)
            throws ObjectStoreException {
        StringBuilder url = new StringBuilder(apiBase).append("?prefix=").append(encode(prefix))
                .append("&maxResults=").append(max).append("&fields=").append(encode(LIST_FIELDS)).append(range);
        if (delimited) {
            url.append("&delimiter=%2F");
        }
        token.ifPresent(t -> url.append("&pageToken=").append(encode(t)));
        return call("list gs://" + bucket + "/" + prefix, "storage.objects.list", () -> {
            counters.countList();
            List<ObjectInfo> pageObjects = new ArrayList<>();
            List<String> pagePrefixes = new ArrayList<>();
            Optional<String> next;
            try (InputStream in = http.get(url.toString()).body()) {
                next = ListPage.read(in, pageObjects, pagePrefixes);
            } catch (ListPage.Unreadable e) {
                // A cut or garbled answer: the network's fault until it happens every time.
                throw new DamagedDownload("unreadable listing: " + e.getMessage());
            }
            objects.addAll(pageObjects);
            prefixes.addAll(pagePrefixes);
            return next;
        });
    }

    private static final String LIST_FIELDS =
            "items(name,size,timeCreated,updated,generation,crc32c,metadata),prefixes,nextPageToken";

    @Override
    public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
        return call("download " + describe(object.key()), "storage.objects.get", () -> {
            counters.countRead();
            try (InputStream in = media(object)) {
                // Straight into an array of the listed size: no growing buffers to copy between. A body longer
                // than listed shows as one byte more; a shorter one as fewer bytes read.
                int size = (int) Math.min(Integer.MAX_VALUE - 8, object.size());
                byte[] data = new byte[size];
                int n = in.readNBytes(data, 0, size);
                long length = n < size || in.read() < 0 ? n : (long) size + 1;
                counters.countBytes(length);
                verify(object, length, crc32c(data, 0, n));
                return data;
            }
        });
    }

    /**
     * Streams the object from Cloud Storage: a large snapshot is neither held in memory nor written to disk first.
     * Its size and CRC32C are checked over the stream, at its end ({@link MediaStream}: a mismatch is a
     * {@code DamagedReadException} for the caller to read again), and a body that breaks off
     * part-way is resumed with a ranged GET of the same generation.
     */
    @Override
    public InputStream open(ObjectInfo object) throws ObjectStoreException {
        String name = describe(object.key());
        return new MediaStream(object, name, from -> call("download " + name, "storage.objects.get", () -> {
            counters.countRead();
            return media(object, from);
        }), counters, retry.maxAttempts());
    }

    /**
     * Slices of {@link #SLICE_BYTES}, at most {@link #SLICES_AHEAD} (and {@code connections}) downloading or held
     * at once ({@link SlicedMediaStream}); an object of two slices or fewer streams as {@link #open} does.
     */
    @Override
    public InputStream openAhead(ObjectInfo object, int connections) throws ObjectStoreException {
        int ahead = Math.min(SLICES_AHEAD, connections);
        if (ahead < 2 || object.size() <= 2L * SLICE_BYTES) {
            return open(object);
        }
        String name = describe(object.key());
        return new SlicedMediaStream(object, name, (from, length, into) -> call("download bytes " + from + " to "
                + (from + length - 1) + " of " + name, "storage.objects.get", () -> {
                    counters.countRead();
                    range(object, from, length, into);
                    return null;
                }), SLICE_BYTES, ahead);
    }

    /**
     * Exactly the bytes {@code from} to {@code from + length - 1}, into {@code into}; fewer is a damaged download,
     * read again.
     */
    private void range(ObjectInfo object, long from, int length, byte[] into)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.get(mediaUrl(object), "Range", "bytes=" + from + "-" + (from + length - 1));
        try (InputStream body = new StallGuard(r.body(), stallLimit, describe(object.key()))) {
            if (r.statusCode() != 206) {
                body.skipNBytes(from);
            }
            int n = body.readNBytes(into, 0, length);
            counters.countBytes(n);
            if (n < length) {
                throw new DamagedDownload("received " + n + " of the " + length + " bytes from " + from);
            }
        }
    }

    /** One ranged GET of the first bytes (a server that ignores the range sends the whole, read only so far). */
    @Override
    public byte[] readHead(ObjectInfo object, int length) throws ObjectStoreException {
        return call("read the start of " + describe(object.key()), "storage.objects.get", () -> {
            counters.countRead();
            if (length == 0) {
                return new byte[0];
            }
            try (InputStream in = http.get(mediaUrl(object), "Range", "bytes=0-" + (length - 1)).body()) {
                byte[] head = in.readNBytes(length);
                counters.countBytes(head.length);
                return head;
            }
        });
    }

    /** A media GET of exactly the listed generation. */
    private InputStream media(ObjectInfo object) throws IOException, InterruptedException {
        return new StallGuard(http.get(mediaUrl(object)).body(), stallLimit, describe(object.key()));
    }

    /** The media from byte {@code from} on: a ranged GET, or the whole body skipped to it where a server ignores
     * the range. */
    private InputStream media(ObjectInfo object, long from) throws IOException, InterruptedException {
        if (from == 0) {
            return media(object);
        }
        HttpResponse<InputStream> r = http.get(mediaUrl(object), "Range", "bytes=" + from + "-");
        InputStream body = new StallGuard(r.body(), stallLimit, describe(object.key()));
        if (r.statusCode() != 206) {
            body.skipNBytes(from);
        }
        return body;
    }

    private String mediaUrl(ObjectInfo object) {
        return mediaBase + encode(object.key()) + "?alt=media"
                + (object.generation().isPresent() ? "&generation=" + object.generation().getAsLong() : "");
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A body that is short or fails its checksum: the network's fault until it happens every time. */
    static final class DamagedDownload extends IOException {
        DamagedDownload(String message) {
            super(message);
        }
    }

    private void verify(ObjectInfo object, long length, int crc) throws DamagedDownload {
        if (length != object.size()) {
            throw new DamagedDownload("received " + length + " of " + object.size() + " bytes");
        }
        if (object.crc32c().isPresent()) {
            String got = crc32cBase64(crc);
            if (!got.equals(object.crc32c().get())) {
                throw new DamagedDownload("CRC32C " + got + " does not match the stored " + object.crc32c().get());
            }
        }
    }

    /** A CRC32C as Cloud Storage writes it: the four big-endian bytes in base64. */
    public static String crc32cBase64(int crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt(crc).array());
    }

    static int crc32c(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return (int) c.getValue();
    }

    /** Runs a request with retries, turning what finally fails into a message naming the object and the fix. */
    private <T> T call(String what, String permission, RetryPolicy.Call<T> request) throws ObjectStoreException {
        try {
            return retry.run(request, e -> !(e instanceof ObjectStoreException)
                    && (e instanceof DamagedDownload || Failures.isTransient(e)));
        } catch (RetryPolicy.Failed f) {
            throw refusals.explain(what, permission, f.last(), f.attempts());
        }
    }

    @Override
    public String describe(String key) {
        return "gs://" + bucket + "/" + key;
    }

    @Override
    public RequestCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        // The HTTP client is shared by the process; a store holds nothing of its own.
    }
}
