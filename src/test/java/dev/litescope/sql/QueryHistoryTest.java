package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.sql.QueryHistory.Entry;
import dev.litescope.sql.QueryHistory.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void entriesSurviveReopeningAndSearchNewestFirst() throws Exception {
        Path file = tmp.resolve("data").resolve("query-history.db");
        Instant t0 = Instant.parse("2026-12-01T10:00:00.123Z");
        try (QueryHistory h = QueryHistory.open(file)) {
            h.record("app.db", "SELECT * FROM people", t0, Duration.ofMillis(12), 450, Status.ROWS,
                    Optional.empty());
            h.record("gs://b/db@2026-11-27T20:29:44Z", "SELECT count(*) FROM orders", t0.plusSeconds(60),
                    Duration.ofMillis(3), 1, Status.ROWS, Optional.empty());
            h.record("app.db", "DELETE FROM people", t0.plusSeconds(120), Duration.ofMillis(1), 0, Status.FAILED,
                    Optional.of(SqlFailure.READ_ONLY_MESSAGE));
        }
        try (QueryHistory h = QueryHistory.open(file)) {
            assertThat(h.search("", 10)).extracting(Entry::sql).containsExactly("DELETE FROM people",
                    "SELECT count(*) FROM orders", "SELECT * FROM people");
            Entry failed = h.search("delete", 10).get(0);
            assertThat(failed.status()).isEqualTo(Status.FAILED);
            assertThat(failed.error()).hasValue(SqlFailure.READ_ONLY_MESSAGE);
            assertThat(failed.started()).isEqualTo(t0.plusSeconds(120));
            Entry first = h.search("PEOPLE", 10).get(1);
            assertThat(first).isEqualTo(new Entry(1, "app.db", "SELECT * FROM people", t0, Duration.ofMillis(12),
                    450, Status.ROWS, Optional.empty()));
            assertThat(h.search("gs://b", 10)).extracting(Entry::database)
                    .containsExactly("gs://b/db@2026-11-27T20:29:44Z");
            assertThat(h.search("people", 1)).hasSize(1);
            // LIKE's wildcards are searched for as themselves.
            assertThat(h.search("%", 10)).isEmpty();
            assertThat(h.search("count(*)", 10)).hasSize(1);
            assertThat(h.search("_", 10)).isEmpty();
        }
    }

    @Test
    void theStandardPlaceIsTheUsersDataFolder() throws Exception {
        Path data = tmp.resolve("xdg-data");
        try (QueryHistory h = QueryHistory.open(Map.of("XDG_DATA_HOME", data.toString()))) {
            assertThat(h.file()).isEqualTo(data.resolve("litescope").resolve("query-history.db"));
            h.record("a.db", "SELECT 1", Instant.now(), Duration.ZERO, 1, Status.ROWS, Optional.empty());
        }
        assertThat(data.resolve("litescope").resolve("query-history.db")).isNotEmptyFile();
    }

    @Test
    void aHistoryFromANewerLitescopeIsNotTouched() throws Exception {
        Path file = tmp.resolve("h.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (QueryHistory.VERSION + 1));
        }
        assertThatThrownBy(() -> QueryHistory.open(file)).isInstanceOf(SqlFailure.class)
                .hasMessageContaining("written by a newer Litescope").hasMessageContaining(file.toString());
    }
}
