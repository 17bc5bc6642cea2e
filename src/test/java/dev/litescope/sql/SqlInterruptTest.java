package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.sql.SqlDatabase.Access;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop really stops: runaway queries end within a second of {@link SqlDatabase#interrupt()}, from another thread. */
class SqlInterruptTest {
    private static final String ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
            + "SELECT count(*) FROM n";
    private static final String CROSS_JOIN = "SELECT count(*) FROM big a, big b, big c WHERE a.v + b.v + c.v = -1";

    @TempDir
    Path tmp;

    private Path bigTable() throws Exception {
        Path file = tmp.resolve("big.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE big (v INTEGER)");
            st.execute("INSERT INTO big WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                    + "WHERE x < 5000) SELECT x FROM n");
        }
        return file; // 5000^3 rows to join: hours of work
    }

    @Test
    void anEndlessRecursiveQueryEndsWithinASecond() throws Exception {
        assertStopsQuickly(SqlFixture.create(tmp.resolve("app.db")), ENDLESS);
    }

    @Test
    void aBigCrossJoinEndsWithinASecond() throws Exception {
        assertStopsQuickly(bigTable(), CROSS_JOIN);
    }

    private void assertStopsQuickly(Path file, String sql) throws Exception {
        try (SqlDatabase db = SqlDatabase.open(file, Access.READ_ONLY)) {
            AtomicLong endedAt = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    db.execute(sql);
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    endedAt.set(System.nanoTime());
                }
            });
            Thread.sleep(500); // let it get deep into the work; the assertion is on its end, below
            assertThat(running).as("still running when stopped").isNotDone();
            long interruptedAt = System.nanoTime();
            db.interrupt();
            running.get(10, TimeUnit.SECONDS);
            Duration toEnd = Duration.ofNanos(endedAt.get() - interruptedAt);
            assertThat(toEnd).isLessThan(Duration.ofSeconds(1));
            assertThat(failure.get()).isInstanceOfSatisfying(SqlFailure.class,
                    f -> assertThat(f.kind()).isEqualTo(SqlFailure.Kind.INTERRUPTED));

            // The connection is usable right after.
            try (ResultCursor c = ((Outcome.Rows) db.execute("SELECT 42")).cursor()) {
                assertThat(c.fetch(1)).containsExactly(List.of(new Cell.Integer(42)));
            }
        }
    }

    @Test
    void aFetchThatFiltersForeverStopsAndOpenCursorsFailTheirNextFetch() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(bigTable(), Access.READ_ONLY)) {
            ResultCursor open = ((Outcome.Rows) db.execute("SELECT v FROM big")).cursor();
            assertThat(open.fetch(10)).hasSize(10);
            // The first row comes at once; the second needs billions of combinations looked at.
            ResultCursor slow = ((Outcome.Rows) db.execute("SELECT a.v FROM big a, big b, big c "
                    + "WHERE a.v = 1 AND b.v = 1 AND c.v = 1 OR a.v + b.v + c.v = -1")).cursor();
            assertThat(slow.fetch(1)).hasSize(1);
            AtomicLong endedAt = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    slow.fetch(1);
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    endedAt.set(System.nanoTime());
                }
            });
            Thread.sleep(500);
            assertThat(running).isNotDone();
            long interruptedAt = System.nanoTime();
            db.interrupt();
            running.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(endedAt.get() - interruptedAt)).isLessThan(Duration.ofSeconds(1));
            assertThat(((SqlFailure) failure.get()).kind()).isEqualTo(SqlFailure.Kind.INTERRUPTED);

            assertThatThrownBy(() -> open.fetch(10)).isInstanceOfSatisfying(SqlFailure.class,
                    f -> assertThat(f.kind()).isEqualTo(SqlFailure.Kind.INTERRUPTED));
            // A statement started after the Stop runs normally.
            try (ResultCursor fresh = ((Outcome.Rows) db.execute("SELECT count(*) FROM big")).cursor()) {
                assertThat(fresh.fetch(1)).containsExactly(List.of(new Cell.Integer(5000)));
            }
            open.close();
            slow.close();
        }
    }
}
