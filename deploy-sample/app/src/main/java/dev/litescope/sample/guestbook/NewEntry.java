package dev.litescope.sample.guestbook;

/**
 * A validated entry to insert. Both fields are stripped of surrounding white space and then must be
 * 1–100 (name) and 1–1000 (message) characters, counted as Unicode code points so an emoji counts once.
 */
public record NewEntry(String name, String message) {

    public static final int MAX_NAME = 100;
    public static final int MAX_MESSAGE = 1000;

    /** Thrown for input a client must fix; its message is shown to the client as is. */
    public static final class InvalidEntryException extends Exception {
        public InvalidEntryException(String message) {
            super(message, null, false, false);
        }
    }

    public static NewEntry validate(String name, String message) throws InvalidEntryException {
        String n = check("name", name, MAX_NAME);
        String m = check("message", message, MAX_MESSAGE);
        return new NewEntry(n, m);
    }

    private static String check(String field, String value, int max) throws InvalidEntryException {
        if (value == null) {
            throw new InvalidEntryException(field + " is required");
        }
        String stripped = value.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length < 1 || length > max) {
            throw new InvalidEntryException(field + " must be 1 to " + max + " characters (got " + length + ")");
        }
        return stripped;
    }
}
