package dev.litescope.sql.history;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.FormatChoice;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.sql.history.RowHistory.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The restore points a row's history walks, in time order, in one of a replica's histories: Litestream 0.3's WAL
 * indexes (each at or after its generation's first snapshot, generations in time order) or 0.5's restorable
 * TXIDs. A replica upgraded from 0.3 holds both; the history walked is the one {@link FormatChoice} picks for a
 * latest restore (the one that holds the newer data), and the listing's notes say the other was skipped.
 */
public final class HistoryPoints {
    private HistoryPoints() {
    }

    /**
     * The points of the history walked.
     *
     * @param notes what the user should know: the other history skipped, TXIDs past the last restorable one
     */
    public record Listing(Format format, List<Point> points, List<String> notes) {
        public Listing {
            points = List.copyOf(points);
            notes = List.copyOf(notes);
        }
    }

    /** The points of the history a latest restore of {@code replica} reads. */
    public static Listing of(Replica replica) throws ObjectStoreException, RestoreException {
        FormatChoice choice = FormatChoice.choose(replica, RestoreTarget.latest());
        List<String> notes = new ArrayList<>();
        boolean ltx = choice.format() == Format.LITESTREAM_0_5;
        if (choice.note().isPresent()) {
            notes.add(replica.url() + " holds both Litestream 0.3 generations and 0.5 LTX files: the history walks "
                    + (ltx ? "the 0.5 TXIDs, which hold the newer data; the 0.3 generations are skipped"
                    : "the 0.3 generations, which hold the newer data; the 0.5 TXIDs are skipped"));
        }
        if (!ltx) {
            return new Listing(choice.format(), v3(new Catalog(replica)), notes);
        }
        LtxHistory history = new LtxHistory(new LtxCatalog(replica).files(), HealthWarning.Settings.defaults());
        List<Point> points = ltx(history);
        Optional<Long> newest = history.maxTxid();
        if (!points.isEmpty() && newest.isPresent() && !history.isRestorable(newest.get())) {
            long last = points.get(points.size() - 1).txid().orElseThrow();
            notes.add("the history ends at TXID " + LtxNames.txid(last) + ", the last restorable one: "
                    + history.whyNotRestorable(newest.get()).orElse(""));
        }
        return new Listing(choice.format(), points, notes);
    }

    /** A 0.3 replica's points: each WAL index at or after its generation's first snapshot, as of its last segment. */
    public static List<Point> v3(Catalog catalog) throws ObjectStoreException {
        List<Generation> gens = catalog.allGenerations().stream()
                .filter(g -> g.bounds().isPresent() && !g.snapshots().isEmpty())
                .sorted(Comparator.comparing((Generation g) -> g.bounds().get().start())).toList();
        List<Point> out = new ArrayList<>();
        for (Generation g : gens) {
            int first = g.snapshots().get(0).index();
            Map<Integer, Instant> lastByIndex = new TreeMap<>();
            for (WalSegment s : g.walSegments()) {
                if (s.index() >= first) {
                    lastByIndex.merge(s.index(), s.created(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            lastByIndex.forEach((index, time) -> out.add(Point.ofIndex(g.name(), index, time)));
        }
        return out;
    }

    /**
     * A 0.5 replica's points: every restorable TXID, as of the oldest file that ends at it (its level-0 file, or
     * where that is pruned the compaction or snapshot that took its place).
     */
    public static List<Point> ltx(LtxHistory history) {
        Map<Long, Instant> firstEnding = new HashMap<>();
        for (LtxFile f : history.files()) {
            firstEnding.merge(f.maxTxid(), f.created(), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<Point> out = new ArrayList<>();
        for (long txid : history.restorableTxids()) {
            out.add(Point.ofTxid(txid, firstEnding.get(txid)));
        }
        return out;
    }
}
