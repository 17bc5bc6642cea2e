package dev.litescope.sql.touched;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every page of real SQLite files gets an owner, and the counts agree with what SQLite itself reports. */
class PageOwnersTest {
    @TempDir
    Path tmp;

    @Test
    void freedPagesAreOnTheFreelistAndTheRestInTheirBtrees() throws Exception {
        Path db = tmp.resolve("free.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("CREATE INDEX t_v ON t (v)");
            st.execute("CREATE TABLE big (b BLOB)");
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                    + "INSERT INTO t SELECT i, printf('%0200d', i) FROM n");
            st.execute("INSERT INTO big VALUES (randomblob(20000))");
            st.execute("DELETE FROM t WHERE id > 300");
        }
        PageOwners owners = PageOwners.of(db);
        Map<String, Integer> counts = counts(owners);
        assertThat(counts.get(PageOwners.FREELIST)).isEqualTo(pragma(db, "freelist_count")).isGreaterThan(50);
        assertThat(counts.keySet()).containsExactlyInAnyOrder("sqlite_schema", "t", "t_v", "big",
                PageOwners.FREELIST);
        // A 20000-byte blob on 4 KiB pages keeps 3635 bytes in its leaf and 16368 on 4 overflow pages.
        assertThat(counts.get("big")).as("big's leaf and overflow pages").isEqualTo(5);
        assertThat(owners.pageCount()).isEqualTo(pragma(db, "page_count"));
        assertThat(owners.owner(1)).contains("sqlite_schema");
        assertThat(owners.owner((int) owners.pageCount() + 1)).isEmpty();
        assertThat(owners.inBtree(1)).isTrue();
    }

    @Test
    void autoVacuumDatabasesHavePointerMapPages() throws Exception {
        Path db = tmp.resolve("av.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = 512");
            st.execute("PRAGMA auto_vacuum = FULL");
            st.execute("CREATE TABLE t (v TEXT)");
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                    + "INSERT INTO t SELECT printf('%0100d', i) FROM n");
        }
        PageOwners owners = PageOwners.of(db);
        // 512-byte pages: a pointer-map page describes 102 pages, so they sit at 2, 105, 208, ...
        assertThat(owners.pageCount()).isGreaterThan(300);
        assertThat(owners.owner(2)).contains(PageOwners.PTRMAP);
        assertThat(owners.owner(105)).contains(PageOwners.PTRMAP);
        assertThat(owners.owner(208)).contains(PageOwners.PTRMAP);
        assertThat(owners.owner(104)).contains("t");
        assertThat(counts(owners)).doesNotContainKey(PageOwners.FREELIST);
    }

    private static Map<String, Integer> counts(PageOwners owners) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int p = 1; p <= owners.pageCount(); p++) {
            Optional<String> o = owners.owner(p);
            assertThat(o).as("page %d", p).isPresent();
            counts.merge(o.get(), 1, Integer::sum);
        }
        return counts;
    }

    private static int pragma(Path db, String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.getInt(1);
        }
    }
}
