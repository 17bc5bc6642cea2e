package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.ui.console.SqlHighlighter.Brackets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.Test;

class SqlHighlighterTest {

    /** "text=class class" for each span of {@code spans} over {@code text} from {@code from}. */
    static List<String> describe(String text, int from, StyleSpans<Collection<String>> spans) {
        List<String> out = new ArrayList<>();
        int pos = from;
        for (StyleSpan<Collection<String>> s : spans) {
            out.add(text.substring(pos, pos + s.getLength()) + "=" + String.join(" ", s.getStyle()));
            pos += s.getLength();
        }
        return out;
    }

    static SqlHighlighter of(String text) {
        SqlHighlighter h = new SqlHighlighter();
        h.update(text);
        return h;
    }

    @Test
    void eachTokenGetsItsKindsClass() {
        String sql = "SELECT \"a b\", x'0f', 'it''s', 1.5, ?1 FROM t -- c\nWHERE a >= 2;";
        assertThat(describe(sql, 0, of(sql).spans(0, sql.length()))).containsExactly("SELECT=sql-keyword",
                " =sql-space", "\"a b\"=sql-quoted-identifier", ",=sql-punctuation", " =sql-space",
                "x'0f'=sql-blob", ",=sql-punctuation", " =sql-space", "'it''s'=sql-string", ",=sql-punctuation",
                " =sql-space", "1.5=sql-number", ",=sql-punctuation", " =sql-space", "?1=sql-parameter",
                " =sql-space", "FROM=sql-keyword", " =sql-space", "t=sql-identifier", " =sql-space",
                "-- c=sql-comment", "\n=sql-space", "WHERE=sql-keyword", " =sql-space", "a=sql-identifier",
                " =sql-space", ">==sql-operator", " =sql-space", "2=sql-number", ";=sql-punctuation");
    }

    @Test
    void aRangeStartsAndEndsInsideTokens() {
        String sql = "select 'abc' from t";
        assertThat(describe(sql, 3, of(sql).spans(3, 10))).containsExactly("ect=sql-keyword", " =sql-space",
                "'ab=sql-string");
        assertThat(of("").spans(0, 0).length()).isZero();
        assertThat(of("abc").spans(1, 99).length()).isEqualTo(2);
    }

    @Test
    void bracketsPairOverTheLexersParenthesesOnly() {
        String sql = "select f(a, '(', \"x)\", (b)) -- )\n";
        SqlHighlighter h = of(sql);
        int open = sql.indexOf('(');
        int close = sql.lastIndexOf("))") + 1;
        // The caret right after the opening bracket, or right before it.
        assertThat(h.bracketsAt(open + 1)).contains(new Brackets(open, close));
        assertThat(h.bracketsAt(open)).contains(new Brackets(open, close));
        assertThat(h.bracketsAt(close + 1)).contains(new Brackets(open, close));
        int inner = sql.indexOf("(b");
        assertThat(h.bracketsAt(inner)).contains(new Brackets(inner, inner + 2));
        // Inside a string, a quoted name or a comment a bracket is no bracket.
        assertThat(h.bracketsAt(sql.indexOf("'(") + 2)).isEmpty();
        assertThat(h.bracketsAt(sql.indexOf("x)") + 2)).isEmpty();
        assertThat(h.bracketsAt(sql.length() - 1)).isEmpty();
        assertThat(h.bracketsAt(3)).isEmpty();
    }

    @Test
    void anUnmatchedBracketIsMarkedAlone() {
        SqlHighlighter h = of("select (1 + (2)");
        Optional<Brackets> b = h.bracketsAt(8);
        assertThat(b).contains(new Brackets(7, -1));
        h.setBrackets(b.orElseThrow());
        assertThat(describe(h.text(), 7, h.spans(7, 8))).containsExactly("(=sql-punctuation "
                + SqlHighlighter.UNMATCHED);
        assertThat(of("a)").bracketsAt(2)).contains(new Brackets(1, -1));
    }

    @Test
    void marksAreLaidOverTheTokens() {
        String sql = "select max(a) from tt";
        SqlHighlighter h = of(sql);
        h.setBrackets(h.bracketsAt(11).orElseThrow());
        h.setError(sql.indexOf("from") + 2, sql.length());
        assertThat(describe(sql, 0, h.spans(0, sql.length()))).containsExactly("select=sql-keyword", " =sql-space",
                "max=sql-identifier", "(=sql-punctuation sql-bracket", "a=sql-identifier",
                ")=sql-punctuation sql-bracket", " =sql-space", "fr=sql-keyword", "om=sql-keyword sql-error",
                " =sql-space sql-error", "tt=sql-identifier sql-error");
        h.clearError();
        assertThat(h.hasError()).isFalse();
        assertThat(describe(sql, 14, h.spans(14, sql.length()))).containsExactly("from=sql-keyword", " =sql-space",
                "tt=sql-identifier");
    }

    /** The range {@code update} says to restyle after replacing {@code removed} characters at {@code at}. */
    static String changed(String before, int at, int removed, String inserted) {
        SqlHighlighter h = of(before);
        String after = before.substring(0, at) + inserted + before.substring(at + removed);
        int[] range = h.update(after, at, removed, inserted.length());
        return after.substring(range[0], range[1]);
    }

    @Test
    void anEditRestylesOnlyTheTokensItChanged() {
        assertThat(changed("select a from t", 8, 0, "b")).isEqualTo("ab");
        assertThat(changed("select a from t", 14, 1, "")).isEqualTo("");
        assertThat(changed("select a from t", 6, 1, "")).isEqualTo("selecta");
        assertThat(changed("select a  from t", 9, 0, " ")).isEqualTo("   ");
        // Same length, same kinds: the inserted text is restyled anyway (it took its neighbour's style).
        assertThat(changed("x abc", 2, 1, "z")).isEqualTo("zbc");
        // Opening a string restyles up to where it now ends; closing a comment, to its new end.
        assertThat(changed("select 1, 2 from t", 7, 0, "'")).isEqualTo("'1, 2 from t");
        assertThat(changed("/* a b c", 8, 0, " */ x")).isEqualTo("/* a b c */ x");
        assertThat(changed("select 'a' || 'b'", 11, 2, "")).as("two spaces now one token").isEqualTo("  ");
        assertThat(changed("", 0, 0, "select")).isEqualTo("select");
        assertThat(changed("select", 0, 6, "")).isEqualTo("");
    }
}
