package dev.litescope.replica.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ObjectInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read model of a 0.5 replica: restorable TXIDs and health, on listings shaped as Litestream leaves them. */
class LtxHistoryTest {
    static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    static LtxFile file(int level, long min, long max, Instant at) {
        String key = LtxNames.levelDir(level) + LtxNames.fileName(min, max);
        return new LtxFile(level, min, max, at, new ObjectInfo(key, 100, at));
    }

    /** A healthy replica: a snapshot, level 1 caught up, level 0 only the last few minutes. */
    static List<LtxFile> healthy() {
        List<LtxFile> files = new ArrayList<>();
        files.add(file(9, 1, 100, T0.plusSeconds(3000)));
        files.add(file(1, 1, 110, T0.plusSeconds(3290)));
        files.add(file(2, 1, 100, T0.plusSeconds(3000)));
        for (long t = 101; t <= 115; t++) {
            files.add(file(0, t, t, T0.plusSeconds(3000 + (t - 100) * 20)));
        }
        return files;
    }

    @Test
    void aHealthyReplicaHasNoWarningsAndEveryTxidFromTheSnapshotOn() {
        LtxHistory h = new LtxHistory(healthy(), HealthWarning.Settings.defaults());
        assertThat(h.warnings()).isEmpty();
        assertThat(h.restorableRanges()).containsExactly(new LtxHistory.Range(100, 115));
        assertThat(h.whyNotRestorable(50)).get().asString().contains("lies inside L1 0000000000000001-000000000000006e")
                .contains("none below and 0000000000000064");
        assertThat(h.whyNotRestorable(116)).get().asString().contains("beyond the replica's newest TXID");
        assertThat(h.maxTxid()).contains(115L);
        assertThat(h.levels()).extracting(LtxLevel::level).containsExactly(0, 1, 2, 9);
    }

    @Test
    void level0FilesPilingUpWithLevel1StuckAreABacklogAndAStall() {
        List<LtxFile> files = new ArrayList<>();
        files.add(file(9, 1, 100, T0));
        files.add(file(1, 1, 100, T0));
        // The GCS compaction bug: level 0 keeps growing for an hour, level 1 never moves.
        for (long t = 101; t <= 280; t++) {
            files.add(file(0, t, t, T0.plusSeconds((t - 100) * 20)));
        }
        LtxHistory h = new LtxHistory(files, HealthWarning.Settings.defaults());
        assertThat(h.warnings()).extracting(HealthWarning::kind).containsExactly(HealthWarning.Kind.LEVEL0_BACKLOG,
                HealthWarning.Kind.STALLED_LEVEL);
        assertThat(h.warnings().get(0).message()).startsWith("level 0 holds 134 file(s) older than 15 minutes")
                .contains("level 1 reaches TXID 0000000000000064");
        assertThat(h.warnings().get(1).message()).startsWith("level 1 is stalled at TXID 0000000000000064");
        // Restores still work, slowly, through every level-0 file.
        assertThat(h.restorableRanges()).containsExactly(new LtxHistory.Range(100, 280));
    }

    @Test
    void anOldSnapshotAndAGapAreReported() {
        List<LtxFile> files = new ArrayList<>(healthy());
        files.removeIf(f -> f.level() == 0 && f.maxTxid() == 112);
        files.add(file(0, 116, 116, T0.plus(Duration.ofDays(2))));
        files.removeIf(f -> f.level() == 0 && f.maxTxid() < 116);
        files.add(file(0, 111, 111, T0.plus(Duration.ofDays(2))));
        files.add(file(0, 113, 116, T0.plus(Duration.ofDays(2))));
        LtxHistory h = new LtxHistory(files, HealthWarning.Settings.defaults());
        assertThat(h.warnings()).extracting(HealthWarning::kind).contains(HealthWarning.Kind.NO_RECENT_SNAPSHOT,
                HealthWarning.Kind.TXID_GAP);
        assertThat(h.gaps()).singleElement().satisfies(g -> {
            assertThat(g.first()).isEqualTo(112);
            assertThat(g.last()).isEqualTo(112);
            assertThat(g.before().label()).isEqualTo("L0 000000000000006f-000000000000006f");
            assertThat(g.after().label()).isEqualTo("L0 0000000000000071-0000000000000074");
        });
        assertThat(h.isRestorable(111)).isTrue();
        assertThat(h.isRestorable(116)).isFalse();
        assertThat(h.whyNotRestorable(116)).get().asString().contains("lies behind a gap");
        HealthWarning.Settings weekly = new HealthWarning.Settings(Duration.ofMinutes(5), Map.of(),
                Duration.ofDays(7), 3);
        assertThat(new LtxHistory(files, weekly).warnings()).extracting(HealthWarning::kind)
                .doesNotContain(HealthWarning.Kind.NO_RECENT_SNAPSHOT);
        assertThat(new LtxHistory(List.of(file(0, 1, 1, T0)), HealthWarning.Settings.defaults()).warnings())
                .extracting(HealthWarning::kind).containsExactly(HealthWarning.Kind.NO_RECENT_SNAPSHOT);
    }
}
