package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Cell;
import dev.litescope.sql.Outcome;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.SqlDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows copied from the grid: each format read back gives the values that went in. */
class CopyFormatTest {
    static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("id", "INTEGER"),
            new ResultColumn("note", "TEXT"), new ResultColumn("x", ""), new ResultColumn("b", "BLOB"));
    static final List<List<Cell>> ROWS = List.of(
            List.of(new Cell.Integer(Long.MIN_VALUE), new Cell.Text("it's \"quoted\", | piped\nand two lines"),
                    new Cell.Real(0.1, "0.1"), new Cell.Blob(new byte[] {0, (byte) 0xab})),
            List.of(new Cell.Integer(2), Cell.NULL, new Cell.Text(""), Cell.NULL));

    @TempDir
    Path tmp;

    @Test
    void insertStatementsGiveTheSameValuesAndTypesBack() throws Exception {
        String sql = CopyFormat.INSERT.write(COLUMNS, ROWS);
        assertThat(sql).startsWith("INSERT INTO \"table\" (\"id\", \"note\", \"x\", \"b\") VALUES (");
        Path db = tmp.resolve("back.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE \"table\" (id, note, x, b)");
            st.executeUpdate(sql);
        }
        try (SqlDatabase back = SqlDatabase.open(db, SqlDatabase.Access.READ_ONLY)) {
            var cursor = ((Outcome.Rows) back.execute("SELECT * FROM \"table\" ORDER BY rowid")).cursor();
            assertThat(cursor.fetch(10)).isEqualTo(ROWS);
        }
    }

    @Test
    void markdownEscapesPipesAndLineBreaksAndTsvKeepsOneRowALine() {
        String md = CopyFormat.MARKDOWN.write(COLUMNS, ROWS);
        assertThat(md.lines()).hasSize(4);
        assertThat(md.lines().toList().get(0)).isEqualTo("| id | note | x | b |");
        assertThat(md.lines().toList().get(1)).isEqualTo("| --- | --- | --- | --- |");
        assertThat(md).contains("\\| piped<br>and two lines").contains("| 00ab |");
        String tsv = CopyFormat.TSV.write(COLUMNS, ROWS);
        assertThat(tsv.lines()).hasSize(3);
        assertThat(tsv.lines().toList().get(0)).isEqualTo("id\tnote\tx\tb");
        String csv = CopyFormat.CSV.write(COLUMNS, ROWS);
        assertThat(csv).startsWith("id,note,x,b").contains("\"it's \"\"quoted\"\", | piped\nand two lines\"");
    }
}
