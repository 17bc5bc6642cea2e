package dev.litescope.sql;

import java.sql.SQLException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteException;

/**
 * A statement SQLite refused or stopped, with SQLite's own message (not the JDBC driver's wrapping) and, where the
 * error points at a place in the statement, its offset there.
 */
public final class SqlFailure extends Exception {
    /** What the console tells the user when a write reaches a read-only copy. */
    public static final String READ_ONLY_MESSAGE = "this copy is read-only; Make a writable copy to change it";
    private static final Pattern DRIVER_WRAPPING = Pattern.compile("^\\[\\w+][^(]*\\((.*)\\)$", Pattern.DOTALL);
    private static final int SQLITE_ERROR = 1;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_INTERRUPT = 9;
    private static final int SQLITE_CONSTRAINT = 19;

    public enum Kind {
        SYNTAX, READ_ONLY, INTERRUPTED, CONSTRAINT, OTHER
    }

    private final Kind kind;
    private final String sqliteMessage;
    private final int offset;

    SqlFailure(Kind kind, String message, String sqliteMessage, int offset, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.sqliteMessage = sqliteMessage;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    /** SQLite's message as SQLite words it, e.g. {@code near "selec": syntax error}. */
    public String sqliteMessage() {
        return sqliteMessage;
    }

    /** Where in the statement SQLite places the error (0-based, in chars), when it does. */
    public OptionalInt offset() {
        return offset < 0 ? OptionalInt.empty() : OptionalInt.of(offset);
    }

    static SqlFailure interrupted() {
        return new SqlFailure(Kind.INTERRUPTED, "interrupted: the statement was stopped", "interrupted", -1, null);
    }

    /** {@code e} as a failure of {@code sql}, {@code offset} being where SQLite places it (-1 for nowhere). */
    static SqlFailure of(SQLException e, int offset) {
        String message = sqliteMessage(e);
        int code = e.getErrorCode() & 0xff;
        Kind kind = switch (code) {
            case SQLITE_READONLY -> Kind.READ_ONLY;
            case SQLITE_INTERRUPT -> Kind.INTERRUPTED;
            case SQLITE_CONSTRAINT -> Kind.CONSTRAINT;
            case SQLITE_ERROR -> isSyntax(message) ? Kind.SYNTAX : Kind.OTHER;
            default -> Kind.OTHER;
        };
        String shown = switch (kind) {
            case READ_ONLY -> READ_ONLY_MESSAGE + " (" + message + ")";
            case INTERRUPTED -> "interrupted: the statement was stopped";
            default -> message;
        };
        return new SqlFailure(kind, shown, message, offset, e);
    }

    static boolean isSyntax(String sqliteMessage) {
        return sqliteMessage.endsWith("syntax error") || sqliteMessage.startsWith("unrecognized token")
                || sqliteMessage.equals("incomplete input");
    }

    /** SQLite's words inside sqlite-jdbc's "[CODE] description (message)". */
    static String sqliteMessage(SQLException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SQLiteException) {
            Matcher m = DRIVER_WRAPPING.matcher(text);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return text;
    }
}
