package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.util.GoTime;
import picocli.CommandLine.Command;

@Command(name = "snapshots", description = "List the snapshots of a replica by generation and index "
        + "(the columns of litestream snapshots; index is decimal, size is stored bytes).")
final class SnapshotsCommand extends ListingCommand {
    @Override
    String jsonName() {
        return "snapshots";
    }

    @Override
    String[] columns() {
        return new String[] {"replica", "generation", "index", "size", "created"};
    }

    @Override
    void list(Catalog catalog, String replicaName, Rows rows) throws Exception {
        for (Generation g : catalog.allGenerations()) {
            for (Snapshot s : g.snapshots()) {
                rows.add(new Object[] {replicaName, s.generation(), s.index(), s.size(),
                                GoTime.rfc3339Seconds(s.created())},
                        "replica", replicaName, "generation", s.generation(), "index", s.index(), "size", s.size(),
                        "created", GoTime.rfc3339Nano(s.created()), "key", s.object().key());
            }
        }
    }
}
