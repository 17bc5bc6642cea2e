package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.util.GoTime;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;

@Command(name = "generations", description = "List the generations of a replica, with their time span and lag "
        + "(the columns of litestream generations).")
final class GenerationsCommand extends ListingCommand {
    /** Go's zero time, which Litestream prints for a generation that holds no objects. */
    static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    @Override
    String jsonName() {
        return "generations";
    }

    @Override
    String[] columns() {
        return new String[] {"name", "generation", "lag", "start", "end"};
    }

    @Override
    void list(Catalog catalog, String replicaName, Rows rows) throws Exception {
        Instant now = parent.clock.instant();
        for (Generation g : catalog.allGenerations()) {
            Instant start = g.bounds().map(Generation.TimeBounds::start).orElse(GO_ZERO_TIME);
            Instant end = g.bounds().map(Generation.TimeBounds::end).orElse(GO_ZERO_TIME);
            Duration lag = Duration.between(end, now);
            String lagText = GoTime.durationString(GoTime.truncateLag(lag));
            rows.add(new Object[] {replicaName, g.name(), lagText, GoTime.rfc3339Seconds(start),
                            GoTime.rfc3339Seconds(end)},
                    "replica", replicaName, "generation", g.name(), "lag", lagText, "lag_ns", lag.toNanos(),
                    "start", GoTime.rfc3339Nano(start), "end", GoTime.rfc3339Nano(end),
                    "snapshots", g.snapshots().size(), "wal_segments", g.walSegments().size(),
                    "stored_bytes", g.storedBytes());
        }
    }
}
