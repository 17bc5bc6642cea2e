package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Cell;
import dev.litescope.sql.QueryHistory;
import dev.litescope.sql.ResultWriter;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlFailure;
import dev.litescope.sql.SqlFixture;
import dev.litescope.sql.SqlScript;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.ui.fx.QueuedTaskRunner;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's model over a real SQLite file, on a same-thread runner: what each tab does, without a screen. */
class ConsoleSessionTest {
    @TempDir
    Path tmp;

    Path db;
    ConsoleSession session;

    @BeforeEach
    void open() throws Exception {
        db = SqlFixture.create(tmp.resolve("people.db"));
        session = new ConsoleSession(TaskRunner.sameThread(), ConsoleSession.Source.file(db));
        session.open();
        assertThat(session.errorProperty().get()).isEmpty();
        assertThat(session.openProperty().get()).isTrue();
    }

    @AfterEach
    void close() {
        session.close();
    }

    private List<SqlScript.Part> script(String text) {
        return SqlScript.split(text);
    }

    @Test
    void theSchemaIsReadWhenTheTabOpens() {
        var schema = session.schemaProperty().get().orElseThrow();
        assertThat(schema.tables()).extracting(t -> t.name()).contains("people", "kv", "empty", "odd \"name\"");
        assertThat(schema.views()).extracting(v -> v.name()).containsExactly("people_view");
        assertThat(session.readOnly()).isTrue();
    }

    @Test
    void rowsArriveAPageAtATimeFromOneStatement() {
        session.run(script("SELECT id, name, note, photo FROM people ORDER BY id"));
        StatementResult r = session.results().get(0);
        assertThat(r.kind()).isEqualTo(StatementResult.Kind.ROWS);
        assertThat(r.rows()).hasSize(ConsoleSession.PAGE);
        assertThat(r.exhaustedProperty().get()).isFalse();
        assertThat(r.summary()).startsWith("200+ rows");
        session.fetchMore(r);
        assertThat(r.rows()).hasSize(2 * ConsoleSession.PAGE);
        session.fetchMore(r);
        assertThat(r.rows()).hasSize(SqlFixture.PEOPLE);
        assertThat(r.exhaustedProperty().get()).isTrue();
        assertThat(r.totalProperty().get()).hasValue(SqlFixture.PEOPLE);
        // Typed as SQLite has them: every third note NULL, every fifth photo a BLOB of id * 10 bytes.
        List<Cell> fifth = r.rows().get(4);
        assertThat(fifth.get(0)).isEqualTo(new Cell.Integer(5));
        assertThat(fifth.get(3)).isInstanceOf(Cell.Blob.class);
        assertThat(((Cell.Blob) fifth.get(3)).size()).isEqualTo(50);
        assertThat(r.rows().get(2).get(2)).isInstanceOf(Cell.Null.class);
    }

    @Test
    void pagesGrowAsTheGridAsksForMoreSoThatALongResultTakesFewRoundTrips() {
        int total = 400_000;
        session.run(script("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " + total
                + ") SELECT x, 'row ' || x, x * 0.5 FROM n"));
        StatementResult r = session.results().get(0);
        List<Integer> sizes = new ArrayList<>(List.of(r.rows().size()));
        while (!r.exhaustedProperty().get()) {
            session.fetchMore(r);
            sizes.add(r.rows().size());
        }
        // As many again each time from 200, each page at most MAX_PAGE: 200, 400, 800, ... then steps of MAX_PAGE.
        assertThat(sizes.subList(0, 6)).containsExactly(200, 400, 800, 1600, 3200, 6400);
        for (int i = 1; i < sizes.size(); i++) {
            int step = sizes.get(i) - sizes.get(i - 1);
            assertThat(step).isLessThanOrEqualTo(Math.min(ConsoleSession.MAX_PAGE, sizes.get(i - 1)));
        }
        assertThat(sizes).hasSizeLessThan(14).last().isEqualTo(total);
        // Every row where it belongs, across pages and the store's chunks.
        for (int i : new int[] {0, 1023, 1024, 6399, 6400, 131_071, 131_072, total - 1}) {
            assertThat(r.rows().get(i)).containsExactly(new Cell.Integer(i + 1), new Cell.Text("row " + (i + 1)),
                    new Cell.Real((i + 1) * 0.5, r.rows().get(i).get(2).toString()));
        }
        assertThat(r.rows().get(total - 1).get(2).toString()).isEqualTo("200000.0");
    }

