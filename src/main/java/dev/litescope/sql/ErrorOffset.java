package dev.litescope.sql;

import dev.litescope.sql.SqlToken.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a statement SQLite's error points. SQLite knows ({@code sqlite3_error_offset}) but the JDBC driver does
 * not pass it on, so it is found from the message: the token a syntax error is "near" (the first one whose prefix
 * of the statement SQLite rejects with the same message, found by preparing prefixes, which runs nothing), the
 * token it does not recognise, the end for incomplete input, or the name that does not exist.
 */
final class ErrorOffset {
    private static final Pattern NEAR = Pattern.compile("^near \"(.*)\": syntax error$", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED = Pattern.compile("^unrecognized token: \"(.*)\"$", Pattern.DOTALL);
    private static final Pattern NO_SUCH = Pattern.compile("^no such (?:table|column|function|view|index): (.*)$");

    private ErrorOffset() {
    }

    /** The offset in {@code sql} that {@code message} is about, or -1. */
    static int find(Connection connection, String sql, String message) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        Matcher m = NEAR.matcher(message);
        if (m.matches()) {
            String near = m.group(1);
            int first = -1;
            for (SqlToken t : tokens) {
                if (t.significant() && t.text(sql).equals(near)) {
                    first = first < 0 ? t.start() : first;
                    if (rejectedWith(connection, sql.substring(0, t.end()), message)) {
                        return t.start();
                    }
                }
            }
            return first;
        }
        m = UNRECOGNIZED.matcher(message);
        if (m.matches()) {
            int at = sql.indexOf(m.group(1));
            return at;
        }
        if (message.equals("incomplete input")) {
            return SqlDatabase.body(sql).length();
        }
        m = NO_SUCH.matcher(message);
        if (m.matches()) {
            String name = m.group(1);
            String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            for (SqlToken t : tokens) {
                if ((t.kind() == Kind.IDENTIFIER || t.kind() == Kind.QUOTED_IDENTIFIER || t.kind() == Kind.KEYWORD)
                        && unquoted(t.text(sql)).toLowerCase(Locale.ROOT).equals(last)) {
                    return t.start();
                }
            }
        }
        return -1;
    }

    private static boolean rejectedWith(Connection connection, String prefix, String message) {
        try (PreparedStatement ignored = connection.prepareStatement(prefix)) {
            return false;
        } catch (SQLException e) {
            return SqlFailure.sqliteMessage(e).equals(message);
        }
    }

    private static String unquoted(String identifier) {
        if (identifier.length() >= 2) {
            char c = identifier.charAt(0);
            if (c == '"' || c == '`') {
                return identifier.substring(1, identifier.length() - 1).replace("" + c + c, "" + c);
            } else if (c == '[') {
                return identifier.substring(1, identifier.length() - 1);
            }
        }
        return identifier;
    }
}
