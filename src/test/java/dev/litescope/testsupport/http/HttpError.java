package dev.litescope.testsupport.http;

/**
 * An error answer a handler throws: the status, a short machine reason (GCS's {@code reason}, a Google API's
 * {@code status}) and the message a client shows. Each fake renders it in its service's error shape.
 */
public class HttpError extends RuntimeException {
    private final int status;
    private final String reason;

    public HttpError(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
