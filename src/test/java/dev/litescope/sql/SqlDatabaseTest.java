package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.sql.SqlDatabase.Access;
import dev.litescope.testsupport.RestoreComparison;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlDatabaseTest {
    @TempDir
    Path tmp;
    Path db;

    @BeforeEach
    void database() throws Exception {
        db = SqlFixture.create(tmp.resolve("app.db"));
    }

    private static ResultCursor rows(SqlDatabase d, String sql) throws SqlFailure {
        return ((Outcome.Rows) d.execute(sql)).cursor();
    }

    @Test
    void rowsArePagedFromOneOpenStatement() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(db, Access.WRITABLE);
             ResultCursor cursor = rows(d, "SELECT id, name FROM people ORDER BY id")) {
            assertThat(cursor.columns()).containsExactly(new ResultColumn("id", "INTEGER", "people"),
                    new ResultColumn("name", "TEXT", "people"));
            List<List<Cell>> all = new ArrayList<>(cursor.fetch(200));
            assertThat(cursor.fetched()).isEqualTo(200);
            assertThat(cursor.exhausted()).isFalse();
            // Another connection adds rows meanwhile. The open statement reads on in its own snapshot; a query run
            // again with OFFSET would see them.
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement st = other.createStatement()) {
                st.executeUpdate("INSERT INTO people (name) SELECT 'late ' || id FROM people LIMIT 100");
            }
            while (!cursor.exhausted()) {
                all.addAll(cursor.fetch(200));
            }
            assertThat(all).hasSize(SqlFixture.PEOPLE);
            assertThat(cursor.fetched()).isEqualTo(SqlFixture.PEOPLE);
            assertThat(all.get(449)).containsExactly(new Cell.Integer(450), new Cell.Text("person 450"));
            assertThat(cursor.fetch(10)).isEmpty();
        }
    }

    @Test
    void cellsAreTypedByTheValueNotTheDeclaredType() throws Exception {
        Path mixed = tmp.resolve("mixed.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + mixed); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE m (i INTEGER, t TEXT, b BLOB, anything)");
            st.execute("INSERT INTO m VALUES ('abc', 5, 1.5, x'00ff10'), "
                    + "(9223372036854775807, '', x'', -9223372036854775808), "
                    + "(2.5, 'ünï 😀', 'text', 'NULL'), "
                    + "(NULL, 'nul' || char(0) || 'in', NULL, 0)");
        }
        try (SqlDatabase d = SqlDatabase.open(mixed, Access.READ_ONLY);
             ResultCursor cursor = rows(d, "SELECT i, t, b, anything FROM m ORDER BY rowid")) {
            List<List<Cell>> r = cursor.fetch(10);
            assertThat(r).containsExactly(
                    List.of(new Cell.Text("abc"), new Cell.Text("5"), new Cell.Real(1.5, "1.5"),
                            new Cell.Blob(new byte[] {0, (byte) 0xff, 0x10})),
                    List.of(new Cell.Integer(Long.MAX_VALUE), new Cell.Text(""), new Cell.Blob(new byte[0]),
                            new Cell.Integer(Long.MIN_VALUE)),
                    List.of(new Cell.Real(2.5, "2.5"), new Cell.Text("ünï 😀"), new Cell.Text("text"),
                            new Cell.Text("NULL")),
                    List.of(Cell.NULL, new Cell.Text("nul\0in"), Cell.NULL, new Cell.Integer(0)));
            assertThat(((Cell.Blob) r.get(0).get(3)).hex()).isEqualTo("00ff10");
            // And each agrees with typeof().
            try (ResultCursor types = rows(d, "SELECT typeof(i), typeof(t), typeof(b), typeof(anything) FROM m "
                    + "ORDER BY rowid")) {
                List<List<Cell>> typeNames = types.fetch(10);
                assertThat(typeNames).hasSameSizeAs(r);
                for (int row = 0; row < r.size(); row++) {
                    for (int col = 0; col < 4; col++) {
                        assertThat(r.get(row).get(col).typeName()).isEqualTo(typeNames.get(row).get(col).toString());
                    }
                }
            }
        }
    }

    @Test
    void realsCarrySqlitesOwnText() throws Exception {
        double[] values = {1.0, 0.1, 1e300, 0.1 + 0.2, 1.0 / 3, -2.5e-7, 1e15, 1e17, 123456.789, -0.0, 5e-324,
            Double.MAX_VALUE, 713214.5064028159};
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < values.length; i++) {
                String literal = Double.toString(values[i]);
                sql.append(i == 0 ? "" : ", ").append(literal).append(", CAST(").append(literal)
                        .append(" AS TEXT)");
            }
            try (ResultCursor cursor = rows(d, sql.toString())) {
                List<Cell> row = cursor.fetch(1).get(0);
                for (int i = 0; i < values.length; i++) {
                    Cell.Real real = (Cell.Real) row.get(2 * i);
                    assertThat(real.value()).isEqualTo(values[i] == 0 ? 0.0 : values[i]);
                    assertThat(real.sqliteText()).isEqualTo(((Cell.Text) row.get(2 * i + 1)).value());
                }
                assertThat(row.get(0).toString()).isEqualTo("1.0");
                assertThat(row.get(2).toString()).isEqualTo("0.1");
                assertThat(row.get(4).toString()).isEqualTo("1.0e+300");
                assertThat(row.get(6).toString()).isEqualTo("0.30000000000000004");
            }
        }
    }

    @Test
    void changesAreCountedAndDdlChangesNothing() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(db, Access.WRITABLE)) {
            assertThat(d.readOnly()).isFalse();
            assertThat(((Outcome.Changed) d.execute("UPDATE people SET note = 'n' WHERE id <= 7")).changes())
                    .isEqualTo(7);
            Outcome ddl = d.execute("CREATE TABLE extra (x);");
            assertThat(((Outcome.Changed) ddl).changes()).isZero();
            assertThat(ddl.elapsed()).isPositive();
            try (ResultCursor returning = rows(d, "INSERT INTO extra VALUES (1), (2) RETURNING x")) {
                assertThat(returning.fetch(5)).hasSize(2);
            }
            try (ResultCursor empty = rows(d, "SELECT * FROM empty")) {
                assertThat(empty.columns()).containsExactly(new ResultColumn("a", "INTEGER", "empty"));
                assertThat(empty.fetch(5)).isEmpty();
                assertThat(empty.exhausted()).isTrue();
            }
        }
    }

    @Test
    void aReadOnlyCopyRefusesWritesWithTheConsolesWordsAndStaysUnchanged() throws Exception {
        String before = RestoreComparison.sha256(db);
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            assertThat(d.readOnly()).isTrue();
            assertThat(d.file()).isEqualTo(db);
            for (String write : List.of("INSERT INTO people (name) VALUES ('x')", "DELETE FROM kv",
                    "CREATE TABLE t (x)", "DROP TABLE empty")) {
                assertThatThrownBy(() -> d.execute(write)).as(write).isInstanceOfSatisfying(SqlFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(SqlFailure.Kind.READ_ONLY);
                    assertThat(f.getMessage()).startsWith("this copy is read-only; Make a writable copy to change it");
                    assertThat(f.sqliteMessage()).contains("readonly");
                });
            }
            assertThat(d.count("SELECT * FROM people")).isEqualTo(SqlFixture.PEOPLE);
        }
        assertThat(RestoreComparison.sha256(db)).isEqualTo(before);
        assertThat(Path.of(db + "-wal")).doesNotExist();
    }

    @Test
    void aMissingFileIsNeverCreated() {
        Path nothing = tmp.resolve("nothing.db");
        for (Access access : Access.values()) {
            assertThatThrownBy(() -> SqlDatabase.open(nothing, access)).isInstanceOf(SqlFailure.class)
                    .hasMessageContaining("no database file at").hasMessageContaining("nothing.db");
        }
        assertThat(nothing).doesNotExist();
    }

    @Test
    void failuresSayWhatAndWhere() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(db, Access.WRITABLE)) {
            SqlFailure syntax = failure(d, "SELEC 1");
            assertThat(syntax.kind()).isEqualTo(SqlFailure.Kind.SYNTAX);
            assertThat(syntax.sqliteMessage()).isEqualTo("near \"SELEC\": syntax error");
            assertThat(syntax.offset()).hasValue(0);

            String twice = "SELECT name FROM people WHERE FROM";
            SqlFailure near = failure(d, twice);
            assertThat(near.offset()).hasValue(twice.lastIndexOf("FROM"));

            SqlFailure incomplete = failure(d, "SELECT * FROM people WHERE  -- to be continued");
            assertThat(incomplete.kind()).isEqualTo(SqlFailure.Kind.SYNTAX);
            assertThat(incomplete.sqliteMessage()).isEqualTo("incomplete input");
            assertThat(incomplete.offset()).hasValue("SELECT * FROM people WHERE".length());
            assertThat(failure(d, "SELECT * FROM people WHERE ;").offset()).hasValue(27);

            SqlFailure noColumn = failure(d, "SELECT id, nope FROM people");
            assertThat(noColumn.kind()).isEqualTo(SqlFailure.Kind.OTHER);
            assertThat(noColumn.sqliteMessage()).isEqualTo("no such column: nope");
            assertThat(noColumn.offset()).hasValue(11);

            SqlFailure constraint = failure(d, "INSERT INTO kv VALUES ('a', 9)");
            assertThat(constraint.kind()).isEqualTo(SqlFailure.Kind.CONSTRAINT);
            assertThat(constraint.sqliteMessage()).contains("UNIQUE constraint failed: kv.k");
            assertThat(constraint.offset()).isEmpty();
        }
    }

    private static SqlFailure failure(SqlDatabase d, String sql) {
        try {
            d.execute(sql);
        } catch (SqlFailure f) {
            return f;
        }
        throw new AssertionError("no failure for " + sql);
    }

    @Test
    void executeTakesExactlyOneStatement() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            assertThatThrownBy(() -> d.execute("SELECT 1; SELECT 2")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SqlScript.split");
            assertThatThrownBy(() -> d.execute(" -- nothing")).isInstanceOf(IllegalArgumentException.class);
            try (ResultCursor c = rows(d, "SELECT 1; -- trailing")) {
                assertThat(c.fetch(2)).containsExactly(List.of(new Cell.Integer(1)));
            }
        }
    }

    @Test
    void countAndSortRunThroughSqlite() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            assertThat(d.count("SELECT * FROM people WHERE note IS NULL -- the thirds\n;")).isEqualTo(150);
            assertThat(d.rowCount("odd \"name\"")).isEqualTo(3);

            String plain = d.orderedBy("SELECT k, v FROM kv;", 2, false);
            assertThat(plain).isEqualTo("SELECT k, v FROM kv\nORDER BY 2 DESC");
            try (ResultCursor c = rows(d, plain)) {
                assertThat(c.fetch(5)).extracting(r -> r.get(0).toString()).containsExactly("c", "b", "a");
            }
            String limited = d.orderedBy("SELECT id, name FROM people ORDER BY id LIMIT 5 -- first five", 1, false);
            assertThat(limited).startsWith("SELECT * FROM (");
            try (ResultCursor c = rows(d, limited)) {
                assertThat(c.fetch(10)).extracting(r -> r.get(0)).containsExactly(new Cell.Integer(5),
                        new Cell.Integer(4), new Cell.Integer(3), new Cell.Integer(2), new Cell.Integer(1));
            }
            String nested = d.orderedBy("SELECT name FROM (SELECT name FROM people ORDER BY id LIMIT 3)", 1, true);
            assertThat(nested).endsWith(")\nORDER BY 1 ASC").doesNotStartWith("SELECT * FROM (\n");
        }
    }
}
