package dev.litescope.cloud;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** What a failed request to a Google API means: worth another attempt, or not. */
public final class Failures {
    private Failures() {
    }

    /**
     * 408, 429 and 5xx answers, connections refused, reset or cut short, and answers that took too long are
     * transient; a host that does not resolve, a refusal and an interrupt are not.
     */
    public static boolean isTransient(Exception e) {
        if (e instanceof GoogleApiException g) {
            return g.isTransient();
        }
        if (isUnresolvedHost(e)) {
            return false;
        }
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) {
            return true;
        }
        return e instanceof IOException && !(e instanceof InterruptedIOException);
    }

    /** Whether the host name of the request could not be resolved (a typo, or no DNS). */
    public static boolean isUnresolvedHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
