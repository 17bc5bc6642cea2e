package dev.litescope.guestbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load, restarts and shutdown, each on a fresh database. */
class ConcurrencyAndDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void sixteenWritersTimesFiftyPostsAllSucceed() throws Exception {
        Guestbook app = Guestbook.start(Config.of(0, dir.resolve("db.sqlite")));
        try {
            Http http = new Http(app.port());
            int threads = 16;
            int perThread = 50;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        // Every other request is a form post, so both paths are under load.
                        HttpResponse<String> r = i % 2 == 0
                                ? http.postJson(Http.entryJson("writer " + thread, "post " + i))
                                : http.postForm("writer " + thread, "post " + i);
                        int expected = i % 2 == 0 ? 201 : 303;
                        if (r.statusCode() != expected) {
                            failures.add(r.statusCode() + " " + r.body());
                        } else if (i % 2 == 0) {
                            ids.add(((BigDecimal) GuestbookHttpTest.object(r.body()).get("id")).longValue());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(failures).isEmpty();
            assertThat(new HashSet<>(ids)).hasSize(threads * perThread / 2);
            Map<String, Object> page = GuestbookHttpTest.object(http.get("/api/entries?limit=1").body());
            assertThat(((BigDecimal) page.get("count")).longValue()).isEqualTo(800);
            assertThat(app.store().committedWrites()).isEqualTo(800);
        } finally {
            app.shutdown();
        }
    }

    @Test
    void entriesSurviveARestartAndAreStoredWithTheRightTypes() throws Exception {
        Path db = dir.resolve("nested/dirs/db.sqlite");
        Guestbook first = Guestbook.start(Config.of(0, db));
        Http http = new Http(first.port());
        http.postJson(Http.entryJson("before", "restart"));
        http.postForm("also", "before");
        first.shutdown();

        Guestbook second = Guestbook.start(Config.of(0, db));
        try {
            List<Map<String, Object>> entries =
                    GuestbookHttpTest.entries(new Http(second.port()).get("/api/entries").body());
            assertThat(entries).extracting(e -> e.get("name")).containsExactly("also", "before");
        } finally {
            second.shutdown();
        }

        // What Litestream and any other SQLite client see: a WAL database, integer ids, text timestamps.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            assertThat(scalar(s, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(scalar(s, "SELECT group_concat(DISTINCT typeof(id) || '/' || typeof(created_at)) FROM entries"))
                    .isEqualTo("integer/text");
            assertThat(scalar(s, "SELECT count(*) FROM entries WHERE created_at GLOB "
                    + "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'"))
                    .isEqualTo("2");
            assertThat(scalar(s, "PRAGMA integrity_check")).isEqualTo("ok");
        }
    }

    @Test
    void closeCommitsEverythingAlreadyQueuedAndRefusesLaterWrites() throws Exception {
        Path db = dir.resolve("db.sqlite");
        Store store = Store.open(db, 2);
        List<CompletableFuture<Entry>> pending = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pending.add(store.add(new NewEntry("queued", "entry " + i)));
        }
        store.close();

        Set<Long> ids = new HashSet<>();
        for (CompletableFuture<Entry> f : pending) {
            assertThat(f).isCompleted();
            ids.add(f.get().id());
        }
        assertThat(ids).hasSize(500);
        CompletableFuture<Entry> late = store.add(new NewEntry("late", "after close"));
        assertThatThrownBy(late::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            assertThat(scalar(s, "SELECT count(*) FROM entries")).isEqualTo("500");
        }
    }

    /**
     * Another process holding the write lock for a moment (as Litestream does when it checkpoints) only delays
     * writes: busy_timeout waits it out, and the inserts that pile up meanwhile commit together.
     */
    @Test
    void aForeignWriteLockDelaysWritesWhichThenCommitAsAGroup() throws Exception {
        Path db = dir.resolve("db.sqlite");
        Store store = Store.open(db, 1);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            List<CompletableFuture<Entry>> pending = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                pending.add(store.add(new NewEntry("while locked", "entry " + i)));
            }
            Thread.sleep(300);
            assertThat(pending).noneMatch(CompletableFuture::isDone); // nothing is acknowledged before its commit
            s.execute("COMMIT");

            List<String> createdAt = new ArrayList<>();
            for (CompletableFuture<Entry> f : pending) {
                createdAt.add(f.get(10, TimeUnit.SECONDS).createdAt());
            }
            // At most two transactions: the one that waited for the lock and the one with everything queued behind it.
            assertThat(new HashSet<>(createdAt).size()).isLessThanOrEqualTo(2);
        } finally {
            store.close();
        }
        assertThat(store.committedWrites()).isEqualTo(100);
    }

    private static String scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
