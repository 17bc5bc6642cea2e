package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.util.GoTime;
import dev.litescope.util.Json;
import dev.litescope.util.TabWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "snapshots", description = "List the snapshots of a replica by generation and index "
        + "(the columns of litestream snapshots; index is decimal, size is stored bytes).")
final class SnapshotsCommand implements Callable<Integer> {
    @ParentCommand
    LitescopeCommand parent;

    @Mixin
    ReplicaArg replica;

    @Override
    public Integer call() throws Exception {
        Catalog catalog = replica.open();
        String name = replica.parsed().typeName();
        TabWriter table = new TabWriter().row("replica", "generation", "index", "size", "created");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Generation g : catalog.allGenerations()) {
            for (Snapshot s : g.snapshots()) {
                table.row(name, s.generation(), s.index(), s.size(), GoTime.rfc3339Seconds(s.created()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("replica", name);
                row.put("generation", s.generation());
                row.put("index", s.index());
                row.put("size", s.size());
                row.put("created", GoTime.rfc3339Nano(s.created()));
                row.put("key", s.object().key());
                json.add(row);
            }
        }
        var out = parent.spec.commandLine().getOut();
        out.print(replica.json ? Json.write(json) + "\n" : table.toString());
        return 0;
    }
}
