package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.sql.touched.WalTouches;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "wal", description = "List the WAL segments of a replica in position order "
        + "(the columns of litestream wal; index and offset are decimal, size is stored bytes).")
final class WalCommand extends ListingCommand {
    @Option(names = {"-generation", "--generation"}, paramLabel = "G", description = "Only this generation.")
    String generation;

    @Option(names = {"-tables", "--tables"}, description = "Add a column with the tables and indexes each segment "
            + "changed and how many of their pages it wrote (restores each generation's first snapshot once and "
            + "moves it forward; \"?\" for segments older than every snapshot).")
    boolean tables;

    @Override
    String jsonName() {
        return "wal_segments";
    }

    @Override
    String[] columns() {
        String[] base = {"replica", "generation", "index", "offset", "size", "created"};
        if (!tables) {
            return base;
        }
        String[] withTables = Arrays.copyOf(base, base.length + 1);
        withTables[base.length] = "tables";
        return withTables;
    }

    @Override
    void list(Catalog catalog, String replicaName, Rows rows) throws Exception {
        List<String> generations = generation == null ? catalog.generationNames() : List.of(generation);
        for (String g : generations) {
            Generation gen = catalog.generation(g);
            List<WalTouches.Touched> touched = tables
                    ? new WalTouches(catalog.replica()).of(gen, new Cancellation()) : List.of();
            List<WalSegment> segments = gen.walSegments();
            for (int i = 0; i < segments.size(); i++) {
                WalSegment s = segments.get(i);
                List<Object> cells = new ArrayList<>(List.of(replicaName, g, s.index(), s.offset(), s.size(),
                        GoTime.rfc3339Seconds(s.created())));
                List<Object> json = new ArrayList<>(List.of("replica", replicaName, "generation", g, "index",
                        s.index(), "offset", s.offset(), "size", s.size(), "created", GoTime.rfc3339Nano(s.created()),
                        "key", s.object().key()));
                if (tables) {
                    WalTouches.Touched t = touched.get(i);
                    cells.add(t.describe());
                    json.add("tables");
                    json.add(t.pagesByOwner().orElse(null));
                }
                rows.add(cells.toArray(), json.toArray());
            }
        }
    }
}
