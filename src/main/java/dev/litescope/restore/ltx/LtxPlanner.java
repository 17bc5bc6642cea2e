package dev.litescope.restore.ltx;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.util.GoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses the LTX files of a restore as Litestream 0.5.8 to 0.5.16 do ({@code CalcRestorePlan}, with the bounds
 * check {@code CalcRestoreTarget} makes when restoring from a URL): the newest level-9 snapshot that qualifies,
 * then a greedy walk over levels 0 to 8 that always takes the file reaching furthest. A file qualifies for a
 * {@code -txid} target when it ends at or before it, for a {@code -timestamp} when its time is strictly before it.
 *
 * <p>Deviations, where Litestream restores a wrong or silently older state: a TXID gap that the restore would
 * have to cross is refused for every target, naming the files on both sides; with {@code -timestamp}, Litestream
 * stops before the gap and exits 0.
 */
public final class LtxPlanner {
    /** Among files that extend the range: the larger max, then the smaller min, the higher level, the older. */
    private static final Comparator<LtxFile> PREFERENCE = Comparator.comparingLong(LtxFile::maxTxid)
            .thenComparing(Comparator.comparingLong(LtxFile::minTxid).reversed())
            .thenComparingInt(LtxFile::level)
            .thenComparing(Comparator.comparing(LtxFile::created).reversed());

    private final LtxCatalog catalog;

    public LtxPlanner(LtxCatalog catalog) {
        this.catalog = catalog;
    }

    public LtxPlan plan(RestoreTarget target) throws RestoreException, ObjectStoreException {
        List<LtxFile> files = catalog.files();
        String url = catalog.replica().url().toString();
        if (target instanceof RestoreTarget.Generation || target instanceof RestoreTarget.Index
                || target.inGeneration().isPresent()) {
            throw new RestoreException(url + " is a Litestream 0.5 replica, which has no generations or WAL "
                    + "indexes: restore it by -txid or -timestamp (`litescope ltx URL` lists its TXIDs)");
        }
        if (files.isEmpty()) {
            throw new RestoreException("no LTX files in " + url + ": there is nothing to restore");
        }
        Predicate<LtxFile> passes = f -> true;
        Optional<Long> txid = Optional.empty();
        Optional<Instant> at = target.asOf();
        if (target instanceof RestoreTarget.Txid t) {
            txid = Optional.of(t.txid());
            passes = f -> f.maxTxid() <= t.txid();
        } else if (at.isPresent()) {
            checkBounds(files, at.get());
            Instant t = at.get();
            passes = f -> f.created().isBefore(t);
        }
        List<LtxFile> plan = new ArrayList<>();
        long cur = 0;
        Optional<LtxFile> snapshot = files.stream().filter(f -> f.level() == LtxNames.SNAPSHOT_LEVEL)
                .filter(passes).reduce((a, b) -> b);
        if (snapshot.isPresent()) {
            plan.add(snapshot.get());
            cur = snapshot.get().maxTxid();
        }
        List<LtxFile> walk = files.stream().filter(f -> f.level() < LtxNames.SNAPSHOT_LEVEL).filter(passes).toList();
        List<LtxFile> walked = walk(walk, cur, txid.orElse(Long.MAX_VALUE), PREFERENCE);
        plan.addAll(walked);
        long reached = walked.isEmpty() ? cur : walked.get(walked.size() - 1).maxTxid();
        List<String> notes = new ArrayList<>();
        Optional<LtxFile> beyond = files.stream().filter(passes).filter(f -> f.minTxid() > reached + 1)
                .min(Comparator.comparingLong(LtxFile::minTxid));
        if (beyond.isPresent()) {
            // A gap only when some TXID before that file is in no file at all; in a file that does not qualify
            // (a compaction stamped after T, whose level-0 files are pruned), it is the coarse history of a
            // pruned replica, which Litestream restores too.
            Optional<Long> missing = firstUncovered(files, reached + 1, beyond.get().minTxid() - 1);
            if (missing.isPresent()) {
                throw gap(plan, beyond.get(), target, missing.get());
            }
            if (at.isPresent()) {
                notes.add("the state at " + GoTime.rfc3339Nano(at.get()) + " is not restorable: TXIDs after "
                        + LtxNames.txid(reached) + " up to " + beyond.get().label() + " are only in files created "
                        + "after that moment, whose level-0 files are pruned; restoring TXID " + LtxNames.txid(reached)
                        + ", the newest state before it that is");
            }
        }
        if (txid.isPresent() && reached != txid.get()) {
            LtxHistory history = new LtxHistory(files, HealthWarning.Settings.defaults());
            throw new RestoreException("no matching backup files available: " + history.whyNotRestorable(txid.get())
                    .orElse("TXID " + LtxNames.txid(txid.get()) + " is not reached") + " (`litescope ltx -level all "
                    + "URL` lists the files)");
        }
        if (plan.isEmpty()) {
            throw new RestoreException("no LTX file from TXID 1 qualifies for " + target + " in " + url
                    + ": no snapshot (level 9) or full image is old enough" + at.map(t -> ", and a -timestamp "
                    + "takes only files created strictly before " + GoTime.rfc3339Nano(t)).orElse(""));
        }
        if (at.isPresent()) {
            notes.add(0, "as Litestream 0.5 does, -timestamp takes only files created strictly before the moment");
        }
        return new LtxPlan(target, plan, notes);
    }

