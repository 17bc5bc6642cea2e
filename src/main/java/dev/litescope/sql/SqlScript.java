package dev.litescope.sql;

import dev.litescope.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A script cut into its statements, by the tokens {@link SqlLexer} finds, so a {@code ;} inside a string, comment
 * or quoted identifier does not end a statement, nor one inside the body of a {@code CREATE TRIGGER ... BEGIN ...
 * END} (a {@code CASE ... END} inside the body included).
 */
public final class SqlScript {
    private SqlScript() {
    }

    /**
     * One statement: {@code [start, end)} in the script, from its first token to its closing {@code ;} included (or
     * its last token when the script ends without one). Comments and whitespace around it are not part of it.
     */
    public record Part(int start, int end, String sql) {
    }

    /** The statements of {@code text} in order; parts holding only comments or whitespace are left out. */
    public static List<Part> split(String text) {
        List<Part> parts = new ArrayList<>();
        SqlToken first = null;
        int last = -1;
        int significant = 0;
        boolean trigger = false;
        boolean inBody = false;
        int caseDepth = 0;
        for (SqlToken t : SqlLexer.tokenize(text)) {
            if (!t.significant()) {
                continue;
            }
            boolean semicolon = t.kind() == Kind.PUNCTUATION && text.charAt(t.start()) == ';';
            if (semicolon) {
                if (first != null && !inBody) {
                    parts.add(part(text, first.start(), t.end()));
                    first = null;
                    significant = 0;
                    trigger = false;
                    inBody = false;
                    caseDepth = 0;
                }
                continue;
            }
            if (first == null) {
                first = t;
            }
            last = t.end();
            significant++;
            if (significant <= 4 && t.isKeyword(text, "TRIGGER") && first.isKeyword(text, "CREATE")) {
                trigger = true;
            } else if (trigger && !inBody && t.isKeyword(text, "BEGIN")) {
                inBody = true;
            } else if (inBody && t.isKeyword(text, "CASE")) {
                caseDepth++;
            } else if (inBody && t.isKeyword(text, "END")) {
                if (caseDepth > 0) {
                    caseDepth--;
                } else {
                    inBody = false;
                }
            }
        }
        if (first != null) {
            parts.add(part(text, first.start(), last));
        }
        return parts;
    }

    /**
     * The statement at {@code caret}: the one it is inside, or the one before it when it sits right after a
     * {@code ;} or in the whitespace and comments that follow a statement; the first one when it is before them all.
     * Empty when the script has no statement.
     */
    public static Optional<Part> at(String text, int caret) {
        List<Part> parts = split(text);
        Part found = parts.isEmpty() ? null : parts.get(0);
        for (Part p : parts) {
            if (p.start() <= caret) {
                found = p;
            } else {
                break;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Part part(String text, int start, int end) {
        return new Part(start, end, text.substring(start, end));
    }
}
