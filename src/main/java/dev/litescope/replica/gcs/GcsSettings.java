package dev.litescope.replica.gcs;

import dev.litescope.cloud.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Cloud Storage.
 *
 * @param emulatorHost   {@code host:port} of a GCS-compatible server to use over plain HTTP without credentials,
 *                       as Litestream's Go client does with STORAGE_EMULATOR_HOST
 * @param projectId      the project to bill, when the environment names one
 * @param requestTimeout how long one attempt waits for an answer before it is given up and retried
 */
public record GcsSettings(Optional<String> emulatorHost, Optional<String> projectId, RetryPolicy retry,
                          Duration requestTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public GcsSettings(Optional<String> emulatorHost, Optional<String> projectId, RetryPolicy retry) {
        this(emulatorHost, projectId, retry, DEFAULT_TIMEOUT);
    }

    /** From environment variables: STORAGE_EMULATOR_HOST, GOOGLE_CLOUD_PROJECT (or GCLOUD_PROJECT). */
    public static GcsSettings fromEnvironment(Map<String, String> env) {
        Optional<String> emulator = Optional.ofNullable(env.get("STORAGE_EMULATOR_HOST")).filter(s -> !s.isBlank());
        Optional<String> project = Optional.ofNullable(env.get("GOOGLE_CLOUD_PROJECT"))
                .or(() -> Optional.ofNullable(env.get("GCLOUD_PROJECT"))).filter(s -> !s.isBlank());
        return new GcsSettings(emulator, project, RetryPolicy.defaults());
    }

    public GcsSettings withRetry(RetryPolicy r) {
        return new GcsSettings(emulatorHost, projectId, r, requestTimeout);
    }

    public GcsSettings withRequestTimeout(Duration timeout) {
        return new GcsSettings(emulatorHost, projectId, retry, timeout);
    }

    /** The base URL of the emulator, with http:// added when the variable holds only host:port. */
    Optional<String> emulatorUrl() {
        return emulatorHost.map(h -> h.contains("://") ? h : "http://" + h);
    }
}
