package dev.litescope.cli;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxLevel;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.util.GoTime;
import dev.litescope.util.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "databases", description = {"Find every Litestream replica below a bucket or prefix, with its format, "
        + "generations (or levels), newest object, lag, objects, stored bytes, monthly storage cost, and for "
        + "Litestream 0.5 the restorable TXIDs and health warnings."})
final class DatabasesCommand extends ListingCommand {
    @Option(names = {"-parallelism", "--parallelism"}, paramLabel = "N", defaultValue = "16",
            description = "Listings run at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    String jsonName() {
        return "databases";
    }

    @Override
    String[] columns() {
        return new String[] {"path", "format", "generations", "newest", "lag", "objects", "size", "cost/month",
            "txids", "health"};
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
        long t0 = System.nanoTime();
        List<Discovery.Found> found = new Discovery(catalog.replica(), parallelism).find();
        Pricing pricing = Pricing.load(parent.env);
        Instant now = parent.clock.instant();
        for (Discovery.Found r : found) {
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
            rows.add(new Object[] {path, r.format().label(), r.generations(), newest, lag, r.objects(),
                            Units.bytes(r.storedBytes()), String.format(Locale.ROOT, "$%.4f", cost), txids, health},
                    "path", path, "format", r.format().label(), "generations", r.generations(),
                    "newest", r.newest().map(GoTime::rfc3339Nano).orElse(null),
                    "lag_ns", r.newest().map(n -> Duration.between(n, now).toNanos()).orElse(null),
                    "objects", r.objects(), "stored_bytes", r.storedBytes(), "storage_cost_usd_month", cost,
                    "levels", ltx.map(DatabasesCommand::levels).orElse(null),
                    "max_txid", ltx.flatMap(LtxHistory::maxTxid).map(LtxNames::txid).orElse(null),
                    "warnings", ltx.map(h -> warnings.stream().map(w -> Map.of("kind", w.kind().name().toLowerCase(
                            Locale.ROOT), "message", w.message())).toList()).orElse(null));
            for (HealthWarning w : warnings) {
                parent.spec.commandLine().getErr().println("warning: " + path + ": " + w.message());
            }
        }
        PrintWriter err = parent.spec.commandLine().getErr();
        err.printf(Locale.ROOT, "found %d database(s) with %d list requests in %.2fs%n", found.size(),
                catalog.replica().store().counters().snapshot().lists(), (System.nanoTime() - t0) / 1e9);
    }
}
