package dev.litescope.replica.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.RetryPolicy;
import dev.litescope.util.JsonReader;
import dev.litescope.util.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * A replica in a Cloud Storage bucket, through the JSON API. Object time is {@code timeCreated}, as Litestream
 * uses it. Reads ask for the object generation the listing saw and are checked against its CRC32C, so a
 * restore never mixes versions and never uses damaged bytes.
 *
 * <p>Listings and object bytes go over plain HTTP on the JDK (objects.list with a partial response, and media
 * GETs), authorised by google-auth-library's Application Default Credentials. The google-cloud-storage client
 * is built only when a refusal needs explaining (which permissions the account lacks): on a command that runs a
 * second or two, building it and binding its answers cost more CPU than the requests (516 segments over
 * loopback: 0.9 s against 0.5 s; listing a replica: 0.55 s of CPU before the first request).
 *
 * <p>Transient failures (429, 5xx, a connection reset, a short or damaged body) are retried here with bounded
 * exponential backoff, so that request counts are exact. Permanent failures are explained in terms a user can
 * act on.
 */
public final class GcsObjectStore implements ObjectStore {
    private static final int PAGE_SIZE = 1000;

    private final Credentials credentials;
    /** {host}/storage/v1/b/{bucket}/o */
    private final String apiBase;
    /** {host}/download/storage/v1/b/{bucket}/o/ */
    private final String mediaBase;
    private final String bucket;
    private final String account;
    private final RetryPolicy retry;
    private final RequestCounters counters;
    /** Built on first need, which is only to explain a refusal: a command that succeeds never pays for it. */
    private final Supplier<Storage> client;

    GcsObjectStore(Supplier<Storage> client, Credentials credentials, String host, String bucket, String account,
                   RetryPolicy retry, Optional<RequestCounters> totals) {
        this.counters = new RequestCounters(totals);
        this.client = memoize(client);
        this.credentials = credentials;
        String base = host.replaceAll("/+$", "");
        this.apiBase = base + "/storage/v1/b/" + encode(bucket) + "/o";
        this.mediaBase = base + "/download/storage/v1/b/" + encode(bucket) + "/o/";
        this.bucket = bucket;
        this.account = account;
        this.retry = retry;
    }

    /** Connects to {@code bucket} with the emulator or Application Default Credentials. */
    public static GcsObjectStore connect(String bucket, GcsSettings settings) throws ObjectStoreException {
        return connect(bucket, settings, Optional.empty());
    }

