package dev.litescope.replica.gcs;

import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.ApiEndpoints;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.RetryPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Cloud Storage.
 *
 * @param emulatorHost     {@code host:port} of a GCS-compatible server to use over plain HTTP without
 *                         credentials, as Litestream's Go client does with STORAGE_EMULATOR_HOST
 * @param projectId        the project to bill, when the environment names one
 * @param requestTimeout   how long one attempt waits for an answer before it is given up and retried
 * @param endpointOverride gcloud's CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE, used when there is no emulator host
 */
public record GcsSettings(Optional<String> emulatorHost, Optional<String> projectId, RetryPolicy retry,
                          Duration requestTimeout, Optional<String> endpointOverride) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public GcsSettings(Optional<String> emulatorHost, Optional<String> projectId, RetryPolicy retry) {
        this(emulatorHost, projectId, retry, DEFAULT_TIMEOUT);
    }

    public GcsSettings(Optional<String> emulatorHost, Optional<String> projectId, RetryPolicy retry,
                       Duration requestTimeout) {
        this(emulatorHost, projectId, retry, requestTimeout, Optional.empty());
    }

    /**
     * From environment variables: STORAGE_EMULATOR_HOST, CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE,
     * GOOGLE_CLOUD_PROJECT (or GCLOUD_PROJECT).
     */
    public static GcsSettings fromEnvironment(Map<String, String> env) {
        Optional<String> emulator = nonBlank(env.get(ApiEndpoints.STORAGE_EMULATOR_HOST));
        Optional<String> project = nonBlank(env.get("GOOGLE_CLOUD_PROJECT"))
                .or(() -> nonBlank(env.get("GCLOUD_PROJECT")));
        return new GcsSettings(emulator, project, RetryPolicy.defaults(), DEFAULT_TIMEOUT,
                nonBlank(env.get(GoogleApi.STORAGE.overrideVariable())));
    }

    private static Optional<String> nonBlank(String s) {
        return Optional.ofNullable(s).filter(v -> !v.isBlank());
    }

    public GcsSettings withRetry(RetryPolicy r) {
        return new GcsSettings(emulatorHost, projectId, r, requestTimeout, endpointOverride);
    }

    public GcsSettings withRequestTimeout(Duration timeout) {
        return new GcsSettings(emulatorHost, projectId, retry, timeout, endpointOverride);
    }

    /**
     * Where Cloud Storage is reached, by the rules of {@link ApiEndpoints}: the emulator host, else the override,
     * else storage.googleapis.com.
     *
     * @throws IllegalArgumentException when the setting is not a usable URL; the message names it
     */
    public ApiEndpoint endpoint() {
        Map<String, String> env = new HashMap<>();
        emulatorHost.ifPresent(h -> env.put(ApiEndpoints.STORAGE_EMULATOR_HOST, h));
        endpointOverride.ifPresent(o -> env.put(GoogleApi.STORAGE.overrideVariable(), o));
        return ApiEndpoints.fromEnvironment(env).of(GoogleApi.STORAGE);
    }
}
