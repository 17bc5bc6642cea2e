package dev.litescope.monitor;

import dev.litescope.cloud.GoogleApiException;
import java.io.IOException;

/** A Google API refused one of the monitor's reads; {@link #what()} says which, for the message. */
public final class MonitorRefusal extends IOException {
    private final String what;

    MonitorRefusal(String what, GoogleApiException cause) {
        super(what + ": " + cause.getMessage(), cause);
        this.what = what;
    }

    /** What was being read, e.g. "read the logs of service guestbook". */
    public String what() {
        return what;
    }

    public GoogleApiException refusal() {
        return (GoogleApiException) getCause();
    }
}
