package dev.litescope.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The connections panel's line for a found database: for Litestream 0.5, its levels, TXIDs and health. */
class ConnectionTextTest {
    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    static LtxFile file(int level, long min, long max, long seconds) {
        Instant at = T0.plusSeconds(seconds);
        return new LtxFile(level, min, max, at, new ObjectInfo(LtxNames.levelDir(level) + LtxNames.fileName(min, max),
                1024, at));
    }

    static Discovery.Found found(List<LtxFile> files) {
        return new Discovery.Found("db/", ReplicaUrl.parse("gs://bucket/db"), Discovery.Format.LITESTREAM_0_5, 3,
                Optional.of(T0.plusSeconds(60)), files.size(), files.size() * 1024L, files);
    }

    @Test
    void aLitestream05RowSaysItsLevelsItsTxidsAndItsWarnings() {
        List<LtxFile> files = new ArrayList<>(List.of(file(9, 1, 8, 10), file(1, 1, 8, 10)));
        for (int t = 9; t <= 12; t++) {
            files.add(file(0, t, t, 10 + t));
        }
        String healthy = ConnectionText.describe(found(files), Optional.empty(), ZoneOffset.UTC);
        assertThat(healthy).startsWith("Litestream 0.5 · levels 0, 1, 9 · TXIDs to 000000000000000c, restorable to "
                + "000000000000000c · 6.0 KiB").doesNotContain("warning");

        // A lost level-0 file: the newest TXID is past the gap, restorable only up to before it, and it is a warning.
        files.add(file(0, 14, 14, 30));
        String gapped = ConnectionText.describe(found(files), Optional.empty(), ZoneOffset.UTC);
        assertThat(gapped).contains("TXIDs to 000000000000000e, restorable to 000000000000000c")
                .contains("⚠ 1 health warning(s)");
    }
}
