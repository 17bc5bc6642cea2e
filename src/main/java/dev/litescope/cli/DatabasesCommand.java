package dev.litescope.cli;

import dev.litescope.fleet.FleetFilter;
import dev.litescope.fleet.FleetHealth;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.DiscoveryKeeper;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxLevel;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import dev.litescope.util.Units;
import dev.litescope.util.UserDirs;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "databases", description = {"Find every Litestream replica below a bucket or prefix, with its format, "
        + "generations (or levels), newest object, lag, objects, stored bytes, monthly storage cost, and for "
        + "Litestream 0.5 the restorable TXIDs and health warnings."})
final class DatabasesCommand extends ListingCommand {
    @Option(names = {"-parallelism", "--parallelism"}, paramLabel = "N", defaultValue = "16",
            description = "Listings run at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = {"-sort", "--sort"}, paramLabel = "KEY", defaultValue = "path",
            description = "Order by path, format, size, objects, newest, lag, cost or health, optionally followed by "
                    + "asc or desc, such as \"lag desc\" (default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = {"-filter", "--filter"}, paramLabel = "TERMS",
            description = "Only the replicas for which every term holds, terms joined by spaces or commas: a path "
                    + "glob (tenants/*), lag > 1h, size > 10MB, objects < 100, cost > 0.01, has breaks, "
                    + "0.3 only, format=0.5, health=ok.")
    String filter;

    @Option(names = {"-health", "--health"},
            description = "Add each replica's health to the table (ok, or break, new-generation, no-snapshot, "
                    + "warning) and end with a count of the unhealthy ones.")
    boolean health;

    @Option(names = {"-names-only", "--names-only"},
            description = "Only which replicas exist: path and format. Skips past each replica's objects once its "
                    + "layout shows, so a replica of 100,000 objects costs about one list request; no sizes, "
                    + "times or health.")
    boolean namesOnly;

    @Option(names = {"-incremental", "--incremental"},
            description = "Refresh from the listing the previous databases run (or the app's search) of this URL "
                    + "kept in the cache folder: each replica of 5,000 objects or more is listed only from its newest "
                    + "objects on, the rest as usual; says on stderr what it listed. Without a kept listing (or with "
                    + "one over a day old or unreadable), lists everything and says why.")
    boolean incremental;

    @Override
    String jsonName() {
        return "databases";
    }

    @Override
    String[] columns() {
        if (namesOnly) {
            return new String[] {"path", "format"};
        }
        String[] base = {"path", "format", "generations", "newest", "lag", "objects", "size", "cost/month",
            "txids", "health"};
        if (!health) {
            return base;
        }
        String[] out = Arrays.copyOf(base, base.length + 1);
        out[base.length] = "fleet-health";
        return out;
    }

    /** The first and last TXID a restore can reach, "none" when it can reach none. */
    private static String restorable(LtxHistory h) {
        List<LtxHistory.Range> ranges = h.restorableRanges();
        return ranges.isEmpty() ? "none" : LtxNames.txid(ranges.get(0).first()) + "-"
                + LtxNames.txid(ranges.get(ranges.size() - 1).last());
    }

