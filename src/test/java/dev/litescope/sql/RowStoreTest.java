package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowStoreTest {
    private static List<Cell> row(long i) {
        return List.of(new Cell.Integer(i), new Cell.Text("row " + i + " ünïcödé 🚀"),
                new Cell.Real(i / 2.0, Double.toString(i / 2.0)), i % 3 == 0 ? Cell.NULL
                        : new Cell.Blob(new byte[] {(byte) i, 0, (byte) 0xff}));
    }

    @Test
    void everyKindOfValueComesBackAsItWentIn() {
        RowStore store = new RowStore(4);
        List<List<Cell>> page = List.of(
                List.of(new Cell.Integer(Long.MIN_VALUE), new Cell.Text(""), new Cell.Real(0.1, "0.1"),
                        new Cell.Blob(new byte[0])),
                List.of(new Cell.Integer(Long.MAX_VALUE), new Cell.Text("a\nb\t\"c\"\u0000d"),
                        new Cell.Real(1e300, "1.0e+300"), Cell.NULL));
        store.append(page);
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get(0)).isEqualTo(page.get(0));
        assertThat(store.get(1)).isEqualTo(page.get(1));
        assertThat(((Cell.Real) store.get(1).get(2)).sqliteText()).isEqualTo("1.0e+300");
    }

    @Test
    void rowsReadStraightFromSqliteAreTheRowsItsCursorGives(@TempDir Path tmp) throws Exception {
        // Every kind of value (NULs and non-ASCII in text, BLOBs with zero bytes, 64-bit integers, reals), and a
        // result larger than a chunk, read both ways from the same statement.
        Path db = OutputFixture.create(tmp.resolve("values.db"));
        String sql = "SELECT id, t, i, r, b, x FROM v, (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                + "FROM n WHERE x < 60) SELECT x FROM n) ORDER BY x, id";
        try (SqlDatabase d = SqlDatabase.open(db, SqlDatabase.Access.READ_ONLY);
             ResultCursor direct = ((Outcome.Rows) d.execute(sql)).cursor();
             ResultCursor cells = ((Outcome.Rows) d.execute(sql)).cursor()) {
            int width = direct.columns().size();
            RowStore read = new RowStore(width);
            RowStore fetched = new RowStore(width);
            while (!direct.exhausted()) {
                read.append(RowStore.read(direct, 700));
            }
            while (!cells.exhausted()) {
                fetched.append(cells.fetch(700));
            }
            assertThat(read.size()).isEqualTo(fetched.size()).isGreaterThan(RowStore.CHUNK);
            assertThat(read.bytes()).isEqualTo(fetched.bytes());
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i)).as("row %d", i).isEqualTo(fetched.get(i));
            }
        }
    }

    @Test
    void rowsAreFoundAcrossManyPagesOfUnevenSizes() {
        RowStore store = new RowStore(4);
        long n = 0;
        for (int p = 0; p < 50; p++) {
            List<List<Cell>> page = new ArrayList<>();
            for (int i = 0; i < 1 + p * 7 % 230; i++) {
                page.add(row(n++));
            }
            store.append(page);
        }
        assertThat(store.size()).isEqualTo(n);
        // Back and forth, so that decoded pages are dropped and decoded again.
        for (int i : new int[] {0, (int) n - 1, 17, (int) n / 2, 1, (int) n - 2, 0}) {
            assertThat(store.get(i)).isEqualTo(row(i));
        }
        int past = (int) n;
        assertThatThrownBy(() -> store.get(past)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> store.append(List.of(List.of(Cell.NULL)))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("a row of 1 cells in a result of 4 columns");
    }

    @Test
    void aMillionRowsTakeAboutTheBytesOfTheirValues() {
        RowStore store = new RowStore(3);
        List<List<Cell>> page = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            page.add(List.of(new Cell.Integer(i), new Cell.Text("row " + i), new Cell.Real(i * 0.5, "0.5")));
            if (page.size() == 200) {
                store.append(page);
                page = new ArrayList<>();
            }
        }
        // 1+3 + 1+1+~10 + 1+8+1+3 bytes a row (the integer and the lengths in as few bytes as they need): about
        // 29 MB, where cell objects take several times that (and fixed-size integers and lengths took 41 MB).
        assertThat(store.bytes()).isBetween(27_000_000L, 31_000_000L);
        assertThat(store.get(999_999).get(1)).isEqualTo(new Cell.Text("row 999999"));
    }
}
