package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.sql.OutputFixture;
import dev.litescope.sql.SqlFixture;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.util.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCommandTest {
    @TempDir
    Path tmp;
    Path db;

    @BeforeEach
    void database() throws Exception {
        db = OutputFixture.create(tmp.resolve("values.db"));
    }

    private static String sqlite3(String... args) throws Exception {
        Process p = new ProcessBuilder(args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void csvIsWhatSqlite3CsvPrintsAndTheFileIsUntouched() throws Exception {
        String before = RestoreComparison.sha256(db);
        ProcResult r = Litescope.run("query", "--format", "csv", db.toString(), OutputFixture.SELECT_ALL);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(sqlite3("sqlite3", "-csv", "-header", db.toString(),
                OutputFixture.SELECT_ALL_SHELL));
        ProcResult bare = Litescope.run("query", "--format=csv", "--no-header", db.toString(),
                OutputFixture.SELECT_ALL);
        assertThat(bare.stdout()).isEqualTo(sqlite3("sqlite3", "-csv", db.toString(),
                OutputFixture.SELECT_ALL_SHELL));
        assertThat(OutputFixture.parseCsv(r.stdout())).extracting(row -> row.get(1)).containsSubsequence(
                OutputFixture.TEXTS);
        assertThat(RestoreComparison.sha256(db)).isEqualTo(before);
    }

    @Test
    void jsonAndJsonLinesParseBack() throws Exception {
        ProcResult json = Litescope.run("query", "-format", "json", db.toString(), OutputFixture.SELECT_ALL);
        ProcResult jsonl = Litescope.run("query", "-format", "jsonl", db.toString(), OutputFixture.SELECT_ALL);
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode array = JsonMapper.MAPPER.readTree(json.stdout());
        String[] lines = jsonl.stdout().split("\n");
        assertThat(lines).hasSize(array.size()).hasSize(41);
        for (int i = 0; i < lines.length; i++) {
            assertThat(JsonMapper.MAPPER.readTree(lines[i])).isEqualTo(array.get(i));
        }
        JsonNode theirs = JsonMapper.MAPPER.readTree(sqlite3("sqlite3", "-json", db.toString(),
                "SELECT id, t, i FROM v ORDER BY id"));
        for (int i = 0; i < array.size(); i++) {
            for (String name : List.of("id", "t", "i")) {
                assertThat(array.get(i).get(name)).isEqualTo(theirs.get(i).get(name));
            }
        }
        assertThat(array.get(23).get("i").asText()).isEqualTo("9223372036854775807");
        assertThat(array.get(36).get("b").get("hex").asText()).isEqualTo("0102ab");
    }

    @Test
    void tableAlignsColumnsAndRunsEachStatement() {
        ProcResult r = Litescope.run("query", db.toString(), "SELECT id, t FROM v WHERE id IN (1, 5, 10, 14) "
                + "ORDER BY id; SELECT i, r FROM v WHERE id IN (24, 28, 41)");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(String.join("\n",
                "id  t",
                "--  ------------",
                " 1  plain",
                " 5  line1\\nline2",
                "10  ",
                "14  NULL",
                "(4 rows)",
                "",
                "                  i     r",
                "-------------------  ----",
                "9223372036854775807  NULL",
                "               NULL   1.5",
                "               NULL  NULL",
                "(3 rows)", ""));
    }

    @Test
    void errorsExitOneWithSqlitesMessageAndWhere() {
        ProcResult syntax = Litescope.run("query", db.toString(), "SELECT id\nFROM v WHER id = 1");
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.stderr()).contains("error: near \"id\": syntax error\n  FROM v WHER id = 1\n"
                + "              ^");
        ProcResult write = Litescope.run("query", db.toString(), "DELETE FROM v");
        assertThat(write.exitCode()).isEqualTo(1);
        assertThat(write.stderr()).contains("this copy is read-only; Make a writable copy to change it");
        ProcResult missing = Litescope.run("query", tmp.resolve("nope.db").toString(), "SELECT 1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no SQLite file at").contains("URL@RFC3339");
        assertThat(tmp.resolve("nope.db")).doesNotExist();
        ProcResult badTimeout = Litescope.run("query", "--timeout", "soon", db.toString(), "SELECT 1");
        assertThat(badTimeout.exitCode()).isEqualTo(1);
        assertThat(badTimeout.stderr()).contains("invalid duration \"soon\"");
    }

    @Test
    void timeoutStopsARunawayQueryQuickly() throws Exception {
        Path people = SqlFixture.create(tmp.resolve("app.db"));
        long start = System.nanoTime();
        ProcResult r = Litescope.run("query", "--timeout", "300ms", people.toString(),
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("query stopped after 300ms (--timeout)");
        assertThat(seconds).isLessThan(1.3);
        ProcResult inTime = Litescope.run("query", "--timeout", "30s", "--format", "csv", "--no-header",
                people.toString(), "SELECT count(*) FROM people");
        assertThat(inTime.exitCode()).as(inTime.stderr()).isZero();
        assertThat(inTime.stdout()).isEqualTo(SqlFixture.PEOPLE + "\n");
    }
}
