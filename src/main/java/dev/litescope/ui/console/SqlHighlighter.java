package dev.litescope.ui.console;

import dev.litescope.sql.SqlLexer;
import dev.litescope.sql.SqlToken;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * The editor's styles, worked out from the lexer's tokens with no JavaFX: a style class per token kind, plus the
 * marks laid over them (the bracket pair at the caret, an error range). It keeps the tokens of the text it was
 * last given, so the editor restyles a few characters when only the caret or a mark moves.
 */
final class SqlHighlighter {
    static final String BRACKET = "sql-bracket";
    static final String UNMATCHED = "sql-bracket-unmatched";
    static final String ERROR = "sql-error";

    /** The two brackets of a pair, or a bracket with no partner ({@code close} is then -1). */
    record Brackets(int open, int close) {
        boolean matched() {
            return close >= 0;
        }
    }

    private String text = "";
    private List<SqlToken> tokens = List.of();
    private Brackets brackets;
    private int errorStart = -1;
    private int errorEnd = -1;

    /** Lexes {@code text}; the marks are kept (the editor clears them on an edit). */
    void update(String newText) {
        text = newText;
        tokens = SqlLexer.tokenize(newText);
    }

    /**
     * Lexes {@code newText}, made from the last text by replacing {@code removed} characters at {@code position}
     * with {@code inserted} ones, and gives the range of the new text whose styles may have changed: the tokens
     * that differ from the old ones (those after the edit compared where the edit moved them) and the inserted
     * text. The rest keeps the styles it had, so typing in a long script restyles a token or two; opening a
     * string restyles up to where it now ends.
     *
     * @return {@code {from, to}}, empty ({@code from == to}) when no style changes
     */
    int[] update(String newText, int position, int removed, int inserted) {
        List<SqlToken> old = tokens;
        update(newText);
        int delta = inserted - removed;
        int n = old.size();
        int m = tokens.size();
        int same = 0;
        while (same < n && same < m && old.get(same).equals(tokens.get(same))) {
            same++;
        }
        int sameAtEnd = 0;
        while (sameAtEnd < n - same && sameAtEnd < m - same
                && shifted(old.get(n - 1 - sameAtEnd), delta).equals(tokens.get(m - 1 - sameAtEnd))) {
            sameAtEnd++;
        }
        int from = same < m - sameAtEnd ? tokens.get(same).start() : Integer.MAX_VALUE;
        int to = same < m - sameAtEnd ? tokens.get(m - 1 - sameAtEnd).end() : Integer.MIN_VALUE;
        if (inserted > 0) {
            // Inserted text took the style of the character before it, whatever tokens say.
            from = Math.min(from, tokens.get(tokenIndex(position)).start());
            to = Math.max(to, tokens.get(tokenIndex(position + inserted - 1)).end());
        }
        return from >= to ? new int[] {0, 0} : new int[] {from, to};
    }

    private static SqlToken shifted(SqlToken t, int delta) {
        return new SqlToken(t.kind(), t.start() + delta, t.end() + delta, t.unterminated());
    }

    String text() {
        return text;
    }

    List<SqlToken> tokens() {
        return tokens;
    }

    static String styleClass(SqlToken.Kind kind) {
        return switch (kind) {
            case KEYWORD -> "sql-keyword";
            case IDENTIFIER -> "sql-identifier";
            case QUOTED_IDENTIFIER -> "sql-quoted-identifier";
            case STRING -> "sql-string";
            case NUMBER -> "sql-number";
            case BLOB -> "sql-blob";
            case PARAMETER -> "sql-parameter";
            case COMMENT -> "sql-comment";
            case OPERATOR -> "sql-operator";
            case PUNCTUATION -> "sql-punctuation";
            case WHITESPACE -> "sql-space";
        };
    }

    void setBrackets(Brackets pair) {
        brackets = pair;
    }

    Optional<Brackets> brackets() {
        return Optional.ofNullable(brackets);
    }

    void setError(int start, int end) {
        errorStart = start;
        errorEnd = end;
    }

    void clearError() {
        errorStart = -1;
        errorEnd = -1;
    }

    boolean hasError() {
        return errorStart >= 0;
    }

    /**
     * The bracket at the caret and its partner: the one just before the caret, else the one just after it, counted
     * over the lexer's {@code (} and {@code )} tokens only, so brackets in strings, comments and names are not.
     */
    Optional<Brackets> bracketsAt(int caret) {
        int index = bracketTokenAt(caret - 1);
        if (index < 0) {
            index = bracketTokenAt(caret);
        }
        if (index < 0) {
            return Optional.empty();
        }
        int at = tokens.get(index).start();
        boolean opening = text.charAt(at) == '(';
        int depth = 0;
        for (int i = index; i >= 0 && i < tokens.size(); i += opening ? 1 : -1) {
            SqlToken t = tokens.get(i);
            if (t.kind() != SqlToken.Kind.PUNCTUATION) {
                continue;
            }
            char c = text.charAt(t.start());
            if (c == '(' || c == ')') {
                depth += (c == '(') == opening ? 1 : -1;
                if (depth == 0) {
                    return Optional.of(opening ? new Brackets(at, t.start()) : new Brackets(t.start(), at));
                }
            }
        }
        return Optional.of(new Brackets(at, -1));
    }

    /** The index of the {@code (} or {@code )} token at {@code offset}, or -1. */
    private int bracketTokenAt(int offset) {
        if (offset < 0 || offset >= text.length()) {
            return -1;
        }
        int index = tokenIndex(offset);
        SqlToken t = tokens.get(index);
        char c = text.charAt(offset);
        return t.kind() == SqlToken.Kind.PUNCTUATION && (c == '(' || c == ')') ? index : -1;
    }

    /** The index of the token holding {@code offset} (every character is in exactly one). */
    private int tokenIndex(int offset) {
        int lo = 0;
        int hi = tokens.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.get(mid).end() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The styles of {@code [from, to)}: the token classes with the marks laid over them. */
    StyleSpans<Collection<String>> spans(int from, int to) {
        StyleSpansBuilder<Collection<String>> builder = new StyleSpansBuilder<>();
        to = Math.min(to, text.length());
        if (from >= to) {
            builder.add(List.of(), 0);
            return builder.create();
        }
        int[] cuts = {errorStart, errorEnd, markStart(), markStart() + 1, markEnd(), markEnd() + 1};
        int index = tokenIndex(from);
        int pos = from;
        while (pos < to) {
            SqlToken t = tokens.get(index);
            int next = Math.min(t.end(), to);
            for (int cut : cuts) {
                if (cut > pos && cut < next) {
                    next = cut;
                }
            }
            builder.add(classesAt(t, pos), next - pos);
            pos = next;
            if (pos >= t.end()) {
                index++;
            }
        }
        return builder.create();
    }

    private Collection<String> classesAt(SqlToken t, int pos) {
        List<String> classes = new ArrayList<>(3);
        classes.add(styleClass(t.kind()));
        if (brackets != null && (pos == brackets.open() || pos == brackets.close())) {
            classes.add(brackets.matched() ? BRACKET : UNMATCHED);
        }
        if (pos >= errorStart && pos < errorEnd) {
            classes.add(ERROR);
        }
        return classes;
    }

    private int markStart() {
        return brackets == null ? -1 : brackets.open();
    }

    private int markEnd() {
        return brackets == null ? -1 : brackets.close();
    }
}
