package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.sql.SqlDatabase.Access;
import dev.litescope.util.Cancellation;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {
    @TempDir
    Path tmp;

    private static List<Path> folder(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesWhatTheWriterWritesAndReportsProgress() throws Exception {
        Path db = OutputFixture.create(tmp.resolve("values.db"));
        Path out = tmp.resolve("out").resolve("values.csv");
        List<Long> progress = new ArrayList<>();
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            Export.Result r = Export.toFile(d, OutputFixture.SELECT_ALL, ResultWriter.Format.CSV, true, out,
                    progress::add, new Cancellation());
            assertThat(r.file()).isEqualTo(out);
            assertThat(r.rows()).isEqualTo(41);
            assertThat(r.bytes()).isEqualTo(Files.size(out));
            StringWriter direct = new StringWriter();
            try (ResultCursor c = ((Outcome.Rows) d.execute(OutputFixture.SELECT_ALL)).cursor()) {
                ResultWriter w = ResultWriter.of(ResultWriter.Format.CSV, direct, true);
                w.begin(c.columns());
                for (List<Cell> row : c.fetch(100)) {
                    w.row(row);
                }
                w.end();
            }
            assertThat(Files.readString(out)).isEqualTo(direct.toString());
        }
        assertThat(progress).containsExactly(41L);
        assertThat(folder(out.getParent())).containsExactly(out);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
    }

    /** What the writer gives for {@code sql} on its own, without Export's file handling. */
    private static String written(SqlDatabase d, String sql) throws Exception {
        StringWriter direct = new StringWriter();
        try (ResultCursor c = ((Outcome.Rows) d.execute(sql)).cursor()) {
            ResultWriter w = ResultWriter.of(ResultWriter.Format.CSV, direct, true);
            w.begin(c.columns());
            while (!c.exhausted()) {
                for (List<Cell> row : c.fetch(100)) {
                    w.row(row);
                }
            }
            w.end();
        }
        return direct.toString();
    }

    @Test
    void everyShapeOfStatementExportsAsTheWriterWritesIt() throws Exception {
        Path db = OutputFixture.create(tmp.resolve("values.db"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE odd (\"we,ird \"\"name\"\"\" TEXT, x)");
            st.execute("INSERT INTO odd VALUES ('nul' || char(0) || 'inside', 1), (char(0), 2.5), ('ok', x'')");
        }
        List<String> statements = List.of(OutputFixture.SELECT_ALL, "SELECT * FROM odd",
                "SELECT t, t, i AS t FROM v WHERE id < 30 ORDER BY id DESC -- duplicate names",
                "WITH w AS (SELECT id FROM v) SELECT count(*), sum(id) FROM w;",
                "VALUES (1, 'a b'), (NULL, x'00')", "SELECT * FROM v WHERE 0",
                "PRAGMA table_info(v)", "SELECT 1 UNION ALL SELECT 'two' ORDER BY 1");
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            for (String sql : statements) {
                Path out = tmp.resolve("out.csv");
                Export.toFile(d, sql, ResultWriter.Format.CSV, true, out, n -> { }, new Cancellation());
                assertThat(Files.readString(out)).as(sql).isEqualTo(written(d, sql));
            }
        }
    }

    @Test
    void aLargeExportStreamsInPagesAndReplacesTheTarget() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));
        Path out = Files.writeString(tmp.resolve("people.jsonl"), "old content\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw-r--"));
        List<Long> progress = new ArrayList<>();
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            String sql = "SELECT p.id, p.name FROM people p, people q WHERE q.id <= 10"; // 4,500 rows
            Export.Result r = Export.toFile(d, sql, ResultWriter.Format.JSONL, true, out, progress::add,
                    new Cancellation());
            assertThat(r.rows()).isEqualTo(4500);
        }
        assertThat(progress).containsExactly(2000L, 4000L, 4500L);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).as("the replaced file's")
                .isEqualTo("rw-rw-r--");
        assertThat(Files.readAllLines(out)).hasSize(4500).allMatch(l -> l.startsWith("{\"id\":"));
    }

    @Test
    void cancellingARunawayExportStopsSqliteAndLeavesNothing() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));
        Path out = Files.writeString(tmp.resolve("keep.csv"), "the user's old file\n");
        Cancellation cancel = new Cancellation();
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            CompletableFuture<Export.Result> running = CompletableFuture.supplyAsync(() -> {
                try {
                    // Endless, and filtering so that SQLite works a long time between rows.
                    return Export.toFile(d, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
                            + "SELECT x FROM n WHERE x % 1000000 = 0", ResultWriter.Format.CSV, true, out, n -> { },
                            cancel);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(running).isNotDone();
            long cancelledAt = System.nanoTime();
            cancel.cancel();
            assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(Cancellation.CancelledException.class);
            assertThat((System.nanoTime() - cancelledAt) / 1e9).isLessThan(1.0);
        }
        assertThat(Files.readString(out)).isEqualTo("the user's old file\n");
        assertThat(folder(tmp)).containsExactlyInAnyOrder(out, tmp.resolve("app.db"));
    }

    @Test
    void aFailingStatementLeavesNothingAndSaysWhy() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));
        Path out = tmp.resolve("x.csv");
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            assertThatThrownBy(() -> Export.toFile(d, "SELECT nope FROM people", ResultWriter.Format.CSV, true, out,
                    n -> { }, new Cancellation())).isInstanceOfSatisfying(SqlFailure.class,
                        f -> assertThat(f.sqliteMessage()).isEqualTo("no such column: nope"));
            assertThatThrownBy(() -> Export.toFile(d, "PRAGMA user_version = 3", ResultWriter.Format.CSV, true, out,
                    n -> { }, new Cancellation())).isInstanceOf(SqlFailure.class);
            assertThatThrownBy(() -> Export.toFile(d, "SELECT 1", ResultWriter.Format.CSV, true, tmp, n -> { },
                    new Cancellation())).hasMessageContaining("it is a folder");
        }
        assertThat(folder(tmp)).containsExactly(tmp.resolve("app.db"));
    }
}
