package dev.litescope.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The error body every Google JSON API answers a refusal with: {@code {"error": {code, message, status,
 * details}}}. {@code status} is the canonical name (PERMISSION_DENIED, NOT_FOUND, …), absent from some older
 * APIs such as Cloud Storage's.
 */
public record GoogleError(int code, String message, Optional<String> status, List<JsonNode> details) {

    private record Body(Inner error) {
    }

    private record Inner(Integer code, String message, String status, List<JsonNode> details) {
    }

    /** The error in {@code body}, or empty when it is not a Google error document (a proxy's page, XML). */
    public static Optional<GoogleError> parse(byte[] body) {
        try {
            Body b = JsonMapper.MAPPER.readValue(body, Body.class);
            if (b == null || b.error() == null || b.error().message() == null) {
                return Optional.empty();
            }
            Inner e = b.error();
            return Optional.of(new GoogleError(e.code() == null ? 0 : e.code(), e.message(),
                    Optional.ofNullable(e.status()), e.details() == null ? List.of() : e.details()));
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
