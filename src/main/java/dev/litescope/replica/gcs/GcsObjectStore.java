package dev.litescope.replica.gcs;

import com.google.api.gax.paging.Page;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.RetryPolicy;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A replica in a Cloud Storage bucket, through the JSON API. Object time is {@code timeCreated}, as Litestream
 * uses it. Reads ask for the object generation the listing saw and are checked against its CRC32C, so a
 * restore never mixes versions and never uses damaged bytes.
 *
 * <p>Transient failures (429, 5xx, a connection reset, a short or damaged body) are retried here with bounded
 * exponential backoff; the client library's own retries are off so that request counts are exact. Permanent
 * failures are explained in terms a user can act on.
 */
public final class GcsObjectStore implements ObjectStore {
    private static final int PAGE_SIZE = 1000;

    private final Storage storage;
    private final String bucket;
    private final String account;
    private final RetryPolicy retry;
    private final RequestCounters counters = new RequestCounters();

    GcsObjectStore(Storage storage, String bucket, String account, RetryPolicy retry) {
        this.storage = storage;
        this.bucket = bucket;
        this.account = account;
        this.retry = retry;
    }

    /** Connects to {@code bucket} with the emulator or Application Default Credentials. */
    public static GcsObjectStore connect(String bucket, GcsSettings settings) throws ObjectStoreException {
        StorageOptions.Builder options = StorageOptions.newBuilder()
                .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build());
        Credentials credentials;
        if (settings.emulatorUrl().isPresent()) {
            options.setHost(settings.emulatorUrl().get());
            credentials = NoCredentials.getInstance();
            options.setProjectId(settings.projectId().orElse("litescope"));
        } else {
            credentials = applicationDefault();
            settings.projectId().or(() -> projectOf(credentials)).ifPresent(options::setProjectId);
        }
        options.setCredentials(credentials);
        return new GcsObjectStore(options.build().getService(), bucket, describe(credentials), settings.retry());
    }

    private static Credentials applicationDefault() throws ObjectStoreException {
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
        String where = "gs://" + bucket + "/" + prefix;
        Page<Blob> page = call("list " + where, "storage.objects.list", () -> {
            counters.countList();
            return delimited
                    ? storage.list(bucket, Storage.BlobListOption.prefix(prefix),
                            Storage.BlobListOption.currentDirectory(), Storage.BlobListOption.pageSize(PAGE_SIZE))
                    : storage.list(bucket, Storage.BlobListOption.prefix(prefix),
                            Storage.BlobListOption.pageSize(PAGE_SIZE));
        });
        while (true) {
            for (Blob b : page.getValues()) {
                if (b.isDirectory()) {
                    prefixes.add(b.getName());
                } else {
                    objects.add(info(b));
                }
            }
            if (!page.hasNextPage()) {
                break;
            }
            Page<Blob> current = page;
            page = call("list " + where, "storage.objects.list", () -> {
                counters.countList();
                return current.getNextPage();
            });
        }
        return new Listing(objects, prefixes);
    }

    private static ObjectInfo info(Blob b) {
        Instant created = b.getCreateTimeOffsetDateTime() != null
                ? b.getCreateTimeOffsetDateTime().toInstant()
                : Instant.ofEpochMilli(b.getCreateTime());
        return new ObjectInfo(b.getName(), b.getSize() == null ? 0 : b.getSize(), created,
                b.getGeneration() == null ? OptionalLong.empty() : OptionalLong.of(b.getGeneration()),
                Optional.ofNullable(b.getCrc32c()));
    }

    @Override
    public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
        return call("download " + describe(object.key()), "storage.objects.get", () -> {
            counters.countRead();
            byte[] data = storage.readAllBytes(blobId(object));
            counters.countBytes(data.length);
            verify(object, data.length, crc32c(data, 0, data.length));
            return data;
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
            tmp = Files.createTempFile("litescope-", ".download");
        } catch (IOException e) {
            throw new ObjectStoreException("cannot create a temporary file for " + describe(object.key()) + ": "
                    + e.getMessage(), e);
        }
        try {
            call("download " + describe(object.key()), "storage.objects.get", () -> {
                downloadTo(object, tmp);
                return null;
            });
            InputStream in = Files.newInputStream(tmp);
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            };
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
        try (ReadChannel reader = storage.reader(blobId(object));
             OutputStream out = Files.newOutputStream(file)) {
            reader.setChunkSize(4 << 20);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            int r;
            while ((r = reader.read(buf)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("download cancelled");
                }
                buf.flip();
                crc.update(buf.array(), 0, buf.limit());
                out.write(buf.array(), 0, buf.limit());
                counters.countBytes(buf.limit());
                n += buf.limit();
                buf.clear();
            }
        }
        verify(object, n, (int) crc.getValue());
    }

    private BlobId blobId(ObjectInfo object) {
        return object.generation().isPresent()
                ? BlobId.of(bucket, object.key(), object.generation().getAsLong())
                : BlobId.of(bucket, object.key());
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
        } catch (StorageException e) {
            throw explain(what, permission, e);
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
        if (e instanceof StorageException se) {
            int code = se.getCode();
            return code == 0 || code == 408 || code == 429 || code >= 500 || se.getCause() instanceof IOException;
        }
        return e instanceof IOException && !(e instanceof InterruptedIOException)
                && !(e instanceof ObjectStoreException);
    }

    private ObjectStoreException explain(String what, String permission, StorageException e) {
        int code = e.getCode();
        String detail = e.getMessage() == null ? "" : " (" + e.getMessage().lines().findFirst().orElse("") + ")";
        String message = switch (code) {
            case 401 -> what + ": the credentials were rejected (" + account + "); run `gcloud auth "
                    + "application-default login` again, or check GOOGLE_APPLICATION_CREDENTIALS" + detail;
            case 403 -> what + ": permission denied for " + account + ", which lacks " + permission
                    + " on bucket " + bucket + " (grant it roles/storage.objectViewer there)" + detail;
            case 404 -> what.startsWith("list")
                    ? what + ": bucket " + bucket + " does not exist, or is not visible to " + account + detail
                    : what + ": the object is gone (deleted or replaced after it was listed; Litestream's retention "
                    + "removes old objects); list the replica again" + detail;
            case 412 -> what + ": the object changed after it was listed; list the replica again" + detail;
            default -> what + " failed" + (isTransient(e) ? " after " + retry.maxAttempts() + " attempts" : "")
                    + ": HTTP " + code + detail;
        };
        return new ObjectStoreException(message, e);
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
        try {
            storage.close();
        } catch (Exception e) {
            throw new IOException("closing the storage client: " + e.getMessage(), e);
        }
    }
}