    /** As {@link #connect(String, GcsSettings)}, with every request also counted into {@code totals}. */
    public static GcsObjectStore connect(String bucket, GcsSettings settings, Optional<RequestCounters> totals)
            throws ObjectStoreException {
        Credentials credentials = settings.emulatorUrl().isPresent() ? NoCredentials.getInstance()
                : applicationDefault();
        String host = settings.emulatorUrl().orElse(DEFAULT_HOST);
        Optional<String> project = settings.emulatorUrl().isPresent()
                ? Optional.of(settings.projectId().orElse("litescope"))
                : settings.projectId().or(() -> projectOf(credentials));
        Supplier<Storage> client = () -> {
            StorageOptions.Builder options = StorageOptions.newBuilder().setHost(host).setCredentials(credentials)
                    .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build());
            project.ifPresent(options::setProjectId);
            return options.build().getService();
        };
        return new GcsObjectStore(client, credentials, host, bucket, describe(credentials), settings.retry(), totals);
    }

    private static final String DEFAULT_HOST = "https://storage.googleapis.com";

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    static Credentials applicationDefault() throws ObjectStoreException {
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new ObjectStoreException("no Google Cloud credentials found: run `gcloud auth application-default "
                    + "login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file (it needs "
                    + "storage.objects.list and storage.objects.get on the bucket, e.g. roles/storage.objectViewer). "
                    + "(" + e.getMessage() + ")", e);
        }
    }

    private static Optional<String> projectOf(Credentials c) {
        return c instanceof ServiceAccountCredentials sa ? Optional.ofNullable(sa.getProjectId()) : Optional.empty();
    }

    /** Who the requests run as, for permission messages. Never asks the network. */
    static String describe(Credentials c) {
        if (c instanceof NoCredentials) {
            return "no credentials (STORAGE_EMULATOR_HOST is set)";
        }
        if (c instanceof ServiceAccountCredentials sa) {
            return "service account " + sa.getClientEmail();
        }
        if (c instanceof ImpersonatedCredentials ic) {
            return "impersonated service account " + ic.getAccount();
        }
        if (c instanceof UserCredentials) {
            return "your gcloud application-default user login";
        }
        if (c instanceof ComputeEngineCredentials) {
            return "the metadata server's service account";
        }
        return c.getClass().getSimpleName();
    }

    public String bucket() {
        return bucket;
    }

    public String account() {
        return account;
    }

    @Override
    public Listing list(String prefix, boolean delimited) throws ObjectStoreException {
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Map<String, Object> page = listPage(prefix, delimited, PAGE_SIZE, token);
            addPage(page, objects, prefixes);
            token = nextPageToken(page);
        } while (token.isPresent());
        return new Listing(objects, prefixes);
    }

    @Override
    public Listing listFirst(String prefix, int max) throws ObjectStoreException {
        Map<String, Object> page = listPage(prefix, false, Math.min(max, PAGE_SIZE), Optional.empty());
        List<ObjectInfo> objects = new ArrayList<>();
        addPage(page, objects, new ArrayList<>());
        return new Listing(objects, List.of(), nextPageToken(page).isPresent());
    }

    /**
     * One page of objects.list on the JSON API, asking only for the fields a replica needs (partial response).
     * Answers are small documents parsed by hand: the client library's reflective binding cost more CPU than
     * the listing itself on short commands.
     */
    private Map<String, Object> listPage(String prefix, boolean delimited, int max, Optional<String> token)
            throws ObjectStoreException {
        StringBuilder url = new StringBuilder(apiBase).append("?prefix=").append(encode(prefix))
                .append("&maxResults=").append(max).append("&fields=").append(encode(LIST_FIELDS));
        if (delimited) {
            url.append("&delimiter=%2F");
        }
        token.ifPresent(t -> url.append("&pageToken=").append(encode(t)));
        return call("list gs://" + bucket + "/" + prefix, "storage.objects.list", () -> {
            counters.countList();
            HttpURLConnection c = request(url.toString());
            try (InputStream in = c.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                try {
                    return JsonReader.parseObject(body);
                } catch (IllegalArgumentException e) {
                    // A cut or garbled answer: the network's fault until it happens every time.
                    throw new DamagedDownload("unreadable listing: " + e.getMessage());
                }
            }
        });
    }

    private static final String LIST_FIELDS =
            "items(name,size,timeCreated,updated,generation,crc32c),prefixes,nextPageToken";

    private static Optional<String> nextPageToken(Map<String, Object> page) {
        return Optional.ofNullable(page.get("nextPageToken")).map(Object::toString).filter(t -> !t.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static void addPage(Map<String, Object> page, List<ObjectInfo> objects, List<String> prefixes) {
        if (page.get("items") instanceof List<?> items) {
            for (Object item : items) {
                objects.add(info((Map<String, Object>) item));
            }
        }
        if (page.get("prefixes") instanceof List<?> ps) {
            ps.forEach(p -> prefixes.add(p.toString()));
        }
    }

    /** An object resource; int64 fields arrive as JSON strings. */
    private static ObjectInfo info(Map<String, Object> o) {
        // Every listed object has timeCreated; should a server omit it, its update time is the next best clock.
        Object time = o.get("timeCreated") != null ? o.get("timeCreated") : o.get("updated");
        Instant created = time == null ? Instant.EPOCH : OffsetDateTime.parse(time.toString()).toInstant();
        Object generation = o.get("generation");
        return new ObjectInfo(o.get("name").toString(), longOf(o.get("size")), created,
                generation == null ? OptionalLong.empty() : OptionalLong.of(longOf(generation)),
                Optional.ofNullable(o.get("crc32c")).map(Object::toString));
    }

    private static long longOf(Object v) {
        return v == null ? 0 : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    @Override
    public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
        return call("download " + describe(object.key()), "storage.objects.get", () -> {
            counters.countRead();
            HttpURLConnection c = media(object);
            try (InputStream in = c.getInputStream()) {
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
     * Downloads the object to a temporary file (verified, with retries) and streams it from there, deleting the
     * file on close: a large snapshot is never held in memory and a download that fails half-way is retried whole.
     */
    @Override
    public InputStream open(ObjectInfo object) throws ObjectStoreException {
        Path tmp;
        try {
            tmp = TempFiles.createPrivate("download-", ".tmp");
        } catch (IOException e) {
            throw new ObjectStoreException("cannot create a temporary file for " + describe(object.key()) + ": "
                    + e.getMessage(), e);
        }
        try {
            call("download " + describe(object.key()), "storage.objects.get", () -> {
                downloadTo(object, tmp);
                return null;
            });
            return TempFiles.openDeletingOnClose(tmp);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof ObjectStoreException ose) {
                throw ose;
            }
            throw new ObjectStoreException("cannot read " + describe(object.key()) + ": " + e.getMessage(), e);
        }
    }

    private void downloadTo(ObjectInfo object, Path file) throws IOException {
        counters.countRead();
        CRC32C crc = new CRC32C();
        long n = 0;
        HttpURLConnection c = media(object);
        try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int r;
            while ((r = in.read(buf)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("download cancelled");
                }
                crc.update(buf, 0, r);
                out.write(buf, 0, r);
                counters.countBytes(r);
                n += r;
            }
        }
        verify(object, n, (int) crc.getValue());
    }

    /** A media GET of exactly the listed generation; an HTTP error status becomes an {@link HttpFailure}. */
    private HttpURLConnection media(ObjectInfo object) throws IOException {
        return request(mediaBase + encode(object.key()) + "?alt=media"
                + (object.generation().isPresent() ? "&generation=" + object.generation().getAsLong() : ""));
    }

    /** An authorised GET; an HTTP error status becomes an {@link HttpFailure}. */
    private HttpURLConnection request(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(20_000);
        c.setReadTimeout(60_000);
        if (!(credentials instanceof NoCredentials)) {
            Map<String, List<String>> headers = credentials.getRequestMetadata(URI.create(url));
            if (headers != null) {
                headers.forEach((k, vs) -> vs.forEach(v -> c.addRequestProperty(k, v)));
            }
        }
        int code = c.getResponseCode();
        if (code != 200) {
            String body;
            try (InputStream err = c.getErrorStream()) {
                body = err == null ? "" : new String(err.readNBytes(4096), StandardCharsets.UTF_8);
            }
            throw new HttpFailure(code, errorMessage(body));
        }
        return c;
    }

    /** The "message" of a JSON API error body, or the body's first line. */
    private static String errorMessage(String body) {
        try {
            if (JsonReader.parseObject(body).get("error") instanceof Map<?, ?> error && error.get("message") != null) {
                return error.get("message").toString();
            }
        } catch (IllegalArgumentException notJson) {
            // a proxy's HTML page, or an XML API error: its first line says enough
        }
        return body.lines().findFirst().orElse("");
    }

    /** An HTTP error status from a media GET. */
    static final class HttpFailure extends IOException {
        final int code;

        HttpFailure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static String encode(String s) {
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
            String got = Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt(crc).array());
            if (!got.equals(object.crc32c().get())) {
                throw new DamagedDownload("CRC32C " + got + " does not match the stored " + object.crc32c().get());
            }
        }
    }

    static int crc32c(byte[] data, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(data, off, len);
        return (int) c.getValue();
    }

    /** Runs a request with retries, turning what finally fails into a message naming the object and the fix. */
    private <T> T call(String what, String permission, RetryPolicy.Call<T> request) throws ObjectStoreException {
        try {
            return retry.run(request, GcsObjectStore::isTransient);
        } catch (ObjectStoreException e) {
            throw e;
        } catch (HttpFailure e) {
            throw explain(what, permission, e.code, e.getMessage(), isTransient(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException(what + ": interrupted", e);
        } catch (DamagedDownload e) {
            throw new ObjectStoreException(what + " failed " + retry.maxAttempts() + " times: " + e.getMessage()
                    + "; the stored object may be damaged, or something between here and Cloud Storage alters data", e);
        } catch (Exception e) {
            throw new ObjectStoreException(what + " failed after " + retry.maxAttempts() + " attempts: "
                    + e.getMessage(), e);
        }
    }

    static boolean isTransient(Exception e) {
        if (e instanceof HttpFailure f) {
            return f.code == 408 || f.code == 429 || f.code >= 500;
        }
        // Anything else that is an IOException is a connection refused, reset or cut short: worth another try.
        return e instanceof IOException && !(e instanceof InterruptedIOException)
                && !(e instanceof ObjectStoreException);
    }

    private ObjectStoreException explain(String what, String permission, int code, String message,
                                         boolean wasTransient) {
        String detail = message == null || message.isBlank() ? "" : " (" + message.lines().findFirst().orElse("") + ")";
        String text = switch (code) {
            case 401 -> what + ": the credentials were rejected (" + account + "); run `gcloud auth "
                    + "application-default login` again, or check GOOGLE_APPLICATION_CREDENTIALS" + detail;
            case 403 -> what + ": permission denied for " + account + ", which lacks " + missing(permission)
                    + " on bucket " + bucket + " (grant it roles/storage.objectViewer there)" + detail;
            case 404 -> what.startsWith("list")
                    ? what + ": bucket " + bucket + " does not exist, or is not visible to " + account + detail
                    : what + ": the object is gone (deleted or replaced after it was listed; Litestream's retention "
                    + "removes old objects); list the replica again" + detail;
            case 412 -> what + ": the object changed after it was listed; list the replica again" + detail;
            default -> what + " failed" + (wasTransient ? " after " + retry.maxAttempts() + " attempts" : "")
                    + ": HTTP " + code + detail;
        };
        return new ObjectStoreException(text);
    }

    /**
     * The permissions a replica needs that the account lacks, asked of Cloud Storage (testIamPermissions needs
     * no permission of its own); {@code failed}, the one the refused request needed, when it cannot say.
     */
    private String missing(String failed) {
        List<String> needed = List.of("storage.objects.list", "storage.objects.get");
        try {
            List<Boolean> held = client.get().testIamPermissions(bucket, needed);
            List<String> lacking = new ArrayList<>();
            for (int i = 0; i < needed.size() && i < held.size(); i++) {
                if (!Boolean.TRUE.equals(held.get(i))) {
                    lacking.add(needed.get(i));
                }
            }
            return lacking.isEmpty() ? failed : String.join(" and ", lacking);
        } catch (RuntimeException e) {
            return failed;
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
    public void close() throws IOException {
        // The client exists only if a refusal was explained; its transport holds nothing that needs closing.
    }
}
