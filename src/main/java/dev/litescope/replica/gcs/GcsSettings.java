package dev.litescope.replica.gcs;

import dev.litescope.replica.RetryPolicy;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Cloud Storage.
 *
 * @param emulatorHost {@code host:port} of a GCS-compatible server to use over plain HTTP without credentials,
 *                     as Litestream's Go client does with STORAGE_EMULATOR_HOST
 * @param projectId    the project to bill, when the environment names one
 */
public record GcsSettings(Optional<String> emulatorHost, Optional<String> projectId, RetryPolicy retry) {

    /** From environment variables: STORAGE_EMULATOR_HOST, GOOGLE_CLOUD_PROJECT (or GCLOUD_PROJECT). */
    public static GcsSettings fromEnvironment(Map<String, String> env) {
        Optional<String> emulator = Optional.ofNullable(env.get("STORAGE_EMULATOR_HOST")).filter(s -> !s.isBlank());
        Optional<String> project = Optional.ofNullable(env.get("GOOGLE_CLOUD_PROJECT"))
                .or(() -> Optional.ofNullable(env.get("GCLOUD_PROJECT"))).filter(s -> !s.isBlank());
        return new GcsSettings(emulator, project, RetryPolicy.defaults());
    }

    public GcsSettings withRetry(RetryPolicy r) {
        return new GcsSettings(emulatorHost, projectId, r);
    }

    /** The base URL of the emulator, with http:// added when the variable holds only host:port. */
    Optional<String> emulatorUrl() {
        return emulatorHost.map(h -> h.contains("://") ? h : "http://" + h);
    }
}
