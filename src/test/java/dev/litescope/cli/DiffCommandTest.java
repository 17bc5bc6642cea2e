package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.app.Launcher;
import dev.litescope.sql.diff.DiffFixture;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.util.JsonMapper;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
    @TempDir
    Path tmp;
    Path a;
    Path b;

    @BeforeEach
    void databases() throws Exception {
        a = DiffFixture.create(tmp.resolve("a.db"),
                "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v)",
                "INSERT INTO t VALUES (1, 'ann', 1), (2, 'bob', 2), (3, 'cid', x'00ff')",
                "CREATE TABLE log (msg)", "INSERT INTO log VALUES ('x')");
        b = DiffFixture.create(tmp.resolve("b.db"),
                "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v, note TEXT)",
                "INSERT INTO t VALUES (1, 'ann', 1.0, NULL), (3, 'cid', x'00ff', 'hi'), (4, 'dan', 4, NULL)",
                "CREATE TABLE log (msg)", "INSERT INTO log VALUES ('x')", "CREATE INDEX t_name ON t(name)");
    }

    @Test
    void tableFormatShowsSchemaCountsAndRowsAndExitsOneWhenTheyDiffer() throws Exception {
        String before = RestoreComparison.sha256(a) + RestoreComparison.sha256(b);
        ProcResult r = Litescope.run("diff", "--table", "t", a.toString(), b.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).isEqualTo(String.join("\n",
                "table t: changed",
                "  - CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v)",
                "  + CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, v, note TEXT)",
                "  columns: added note",
                "index t_name: added",
                "  + CREATE INDEX t_name ON t(name)",
                "",
                "table  rows_before  rows_after  added  removed  changed",
                "-----  -----------  ----------  -----  -------  -------",
                "log              1           1      0        0        0",
                "t                3           3      1        1        1",
                "(2 rows)",
                "",
                "rows of t by id (a changed cell shows before → after):",
                "op       id  name  v        note",
                "-------  --  ----  -------  ----",
                "changed   1  ann   1 → 1.0  NULL",
                "removed   2  bob   2        ",
                "added     4  dan   4        NULL",
                "(3 rows)",
                ""));
        assertThat(RestoreComparison.sha256(a) + RestoreComparison.sha256(b)).isEqualTo(before);
    }

    @Test
    void jsonIsTheDocumentedShapeAndTheSameFileExitsZero() throws Exception {
        ProcResult r = Litescope.run("diff", "--format", "json", "--table", "t", a.toString(), b.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        JsonNode doc = JsonMapper.MAPPER.readTree(r.stdout());
        assertThat(doc.fieldNames()).toIterable().containsExactly("schema", "tables", "rows");
        assertThat(doc.get("schema").get(0).get("type").asText()).isEqualTo("table");
        assertThat(doc.get("schema").get(0).get("change").asText()).isEqualTo("changed");
        assertThat(doc.get("schema").get(0).get("columns_added").get(0).asText()).isEqualTo("note");
        assertThat(doc.get("schema").get(1).get("before").isNull()).isTrue();
        assertThat(doc.get("tables").get(1)).isEqualTo(JsonMapper.MAPPER.readTree(
                "{\"name\": \"t\", \"rows_before\": 3, \"rows_after\": 3, \"added\": 1, \"removed\": 1, "
                        + "\"changed\": 1}"));
        assertThat(doc.get("rows")).isEqualTo(JsonMapper.MAPPER.readTree("["
                + "{\"op\": \"changed\", \"key\": {\"id\": 1}, \"before\": {\"id\": 1, \"name\": \"ann\", \"v\": 1},"
                + " \"after\": {\"id\": 1, \"name\": \"ann\", \"v\": 1.0, \"note\": null}},"
                + "{\"op\": \"removed\", \"key\": {\"id\": 2}, \"before\": {\"id\": 2, \"name\": \"bob\", \"v\": 2},"
                + " \"after\": null},"
                + "{\"op\": \"added\", \"key\": {\"id\": 4}, \"before\": null,"
                + " \"after\": {\"id\": 4, \"name\": \"dan\", \"v\": 4, \"note\": null}}]"));
        // 1.0 stays a real in the JSON text, and a BLOB is {"hex": ...} as query writes it.
        assertThat(r.stdout()).contains("\"v\":1.0");

        ProcResult none = Litescope.run("diff", "--format", "json", a.toString(), a.toString());
        assertThat(none.exitCode()).as(none.stderr()).isZero();
        JsonNode same = JsonMapper.MAPPER.readTree(none.stdout());
        assertThat(same.fieldNames()).toIterable().containsExactly("schema", "tables");
        assertThat(same.get("schema")).isEmpty();
        assertThat(same.get("tables")).hasSize(2);
        ProcResult text = Litescope.run("diff", a.toString(), a.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).startsWith("schema: the same\n");
    }

    @Test
    void troubleExitsTwoWithAMessageNamingWhat() throws Exception {
        ProcResult missing = Litescope.run("diff", a.toString(), tmp.resolve("nope.db").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("error: no SQLite file at " + tmp.resolve("nope.db")
                + ", and it is not a replica moment");
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "not a database\n".repeat(500));
        ProcResult notSqlite = Litescope.run("diff", notes.toString(), a.toString());
        assertThat(notSqlite.exitCode()).isEqualTo(2);
        assertThat(notSqlite.stderr()).contains("error: cannot read " + notes).contains("give a SQLite database file");
        ProcResult noTable = Litescope.run("diff", "--table", "orders", a.toString(), b.toString());
        assertThat(noTable.exitCode()).isEqualTo(2);
        assertThat(noTable.stderr()).contains("error: no table orders in either database; the tables are: log, t");
        assertThat(noTable.stdout()).isEmpty();
        ProcResult badFormat = Litescope.run("diff", "--format", "xml", a.toString(), b.toString());
        assertThat(badFormat.exitCode()).isEqualTo(2);
        ProcResult help = Litescope.run("diff", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("  0   the same").contains("  1   they differ")
                .contains("  2   trouble: a missing file");
        // Other commands keep their failure code.
        assertThat(Litescope.run("query", tmp.resolve("nope.db").toString(), "SELECT 1").exitCode()).isEqualTo(1);
    }

    @Test
    void aLargeTableStreamsThroughASmallHeap() throws Exception {
        int rows = 100_000;
        String ddl = "CREATE TABLE big (id INTEGER PRIMARY KEY, pad TEXT, n INTEGER)";
        String fill = "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ") "
                + "INSERT INTO big SELECT i, printf('%0400d', i), i FROM s";
        Path big1 = DiffFixture.create(tmp.resolve("big1.db"), ddl, fill);
        // Every row changes: the output holds both sides of all of them, far more than the heap.
        Path big2 = DiffFixture.create(tmp.resolve("big2.db"), ddl, fill, "UPDATE big SET n = -n");
        assertThat(Files.size(big1)).isGreaterThan(40L << 20);
        Path out = tmp.resolve("out.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "diff", "--format", "json", "--table", "big", big1.toString(),
                big2.toString()).redirectOutput(out.toFile()).redirectError(tmp.resolve("err.txt").toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isEqualTo(1);
        assertThat(Files.size(out)).isGreaterThan(80L << 20);
        long seen = 0;
        try (BufferedReader in = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("{\"op\"")) {
                    seen++;
                    JsonNode row = JsonMapper.MAPPER.readTree(line.endsWith(",") ? line.substring(0,
                            line.length() - 1) : line);
                    assertThat(row.get("key").get("id").asLong()).isEqualTo(seen);
                    assertThat(row.get("after").get("n").asLong()).isEqualTo(-seen);
                }
            }
        }
        assertThat(seen).isEqualTo(rows);
    }
}
