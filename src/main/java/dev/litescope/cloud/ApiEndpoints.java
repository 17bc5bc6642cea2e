package dev.litescope.cloud;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where each Google API is reached, by gcloud's own convention, so that one environment points gcloud and
 * Litescope at the same servers (a local fake, a proxy, a regional endpoint).
 *
 * <p>{@code CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>} replaces the scheme, host, port and any path prefix in front of
 * the API's own paths: with {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN=http://127.0.0.1:9400/run/} a service is
 * read at {@code http://127.0.0.1:9400/run/v2/projects/P/locations/R/services/S}. A value that already ends in
 * one of the API's version paths (gcloud's own default for storage is {@code https://storage.googleapis.com/
 * storage/v1/}) has it taken off, as the paths bring their own. For storage, {@code STORAGE_EMULATOR_HOST}
 * ({@code host:port}, or a URL) comes first, because it is what Litestream and Google's client libraries read:
 * Litescope then reads the replica where Litestream writes it.
 *
 * <p>A value that is not an http or https URL with a host is refused when that API is first asked for, with
 * the variable named, so that a bad setting for one API does not stop the others.
 */
public final class ApiEndpoints {
    /** The storage emulator variable of Google's client libraries and Litestream. */
    public static final String STORAGE_EMULATOR_HOST = "STORAGE_EMULATOR_HOST";

    private final Map<String, String> env;

    private ApiEndpoints(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The endpoints the environment {@code env} names; unset or blank variables mean the public endpoints. */
    public static ApiEndpoints fromEnvironment(Map<String, String> env) {
        return new ApiEndpoints(env);
    }

    /** Every API at its public endpoint. */
    public static ApiEndpoints publicEndpoints() {
        return new ApiEndpoints(Map.of());
    }

    /**
     * Where {@code api} is reached.
     *
     * @throws IllegalArgumentException when its variable holds something other than an http(s) URL with a host;
     *                                  the message names the variable and the expected form
     */
    public ApiEndpoint of(GoogleApi api) {
        if (api == GoogleApi.STORAGE) {
            Optional<String> emulator = value(STORAGE_EMULATOR_HOST);
            if (emulator.isPresent()) {
                String v = emulator.get();
                String url = v.contains("://") ? v : "http://" + v;
                return parse(api, STORAGE_EMULATOR_HOST, v, url);
            }
        }
        String variable = api.overrideVariable();
        return value(variable).map(v -> parse(api, variable, v, v)).orElseGet(() -> ApiEndpoint.publicEndpoint(api));
    }

    private Optional<String> value(String variable) {
        return Optional.ofNullable(env.get(variable)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static ApiEndpoint parse(GoogleApi api, String variable, String value, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused(api, variable, value, "it is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(api, variable, value, "it must start with https:// (or http:// for a local server)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused(api, variable, value, "it names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw refused(api, variable, value, "it may hold only a scheme, host, port and path");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        path = path.replaceAll("/{2,}", "/");
        if (!path.endsWith("/")) {
            path += "/";
        }
        for (String version : api.versionPaths()) {
            if (path.endsWith("/" + version + "/")) {
                path = path.substring(0, path.length() - version.length() - 1);
                break;
            }
        }
        String authority = uri.getRawAuthority();
        return new ApiEndpoint(api, URI.create(scheme + "://" + authority + path),
                Optional.of(variable + "=" + value));
    }

    private static IllegalArgumentException refused(GoogleApi api, String variable, String value, String why) {
        return new IllegalArgumentException(variable + "=" + value + " cannot be used for " + api.serviceName()
                + ": " + why + "; set it to a URL such as https://" + api.serviceName() + "/ or "
                + "http://127.0.0.1:9400/" + api + "/, or unset it to use Google's endpoint");
    }
}
