package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.util.GoTime;
import dev.litescope.util.Json;
import dev.litescope.util.TabWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "generations", description = "List the generations of a replica, with their time span and lag "
        + "(the columns of litestream generations).")
final class GenerationsCommand implements Callable<Integer> {
    /** Go's zero time, which Litestream prints for a generation that holds no objects. */
    static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    @ParentCommand
    LitescopeCommand parent;

    @Mixin
    ReplicaArg replica;

    @Override
    public Integer call() throws Exception {
        Catalog catalog = replica.open();
        String name = replica.parsed().typeName();
        Instant now = parent.clock.instant();
        TabWriter table = new TabWriter().row("name", "generation", "lag", "start", "end");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Generation g : catalog.allGenerations()) {
            Instant start = g.bounds().map(Generation.TimeBounds::start).orElse(GO_ZERO_TIME);
            Instant end = g.bounds().map(Generation.TimeBounds::end).orElse(GO_ZERO_TIME);
            Duration lag = GoTime.truncateLag(Duration.between(end, now));
            table.row(name, g.name(), GoTime.durationString(lag), GoTime.rfc3339Seconds(start),
                    GoTime.rfc3339Seconds(end));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("replica", name);
            row.put("generation", g.name());
            row.put("lag", GoTime.durationString(lag));
            row.put("lag_ns", Duration.between(end, now).toNanos());
            row.put("start", GoTime.rfc3339Nano(start));
            row.put("end", GoTime.rfc3339Nano(end));
            row.put("snapshots", g.snapshots().size());
            row.put("wal_segments", g.walSegments().size());
            row.put("stored_bytes", g.storedBytes());
            json.add(row);
        }
        var out = parent.spec.commandLine().getOut();
        out.print(replica.json ? Json.write(json) + "\n" : table.toString());
        return 0;
    }
}
