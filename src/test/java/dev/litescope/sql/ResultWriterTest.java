package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.sql.SqlDatabase.Access;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.util.JsonMapper;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
    @TempDir
    Path tmp;
    Path db;

    @BeforeEach
    void database() throws Exception {
        db = OutputFixture.create(tmp.resolve("values.db"));
    }

    private String write(ResultWriter.Format format, boolean header) throws Exception {
        StringWriter out = new StringWriter();
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY);
             ResultCursor cursor = ((Outcome.Rows) d.execute(OutputFixture.SELECT_ALL)).cursor()) {
            ResultWriter w = ResultWriter.of(format, out, header);
            w.begin(cursor.columns());
            while (!cursor.exhausted()) {
                for (List<Cell> row : cursor.fetch(7)) {
                    w.row(row);
                }
            }
            w.end();
        }
        return out.toString();
    }

    /** The fixture's rows as SQLite gives them, by our own cursor: the values every format must carry. */
    private List<List<Cell>> expected() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY);
             ResultCursor cursor = ((Outcome.Rows) d.execute(OutputFixture.SELECT_ALL)).cursor()) {
            return cursor.fetch(1000);
        }
    }

    private static ProcResult shell(String... args) throws Exception {
        Process p = new ProcessBuilder(args).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcResult(p.waitFor(), new String(out, StandardCharsets.UTF_8), err);
    }

    @Test
    void csvIsByteForByteWhatTheSqliteShellWrites() throws Exception {
        String ours = write(ResultWriter.Format.CSV, true);
        ProcResult sqlite3 = shell("sqlite3", "-csv", "-header", db.toString(), OutputFixture.SELECT_ALL_SHELL);
        assertThat(sqlite3.exitCode()).as(sqlite3.stderr()).isZero();
        assertThat(ours).isEqualTo(sqlite3.stdout());
        assertThat(write(ResultWriter.Format.CSV, false)).isEqualTo(ours.substring(ours.indexOf('\n') + 1));
    }

    @Test
    void csvParsesBackToTheValues() throws Exception {
        List<List<String>> records = OutputFixture.parseCsv(write(ResultWriter.Format.CSV, true));
        assertThat(records.get(0)).containsExactly("id", "t", "i", "r", "b");
        List<List<Cell>> expected = expected();
        assertThat(records).hasSize(expected.size() + 1);
        for (int r = 0; r < expected.size(); r++) {
            List<String> back = records.get(r + 1);
            List<Cell> row = expected.get(r);
            for (int c = 0; c < row.size(); c++) {
                assertThat(back.get(c)).as("row %d column %d", r, c).isEqualTo(ResultWriter.text(row.get(c)));
            }
        }
        // The texts themselves, from the fixture: nothing lost, NULL and "" kept apart.
        List<String> texts = new ArrayList<>();
        for (int r = 1; r <= OutputFixture.TEXTS.size(); r++) {
            texts.add(records.get(r).get(1));
        }
        assertThat(texts).isEqualTo(OutputFixture.TEXTS);
        assertThat(records.get(records.size() - 1)).containsExactly(String.valueOf(expected.size()), null, null,
                null, null);
        assertThat(records).extracting(r -> r.get(2)).contains("9223372036854775807", "-9223372036854775808",
                "9007199254740993");
        assertThat(records).extracting(r -> r.get(3)).contains("1.5", "0.1", "1.0e+300", "-1.0e-05", "3.0",
                "1.0e+20");
        assertThat(records).extracting(r -> r.get(4)).contains("0102ab", "00ff", "74657874");
    }

    @Test
    void tsvKeepsEveryRowOnOneLineAndParsesBack() throws Exception {
        String tsv = write(ResultWriter.Format.TSV, true);
        String[] lines = tsv.split("\n", -1);
        List<List<Cell>> expected = expected();
        assertThat(lines).hasSize(expected.size() + 2); // the header, the rows, and "" after the last LF
        assertThat(lines[0]).isEqualTo("id\tt\ti\tr\tb");
        for (int r = 0; r < expected.size(); r++) {
            String[] fields = lines[r + 1].split("\t", -1);
            assertThat(fields).hasSize(5);
            for (int c = 0; c < 5; c++) {
                String want = ResultWriter.text(expected.get(r).get(c));
                assertThat(ResultWriter.Tsv.unescape(fields[c])).isEqualTo(want == null ? "" : want);
            }
        }
    }

    @Test
    void jsonAndJsonLinesCarryTypedValuesExactly() throws Exception {
        String json = write(ResultWriter.Format.JSON, true);
        String jsonl = write(ResultWriter.Format.JSONL, true);
        JsonNode array = JsonMapper.MAPPER.readTree(json);
        String[] lines = jsonl.split("\n");
        List<List<Cell>> expected = expected();
        assertThat(array.size()).isEqualTo(expected.size());
        assertThat(lines).hasSize(expected.size());
        for (int r = 0; r < expected.size(); r++) {
            JsonNode line = JsonMapper.MAPPER.readTree(lines[r]);
            assertThat(line).isEqualTo(array.get(r));
            List<Cell> row = expected.get(r);
            String[] names = {"id", "t", "i", "r", "b"};
            for (int c = 0; c < 5; c++) {
                JsonNode v = line.get(names[c]);
                Cell cell = row.get(c);
                if (cell instanceof Cell.Null) {
                    assertThat(v.isNull()).isTrue();
                } else if (cell instanceof Cell.Integer i) {
                    assertThat(v.isIntegralNumber()).isTrue();
                    assertThat(v.bigIntegerValue()).isEqualTo(BigInteger.valueOf(i.value()));
                } else if (cell instanceof Cell.Real re) {
                    assertThat(v.isNumber()).isTrue();
                    assertThat(v.doubleValue()).isEqualTo(re.value());
                } else if (cell instanceof Cell.Text t) {
                    assertThat(v.textValue()).isEqualTo(t.value());
                } else if (cell instanceof Cell.Blob b) {
                    assertThat(v.get("hex").textValue()).isEqualTo(b.hex());
                }
            }
        }
        assertThat(json).startsWith("[\n{\"id\":1,").endsWith("}\n]\n");
    }

    @Test
    void jsonAgreesWithTheSqliteShellsJsonOnEverythingButBlobs() throws Exception {
        ProcResult sqlite3 = shell("sqlite3", "-json", db.toString(), "SELECT id, t, i, r FROM v ORDER BY id");
        assertThat(sqlite3.exitCode()).as(sqlite3.stderr()).isZero();
        JsonNode theirs = JsonMapper.MAPPER.readTree(sqlite3.stdout());
        JsonNode ours = JsonMapper.MAPPER.readTree(write(ResultWriter.Format.JSON, true));
        assertThat(ours.size()).isEqualTo(theirs.size());
        for (int r = 0; r < ours.size(); r++) {
            for (String name : List.of("id", "t", "i")) {
                assertThat(ours.get(r).get(name)).as("row %d %s", r, name).isEqualTo(theirs.get(r).get(name));
            }
            JsonNode a = ours.get(r).get("r");
            JsonNode b = theirs.get(r).get("r");
            assertThat(a.isNull()).isEqualTo(b.isNull());
            if (!a.isNull()) {
                assertThat(a.doubleValue()).as("row %d r", r).isEqualTo(b.doubleValue());
            }
        }
    }

    @Test
    void emptyResultsAreStillWellFormed() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            for (ResultWriter.Format f : ResultWriter.Format.values()) {
                StringWriter out = new StringWriter();
                try (ResultCursor c = ((Outcome.Rows) d.execute("SELECT t AS \"a b\" FROM v WHERE 0")).cursor()) {
                    ResultWriter w = ResultWriter.of(f, out, true);
                    w.begin(c.columns());
                    w.end();
                }
                assertThat(out.toString()).as(f.name()).isEqualTo(switch (f) {
                    case CSV -> "\"a b\"\n";
                    case TSV -> "a b\n";
                    case JSON -> "[]\n";
                    case JSONL -> "";
                });
            }
        }
    }
}
