package dev.litescope.replica.ltx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a Litestream 0.5 replica can give back, for the command line and the window: its levels, the TXIDs a
 * restore can reach exactly, the TXID gaps (TXIDs in no file at all) and the health warnings. Made from one
 * listing; asks no store.
 *
 * <p>A TXID is restorable when a chain of files leads from TXID 1 to exactly it: each next file starts at most
 * one after the TXID reached and ends past it. That is the set Litestream 0.5.8+'s greedy walk reaches with
 * {@code -txid}, since the walk always takes the file that reaches furthest within the target. A TXID inside a
 * compaction whose level-0 files are pruned is not restorable; nor is one behind a gap.
 *
 * <p>TXIDs are compared as signed numbers: Litestream counts them up from 1, far from 2^63.
 */
public final class LtxHistory {
    private final List<LtxLevel> levels;
    private final List<LtxFile> files;
    /** Worked out once: the health checks ask for it per file. */
    private final Optional<Instant> newest;
    private final TreeSet<Long> restorable = new TreeSet<>();
    private final List<Gap> gaps = new ArrayList<>();
    private final List<HealthWarning> warnings;

    /**
     * TXIDs {@code first..last} are in no file: {@code before} is the file that ends at {@code first - 1} (of
     * those, the one reaching furthest), {@code after} the first file that starts at {@code last + 1}.
     */
    public record Gap(long first, long last, LtxFile before, LtxFile after) {
        public String describe() {
            return "TXIDs " + LtxNames.txid(first) + (first == last ? "" : ".." + LtxNames.txid(last))
                    + " are in no LTX file: " + before.label() + " ends before them and " + after.label()
                    + " starts after them";
        }
    }

    /** A run of consecutive restorable TXIDs. */
    public record Range(long first, long last) {
    }

    /**
     * A moment from which on (until the next point) a {@code -timestamp} restore gives the state at {@code txid}.
     *
     * @param from the first such moment: one nanosecond after the newest file time it needs, since a file counts
     *             only for moments strictly after its time
     */
    public record RestorePoint(Instant from, long txid) {
    }

    public LtxHistory(List<LtxFile> files, HealthWarning.Settings settings) {
        this.files = List.copyOf(files);
        this.newest = this.files.stream().map(LtxFile::created).max(Instant::compareTo);
        List<LtxLevel> ls = new ArrayList<>();
        for (int l = 0; l <= LtxNames.MAX_LEVEL; l++) {
            int level = l;
            List<LtxFile> in = files.stream().filter(f -> f.level() == level).toList();
            if (!in.isEmpty()) {
                ls.add(new LtxLevel(l, in));
            }
        }
        this.levels = List.copyOf(ls);
        List<LtxFile> byMax = new ArrayList<>(files);
        byMax.sort(Comparator.comparingLong(LtxFile::maxTxid));
        restorable.addAll(reachable(byMax));
        findGaps();
        this.warnings = HealthWarning.check(this, settings);
    }

    /** The TXIDs that chains of {@code files}, sorted by max TXID, reach from TXID 1. */
    private static TreeSet<Long> reachable(List<LtxFile> byMax) {
        TreeSet<Long> out = new TreeSet<>();
        for (LtxFile f : byMax) {
            Long reached = out.ceiling(f.minTxid() - 1);
            if (f.minTxid() == 1 || reached != null && reached < f.maxTxid()) {
                out.add(f.maxTxid());
            }
        }
        return out;
    }

    /**
     * The TXID a {@code -timestamp} restore at {@code t} reaches: the furthest any chain of files created strictly
     * before {@code t} goes, which is where Litestream 0.5's greedy walk stops. Empty when no file from TXID 1 is
     * old enough. A restore also refuses it when a {@link #gaps() gap} lies behind it.
     */
    public Optional<Long> txidAt(Instant t) {
        List<LtxFile> before = files.stream().filter(f -> f.created().isBefore(t))
                .sorted(Comparator.comparingLong(LtxFile::maxTxid)).toList();
        TreeSet<Long> reached = reachable(before);
        return reached.isEmpty() ? Optional.empty() : Optional.of(reached.last());
    }

    /** Where on the time axis the state a {@code -timestamp} restore gives changes, oldest first: snap points. */
    public List<RestorePoint> restorePoints() {
        TreeSet<Instant> times = new TreeSet<>();
        files.forEach(f -> times.add(f.created()));
        List<RestorePoint> out = new ArrayList<>();
        for (Instant c : times) {
            Instant from = c.plusNanos(1);
            Optional<Long> txid = txidAt(from);
            if (txid.isPresent() && (out.isEmpty() || out.get(out.size() - 1).txid() != txid.get())) {
                out.add(new RestorePoint(from, txid.get()));
            }
        }
        return out;
    }

