package dev.litescope.sql;

/**
 * One token of SQL text: its kind and where it is, {@code [start, end)} in the text it was lexed from.
 *
 * @param unterminated a string, quoted identifier, BLOB literal or block comment that the text ends inside
 */
public record SqlToken(Kind kind, int start, int end, boolean unterminated) {

    public enum Kind {
        KEYWORD, IDENTIFIER, QUOTED_IDENTIFIER, STRING, NUMBER, BLOB, PARAMETER, COMMENT, OPERATOR, PUNCTUATION,
        WHITESPACE
    }

    public SqlToken(Kind kind, int start, int end) {
        this(kind, start, end, false);
    }

    /** This token's characters in {@code source}, the text it was lexed from. */
    public String text(String source) {
        return source.substring(start, end);
    }

    /** Neither whitespace nor a comment: a token SQLite parses. */
    public boolean significant() {
        return kind != Kind.WHITESPACE && kind != Kind.COMMENT;
    }

    /** A keyword that is {@code word} (upper case) in {@code source}. */
    public boolean isKeyword(String source, String word) {
        return kind == Kind.KEYWORD && end - start == word.length() && source.regionMatches(true, start, word, 0,
                word.length());
    }
}
