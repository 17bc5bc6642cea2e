package dev.litescope.cloud;

import java.net.URI;
import java.util.Optional;

/**
 * Where one Google API's requests go: the root that the API's own paths (such as {@code v2/projects/P/...}) are
 * appended to, and the setting that chose it, when one did.
 *
 * @param api    the API
 * @param root   scheme, host, port and any path prefix, ending in a slash: {@code https://run.googleapis.com/} or
 *               {@code http://127.0.0.1:9400/run/}
 * @param source the environment setting that chose this root, e.g. {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN=…};
 *               empty for the public endpoint
 */
public record ApiEndpoint(GoogleApi api, URI root, Optional<String> source) {
    public ApiEndpoint {
        if (!root.getPath().endsWith("/")) {
            throw new IllegalArgumentException("an API root must end in a slash: " + root);
        }
    }

    /** The public endpoint of {@code api}. */
    public static ApiEndpoint publicEndpoint(GoogleApi api) {
        return new ApiEndpoint(api, URI.create(api.defaultRoot()), Optional.empty());
    }

    /** The URL of {@code path}, one of the API's own paths such as {@code v2/projects/P/locations/R/services}. */
    public String url(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return root + p;
    }

    /** The root without its final slash, for APIs whose code appends {@code /path}: http://host:port/prefix. */
    public String base() {
        String r = root.toString();
        return r.substring(0, r.length() - 1);
    }

    /**
     * Whether requests carry credentials: only over https. A plain-http endpoint is an emulator or a local fake
     * (as with STORAGE_EMULATOR_HOST), and a token never travels in clear text.
     */
    public boolean needsCredentials() {
        return !"http".equalsIgnoreCase(root.getScheme());
    }

    public boolean isOverridden() {
        return source.isPresent();
    }

    /** The name of the variable that chose this endpoint, e.g. STORAGE_EMULATOR_HOST. */
    public Optional<String> sourceVariable() {
        return source.map(s -> s.substring(0, s.indexOf('=')));
    }

    /** For messages: the root, and the setting that chose it. */
    public String describe() {
        return root + source.map(s -> " (from " + s + ")").orElse("");
    }
}