    /** Each level of a 0.5 replica: its files, TXID span and stored bytes. */
    private static List<Map<String, Object>> levels(LtxHistory h) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LtxLevel l : h.levels()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", l.level());
            m.put("files", l.files().size());
            m.put("min_txid", LtxNames.txid(l.minTxid()));
            m.put("max_txid", LtxNames.txid(l.maxTxid()));
            m.put("stored_bytes", l.storedBytes());
            m.put("newest", GoTime.rfc3339Nano(l.newest()));
            out.add(m);
        }
        return out;
    }

    @Override
    void list(Catalog catalog, String replicaName, Rows rows) throws Exception {
        FleetSort order;
        FleetFilter only;
        try {
            order = FleetSort.parse(sort);
            only = filter == null ? FleetFilter.all() : FleetFilter.parse(filter);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(parent.spec.commandLine(), e.getMessage());
        }
        long t0 = System.nanoTime();
        if (namesOnly) {
            if (filter != null || health || !sort.equals("path")) {
                throw new ParameterException(parent.spec.commandLine(), "--names-only lists which replicas exist, "
                        + "without their objects, so it cannot " + (filter != null ? "--filter" : health ? "--health"
                        : "--sort") + ", which needs them: drop one of the two");
            }
            names(catalog, rows, t0);
            return;
        }
        List<Discovery.Found> found = discover(catalog);
        Pricing pricing = Pricing.load(parent.env);
        Instant now = parent.clock.instant();
        String searchedRoot = catalog.replica().root().isEmpty() ? "" : catalog.replica().root() + "/";
        List<FleetReplica> fleet = order.sorted(found.stream().map(f -> FleetReplica.of(f, searchedRoot, now,
                pricing)).filter(only).toList());
        int unhealthy = 0;
        for (FleetReplica fr : fleet) {
            Discovery.Found r = fr.found();
            unhealthy += fr.healthy() ? 0 : 1;
            String url = r.url().toString();
            // A folder's file URL ends in '/'; the path column never did.
            String path = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            String newest = r.newest().map(GoTime::rfc3339Seconds).orElse("-");
            String lag = r.newest().map(n -> GoTime.durationString(GoTime.truncateLag(Duration.between(n, now))))
                    .orElse("-");
            double cost = pricing.storagePerMonth(r.storedBytes());
            Optional<LtxHistory> ltx = r.ltx();
            String txids = ltx.map(DatabasesCommand::restorable).orElse("-");
            List<HealthWarning> warnings = ltx.map(LtxHistory::warnings).orElse(List.of());
            String health = ltx.isEmpty() ? "-" : warnings.isEmpty() ? "ok" : warnings.size() + " warning(s)";
            Object[] cells = {path, r.format().label(), r.generations(), newest, lag, r.objects(),
                Units.bytes(r.storedBytes()), String.format(Locale.ROOT, "$%.4f", cost), txids, health};
            if (this.health) {
                cells = Arrays.copyOf(cells, cells.length + 1);
                cells[cells.length - 1] = fr.healthLabel();
            }
            rows.add(cells,
                    "path", path, "format", r.format().label(), "generations", r.generations(),
                    "newest", r.newest().map(GoTime::rfc3339Nano).orElse(null),
                    "lag_ns", r.newest().map(n -> Duration.between(n, now).toNanos()).orElse(null),
                    "objects", r.objects(), "stored_bytes", r.storedBytes(), "storage_cost_usd_month", cost,
                    "levels", ltx.map(DatabasesCommand::levels).orElse(null),
                    "max_txid", ltx.flatMap(LtxHistory::maxTxid).map(LtxNames::txid).orElse(null),
                    "warnings", ltx.map(h -> warnings.stream().map(w -> Map.of("kind", w.kind().name().toLowerCase(
                            Locale.ROOT), "message", w.message())).toList()).orElse(null),
                    "fleet_health", fr.health().stream().sorted().map(FleetHealth.Condition::label).toList());
            for (HealthWarning w : warnings) {
                parent.spec.commandLine().getErr().println("warning: " + path + ": " + w.message());
            }
        }
        PrintWriter err = parent.spec.commandLine().getErr();
        if (filter != null) {
            err.printf(Locale.ROOT, "%d of %d database(s) match the filter \"%s\"%n", fleet.size(), found.size(),
                    only.text());
        }
        if (health) {
            err.printf(Locale.ROOT, "%d of %d database(s) unhealthy%n", unhealthy, fleet.size());
        }
        err.printf(Locale.ROOT, "found %d database(s) with %d list requests in %.2fs%n", found.size(),
                catalog.replica().store().counters().snapshot().lists(), (System.nanoTime() - t0) / 1e9);
    }

    private void names(Catalog catalog, Rows rows, long t0) throws Exception {
        List<Discovery.Named> named = new Discovery(catalog.replica(), parallelism).findNames(new Cancellation());
        for (Discovery.Named n : named) {
            String url = n.url().toString();
            String path = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            rows.add(new Object[] {path, n.format().label()}, "path", path, "format", n.format().label());
        }
        parent.spec.commandLine().getErr().printf(Locale.ROOT, "found %d database(s) with %d list requests in "
                + "%.2fs (names only)%n", named.size(), catalog.replica().store().counters().snapshot().lists(),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Every replica with its listing; keeps the state for the next {@code --incremental} run in the cache folder
     * (unless {@code -no-cache}), and refreshes from the kept one with {@code --incremental}.
     */
    private List<Discovery.Found> discover(Catalog catalog) throws Exception {
        Discovery discovery = new Discovery(catalog.replica(), parallelism);
        DiscoveryKeeper keeper = new DiscoveryKeeper(replica.noCache ? Optional.empty()
                : Optional.of(UserDirs.cache(parent.env)), parent.clock);
        if (!incremental) {
            return keeper.full(discovery, new Cancellation()).found();
        }
        Discovery.Refreshed r = keeper.refresh(discovery, new Cancellation());
        parent.spec.commandLine().getErr().println("incremental: " + r.listed());
        return r.found();
    }
}
