package dev.litescope.restore;

/**
 * A restore that cannot, or must not, go ahead. The message names the object or position concerned and what
 * the user can do; nothing has been written when this is thrown.
 */
public class RestoreException extends Exception {
    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
