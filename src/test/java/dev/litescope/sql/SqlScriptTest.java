package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.SqlScript.Part;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlScriptTest {
    @TempDir
    Path tmp;

    private static List<String> sqls(String text) {
        return SqlScript.split(text).stream().map(Part::sql).toList();
    }

    @Test
    void semicolonsInsideStringsCommentsAndNamesDoNotSplit() {
        String text = "SELECT 'a;b';\n-- c; d\nSELECT \"x;y\", [p;q], `r;s` /* ; */ FROM t;\n  SELECT 3";
        assertThat(sqls(text)).containsExactly("SELECT 'a;b';",
                "SELECT \"x;y\", [p;q], `r;s` /* ; */ FROM t;", "SELECT 3");
        for (Part p : SqlScript.split(text)) {
            assertThat(text.substring(p.start(), p.end())).isEqualTo(p.sql());
        }
    }

    @Test
    void commentAndWhitespaceOnlyPartsAreDropped() {
        assertThat(sqls("  ;; -- nothing\n ; /* still nothing */ ;")).isEmpty();
        assertThat(sqls("")).isEmpty();
        assertThat(sqls("SELECT 1;;\n;SELECT 2;")).containsExactly("SELECT 1;", "SELECT 2;");
    }

    @Test
    void aTriggerBodyIsOneStatementEvenWithCaseEnd() throws Exception {
        String trigger = "CREATE TEMP TRIGGER IF NOT EXISTS log AFTER INSERT ON t BEGIN\n"
                + "  INSERT INTO audit VALUES (new.a, CASE WHEN new.a > 1 THEN 'big' ELSE 'small' END);\n"
                + "  UPDATE t SET b = 'x;y' WHERE a = new.a;\n"
                + "END;";
        String text = "CREATE TABLE t (a, b);\nCREATE TABLE audit (a, size);\n" + trigger
                + "\nINSERT INTO t VALUES (5, NULL);\nBEGIN;\nSELECT 1;\nEND;";
        List<String> parts = sqls(text);
        assertThat(parts).containsExactly("CREATE TABLE t (a, b);", "CREATE TABLE audit (a, size);", trigger,
                "INSERT INTO t VALUES (5, NULL);", "BEGIN;", "SELECT 1;", "END;");
        // SQLite agrees: each part prepares and runs on its own.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("t.db"));
             Statement st = c.createStatement()) {
            for (String sql : parts) {
                st.execute(sql);
            }
            try (ResultSet rs = st.executeQuery("SELECT a, size FROM audit")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("big");
            }
        }
    }

    @Test
    void theStatementAtTheCaret() {
        String text = "SELECT 1;  SELECT 2;\n\n-- next\nSELECT 3";
        int second = text.indexOf("SELECT 2");
        int third = text.indexOf("SELECT 3");
        assertThat(SqlScript.at(text, 0).orElseThrow().sql()).isEqualTo("SELECT 1;");
        assertThat(SqlScript.at(text, 4).orElseThrow().sql()).isEqualTo("SELECT 1;");
        assertThat(SqlScript.at(text, 9).orElseThrow().sql()).as("right after ;").isEqualTo("SELECT 1;");
        assertThat(SqlScript.at(text, 10).orElseThrow().sql()).as("in trailing space").isEqualTo("SELECT 1;");
        assertThat(SqlScript.at(text, second).orElseThrow().sql()).isEqualTo("SELECT 2;");
        assertThat(SqlScript.at(text, second + 9).orElseThrow().sql()).isEqualTo("SELECT 2;");
        assertThat(SqlScript.at(text, third - 3).orElseThrow().sql()).as("in the comment after it")
                .isEqualTo("SELECT 2;");
        assertThat(SqlScript.at(text, third).orElseThrow().sql()).isEqualTo("SELECT 3");
        assertThat(SqlScript.at(text, text.length()).orElseThrow().sql()).isEqualTo("SELECT 3");
        assertThat(SqlScript.at("  \n-- only a comment", 3)).isEmpty();
        assertThat(SqlScript.at("\n\nSELECT 9", 0).orElseThrow().sql()).isEqualTo("SELECT 9");
    }

    @Test
    void anUnterminatedStringRunsToTheEnd() {
        assertThat(sqls("SELECT 1; SELECT 'a; SELECT 2")).containsExactly("SELECT 1;", "SELECT 'a; SELECT 2");
    }
}
