package dev.litescope.cloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A Google API answered with an HTTP error status. The message is the API's own (from its error body), or the
 * body's first line when it sent no Google error document.
 */
public final class GoogleApiException extends IOException {
    private final int httpStatus;
    private final Optional<GoogleError> error;

    public GoogleApiException(int httpStatus, byte[] body) {
        this(httpStatus, GoogleError.parse(body), new String(body, StandardCharsets.UTF_8));
    }

    private GoogleApiException(int httpStatus, Optional<GoogleError> error, String raw) {
        super(error.map(GoogleError::message).orElse(raw.lines().findFirst().orElse("")));
        this.httpStatus = httpStatus;
        this.error = error;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Optional<GoogleError> error() {
        return error;
    }

    /** 408, 429 and 5xx: the service asks to be tried again later. */
    public boolean isTransient() {
        return httpStatus == 408 || httpStatus == 429 || httpStatus >= 500;
    }
}
