package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder.Built;
import dev.litescope.testsupport.ltx.LtxWriter.Encoding;
import dev.litescope.testsupport.ltx.SqliteStates;
import dev.litescope.util.JsonMapper;
import dev.litescope.util.Units;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on Litestream 0.5 replicas: {@code ltx}, {@code restore -txid}, {@code databases}. */
class LtxCommandsTest {
    static final Instant BASE = Instant.parse("2026-11-30T10:00:00Z");
    @TempDir
    static Path tmp;
    static List<byte[]> states;
    static Path replica;
    static List<Built> files;

    @BeforeAll
    static void build() throws Exception {
        states = SqliteStates.capture(tmp, 4096, 20, 5);
        files = new LtxReplicaBuilder(states, 4096, BASE).compact(1, 4).snapshotAt(12)
                .encoding((level, min, max) -> level == 0 && max < 8 ? Encoding.FRAME : Encoding.SIZED_BLOCK).build();
        replica = tmp.resolve("bucket/app.db");
        LtxReplicaBuilder.writeTo(replica, files);
    }

    @Test
    void ltxListsLevelsWithLitestreamsColumns() throws Exception {
        ProcResult r = Litescope.run("ltx", replica.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).matches("level  min_txid {10}max_txid {10}size +created");
        assertThat(lines).hasSize(1 + 20);
        Built third = files.get(2);
        assertThat(lines.get(3)).matches("0      0000000000000003  0000000000000003  " + third.data().length
                + " +2026-11-30T10:00:03Z");
        ProcResult all = Litescope.run("ltx", "-level", "all", replica.toString());
        assertThat(all.stdout().lines().count()).isEqualTo(1 + 20 + 5 + 1);
        assertThat(all.stdout()).contains("9      0000000000000001  000000000000000c");
        ProcResult nine = Litescope.run("-debug", "ltx", "--level", "9", "-json", replica.toString());
        assertThat(nine.exitCode()).as(nine.stderr()).isZero();
        JsonNode doc = JsonMapper.MAPPER.readTree(nine.stdout());
        assertThat(doc.get("ltx_files")).hasSize(1);
        JsonNode f = doc.get("ltx_files").get(0);
        assertThat(f.get("level").asInt()).isEqualTo(9);
        assertThat(f.get("min_txid").asText()).isEqualTo("0000000000000001");
        assertThat(f.get("max_txid").asText()).isEqualTo("000000000000000c");
        assertThat(f.get("timestamp").asText()).isEqualTo("2026-11-30T10:00:12.4Z");
        assertThat(f.get("key").asText()).isEqualTo("ltx/9/0000000000000001-000000000000000c.ltx");
        ProcResult bad = Litescope.run("ltx", "-level", "10", replica.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("invalid level \"10\": give 0 to 9, or all");
    }

    @Test
    void restoreByTxidTimestampAndLatestWithDryRunAndJson() throws Exception {
        Path out = tmp.resolve("restored-7.db");
        ProcResult r = Litescope.run("restore", "-o", out.toString(), "-txid", "0000000000000007", replica.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("TXID 0000000000000007 from").contains("integrity ok");
        assertThat(Files.readAllBytes(out)).isEqualTo(states.get(6));
        // The sqlite3 shell reads the restored file as the database it was.
        Process shell = new ProcessBuilder("sqlite3", "-readonly", out.toString(),
                "PRAGMA integrity_check; SELECT count(*) > 0 FROM items;").redirectErrorStream(true).start();
        assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok\n1\n");
        assertThat(shell.waitFor()).isZero();

        Path latest = tmp.resolve("restored-latest.db");
        ProcResult l = Litescope.run("restore", "-o", latest.toString(), "-json", replica.toString());
        assertThat(l.exitCode()).as(l.stderr()).isZero();
        assertThat(Files.readAllBytes(latest)).isEqualTo(states.get(19));
        JsonNode result = JsonMapper.MAPPER.readTree(l.stdout());
        assertThat(result.get("verified").asBoolean()).isTrue();
        assertThat(result.get("plan").get("txid").asText()).isEqualTo("0000000000000014");

        Path at = tmp.resolve("restored-at.db");
        ProcResult t = Litescope.run("restore", "-o", at.toString(), "-timestamp", "2026-11-30T10:00:15Z",
                replica.toString());
        assertThat(t.exitCode()).as(t.stderr()).isZero();
        assertThat(Files.readAllBytes(at)).isEqualTo(states.get(13));
        assertThat(t.stderr()).contains("note: as Litestream 0.5 does, -timestamp takes only files created strictly "
                + "before the moment");

        ProcResult dry = Litescope.run("restore", "-o", tmp.resolve("never.db").toString(), "-dry-run", "-txid",
                "0000000000000010", replica.toString());
        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        assertThat(dry.stdout()).contains("target      txid 0000000000000010").contains("txid        0000000000000010")
                .contains("file        L9 0000000000000001-000000000000000c  "
                        + "ltx/9/0000000000000001-000000000000000c.ltx")
                .contains("file        L1 000000000000000d-0000000000000010")
                .contains("download    2 object(s)");
        ProcResult dryJson = Litescope.run("restore", "-o", tmp.resolve("never.db").toString(), "-dry-run", "-json",
                "-txid", "000000000000000d", replica.toString());
        JsonNode plan = JsonMapper.MAPPER.readTree(dryJson.stdout());
        assertThat(plan.get("format").asText()).isEqualTo("0.5");
        assertThat(plan.get("files")).hasSize(2);
        assertThat(plan.get("files").get(1).get("key").asText())
                .isEqualTo("ltx/0/000000000000000d-000000000000000d.ltx");
        assertThat(Files.exists(tmp.resolve("never.db"))).isFalse();
    }

    @Test
    void restoreRefusesBadTxidsAndTxidsOnA03Replica() throws Exception {
        ProcResult bad = Litescope.run("restore", "-o", tmp.resolve("x.db").toString(), "-txid", "7",
                replica.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("invalid txid format \"7\": a TXID is 16 hexadecimal digits");
        ProcResult both = Litescope.run("restore", "-o", tmp.resolve("x.db").toString(), "-txid", "0000000000000007",
                "-timestamp", "2026-11-30T10:00:15Z", replica.toString());
        assertThat(both.stderr()).contains("cannot specify -txid with -generation, -index or -timestamp");
        ProcResult pruned = Litescope.run("restore", "-o", tmp.resolve("x.db").toString(), "-txid",
                "0000000000000015", replica.toString());
        assertThat(pruned.exitCode()).isEqualTo(1);
        assertThat(pruned.stderr()).contains("TXID 0000000000000015 is beyond the replica's newest TXID");
        Path v3 = tmp.resolve("v3");
        Files.createDirectories(v3.resolve("generations/0123456789abcdef/wal"));
        Files.write(v3.resolve("generations/0123456789abcdef/wal/00000000_00000000.wal.lz4"), new byte[1]);
        ProcResult old = Litescope.run("restore", "-o", tmp.resolve("x.db").toString(), "-txid", "0000000000000001",
                v3.toString());
        assertThat(old.exitCode()).isEqualTo(1);
        assertThat(old.stderr()).contains("-txid restores a Litestream 0.5 replica").contains("only Litestream 0.3 "
                + "generations");
        ProcResult listed = Litescope.run("ltx", v3.toString());
        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.stderr()).contains("is a Litestream 0.3 replica, with generations instead of LTX files");
        assertThat(Files.exists(tmp.resolve("x.db"))).isFalse();
    }

    @Test
    void databasesReportsLevelsTxidsAndHealth() throws Exception {
        Path gapped = tmp.resolve("bucket/gapped.db");
        LtxReplicaBuilder.writeTo(gapped, files.stream()
                .filter(b -> !(b.level() == 0 && b.max() == 18) && !(b.level() == 1 && b.max() == 20)).toList());
        ProcResult r = Litescope.run("databases", tmp.resolve("bucket").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).endsWith("cost/month  txids                              health");
        assertThat(lines.get(1)).contains("/bucket/app.db").contains(" 0.5 ")
                .contains("0000000000000001-0000000000000014").endsWith("ok");
        assertThat(lines.get(2)).contains("/bucket/gapped.db").contains("0000000000000001-0000000000000011")
                .endsWith("1 warning(s)");
        assertThat(r.stderr()).contains("warning: ").contains("gapped.db: TXIDs 0000000000000012 are in no LTX file: "
                + "L0 0000000000000011-0000000000000011 ends before them and L0 0000000000000013-0000000000000013 "
                + "starts after them");
        ProcResult json = Litescope.run("databases", "-json", tmp.resolve("bucket").toString());
        JsonNode db = JsonMapper.MAPPER.readTree(json.stdout()).get("databases").get(0);
        assertThat(db.get("max_txid").asText()).isEqualTo("0000000000000014");
        assertThat(db.get("levels")).hasSize(3);
        assertThat(db.get("levels").get(1).get("files").asInt()).isEqualTo(5);
        assertThat(db.get("warnings")).isEmpty();
    }

    @Test
    void overGcsRestoresReadTheCacheTheSecondTimeAndGapsNameTheObjects() throws Exception {
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            LtxReplicaBuilder.upload(gcs, "ltx-cli", "apps/app.db", files, 1500);
            Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort(),
                    "XDG_CACHE_HOME", tmp.resolve("cache").toString());
            String url = "gs://ltx-cli/apps/app.db";
            // The dry run says what the plan's three files weigh, that the cache holds none yet, and what three
            // reads cost at the default prices; it reads no object.
            long planned = files.stream().filter(b -> b.level() == 9 && b.max() == 12
                    || b.level() == 1 && b.min() == 13 || b.level() == 0 && b.max() == 17)
                    .mapToLong(b -> b.data().length).sum();
            ProcResult cold = Litescope.run(env, "restore", "-o", tmp.resolve("never.db").toString(), "-dry-run",
                    "-txid", "0000000000000011", url);
            assertThat(cold.exitCode()).as(cold.stderr()).isZero();
            assertThat(cold.stdout()).contains("download    3 object(s), " + Units.bytes(planned))
                    .contains("cached      0 object(s), 0 B")
                    .contains("fetch       3 get(s) (class B), " + Units.bytes(planned)
                            + ", operations cost $0.0000012");
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isZero();
            Path first = tmp.resolve("gcs-1.db");
            ProcResult r = Litescope.run(env, "restore", "-o", first.toString(), "-txid", "0000000000000011", url);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(Files.readAllBytes(first)).isEqualTo(states.get(16));
            long media = gcs.count(LoopbackGcs.Kind.MEDIA);
            assertThat(media).isEqualTo(3); // L9 1-12, L1 13-16, L0 17
            Path second = tmp.resolve("gcs-2.db");
            ProcResult again = Litescope.run(env, "restore", "-o", second.toString(), "-txid", "0000000000000011",
                    url);
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(Files.readAllBytes(second)).isEqualTo(states.get(16));
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(media);
            ProcResult warmRun = Litescope.run(env, "restore", "-o", tmp.resolve("never.db").toString(), "-dry-run",
                    "-json", "-txid", "0000000000000011", url);
            JsonNode warm = JsonMapper.MAPPER.readTree(warmRun.stdout());
            assertThat(warm.get("objects").asInt()).isEqualTo(3);
            assertThat(warm.get("cached_objects").asInt()).isEqualTo(3);
            assertThat(warm.get("cached_bytes").asLong()).isEqualTo(planned);
            assertThat(warm.get("downloads").asInt()).isZero();
            assertThat(warm.get("download_bytes").asLong()).isZero();
            assertThat(warm.get("operations_cost_usd").asDouble()).isZero();
            // A timestamp restore uses the metadata time, not the later timeCreated.
            Path at = tmp.resolve("gcs-at.db");
            ProcResult t = Litescope.run(env, "restore", "-o", at.toString(), "-timestamp",
                    "2026-11-30T10:00:05.001Z", url);
            assertThat(t.exitCode()).as(t.stderr()).isZero();
            assertThat(Files.readAllBytes(at)).isEqualTo(states.get(4));
            assertThat(t.stderr()).doesNotContain("header time");
            // Litestream 0.5.0 gave no litestream-timestamp: the object time is the upload's, and the header's differs.
            gcs.put("ltx-cli", "v050/app.db/ltx/0/0000000000000001-0000000000000001.ltx", files.get(0).data(),
                    files.get(0).time().plusMillis(700));
            ProcResult v050 = Litescope.run(env, "restore", "-o", tmp.resolve("gcs-v050.db").toString(),
                    "gs://ltx-cli/v050/app.db");
            assertThat(v050.exitCode()).as(v050.stderr()).isZero();
            assertThat(v050.stderr()).contains("1 of 1 LTX file(s) carry a header time other than their object time")
                    .contains("header 2026-11-30T10:00:01Z, object 2026-11-30T10:00:01.7Z");
            // Listed with -header-time: one ranged read of 100 bytes a file (the restore above cached this one: the
            // cache would answer), the header's time where it differs.
            gcs.resetCounters();
            ProcResult heads = Litescope.run(env, "ltx", "-header-time", "-no-cache", "gs://ltx-cli/v050/app.db");
            assertThat(heads.exitCode()).as(heads.stderr()).isZero();
            List<String> headLines = heads.stdout().lines().toList();
            assertThat(headLines).hasSize(2);
            assertThat(headLines.get(0)).matches("level  min_txid {10}max_txid {10}size +created +header_time");
            assertThat(headLines.get(1)).matches("0      0000000000000001  0000000000000001  "
                    + files.get(0).data().length + " +2026-11-30T10:00:01Z  2026-11-30T10:00:01Z");
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(1);
            assertThat(gcs.requests()).filteredOn(q -> q.kind() == LoopbackGcs.Kind.MEDIA).singleElement()
                    .satisfies(q -> assertThat(q.header("Range")).isEqualTo("bytes=0-99"));
            Litescope.run(env, "ltx", "-header-time", "gs://ltx-cli/v050/app.db");
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(1);
            ProcResult same = Litescope.run(env, "ltx", "-header-time", "-json", url);
            assertThat(same.exitCode()).as(same.stderr()).isZero();
            JsonNode listed = JsonMapper.MAPPER.readTree(same.stdout()).get("ltx_files");
            assertThat(listed).hasSize(20);
            assertThat(listed).allSatisfy(f -> {
                assertThat(f.get("header_time_differs").asBoolean()).isFalse();
                assertThat(f.get("header_timestamp").asText()).isEqualTo(f.get("timestamp").asText());
            });
            assertThat(Litescope.run(env, "ltx", url).stdout()).doesNotContain("header");

            gcs.delete("ltx-cli", "apps/app.db/ltx/0/0000000000000013-0000000000000013.ltx");
            gcs.delete("ltx-cli", "apps/app.db/ltx/1/0000000000000011-0000000000000014.ltx");
            ProcResult gap = Litescope.run(env, "restore", "-o", tmp.resolve("gcs-gap.db").toString(), url);
            assertThat(gap.exitCode()).isEqualTo(1);
            assertThat(gap.stderr()).contains("TXID gap in gs://ltx-cli/apps/app.db")
                    .contains("gs://ltx-cli/apps/app.db/ltx/0/0000000000000012-0000000000000012.ltx")
                    .contains("gs://ltx-cli/apps/app.db/ltx/0/0000000000000014-0000000000000014.ltx");
            assertThat(Files.exists(tmp.resolve("gcs-gap.db"))).isFalse();
        }
    }
}
