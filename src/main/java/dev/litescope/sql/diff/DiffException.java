package dev.litescope.sql.diff;

/** Input a diff cannot work with (a missing or non-SQLite file, an unknown table); the message says what to do. */
public final class DiffException extends Exception {
    public DiffException(String message) {
        super(message);
    }

    public DiffException(String message, Throwable cause) {
        super(message, cause);
    }
}
