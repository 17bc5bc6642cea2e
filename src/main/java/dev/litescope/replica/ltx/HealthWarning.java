package dev.litescope.replica.ltx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sign that a Litestream 0.5 replica is not being maintained as Litestream's defaults would, for the window
 * and {@code litescope databases}.
 *
 * <p>Ages are taken at the newest file's time, not the clock: at that moment Litestream was running, and the
 * replica should then have looked as its settings say. So a copy of a replica, or one whose Litestream has
 * stopped, reads the same tomorrow.
 *
 * @param kind    what is wrong
 * @param message in words for the user, naming the level, files and times
 */
public record HealthWarning(Kind kind, String message) {

    public enum Kind {
        /** Level-0 files piling up far past their retention: the compaction into level 1 is stuck. */
        LEVEL0_BACKLOG,
        /** A compaction level that no longer advances while the level below it does. */
        STALLED_LEVEL,
        /** No level-9 snapshot within the snapshot interval. */
        NO_RECENT_SNAPSHOT,
        /** TXIDs in no file: no restore can cross them. */
        TXID_GAP
    }

    /**
     * What the replica's Litestream is expected to do; {@link #defaults()} are Litestream 0.5's.
     *
     * @param l0Retention      how long compacted level-0 files are kept
     * @param levelIntervals   the compaction interval of each level from 1 up
     * @param snapshotInterval how often a level-9 snapshot is written
     * @param slack            how many intervals late a level may be before it counts as stalled
     */
    public record Settings(Duration l0Retention, Map<Integer, Duration> levelIntervals, Duration snapshotInterval,
                           int slack) {
        public Settings {
            levelIntervals = Map.copyOf(levelIntervals);
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Map.of(1, Duration.ofSeconds(30), 2, Duration.ofMinutes(5),
                    3, Duration.ofHours(1)), Duration.ofHours(24), 3);
        }
    }

    static List<HealthWarning> check(LtxHistory h, Settings s) {
        List<HealthWarning> out = new ArrayList<>();
        if (h.isEmpty()) {
            return out;
        }
        backlog(h, s).ifPresent(out::add);
        for (LtxLevel upper : h.levels()) {
            Duration interval = s.levelIntervals().get(upper.level());
            if (upper.level() == 0 || upper.level() == LtxNames.SNAPSHOT_LEVEL || interval == null) {
                continue;
            }
            stalled(h, upper, interval.multipliedBy(s.slack())).ifPresent(out::add);
        }
        Optional<LtxLevel> snapshots = h.level(LtxNames.SNAPSHOT_LEVEL);
        Duration late = s.snapshotInterval().plus(s.snapshotInterval().dividedBy(10));
        if (snapshots.isEmpty()) {
            out.add(new HealthWarning(Kind.NO_RECENT_SNAPSHOT, "no level-9 snapshot: every restore replays the "
                    + "compactions from TXID 1"));
        } else if (h.ageAtNewest(snapshots.get().newest()).compareTo(late) > 0) {
            out.add(new HealthWarning(Kind.NO_RECENT_SNAPSHOT, "the newest level-9 snapshot ("
                    + snapshots.get().last().label() + ", " + snapshots.get().newest() + ") is older than the "
                    + "snapshot interval of " + s.snapshotInterval().toHours() + "h"));
        }
        for (LtxHistory.Gap g : h.gaps()) {
            out.add(new HealthWarning(Kind.TXID_GAP, g.describe() + "; no restore past "
                    + LtxNames.txid(g.first() - 1) + " is possible"));
        }
        return out;
    }

    private static Optional<HealthWarning> backlog(LtxHistory h, Settings s) {
        Optional<LtxLevel> l0 = h.level(0);
        if (l0.isEmpty()) {
            return Optional.empty();
        }
        Duration limit = s.l0Retention().multipliedBy(s.slack());
        List<LtxFile> old = l0.get().files().stream().filter(f -> h.ageAtNewest(f.created()).compareTo(limit) > 0)
                .toList();
        if (old.isEmpty()) {
            return Optional.empty();
        }
        long l1Max = h.level(1).map(LtxLevel::maxTxid).orElse(0L);
        Instant oldest = old.stream().map(LtxFile::created).min(Instant::compareTo).orElseThrow();
        String level1 = l1Max == 0 ? "level 1 holds nothing" : "level 1 reaches TXID " + LtxNames.txid(l1Max);
        return Optional.of(new HealthWarning(Kind.LEVEL0_BACKLOG, "level 0 holds " + old.size() + " file(s) older "
                + "than " + limit.toMinutes() + " minutes (the oldest from " + oldest + ", " + l0.get().files().size()
                + " in all) while " + level1 + ": compaction into level 1 is behind, and every restore reads "
                + "these files one by one"));
    }

    /** The level below {@code upper} has advanced past it, and its first file past it is older than the limit. */
    private static Optional<HealthWarning> stalled(LtxHistory h, LtxLevel upper, Duration limit) {
        Optional<LtxLevel> below = h.levels().stream().filter(l -> l.level() < upper.level()).reduce((a, b) -> b);
        if (below.isEmpty()) {
            return Optional.empty();
        }
        long reach = upper.maxTxid();
        Optional<LtxFile> pending = below.get().files().stream().filter(f -> f.maxTxid() > reach)
                .min((a, b) -> a.created().compareTo(b.created()));
        if (pending.isEmpty() || h.ageAtNewest(pending.get().created()).compareTo(limit) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new HealthWarning(Kind.STALLED_LEVEL, "level " + upper.level() + " is stalled at TXID "
                + LtxNames.txid(reach) + " (its newest file from " + upper.newest() + ") while level "
                + below.get().level() + " has reached " + LtxNames.txid(below.get().maxTxid()) + " since "
                + pending.get().created()));
    }
}
