package dev.litescope.cloud;

import java.util.List;
import java.util.Locale;

/**
 * The Google APIs Litescope calls, each with gcloud's name for it (the suffix of
 * {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>}), its public root URL and the version paths its own paths start
 * with, newest first.
 */
public enum GoogleApi {
    RUN("run", "v2", "v1"),
    CLOUDBUILD("cloudbuild", "v1"),
    IAM("iam", "v1"),
    SERVICEUSAGE("serviceusage", "v1"),
    ARTIFACTREGISTRY("artifactregistry", "v1"),
    /** Storage's JSON API paths carry the version after a first segment: storage/v1, upload/storage/v1. */
    STORAGE("storage", "storage/v1"),
    LOGGING("logging", "v2"),
    MONITORING("monitoring", "v3"),
    CLOUDRESOURCEMANAGER("cloudresourcemanager", "v3", "v1");

    private final String host;
    private final List<String> versionPaths;

    GoogleApi(String service, String... versionPaths) {
        this.host = service + ".googleapis.com";
        this.versionPaths = List.of(versionPaths);
    }

    /** The environment variable gcloud reads to send this API's requests elsewhere. */
    public String overrideVariable() {
        return "CLOUDSDK_API_ENDPOINT_OVERRIDES_" + name();
    }

    /** The service name, as Service Usage enables it and as error details name it: run.googleapis.com. */
    public String serviceName() {
        return host;
    }

    /** The public endpoint, ending in a slash: https://run.googleapis.com/. */
    public String defaultRoot() {
        return "https://" + host + "/";
    }

    /** The version paths this API's own paths may start with, without slashes: v2, v1. */
    public List<String> versionPaths() {
        return versionPaths;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
