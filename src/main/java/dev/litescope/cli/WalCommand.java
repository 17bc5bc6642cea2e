package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.util.GoTime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "wal", description = "List the WAL segments of a replica in position order "
        + "(the columns of litestream wal; index and offset are decimal, size is stored bytes).")
final class WalCommand extends ListingCommand {
    @Option(names = {"-generation", "--generation"}, paramLabel = "G", description = "Only this generation.")
    String generation;

    @Override
    String jsonName() {
        return "wal_segments";
    }

    @Override
    String[] columns() {
        return new String[] {"replica", "generation", "index", "offset", "size", "created"};
    }

    @Override
    void list(Catalog catalog, String replicaName, Rows rows) throws Exception {
        List<String> generations = generation == null ? catalog.generationNames() : List.of(generation);
        for (String g : generations) {
            for (WalSegment s : catalog.generation(g).walSegments()) {
                rows.add(new Object[] {replicaName, g, s.index(), s.offset(), s.size(),
                                GoTime.rfc3339Seconds(s.created())},
                        "replica", replicaName, "generation", g, "index", s.index(), "offset", s.offset(),
                        "size", s.size(), "created", GoTime.rfc3339Nano(s.created()), "key", s.object().key());
            }
        }
    }
}
