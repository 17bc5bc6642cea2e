package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablePageTest {
    @TempDir
    Path tmp;
    Path db;

    @BeforeEach
    void database() throws SQLException {
        db = SqlFixture.create(tmp.resolve("app.db"));
    }

    @Test
    void pagesCoverEveryRowOnceInRowidOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        TablePage page = TablePage.read(db, "people", 0, 200);
        assertThat(page.hasPrevious()).isFalse();
        int pages = 1;
        page.rows().forEach(r -> ids.add(r.get(0).toString()));
        while (page.hasNext()) {
            page = TablePage.read(db, "people", page.offset() + page.rows().size(), 200);
            page.rows().forEach(r -> ids.add(r.get(0).toString()));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(page.rows()).hasSize(SqlFixture.PEOPLE - 400);
        assertThat(page.totalRows()).isEqualTo(SqlFixture.PEOPLE);
        assertThat(page.hasPrevious()).isTrue();
        assertThat(ids).hasSize(SqlFixture.PEOPLE);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(String.valueOf(i + 1));
        }
    }

    @Test
    void columnsCarryTheirDeclaredTypes() throws Exception {
        TablePage page = TablePage.read(db, "people", 0, 1);
        assertThat(page.columns()).containsExactly(new TablePage.Column("id", "INTEGER"),
                new TablePage.Column("name", "TEXT"), new TablePage.Column("score", "REAL"),
                new TablePage.Column("note", "TEXT"), new TablePage.Column("photo", "BLOB"));
        assertThat(TablePage.read(db, "odd \"name\"", 0, 1).columns())
                .containsExactly(new TablePage.Column("x", ""));
    }

    @Test
    void valuesAreTypedAsSqliteHoldsThemAndBlobsShownBySize() throws Exception {
        TablePage page = TablePage.read(db, "people", 0, 15);
        List<Cell> fifth = page.rows().get(4); // id 5: photo of 50 bytes
        assertThat(fifth.get(4)).isEqualTo(new Cell.Blob(new byte[50]));
        assertThat(fifth.get(4).toString()).isEqualTo("<blob 50 bytes>");
        List<Cell> third = page.rows().get(2); // id 3: no note, no photo
        assertThat(third.get(3)).isEqualTo(Cell.NULL);
        assertThat(third.get(4)).isEqualTo(Cell.NULL);
        assertThat(third.get(2)).isEqualTo(new Cell.Real(0.75, "0.75"));
        // A text that reads "NULL" is not a NULL.
        assertThat(new Cell.Text("NULL")).isNotEqualTo(Cell.NULL);
    }

    @Test
    void tablesWithoutRowidAndOddNamesAndEmptyTablesRead() throws Exception {
        TablePage kv = TablePage.read(db, "kv", 0, 200);
        assertThat(kv.rows()).extracting(r -> r.get(0).toString()).containsExactly("a", "b", "c");
        TablePage odd = TablePage.read(db, "odd \"name\"", 1, 200);
        assertThat(odd.rows()).extracting(r -> r.get(0)).containsExactly(new Cell.Text("two"), Cell.NULL);
        assertThat(odd.offset()).isEqualTo(1);
        TablePage empty = TablePage.read(db, "empty", 0, 200);
        assertThat(empty.rows()).isEmpty();
        assertThat(empty.hasNext()).isFalse();
    }

    @Test
    void anUnknownTableIsNamed() {
        assertThatThrownBy(() -> TablePage.read(db, "people; DROP TABLE people", 0, 10))
                .isInstanceOf(SQLException.class).hasMessageContaining("no table named people; DROP TABLE people");
    }
}
