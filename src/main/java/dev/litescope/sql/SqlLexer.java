package dev.litescope.sql;

import dev.litescope.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits SQLite SQL into tokens, following SQLite's own tokenizer ({@code tokenize.c}): every character of the text
 * lands in exactly one token, in order, and nothing throws. Text that ends inside a string, quoted identifier, BLOB
 * literal or block comment gives a last token that runs to the end and says {@link SqlToken#unterminated()}. A
 * character SQLite would reject (such as {@code #}) is a one-character {@link Kind#OPERATOR}. Lexing is one pass
 * with no regular expressions, so the editor can highlight a long script on every key.
 */
public final class SqlLexer {
    /** SQLite's keywords, as {@code sqlite3_keyword_name()} lists them (147 in SQLite 3.54). */
    public static final Set<String> KEYWORDS = Set.of("ABORT", "ACTION", "ADD", "AFTER", "ALL", "ALTER", "ALWAYS",
            "ANALYZE", "AND", "AS", "ASC", "ATTACH", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY", "CASCADE",
            "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS",
            "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DATABASE", "DEFAULT", "DEFERRABLE",
            "DEFERRED", "DELETE", "DESC", "DETACH", "DISTINCT", "DO", "DROP", "EACH", "ELSE", "END", "ESCAPE",
            "EXCEPT", "EXCLUDE", "EXCLUSIVE", "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FIRST", "FOLLOWING", "FOR",
            "FOREIGN", "FROM", "FULL", "GENERATED", "GLOB", "GROUP", "GROUPS", "HAVING", "IF", "IGNORE", "IMMEDIATE",
            "IN", "INDEX", "INDEXED", "INITIALLY", "INNER", "INSERT", "INSTEAD", "INTERSECT", "INTO", "IS", "ISNULL",
            "JOIN", "KEY", "LAST", "LEFT", "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NO", "NOT",
            "NOTHING", "NOTNULL", "NULL", "NULLS", "OF", "OFFSET", "ON", "OR", "ORDER", "OTHERS", "OUTER", "OVER",
            "PARTITION", "PLAN", "PRAGMA", "PRECEDING", "PRIMARY", "QUERY", "RAISE", "RANGE", "RECURSIVE",
            "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RENAME", "REPLACE", "RESTRICT", "RETURNING", "RIGHT",
            "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SELECT", "SET", "TABLE", "TEMP", "TEMPORARY", "THEN", "TIES",
            "TO", "TRANSACTION", "TRIGGER", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING", "VACUUM", "VALUES",
            "VIEW", "VIRTUAL", "WHEN", "WHERE", "WINDOW", "WITH", "WITHOUT");
    private static final int LONGEST_KEYWORD = "CURRENT_TIMESTAMP".length();

    private SqlLexer() {
    }

    public static List<SqlToken> tokenize(String text) {
        List<SqlToken> tokens = new ArrayList<>(Math.max(16, text.length() / 4));
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int start = i;
            if (isSpace(c)) {
                do {
                    i++;
                } while (i < n && isSpace(text.charAt(i)));
                tokens.add(new SqlToken(Kind.WHITESPACE, start, i));
            } else if (c == '-' && next(text, i) == '-') {
                i = text.indexOf('\n', i);
                i = i < 0 ? n : i;
                tokens.add(new SqlToken(Kind.COMMENT, start, i));
            } else if (c == '/' && next(text, i) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                tokens.add(new SqlToken(Kind.COMMENT, start, i, close < 0));
            } else if (c == '\'') {
                i = quoted(text, i, '\'');
                tokens.add(new SqlToken(Kind.STRING, start, Math.abs(i), i < 0));
                i = Math.abs(i);
            } else if (c == '"' || c == '`') {
                i = quoted(text, i, c);
                tokens.add(new SqlToken(Kind.QUOTED_IDENTIFIER, start, Math.abs(i), i < 0));
                i = Math.abs(i);
            } else if (c == '[') {
                int close = text.indexOf(']', i + 1);
                i = close < 0 ? n : close + 1;
                tokens.add(new SqlToken(Kind.QUOTED_IDENTIFIER, start, i, close < 0));
            } else if ((c == 'x' || c == 'X') && next(text, i) == '\'') {
                int close = text.indexOf('\'', i + 2);
                i = close < 0 ? n : close + 1;
                tokens.add(new SqlToken(Kind.BLOB, start, i, close < 0));
            } else if (isDigit(c) || (c == '.' && isDigit(next(text, i)))) {
                i = number(text, i);
                tokens.add(new SqlToken(Kind.NUMBER, start, i));
            } else if (c == '?') {
                i++;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
                tokens.add(new SqlToken(Kind.PARAMETER, start, i));
            } else if ((c == ':' || c == '@' || c == '$') && i + 1 < n && isIdentifierPart(text.charAt(i + 1))) {
                i++;
                while (i < n && isIdentifierPart(text.charAt(i))) {
                    i++;
                }
                tokens.add(new SqlToken(Kind.PARAMETER, start, i));
            } else if (isIdentifierStart(c)) {
                do {
                    i++;
                } while (i < n && isIdentifierPart(text.charAt(i)));
                tokens.add(new SqlToken(isKeyword(text, start, i) ? Kind.KEYWORD : Kind.IDENTIFIER, start, i));
            } else if (c == '(' || c == ')' || c == ',' || c == ';' || c == '.') {
                i++;
                tokens.add(new SqlToken(Kind.PUNCTUATION, start, i));
            } else {
                i += operatorLength(text, i);
                tokens.add(new SqlToken(Kind.OPERATOR, start, i));
            }
        }
        return tokens;
    }

    /** The end of the quoted run at {@code i} (a doubled quote stays inside), or minus the text's length. */
    private static int quoted(String text, int i, char quote) {
        int j = i + 1;
        while (true) {
            int close = text.indexOf(quote, j);
            if (close < 0) {
                return -text.length();
            }
            if (close + 1 < text.length() && text.charAt(close + 1) == quote) {
                j = close + 2;
            } else {
                return close + 1;
            }
        }
    }

    private static int number(String text, int i) {
        int n = text.length();
        char c = text.charAt(i);
        if (c == '0' && (next(text, i) == 'x' || next(text, i) == 'X') && isHex(charAt(text, i + 2))) {
            i += 2;
            while (i < n && (isHex(text.charAt(i)) || (text.charAt(i) == '_' && isHex(charAt(text, i + 1))))) {
                i++;
            }
            return i;
        }
        i = digits(text, i);
        if (i < n && text.charAt(i) == '.') {
            i = digits(text, i + 1);
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(text.charAt(j))) {
                i = digits(text, j);
            }
        }
        return i;
    }

    /** Digits from {@code i}, with SQLite 3.46's {@code _} separators between them. */
    private static int digits(String text, int i) {
        int n = text.length();
        while (i < n && (isDigit(text.charAt(i)) || (text.charAt(i) == '_' && isDigit(charAt(text, i + 1))
                && i > 0 && isDigit(text.charAt(i - 1))))) {
            i++;
        }
        return i;
    }

    private static int operatorLength(String text, int i) {
        char c = text.charAt(i);
        char d = next(text, i);
        return switch (c) {
            case '|' -> d == '|' ? 2 : 1;
            case '-' -> d == '>' ? (charAt(text, i + 2) == '>' ? 3 : 2) : 1;
            case '=' -> d == '=' ? 2 : 1;
            case '!' -> d == '=' ? 2 : 1;
            case '<' -> d == '=' || d == '>' || d == '<' ? 2 : 1;
            case '>' -> d == '=' || d == '>' ? 2 : 1;
            default -> Character.isHighSurrogate(c) && Character.isLowSurrogate(d) ? 2 : 1;
        };
    }

    private static boolean isKeyword(String text, int start, int end) {
        int length = end - start;
        if (length < 2 || length > LONGEST_KEYWORD) {
            return false;
        }
        char[] upper = new char[length];
        for (int k = 0; k < length; k++) {
            char c = text.charAt(start + k);
            if (c >= 0x80) {
                return false;
            }
            upper[k] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
        }
        return KEYWORDS.contains(new String(upper));
    }

    private static char next(String text, int i) {
        return charAt(text, i + 1);
    }

    private static char charAt(String text, int i) {
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }
}