    private void findGaps() {
        List<LtxFile> byMin = new ArrayList<>(files);
        byMin.sort(Comparator.comparingLong(LtxFile::minTxid).thenComparingLong(LtxFile::maxTxid));
        LtxFile furthest = null;
        for (LtxFile f : byMin) {
            long reach = furthest == null ? 0 : furthest.maxTxid();
            if (f.minTxid() > reach + 1 && furthest != null) {
                gaps.add(new Gap(reach + 1, f.minTxid() - 1, furthest, f));
            }
            if (furthest == null || f.maxTxid() > furthest.maxTxid()) {
                furthest = f;
            }
        }
    }

    public List<LtxLevel> levels() {
        return levels;
    }

    public Optional<LtxLevel> level(int level) {
        return levels.stream().filter(l -> l.level() == level).findFirst();
    }

    public List<LtxFile> files() {
        return files;
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The highest TXID of any file. */
    public Optional<Long> maxTxid() {
        return files.stream().map(LtxFile::maxTxid).max(Long::compare);
    }

    /** The newest object time of any file. */
    public Optional<Instant> newest() {
        return newest;
    }

    /** The oldest object time of any file. */
    public Optional<Instant> oldest() {
        return files.stream().map(LtxFile::created).min(Instant::compareTo);
    }

    /** The TXIDs a {@code -txid} restore reaches exactly, ascending. */
    public List<Long> restorableTxids() {
        return List.copyOf(restorable);
    }

    public boolean isRestorable(long txid) {
        return restorable.contains(txid);
    }

    /** The restorable TXIDs as runs of consecutive ones, for drawing. */
    public List<Range> restorableRanges() {
        List<Range> out = new ArrayList<>();
        Long first = null;
        long prev = 0;
        for (long t : restorable) {
            if (first != null && t != prev + 1) {
                out.add(new Range(first, prev));
                first = null;
            }
            if (first == null) {
                first = t;
            }
            prev = t;
        }
        if (first != null) {
            out.add(new Range(first, prev));
        }
        return out;
    }

    public List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    public List<HealthWarning> warnings() {
        return warnings;
    }

    /**
     * Why {@code txid} cannot be restored, in words for a hover or an error; empty when it can be.
     * Names the nearest restorable TXIDs on either side.
     */
    public Optional<String> whyNotRestorable(long txid) {
        if (restorable.contains(txid)) {
            return Optional.empty();
        }
        String t = LtxNames.txid(txid);
        String reason;
        Optional<Gap> gap = gaps.stream().filter(g -> txid >= g.first() && txid <= g.last()).findFirst();
        // The compaction nearest level 0 that spans it; a snapshot only when nothing else does.
        Optional<LtxFile> inside = files.stream().filter(f -> f.minTxid() <= txid && txid < f.maxTxid())
                .min(Comparator.comparingInt(f -> f.level() == LtxNames.SNAPSHOT_LEVEL ? Integer.MAX_VALUE
                        : f.level()));
        if (maxTxid().isEmpty() || txid > maxTxid().get()) {
            reason = "TXID " + t + " is beyond the replica's newest TXID"
                    + maxTxid().map(m -> " " + LtxNames.txid(m)).orElse(" (the replica holds no LTX files)");
        } else if (gap.isPresent()) {
            reason = "TXID " + t + " cannot be restored: " + gap.get().describe();
        } else if (txid < 1) {
            reason = "TXID 0 is no state; TXIDs start at 1";
        } else if (gaps.stream().anyMatch(g -> g.last() < txid)) {
            Gap g = gaps.stream().filter(x -> x.last() < txid).findFirst().orElseThrow();
            reason = "TXID " + t + " lies behind a gap: " + g.describe();
        } else if (inside.isPresent()) {
            reason = "TXID " + t + " lies inside " + inside.get().label() + ", whose level-0 files are pruned, so "
                    + "no file ends at it";
        } else {
            reason = "TXID " + t + " is reached by no chain of LTX files from TXID 1";
        }
        Long below = restorable.lower(txid);
        Long above = restorable.higher(txid);
        if (below != null || above != null) {
            reason += "; the nearest restorable TXIDs are "
                    + (below == null ? "none below" : LtxNames.txid(below)) + " and "
                    + (above == null ? "none above" : LtxNames.txid(above));
        }
        return Optional.of(reason);
    }

    /** The age of {@code t} relative to the newest file: how health is judged, so that old copies read the same. */
    Duration ageAtNewest(Instant t) {
        return Duration.between(t, newest().orElse(t));
    }
}
