package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.HistoryReplica;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ltx.LtxHistoryReplica;
import dev.litescope.util.JsonMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code litescope history} on {@link HistoryReplica} (Litestream 0.3) and {@link LtxHistoryReplica} (0.5): the
 * recorded truth as a table and as JSON lines, by generation and WAL index or by TXID.
 */
class HistoryCommandTest {
    @TempDir
    Path tmp;

    @Test
    void jsonLinesAreTheRecordedVersionsInTimeOrderWithNullForTheDeletion() throws Exception {
        HistoryReplica replica = HistoryReplica.shared();
        ProcResult r = Litescope.run("history", "--table", "items", "--key", "id=7", "--json", replica.url());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<Optional<Map<String, String>>> seen = new ArrayList<>();
        String previous = "";
        for (String line : r.stdout().split("\n")) {
            JsonNode v = JsonMapper.MAPPER.readTree(line);
            assertThat(v.fieldNames()).toIterable().containsExactly("timestamp", "generation", "index", "values");
            assertThat(v.get("timestamp").asText()).isGreaterThanOrEqualTo(previous);
            previous = v.get("timestamp").asText();
            assertThat(v.get("generation").asText()).matches("[0-9a-f]{16}");
            assertThat(v.get("index").isInt()).isTrue();
            if (v.get("values").isNull()) {
                seen.add(Optional.empty());
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            v.get("values").fields().forEachRemaining(e -> values.put(e.getKey(), typed(e.getValue())));
            seen.add(Optional.of(values));
        }
        assertThat(seen).isEqualTo(replica.expected(HistoryReplica.Commit::item));
        assertThat(seen).contains(Optional.empty());
        assertThat(r.stderr()).contains("restore points")
                .contains("note: generation ");
    }

    @Test
    void theTableShowsWhatChangedAndTheDeletion() throws Exception {
        HistoryReplica replica = HistoryReplica.shared();
        ProcResult r = Litescope.run("history", "-table", "tags", "-key", "k=a", "-key", "n=2", replica.url());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String[] lines = r.stdout().split("\n");
        assertThat(lines[0]).matches("timestamp\\s+generation\\s+index\\s+changed\\s+k\\s+n\\s+label\\s*");
        assertThat(lines).hasSize(2 + 3 + 1);
        assertThat(lines[2]).contains("k, n, label").contains("red");
        assertThat(lines[3]).contains(" label ").contains("blue");
        assertThat(lines[4]).contains("(deleted)");
        assertThat(lines[5]).isEqualTo("(3 rows)");
        assertThat(r.stderr()).contains("3 versions over ");
    }

    @Test
    void aKeyThatIsNotTheTablesIsRefusedWithWhatToGive() throws Exception {
        HistoryReplica replica = HistoryReplica.shared();
        ProcResult r = Litescope.run("history", "--table", "note", "--key", "body=x", replica.url());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("error: table note has no primary key").contains("--key rowid=N");
        ProcResult noKey = Litescope.run("history", "--table", "items", replica.url());
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.stderr()).contains("--key");
    }

    @Test
    void onALtxReplicaJsonLinesAreTheRecordedVersionsByTxid() throws Exception {
        LtxHistoryReplica replica = LtxHistoryReplica.build(tmp.resolve("work"), tmp.resolve("replica"),
                Instant.parse("2026-12-02T09:00:00Z"));
        ProcResult r = Litescope.run("history", "--table", "items", "--key", "id=7", "--json", replica.url());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<LtxHistoryReplica.Expected> seen = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            JsonNode v = JsonMapper.MAPPER.readTree(line);
            assertThat(v.fieldNames()).toIterable().containsExactly("timestamp", "txid", "values");
            long txid = Long.parseLong(v.get("txid").asText(), 16);
            assertThat(v.get("txid").asText()).matches("[0-9a-f]{16}");
            assertThat(Instant.parse(v.get("timestamp").asText())).isEqualTo(replica.time(txid));
            if (v.get("values").isNull()) {
                seen.add(new LtxHistoryReplica.Expected(txid, Optional.empty()));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            v.get("values").fields().forEachRemaining(e -> values.put(e.getKey(), typed(e.getValue())));
            seen.add(new LtxHistoryReplica.Expected(txid, Optional.of(values)));
        }
        assertThat(seen).isEqualTo(replica.expected(LtxHistoryReplica.Commit::item));
        assertThat(seen).extracting(LtxHistoryReplica.Expected::row).contains(Optional.empty());
        assertThat(r.stderr()).contains(seen.size() + " versions over " + replica.restorable().size()
                + " restore points").doesNotContain("note:");
    }

    @Test
    void onALtxReplicaTheTableHasATxidColumn() throws Exception {
        LtxHistoryReplica replica = LtxHistoryReplica.build(tmp.resolve("work"), tmp.resolve("replica"),
                Instant.parse("2026-12-02T09:00:00Z"));
        ProcResult r = Litescope.run("history", "-table", "tags", "-key", "k=a", "-key", "n=2", replica.url());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String[] lines = r.stdout().split("\n");
        assertThat(lines[0]).matches("timestamp\\s+txid\\s+changed\\s+k\\s+n\\s+label\\s*");
        List<LtxHistoryReplica.Expected> truth = replica.expected(LtxHistoryReplica.Commit::tag);
        assertThat(lines).hasSize(2 + truth.size() + 1);
        for (int i = 0; i < truth.size(); i++) {
            assertThat(lines[2 + i]).contains(String.format("  %016x  ", truth.get(i).txid()));
        }
        assertThat(lines[2]).contains("k, n, label").contains("red");
        assertThat(lines[3]).contains(" label ").contains("blue");
        assertThat(lines[4]).contains("(deleted)");
        assertThat(lines[5]).contains("k, n, label").contains("green");
        assertThat(lines[6]).isEqualTo("(4 rows)");
    }

    @Test
    void onALtxReplicaAKeyAtNoPointSaysSoAndAMissingTableIsAnError() throws Exception {
        LtxHistoryReplica replica = LtxHistoryReplica.build(tmp.resolve("work"), tmp.resolve("replica"),
                Instant.parse("2026-12-02T09:00:00Z"));
        ProcResult none = Litescope.run("history", "-table", "items", "-key", "id=999", replica.url());
        assertThat(none.exitCode()).as(none.stderr()).isZero();
        assertThat(none.stdout()).endsWith("(0 rows)\n");
        assertThat(none.stderr()).contains("no row of items has id=999 at any of the " + replica.restorable().size()
                + " restore points");
        ProcResult table = Litescope.run("history", "-table", "nosuch", "-key", "id=1", replica.url());
        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.stderr()).contains("has no table nosuch at any of its " + replica.restorable().size()
                + " restore points");
    }

    /** A JSON value as typeof:text, the way the recorded truth has it. */
    private static String typed(JsonNode n) {
        if (n.isNull()) {
            return "null:NULL";
        }
        if (n.isIntegralNumber()) {
            return "integer:" + n.asText();
        }
        if (n.isNumber()) {
            return "real:" + n.asText();
        }
        return "text:" + n.asText();
    }
}
