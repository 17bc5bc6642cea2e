package dev.litescope.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;

/** Reading a resource that may not exist: a 404 is an answer ("there is none"), not a failure. */
public final class Lookups {
    private Lookups() {
    }

    /** The JSON at {@code url}, or empty when the API answers 404; transient failures are retried. */
    public static Optional<JsonNode> getIfExists(GoogleHttp http, RetryPolicy retry, String url)
            throws IOException, InterruptedException {
        try {
            return Optional.of(retry.runIo(() -> http.getJson(url, JsonNode.class)));
        } catch (GoogleApiException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
