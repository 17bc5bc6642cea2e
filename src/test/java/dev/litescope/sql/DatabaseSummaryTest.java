package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.sql.DatabaseSummary.TableCount;
import dev.litescope.testsupport.RestoreComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSummaryTest {
    @TempDir
    Path tmp;

    @Test
    void listsEveryTableWithItsRowCountAndNoViews() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));

        DatabaseSummary summary = DatabaseSummary.read(db);

        assertThat(summary.tables()).containsExactly(new TableCount("empty", 0), new TableCount("kv", 3),
                new TableCount("odd \"name\"", 3), new TableCount("people", SqlFixture.PEOPLE));
        assertThat(summary.fileBytes()).isEqualTo(Files.size(db));
    }

    @Test
    void aWriteThroughTheReadOnlyConnectionFailsAndTheFileIsUnchanged() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));
        String before = RestoreComparison.sha256(db);

        try (Connection c = ReadOnlyDatabase.open(db); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO people (name) VALUES ('intruder')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("readonly");
            assertThatThrownBy(() -> st.execute("CREATE TABLE t (x)")).isInstanceOf(SQLException.class);
        }
        DatabaseSummary.read(db);
        try (SqlDatabase console = SqlDatabase.open(db, SqlDatabase.Access.READ_ONLY)) {
            ((Outcome.Rows) console.execute("SELECT * FROM people")).cursor().fetch(10);
        }

        assertThat(RestoreComparison.sha256(db)).isEqualTo(before);
        assertThat(Path.of(db + "-wal")).doesNotExist();
        assertThat(Path.of(db + "-shm")).doesNotExist();
    }

    @Test
    void aDatabaseInUseIsReadWithItsWal() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = writer.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.executeUpdate("INSERT INTO kv VALUES ('d', 4)");
            assertThat(Path.of(db + "-wal")).isNotEmptyFile();

            assertThat(DatabaseSummary.read(db).tables()).contains(new TableCount("kv", 4));
        }
    }

    @Test
    void aMissingFileIsAnErrorNotANewDatabase() {
        Path nothing = tmp.resolve("nothing.db");
        assertThatThrownBy(() -> DatabaseSummary.read(nothing)).isInstanceOf(SQLException.class)
                .hasMessageContaining("no database file at");
        assertThat(nothing).doesNotExist();
    }
}
