package dev.litescope.sql.history;

/** Input a row history cannot work with (no such table, a key that is not the table's); the message says what to do. */
public final class HistoryException extends Exception {
    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
