package dev.litescope.sql.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.sql.SqlFailure;
import dev.litescope.testsupport.RestoreComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseDiffTest {
    @TempDir
    Path tmp;

    private DatabaseDiff diff(String[] before, String[] after) throws Exception {
        Path a = DiffFixture.create(tmp.resolve("a.db"), before);
        Path b = DiffFixture.create(tmp.resolve("b.db"), after);
        return DatabaseDiff.open(a, b);
    }

    @Test
    void schemaChangesNameEachObjectWithBothStatements() throws Exception {
        String[] before = {
            "CREATE TABLE kept (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE altered (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, gone BLOB)",
            "CREATE TABLE dropped (x)",
            "CREATE INDEX kept_name ON kept(name)",
            "CREATE VIEW v AS SELECT id FROM kept",
            "CREATE TRIGGER tr AFTER INSERT ON kept BEGIN SELECT 1; END"};
        String[] after = {
            "CREATE TABLE kept (id INTEGER PRIMARY KEY, name TEXT)",
            "CREATE TABLE altered (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b REAL, c TEXT DEFAULT 'x')",
            "CREATE TABLE fresh (y)",
            "CREATE INDEX kept_name ON kept(name)",
            "CREATE INDEX fresh_y ON fresh(y)",
            "CREATE TRIGGER tr AFTER INSERT ON kept BEGIN SELECT 2; END"};
        try (DatabaseDiff d = diff(before, after)) {
            List<SchemaChange> changes = d.schemaChanges();
            assertThat(changes).extracting(c -> c.type() + " " + c.name() + " " + c.change()).containsExactly(
                    "table altered changed", "table dropped removed", "table fresh added", "view v removed",
                    "index fresh_y added", "trigger tr changed");
            SchemaChange altered = changes.get(0);
            assertThat(altered.before()).hasValue(before[1]);
            assertThat(altered.after()).hasValue(after[1]);
            assertThat(altered.columnsAdded()).containsExactly("c");
            assertThat(altered.columnsRemoved()).containsExactly("gone");
            assertThat(altered.columnsChanged()).containsExactly("a", "b");
            assertThat(changes.get(1).after()).isEmpty();
            assertThat(changes.get(2).before()).isEmpty();
            assertThat(changes.get(5).before()).hasValue(before[5]);
            assertThat(d.tables()).extracting(TableComparison::name).containsExactly("altered", "dropped", "fresh",
                    "kept");
        }
    }

    @Test
    void everyTypeAndEveryTypeChangeCountsByTypeofAndValue() throws Exception {
        // No declared type: no affinity, so each value keeps the type it was written with.
        String[] before = {"CREATE TABLE t (id INTEGER PRIMARY KEY, v)",
            "INSERT INTO t VALUES (1, 1), (2, 1), (3, 'a'), (4, NULL), (5, NULL), (6, 2.5), (7, x'00ff'), "
                + "(8, 'x'), (9, 'gone'), (11, 1), (12, 0.1), (13, x'00'), (14, 'A')"};
        String[] after = {"CREATE TABLE t (id INTEGER PRIMARY KEY, v)",
            "INSERT INTO t VALUES (1, 1.0), (2, '1'), (3, x'61'), (4, NULL), (5, 0), (6, 2.5), (7, x'00ff'), "
                + "(8, 'x'), (10, 'new'), (11, 1), (12, 0.30000000000000004), (13, x'0000'), (14, 'a')"};
        try (DatabaseDiff d = diff(before, after)) {
            assertThat(DiffFixture.changes(d, "t", 1000)).containsExactly(
                    "changed [integer:1] [integer:1 integer:1*] -> [integer:1 real:1.0*]",
                    "changed [integer:2] [integer:2 integer:1*] -> [integer:2 text:1*]",
                    "changed [integer:3] [integer:3 text:a*] -> [integer:3 blob:61*]",
                    "changed [integer:5] [integer:5 null:NULL*] -> [integer:5 integer:0*]",
                    "removed [integer:9] [integer:9 text:gone] -> []",
                    "added [integer:10] [] -> [integer:10 text:new]",
                    "changed [integer:12] [integer:12 real:0.1*] -> [integer:12 real:0.30000000000000004*]",
                    "changed [integer:13] [integer:13 blob:00*] -> [integer:13 blob:0000*]",
                    "changed [integer:14] [integer:14 text:A*] -> [integer:14 text:a*]");
            TableCount count = d.count(d.table("t"));
            assertThat(count).isEqualTo(new TableCount("t", OptionalLong.of(13), OptionalLong.of(13),
                    OptionalLong.of(1), OptionalLong.of(1), OptionalLong.of(7)));
            assertThat(count.same()).isFalse();
        }
    }

    @Test
    void withoutRowidTablesMatchOnTheirCompositeKeyInKeyOrder() throws Exception {
        String ddl = "CREATE TABLE w (region TEXT, n INTEGER, v TEXT, PRIMARY KEY (region, n)) WITHOUT ROWID";
        String[] before = {ddl, "INSERT INTO w VALUES ('eu', 2, 'b'), ('eu', 1, 'a'), ('us', 1, 'c'), ('ap', 9, 'z')"};
        String[] after = {ddl, "INSERT INTO w VALUES ('eu', 1, 'a'), ('eu', 2, 'B'), ('eu', 3, 'd'), ('us', 1, 'c')"};
        try (DatabaseDiff d = diff(before, after)) {
            TableComparison w = d.table("w");
            assertThat(w.keyColumns()).containsExactly("region", "n");
            assertThat(w.rowidKey()).isFalse();
            assertThat(DiffFixture.changes(d, "w", 1)).containsExactly(
                    "removed [text:ap integer:9] [text:ap integer:9 text:z] -> []",
                    "changed [text:eu integer:2] [text:eu integer:2 text:b*] -> [text:eu integer:2 text:B*]",
                    "added [text:eu integer:3] [] -> [text:eu integer:3 text:d]");
        }
    }

    @Test
    void aTableWithoutADeclaredKeyMatchesOnTheRowid() throws Exception {
        String[] before = {"CREATE TABLE log (msg TEXT)", "INSERT INTO log VALUES ('one'), ('two'), ('three')"};
        // 'two' deleted and written again gets a new rowid: removed once, added once, as SQLite sees it.
        String[] after = {"CREATE TABLE log (msg TEXT)", "INSERT INTO log VALUES ('one'), ('two'), ('three')",
            "DELETE FROM log WHERE rowid = 2", "INSERT INTO log VALUES ('two')", "UPDATE log SET msg = 'THREE' "
                + "WHERE rowid = 3"};
        try (DatabaseDiff d = diff(before, after)) {
            assertThat(d.table("log").keyColumns()).containsExactly("rowid");
            assertThat(DiffFixture.changes(d, "log", 2)).containsExactly(
                    "removed [integer:2] [text:two] -> []",
                    "changed [integer:3] [text:three*] -> [text:THREE*]",
                    "added [integer:4] [] -> [text:two]");
        }
    }

    @Test
    void aNocaseKeyMatchesAsSqliteDoesAndOrdersByItsCollation() throws Exception {
        String ddl = "CREATE TABLE u (name TEXT PRIMARY KEY COLLATE NOCASE, n INTEGER)";
        String[] before = {ddl, "INSERT INTO u VALUES ('bob', 1), ('Carol', 2), ('alice', 3), ('Dave', 4)"};
        String[] after = {ddl, "INSERT INTO u VALUES ('BOB', 1), ('carol', 2), ('alice', 30), ('eve', 5)"};
        try (DatabaseDiff d = diff(before, after)) {
            assertThat(DiffFixture.changes(d, "u", 1000)).containsExactly(
                    "changed [text:alice] [text:alice integer:3*] -> [text:alice integer:30*]",
                    "changed [text:bob] [text:bob* integer:1] -> [text:BOB* integer:1]",
                    "changed [text:Carol] [text:Carol* integer:2] -> [text:carol* integer:2]",
                    "removed [text:Dave] [text:Dave integer:4] -> []",
                    "added [text:eve] [] -> [text:eve integer:5]");
        }
    }

    @Test
    void tablesWhoseColumnsDifferCompareTheCommonOnesAndShowWholeRows() throws Exception {
        String[] before = {"CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, y TEXT)",
            "INSERT INTO t VALUES (1, 'same', 'y1'), (2, 'old', 'y2')"};
        String[] after = {"CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, z TEXT)",
            "INSERT INTO t VALUES (1, 'same', 'z1'), (2, 'new', 'z2')"};
        try (DatabaseDiff d = diff(before, after)) {
            TableComparison t = d.table("t");
            assertThat(t.commonColumns()).containsExactly("id", "x");
            assertThat(t.beforeColumns()).containsExactly("id", "x", "y");
            assertThat(t.afterColumns()).containsExactly("id", "x", "z");
            assertThat(DiffFixture.changes(d, "t", 10)).containsExactly(
                    "changed [integer:2] [integer:2 text:old* text:y2] -> [integer:2 text:new* text:z2]");
        }
    }

    @Test
    void aTableOnOneSideIsAllAddedOrAllRemoved() throws Exception {
        try (DatabaseDiff d = diff(new String[] {"CREATE TABLE old (a)", "INSERT INTO old VALUES (1), (2)"},
                new String[] {"CREATE TABLE new (b PRIMARY KEY)", "INSERT INTO new VALUES ('k')"})) {
            assertThat(DiffFixture.changes(d, "old", 5)).containsExactly("removed [integer:1] [integer:1] -> []",
                    "removed [integer:2] [integer:2] -> []");
            assertThat(DiffFixture.changes(d, "new", 5)).containsExactly("added [text:k] [] -> [text:k]");
            assertThat(d.count(d.table("new"))).isEqualTo(new TableCount("new", OptionalLong.empty(),
                    OptionalLong.of(1), OptionalLong.of(1), OptionalLong.of(0), OptionalLong.of(0)));
        }
    }

    @Test
    void badInputIsRefusedByNameAndTheFilesStayUntouched() throws Exception {
        Path a = DiffFixture.create(tmp.resolve("a.db"), "CREATE TABLE t (x)");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "these are not the pages of a database\n".repeat(200));
        String sum = RestoreComparison.sha256(a);
        assertThatThrownBy(() -> DatabaseDiff.open(a, tmp.resolve("missing.db"))).isInstanceOf(DiffException.class)
                .hasMessageContaining("no SQLite file at " + tmp.resolve("missing.db"));
        assertThatThrownBy(() -> DatabaseDiff.open(text, a)).isInstanceOf(DiffException.class)
                .hasMessageContaining("notes.txt").hasMessageContaining("give a SQLite database file");
        try (DatabaseDiff d = DatabaseDiff.open(a, a)) {
            assertThatThrownBy(() -> d.table("nope")).isInstanceOf(DiffException.class)
                    .hasMessage("no table nope in either database; the tables are: t");
            assertThat(d.schemaChanges()).isEmpty();
            assertThat(d.count(d.table("T")).same()).isTrue();
        }
        assertThat(RestoreComparison.sha256(a)).isEqualTo(sum);
        assertThat(tmp.resolve("missing.db")).doesNotExist();
    }

    @Test
    void aSecondFileWithAnOddNameAndALiveWalIsReadWithItsWal() throws Exception {
        Path a = DiffFixture.create(tmp.resolve("a.db"), "CREATE TABLE t (id INTEGER PRIMARY KEY, v)",
                "INSERT INTO t VALUES (1, 'one')");
        Path dir = Files.createDirectories(tmp.resolve("it's #1? 50% done"));
        Path b = dir.resolve("b.db");
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + b.toUri());
             Statement st = writer.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)");
            st.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
            assertThat(dir.resolve("b.db-wal")).exists();
            // The rows are in the WAL only, while the writer stays open.
            try (DatabaseDiff d = DatabaseDiff.open(a, b)) {
                assertThat(DiffFixture.changes(d, "t", 10)).containsExactly("added [integer:2] [] -> "
                        + "[integer:2 text:two]");
            }
        }
    }

    @Test
    void differentKeysOnWithoutRowidTablesCannotBeMatched() throws Exception {
        try (DatabaseDiff d = diff(new String[] {"CREATE TABLE w (a PRIMARY KEY, b) WITHOUT ROWID"},
                new String[] {"CREATE TABLE w (a, b PRIMARY KEY) WITHOUT ROWID"})) {
            TableComparison w = d.table("w");
            assertThat(w.comparable()).isFalse();
            assertThatThrownBy(() -> d.rows(w)).isInstanceOf(DiffException.class)
                    .hasMessageContaining("table w has primary key (a) in the first database and (b) in the second");
            assertThat(d.count(w).added()).isEmpty();
        }
    }

    @Test
    void aPageBeingReadStopsOnInterrupt() throws Exception {
        String ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)";
        String fill = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                + "INSERT INTO t SELECT i, i FROM n";
        try (DatabaseDiff d = diff(new String[] {ddl, fill}, new String[] {ddl, fill, "UPDATE t SET v = -v"})) {
            try (RowChanges rows = d.rows(d.table("t"))) {
                assertThat(rows.next(10)).hasSize(10);
                d.interrupt();
                assertThatThrownBy(() -> rows.next(10)).isInstanceOf(SqlFailure.class)
                        .extracting(e -> ((SqlFailure) e).kind()).isEqualTo(SqlFailure.Kind.INTERRUPTED);
            }
            // The diff is usable again afterwards.
            assertThat(d.count(d.table("t")).changed()).hasValue(5000);
        }
    }
}
