package dev.litescope.guestbook;

/**
 * A validated entry to insert. Both fields are stripped of surrounding white space and then must be
 * 1–100 (name) and 1–1000 (message) characters, counted as Unicode code points so an emoji counts once.
 * Neither may hold a lone surrogate (SQLite's UTF-8 would store it as {@code ?}) or a control character
 * (a NUL would reach the page raw); only the message may hold line breaks and tabs.
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
        String n = check("name", name, MAX_NAME, false);
        String m = check("message", message, MAX_MESSAGE, true);
        return new NewEntry(n, m);
    }

    private static String check(String field, String value, int max, boolean multiLine)
            throws InvalidEntryException {
        if (value == null) {
            throw new InvalidEntryException(field + " is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEntryException(field + " holds a lone surrogate (U+" + hex(c) + ") at position "
                        + i + "; send well-formed Unicode text");
            } else if (Character.getType(c) == Character.CONTROL && !(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                throw new InvalidEntryException(field + " holds the control character U+" + hex(c) + " at position "
                        + i + (multiLine ? "; only line breaks and tabs are allowed" : "; use printable text only"));
            }
        }
        String stripped = value.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length < 1 || length > max) {
            throw new InvalidEntryException(field + " must be 1 to " + max + " characters (got " + length + ")");
        }
        return stripped;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
