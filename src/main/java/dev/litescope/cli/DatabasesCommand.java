package dev.litescope.cli;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.util.GoTime;
import dev.litescope.util.Units;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "databases", description = {"Find every Litestream replica below a bucket or prefix, with its format, "
        + "generations, newest object, lag, objects, stored bytes and monthly storage cost."})
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
        return new String[] {"path", "format", "generations", "newest", "lag", "objects", "size", "cost/month"};
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
            rows.add(new Object[] {path, r.format().label(), r.generations(), newest, lag, r.objects(),
                            Units.bytes(r.storedBytes()), String.format(Locale.ROOT, "$%.4f", cost)},
                    "path", path, "format", r.format().label(), "generations", r.generations(),
                    "newest", r.newest().map(GoTime::rfc3339Nano).orElse(null),
                    "lag_ns", r.newest().map(n -> Duration.between(n, now).toNanos()).orElse(null),
                    "objects", r.objects(), "stored_bytes", r.storedBytes(), "storage_cost_usd_month", cost);
        }
        PrintWriter err = parent.spec.commandLine().getErr();
        err.printf(Locale.ROOT, "found %d database(s) with %d list requests in %.2fs%n", found.size(),
                catalog.replica().store().counters().snapshot().lists(), (System.nanoTime() - t0) / 1e9);
    }
}