    @Test
    void pastTheFirstPagesTheNextPageIsReadBeforeTheGridAsksAndShownAtOnceWhenItDoes() {
        QueuedTaskRunner runner = new QueuedTaskRunner();
        ConsoleSession queued = new ConsoleSession(runner, ConsoleSession.Source.file(db));
        queued.open();
        runner.runAll();
        String numbers = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000) "
                + "SELECT x FROM n";
        queued.run(script(numbers));
        runner.runAll();
        StatementResult r = queued.results().get(0);
        // The first pages only when asked: a grid that shows a few hundred rows reads no more than it shows.
        while (r.rows().size() < ConsoleSession.READ_AHEAD_FROM) {
            assertThat(runner.pending()).isZero();
            queued.fetchMore(r);
            assertThat(runner.runNext()).isTrue();
        }
        assertThat(r.rows()).hasSize(ConsoleSession.READ_AHEAD_FROM);
        // Then the next is read at once, kept until the grid asks, and shown without waiting for SQLite.
        assertThat(runner.pending()).isEqualTo(1);
        assertThat(r.fetchingProperty().get()).isTrue();
        assertThat(runner.runNext()).isTrue();
        assertThat(r.rows()).hasSize(ConsoleSession.READ_AHEAD_FROM);
        assertThat(r.fetchingProperty().get()).isFalse();
        queued.fetchMore(r);
        assertThat(r.rows()).hasSize(2 * ConsoleSession.READ_AHEAD_FROM);
        assertThat(r.rows().get(2 * ConsoleSession.READ_AHEAD_FROM - 1)).containsExactly(
                new Cell.Integer(2 * ConsoleSession.READ_AHEAD_FROM));
        // Asked for while a page is being read: shown as it lands, once.
        assertThat(runner.pending()).isEqualTo(1);
        queued.fetchMore(r);
        queued.fetchMore(r);
        assertThat(runner.pending()).isEqualTo(1);
        assertThat(runner.runNext()).isTrue();
        assertThat(r.rows()).hasSize(4 * ConsoleSession.READ_AHEAD_FROM);
        // A new run drops the result while its next page is read ahead: the cursor closed under the read is no error.
        queued.run(script("SELECT 1"));
        assertThat(runner.runLatest()).isTrue();
        runner.runAll();
        assertThat(queued.errorProperty().get()).isEmpty();
        assertThat(queued.results()).hasSize(1);
        assertThat(queued.results().get(0).rows()).hasSize(1);
        queued.close();
        runner.runAll();
    }

    @Test
    void eachStatementOfARunGetsItsResultAndTheFirstFailureEndsIt() {
        session.run(script("SELECT count(*) FROM people; SELECT * FROM kv ORDER BY k; SELEC oops; SELECT 1;"));
        assertThat(session.results()).extracting(StatementResult::kind).containsExactly(StatementResult.Kind.ROWS,
                StatementResult.Kind.ROWS, StatementResult.Kind.FAILED);
        assertThat(session.results().get(0).rows().get(0).get(0)).isEqualTo(new Cell.Integer(SqlFixture.PEOPLE));
        StatementResult failed = session.results().get(2);
        assertThat(failed.failure().orElseThrow().kind()).isEqualTo(SqlFailure.Kind.SYNTAX);
        assertThat(failed.summary()).contains("syntax error");
        assertThat(failed.statement().sql()).isEqualTo("SELEC oops;");
        assertThat(session.runningProperty().get()).isFalse();
    }

    @Test
    void aReadOnlyCopyRefusesWritesAndSaysWhatToDo() throws Exception {
        String before = RestoreComparison.sha256(db);
        session.run(script("DELETE FROM people"));
        StatementResult r = session.results().get(0);
        assertThat(r.kind()).isEqualTo(StatementResult.Kind.FAILED);
        assertThat(r.failure().orElseThrow().kind()).isEqualTo(SqlFailure.Kind.READ_ONLY);
        assertThat(r.summary()).contains("this copy is read-only; Make a writable copy to change it");
        assertThat(RestoreComparison.sha256(db)).isEqualTo(before);
    }

    @Test
    void aWritableCopyTakesWritesAndTheFileItCameFromStaysAsItWas() throws Exception {
        String before = RestoreComparison.sha256(db);
        AtomicReference<ConsoleSession.Source> copy = new AtomicReference<>();
        session.makeWritableCopy(tmp.resolve("copy/people-copy.db"), copy::set);
        assertThat(copy.get().access()).isEqualTo(SqlDatabase.Access.WRITABLE);
        assertThat(copy.get().title()).contains("writable copy of");
        ConsoleSession writable = new ConsoleSession(TaskRunner.sameThread(), copy.get());
        writable.open();
        try {
            writable.run(script("DELETE FROM people WHERE id > 10"));
            assertThat(writable.results().get(0).changes()).isEqualTo(SqlFixture.PEOPLE - 10);
            writable.run(script("SELECT count(*) FROM people"));
            assertThat(writable.results().get(0).rows().get(0).get(0)).isEqualTo(new Cell.Integer(10));
        } finally {
            writable.close();
        }
        assertThat(RestoreComparison.sha256(db)).isEqualTo(before);
        try (var files = Files.list(tmp.resolve("copy"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file is left")
                    .allMatch(n -> n.startsWith("people-copy.db"));
        }
    }

    @Test
    void sortingRerunsTheStatementOrderedBySqliteAndBackToItsOwnOrder() {
        session.run(script("SELECT k, v FROM kv"));
        StatementResult first = session.results().get(0);
        session.sort(first, -2);
        StatementResult sorted = session.results().get(0);
        assertThat(sorted).isNotSameAs(first);
        assertThat(sorted.orderedBy()).isEqualTo(-2);
        assertThat(sorted.rows()).extracting(r -> r.get(1)).containsExactly(new Cell.Integer(3), new Cell.Integer(2),
                new Cell.Integer(1));
        assertThat(sorted.statement()).isEqualTo(first.statement());
        session.sort(sorted, 0);
        assertThat(session.results().get(0).orderedBy()).isZero();
    }

    @Test
    void rowsAreCountedOnlyWhenAsked() {
        session.run(script("SELECT * FROM people WHERE id % 2 = 0"));
        StatementResult r = session.results().get(0);
        assertThat(r.totalProperty().get()).isEmpty();
        session.count(r);
        assertThat(r.totalProperty().get()).hasValue(SqlFixture.PEOPLE / 2);
        assertThat(r.rows()).hasSize(ConsoleSession.PAGE);
    }

    @Test
    void stopEndsARunawayQueryAtOnce() throws Exception {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                return;
            }
            session.stop();
        });
        long start = System.nanoTime();
        stopper.start();
        session.run(script("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        stopper.join();
        StatementResult r = session.results().get(0);
        assertThat(r.failure().orElseThrow().kind()).isEqualTo(SqlFailure.Kind.INTERRUPTED);
        assertThat(took).as("the run ends soon after Stop").isLessThan(Duration.ofMillis(400 + 1000));
        // The tab works on.
        session.run(script("SELECT 42"));
        assertThat(session.results().get(0).rows().get(0).get(0)).isEqualTo(new Cell.Integer(42));
    }

    @Test
    void explainShowsThePlanWithItsFullScans() {
        session.explain(script("SELECT * FROM people WHERE note = 'x'").get(0));
        var plan = session.planProperty().get().orElseThrow();
        assertThat(plan.fullScans()).isNotEmpty();
    }

    @Test
    void anExportStreamsEveryRowIntoTheFileAndSaysHowMany() throws Exception {
        Path out = tmp.resolve("out/people.csv");
        session.export(script("SELECT id, name FROM people").get(0), ResultWriter.Format.CSV, out);
        assertThat(session.noticeProperty().get()).startsWith("Exported " + SqlFixture.PEOPLE + " rows");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(SqlFixture.PEOPLE + 1);
        assertThat(lines.get(0)).isEqualTo("id,name");
        assertThat(lines.get(1)).as("quoted as sqlite3 -csv quotes a space").isEqualTo("1,\"person 1\"");
    }

    @Test
    void stopCancelsAnExportAndLeavesNothing() throws Exception {
        Path out = tmp.resolve("out/endless.csv");
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                return;
            }
            session.stop();
        });
        stopper.start();
        session.export(script("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n")
                .get(0), ResultWriter.Format.CSV, out);
        stopper.join();
        assertThat(session.noticeProperty().get()).contains("stopped; nothing was written");
        assertThat(session.errorProperty().get()).isEmpty();
        assertThat(session.runningProperty().get()).isFalse();
        assertThat(out).doesNotExist();
        try (var left = Files.list(out.getParent())) {
            assertThat(left).as("no temporary file is left").isEmpty();
        }
    }

    @Test
    void everyStatementRunGoesIntoTheHistory() throws Exception {
        Path file = tmp.resolve("data/history.db");
        HistoryViewModel history = new HistoryViewModel(TaskRunner.sameThread(), () -> QueryHistory.open(file));
        history.load();
        session.addRunListener(history);
        session.run(script("SELECT 1; SELECT * FROM nowhere;"));
        assertThat(history.entries()).extracting(QueryHistory.Entry::sql)
                .containsExactly("SELECT * FROM nowhere;", "SELECT 1;");
        assertThat(history.entries().get(0).status()).isEqualTo(QueryHistory.Status.FAILED);
        history.search("nowhere");
        assertThat(history.entries()).hasSize(1);
        history.close();
        // Another session of the app finds it.
        HistoryViewModel later = new HistoryViewModel(TaskRunner.sameThread(), () -> QueryHistory.open(file));
        later.load();
        assertThat(later.entries()).hasSize(2);
        later.close();
        assertThat(new ArrayList<>(later.entries())).extracting(QueryHistory.Entry::database)
                .allMatch(d -> d.contains("people.db"));
    }
}
