package dev.litescope.monitor;

import java.io.IOException;

/** The Cloud Run service to monitor does not exist; the message says where it was looked for and what to do. */
public final class MissingServiceException extends IOException {
    public MissingServiceException(String message) {
        super(message);
    }
}
