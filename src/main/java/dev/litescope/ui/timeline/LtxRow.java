package dev.litescope.ui.timeline;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Litestream 0.5 history of the open replica as the window shows it: the catalogue its plans read (listed
 * once, so planning lists nothing) and the read model of that listing, with Litestream 0.5's default settings for
 * the health warnings.
 */
public record LtxRow(LtxCatalog catalog, LtxHistory history, List<LtxHistory.RestorePoint> points) {

    public LtxRow {
        points = List.copyOf(points);
    }

    /** {@code history}'s restore points worked out once, here: the timeline and the selection ask often. */
    public LtxRow(LtxCatalog catalog, LtxHistory history) {
        this(catalog, history, history.restorePoints());
    }

    /** Lists {@code catalog} (one listing) and reads its history. */
    public static LtxRow of(LtxCatalog catalog) throws ObjectStoreException {
        return new LtxRow(catalog, new LtxHistory(catalog.files(), HealthWarning.Settings.defaults()));
    }

    /**
     * Where the cursor shows TXID {@code txid}: the first restore point that gives it (from then on a
     * {@code -timestamp} restore gives the same state), else just after the oldest file that ends at it.
     */
    public Optional<Instant> momentOf(long txid) {
        Optional<Instant> point = points.stream().filter(p -> p.txid() == txid)
                .map(LtxHistory.RestorePoint::from).findFirst();
        return point.or(() -> history.files().stream().filter(f -> f.maxTxid() == txid).map(LtxFile::created)
                .min(Instant::compareTo).map(t -> t.plusNanos(1)));
    }

    /** The restorable TXID nearest the newest: what a latest restore gives, when nothing stands in its way. */
    public Optional<Long> latestRestorable() {
        List<Long> all = history.restorableTxids();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The restore point in force at {@code t}: the newest one from {@code t} or before, else the first (a moment
     * before every point snaps forward to it). Empty when the history has none.
     */
    public Optional<LtxHistory.RestorePoint> pointAt(Instant t) {
        LtxHistory.RestorePoint in = null;
        for (LtxHistory.RestorePoint p : points) {
            if (!p.from().isAfter(t)) {
                in = p;
            }
        }
        return in != null ? Optional.of(in) : points.stream().findFirst();
    }
}
