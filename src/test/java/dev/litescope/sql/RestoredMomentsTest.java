package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.sql.RestoredMoments.Moment;
import dev.litescope.sql.RestoredMoments.Restored;
import dev.litescope.sql.SqlDatabase.Access;
import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replica moments restored once into the cache by the real restore engine, from a replica real Litestream made. */
class RestoredMomentsTest {
    static ReplicaFixture fixture;

    @TempDir
    Path tmp;

    static Instant lastWrite;

    @BeforeAll
    static void replica() throws Exception {
        fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
        // A timestamp restore needs a moment inside a generation: its last WAL segment's is the latest state.
        RestorePlan latest = new Planner(Catalogs.of(fixture)).plan(RestoreTarget.latest());
        lastWrite = latest.segments().get(latest.segments().size() - 1).created();
    }

    @Test
    void aMomentIsRestoredOnceAndThenReused() throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        RestoredMoments moments = RestoredMoments.standard(env);
        Moment now = new Moment(fixture.replicaUrl(), lastWrite);

        Restored first = moments.restore(now, Progress.Listener.NONE, new Cancellation());
        assertThat(first.reused()).isFalse();
        assertThat(first.file()).isEqualTo(moments.fileFor(now));
        assertThat(first.file().getParent()).isEqualTo(tmp.resolve("cache").resolve("litescope")
                .resolve("restores"));
        try (SqlDatabase db = SqlDatabase.open(first.file(), Access.READ_ONLY)) {
            for (Map.Entry<String, Long> e : fixture.expectedRowCounts().entrySet()) {
                assertThat(db.rowCount(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        long modified = Files.getLastModifiedTime(first.file()).toMillis();

        Restored again = moments.restore(now, Progress.Listener.NONE, new Cancellation());
        assertThat(again.reused()).isTrue();
        assertThat(again.file()).isEqualTo(first.file());
        assertThat(Files.getLastModifiedTime(again.file()).toMillis()).isEqualTo(modified);

        // Another moment is another file; the same moment written another way is the same one.
        assertThat(moments.fileFor(new Moment(fixture.replicaUrl(), now.at().minusSeconds(1))))
                .isNotEqualTo(first.file());
        assertThat(Moment.parse(fixture.replicaUrl() + "@" + GoTime.rfc3339Nano(now.at())).orElseThrow())
                .isEqualTo(now);
    }

    @Test
    void theQueryCommandRestoresTheMomentThenReusesIt() {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        String target = fixture.replicaUrl() + "@" + GoTime.rfc3339Nano(lastWrite);
        String sql = "SELECT count(*) FROM users; SELECT count(*) FROM orders";
        ProcResult first = Litescope.run(env, "query", "--format", "csv", "--no-header", target, sql);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).isEqualTo(fixture.expectedRowCounts().get("users") + "\n"
                + fixture.expectedRowCounts().get("orders") + "\n");
        assertThat(first.stderr()).startsWith("restored " + target.replaceAll("/@", "@"));
        ProcResult second = Litescope.run(env, "query", "--format", "csv", "--no-header", target, sql);
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(second.stderr()).startsWith("using ");
        assertThat(tmp.resolve("cache").resolve("litescope").resolve("restores").toFile().list()).hasSize(1);
    }

    /**
     * On a Litestream 0.5 replica a moment is the state of the TXID a {@code -timestamp} restore gives there, for
     * "Query this moment" and {@code litescope query URL@TIME} alike.
     */
    @Test
    void aMomentOfALitestream05ReplicaIsItsTxidsState() throws Exception {
        List<byte[]> states = SqliteStates.capture(tmp, 4096, 12, 7);
        Instant base = Instant.parse("2026-12-02T10:00:00Z");
        Path root = tmp.resolve("ltx-replica");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(states, 4096, base).compact(1, 4).snapshotAt(8).build());
        RestoredMoments moments = new RestoredMoments(tmp.resolve("restores"), Map.of());
        Moment at7 = new Moment(root.toString(), LtxReplicaBuilder.l0Time(base, 7).plusMillis(1));
        Restored r = moments.restore(at7, Progress.Listener.NONE, new Cancellation());
        assertThat(r.reused()).isFalse();
        assertThat(Files.readAllBytes(r.file())).isEqualTo(states.get(7 - 1));

        // The query command takes the same moment.
        long rows;
        try (SqlDatabase db = SqlDatabase.open(r.file(), Access.READ_ONLY)) {
            rows = db.rowCount("items");
        }
        Map<String, String> env = Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        ProcResult q = Litescope.run(env, "query", "--format", "csv", "--no-header",
                root + "@" + GoTime.rfc3339Nano(at7.at()), "SELECT count(*) FROM items");
        assertThat(q.exitCode()).as(q.stderr()).isZero();
        assertThat(q.stdout()).isEqualTo(rows + "\n");
    }

    @Test
    void aMomentBeforeTheFirstSnapshotSaysSo() {
        RestoredMoments moments = new RestoredMoments(tmp.resolve("restores"), Map.of());
        Moment early = new Moment(fixture.replicaUrl(), Instant.parse("2001-01-01T00:00:00Z"));
        assertThatThrownBy(() -> moments.restore(early, Progress.Listener.NONE, new Cancellation()))
                .isInstanceOf(RestoreException.class);
        assertThat(moments.fileFor(early)).doesNotExist();
    }

    @Test
    void momentsAreParsedAtTheLastAt() {
        assertThat(Moment.parse("gs://bucket/db@2026-11-27T20:29:44Z")).hasValue(
                new Moment("gs://bucket/db", Instant.parse("2026-11-27T20:29:44Z")));
        assertThat(Moment.parse("/data/me@home/replica@2026-11-27T20:29:44.5+01:00")).hasValue(
                new Moment("/data/me@home/replica", Instant.parse("2026-11-27T19:29:44.5Z")));
        for (String not : List.of("app.db", "me@home.db", "@2026-11-27T20:29:44Z", "gs://b/db@yesterday")) {
            assertThat(Moment.parse(not)).as(not).isEmpty();
        }
    }
}
