package dev.litescope.ui.fleet;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.util.Cancellation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the table shows for one filter and one order: the rows the filter keeps, sorted, with their totals and
 * histograms, worked out together so that they always describe the same rows. Made off the UI thread (100,000
 * rows take tens of milliseconds); it looks at the cancellation between blocks of rows, so a newer keystroke
 * stops an older filter early.
 */
record ShownRows(List<FleetReplica> rows, FleetViewModel.Totals totals, List<FleetHistogram.Bucket> lag,
                 List<FleetHistogram.Bucket> size) {
    /** Rows filtered between two looks at the cancellation. */
    private static final int BLOCK = 4096;

    ShownRows {
        rows = List.copyOf(rows);
    }

    /**
     * @param all    every replica found; not changed
     * @param filter which to keep; must be safe to call off the UI thread (it reads nothing that changes)
     * @param order  how to sort them; likewise
     */
    static ShownRows of(List<FleetReplica> all, Predicate<FleetReplica> filter, Comparator<FleetReplica> order,
                        Cancellation cancel) throws Cancellation.CancelledException {
        List<FleetReplica> kept = new ArrayList<>();
        long bytes = 0;
        long objects = 0;
        double cost = 0;
        for (int i = 0; i < all.size(); i++) {
            if (i % BLOCK == 0) {
                cancel.check();
            }
            FleetReplica r = all.get(i);
            if (filter.test(r)) {
                kept.add(r);
                bytes += r.bytes();
                objects += r.objects();
                cost += r.cost();
            }
        }
        cancel.check();
        kept.sort(order);
        cancel.check();
        return new ShownRows(kept, new FleetViewModel.Totals(kept.size(), bytes, objects, cost),
                FleetHistogram.lag(kept), FleetHistogram.size(kept));
    }

    /**
     * The order by a bulk run's results: failed first, then skipped, ok, and replicas without a result; descending
     * turns that round; ties by path. Over a copy of the outcomes taken now, on the UI thread, so that the sort can
     * run off it while results still arrive.
     */
    static Comparator<FleetReplica> byResult(Map<String, BulkRun.Result> results, boolean descending) {
        Map<String, BulkRun.Outcome> outcomes = new HashMap<>();
        results.forEach((path, r) -> outcomes.put(path, r.outcome()));
        Comparator<FleetReplica> rank = Comparator.comparingInt(r -> {
            BulkRun.Outcome o = outcomes.get(r.path());
            return o == null ? 3 : switch (o) {
                case FAILED -> 0;
                case SKIPPED -> 1;
                case OK -> 2;
            };
        });
        return (descending ? rank.reversed() : rank).thenComparing(FleetSort.BY_PATH.comparator());
    }
}