    /**
     * The greedy walk from the state at TXID {@code from} towards {@code until}: each step takes, among the files
     * that continue the TXIDs reached (min at most one past them, max beyond them), the greatest by
     * {@code preference}, until {@code until} is reached or no file continues. The caller has left out the files
     * that end past {@code until}.
     */
    static List<LtxFile> walk(List<LtxFile> files, long from, long until, Comparator<LtxFile> preference) {
        List<LtxFile> out = new ArrayList<>();
        long cur = from;
        while (cur < until) {
            long reached = cur;
            Optional<LtxFile> next = files.stream()
                    .filter(f -> f.minTxid() <= reached + 1 && f.maxTxid() > reached)
                    .max(preference);
            if (next.isEmpty()) {
                break;
            }
            out.add(next.get());
            cur = next.get().maxTxid();
        }
        return out;
    }

    /** The first TXID of {@code from..to} that no file holds. */
    static Optional<Long> firstUncovered(List<LtxFile> files, long from, long to) {
        List<LtxFile> byMin = files.stream().sorted(Comparator.comparingLong(LtxFile::minTxid)).toList();
        long next = from;
        for (LtxFile f : byMin) {
            if (next > to) {
                break;
            }
            if (f.minTxid() > next) {
                return Optional.of(next);
            }
            next = Math.max(next, f.maxTxid() + 1);
        }
        return next <= to ? Optional.of(next) : Optional.empty();
    }

    /** As Litestream's URL restore: a moment outside the replica's first and last file time does not exist. */
    private static void checkBounds(List<LtxFile> files, Instant at) throws RestoreException {
        Instant created = files.stream().map(LtxFile::created).min(Instant::compareTo).orElseThrow();
        Instant updated = files.stream().map(LtxFile::created).max(Instant::compareTo).orElseThrow();
        if (at.isBefore(created) || at.isAfter(updated)) {
            throw new RestoreException("timestamp does not exist: " + GoTime.rfc3339Nano(at) + " is outside the "
                    + "replica's history, from " + GoTime.rfc3339Nano(created) + " to " + GoTime.rfc3339Nano(updated));
        }
    }

    /**
     * A file qualifies but starts past the TXIDs the plan reaches, and TXID {@code missing} before it is in no file:
     * names the file the plan reaches and the one after the gap.
     */
    private RestoreException gap(List<LtxFile> plan, LtxFile after, RestoreTarget target, long missing) {
        String before = plan.isEmpty() ? "no file from TXID 1" : plan.get(plan.size() - 1).label() + " ("
                + catalog.replica().describe(plan.get(plan.size() - 1).relativeName()) + ")";
        long reached = plan.isEmpty() ? 0 : plan.get(plan.size() - 1).maxTxid();
        String deviation = target instanceof RestoreTarget.Timestamp
                ? "; Litestream 0.5 would silently restore the older state at " + LtxNames.txid(reached) + " and "
                + "exit 0" : "";
        return new RestoreException("TXID gap in " + catalog.replica().url() + ": TXID " + LtxNames.txid(missing)
                + " is in no LTX file, and TXIDs " + LtxNames.txid(reached + 1) + ".."
                + LtxNames.txid(after.minTxid() - 1) + " are in none that qualifies for " + target + ". The restore "
                + "reaches " + before + ", and the next file, " + after.label() + " ("
                + catalog.replica().describe(after.relativeName()) + "), starts after the gap, so no state past TXID "
                + LtxNames.txid(reached) + " can be restored" + deviation);
    }
}
