package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.SqlToken.Kind;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    /** "KIND:text" for each token that is not whitespace. */
    private static List<String> lex(String sql) {
        return SqlLexer.tokenize(sql).stream().filter(t -> t.kind() != Kind.WHITESPACE)
                .map(t -> t.kind() + ":" + t.text(sql)).collect(Collectors.toList());
    }

    @Test
    void everyKindIsRecognised() {
        assertThat(lex("SELECT a, \"b c\", [d], `e`, 'it''s', 12, 3.5, .5, 1e5, 2.5E-3, 0x1F, x'00ff', ?, ?2, :a, "
                + "@b, $c FROM t; -- done\n/* block */"))
                .containsExactly("KEYWORD:SELECT", "IDENTIFIER:a", "PUNCTUATION:,", "QUOTED_IDENTIFIER:\"b c\"",
                        "PUNCTUATION:,", "QUOTED_IDENTIFIER:[d]", "PUNCTUATION:,", "QUOTED_IDENTIFIER:`e`",
                        "PUNCTUATION:,", "STRING:'it''s'", "PUNCTUATION:,", "NUMBER:12", "PUNCTUATION:,",
                        "NUMBER:3.5", "PUNCTUATION:,", "NUMBER:.5", "PUNCTUATION:,", "NUMBER:1e5", "PUNCTUATION:,",
                        "NUMBER:2.5E-3", "PUNCTUATION:,", "NUMBER:0x1F", "PUNCTUATION:,", "BLOB:x'00ff'",
                        "PUNCTUATION:,", "PARAMETER:?", "PUNCTUATION:,", "PARAMETER:?2", "PUNCTUATION:,",
                        "PARAMETER::a", "PUNCTUATION:,", "PARAMETER:@b", "PUNCTUATION:,", "PARAMETER:$c",
                        "KEYWORD:FROM", "IDENTIFIER:t", "PUNCTUATION:;", "COMMENT:-- done", "COMMENT:/* block */");
    }

    @Test
    void operatorsKeywordsInAnyCaseAndDottedNames() {
        assertThat(lex("select a||b, j->'x', j->>'y', a<>b, a!=b, a==b, a<=b, a>=b, 1<<2, 8>>1, -x, ~y, a%b, s.t"))
                .containsExactly("KEYWORD:select", "IDENTIFIER:a", "OPERATOR:||", "IDENTIFIER:b", "PUNCTUATION:,",
                        "IDENTIFIER:j", "OPERATOR:->", "STRING:'x'", "PUNCTUATION:,", "IDENTIFIER:j", "OPERATOR:->>",
                        "STRING:'y'", "PUNCTUATION:,", "IDENTIFIER:a", "OPERATOR:<>", "IDENTIFIER:b", "PUNCTUATION:,",
                        "IDENTIFIER:a", "OPERATOR:!=", "IDENTIFIER:b", "PUNCTUATION:,", "IDENTIFIER:a", "OPERATOR:==",
                        "IDENTIFIER:b", "PUNCTUATION:,", "IDENTIFIER:a", "OPERATOR:<=", "IDENTIFIER:b",
                        "PUNCTUATION:,", "IDENTIFIER:a", "OPERATOR:>=", "IDENTIFIER:b", "PUNCTUATION:,", "NUMBER:1",
                        "OPERATOR:<<", "NUMBER:2", "PUNCTUATION:,", "NUMBER:8", "OPERATOR:>>", "NUMBER:1",
                        "PUNCTUATION:,", "OPERATOR:-", "IDENTIFIER:x", "PUNCTUATION:,", "OPERATOR:~", "IDENTIFIER:y",
                        "PUNCTUATION:,", "IDENTIFIER:a", "OPERATOR:%", "IDENTIFIER:b", "PUNCTUATION:,",
                        "IDENTIFIER:s", "PUNCTUATION:.", "IDENTIFIER:t");
        // Names that merely contain keywords, or are longer than any, stay identifiers; é starts a name.
        assertThat(lex("selected fromage current_timestampx étoile x1 x$y")).allMatch(s -> s.startsWith("IDENTIFIER:"));
        assertThat(lex("current_timestamp Without rowid")).containsExactly("KEYWORD:current_timestamp",
                "KEYWORD:Without", "IDENTIFIER:rowid");
    }

    @Test
    void sqlitesKeywordListIsComplete() {
        assertThat(SqlLexer.KEYWORDS).hasSize(147).contains("RETURNING", "MATERIALIZED", "NULLS", "WINDOW");
    }

    @Test
    void unterminatedTokensRunToTheEndAndSaySo() {
        for (String sql : List.of("SELECT 'abc", "SELECT \"abc", "SELECT [abc", "SELECT `abc", "SELECT x'ab",
                "SELECT 1 /* comment", "SELECT 'it''")) {
            List<SqlToken> tokens = SqlLexer.tokenize(sql);
            SqlToken last = tokens.get(tokens.size() - 1);
            assertThat(last.unterminated()).as(sql).isTrue();
            assertThat(last.start()).as(sql).isEqualTo(7 + (sql.contains("1 /*") ? 2 : 0));
            assertThat(last.end()).as(sql).isEqualTo(sql.length());
        }
        assertThat(SqlLexer.tokenize("SELECT 1 -- no newline at the end")).noneMatch(SqlToken::unterminated);
        assertThat(SqlLexer.tokenize("SELECT 'ok', \"ok\", /* ok */ x'00'")).noneMatch(SqlToken::unterminated);
    }

    @Test
    void oddCharactersAreSingleOperatorsAndNothingIsLost() {
        assertThat(lex("a # b")).containsExactly("IDENTIFIER:a", "OPERATOR:#", "IDENTIFIER:b");
        assertThat(lex("😀")).containsExactly("IDENTIFIER:😀");
        assertThat(lex("? ?? :")).containsExactly("PARAMETER:?", "PARAMETER:?", "PARAMETER:?", "OPERATOR::");
    }

    @Test
    void tokensCoverEveryCharacterExactlyOnceWhateverTheText() {
        Random random = new Random(12);
        String alphabet = "abcXYZ019_$ \t\n'\"`[]()-/*;,.?:@#|<>=!x'é😀";
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            assertCovers(text, SqlLexer.tokenize(text));
        }
    }

    @Test
    void aTenThousandLineScriptLexesAsItsLinesDo() {
        String line = "SELECT id, name, 'it''s' AS s, 3.5e2 FROM \"people\" WHERE x = :x AND y <> 0x1f; -- note\n";
        List<SqlToken> one = SqlLexer.tokenize(line);
        String script = line.repeat(10_000);
        List<SqlToken> tokens = SqlLexer.tokenize(script);
        assertCovers(script, tokens);
        assertThat(tokens).hasSize(one.size() * 10_000);
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            SqlToken same = one.get(i % one.size());
            assertThat(t.kind()).as("token %d", i).isEqualTo(same.kind());
            assertThat(t.start() - same.start()).as("token %d", i).isEqualTo(i / one.size() * line.length());
        }
    }

    private static void assertCovers(String text, List<SqlToken> tokens) {
        int at = 0;
        for (SqlToken t : tokens) {
            assertThat(t.start()).as("token %s in %s", t, text).isEqualTo(at);
            assertThat(t.end()).as("token %s in %s", t, text).isGreaterThan(t.start());
            at = t.end();
        }
        assertThat(at).as(text).isEqualTo(text.length());
    }
}
