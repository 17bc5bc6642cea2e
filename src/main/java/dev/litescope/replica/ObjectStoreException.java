package dev.litescope.replica;

import java.io.IOException;

/** A store could not do what was asked; the message names the object and what the user can do about it. */
public class ObjectStoreException extends IOException {
    public ObjectStoreException(String message) {
        super(message);
    }

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
