package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.WalSegment;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "wal", description = "List the WAL segments of a replica in position order "
        + "(the columns of litestream wal; index and offset are decimal, size is stored bytes).")
final class WalCommand implements Callable<Integer> {
    @ParentCommand
    LitescopeCommand parent;

    @Mixin
    ReplicaArg replica;

    @Option(names = {"-generation", "--generation"}, paramLabel = "G", description = "Only this generation.")
    String generation;

    @Override
    public Integer call() throws Exception {
        Catalog catalog = replica.open();
        String name = replica.parsed().typeName();
        List<String> generations = generation == null ? catalog.generationNames() : List.of(generation);
        TabWriter table = new TabWriter().row("replica", "generation", "index", "offset", "size", "created");
        List<Map<String, Object>> json = new ArrayList<>();
        for (String g : generations) {
            for (WalSegment s : catalog.generation(g).walSegments()) {
                table.row(name, g, s.index(), s.offset(), s.size(), GoTime.rfc3339Seconds(s.created()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("replica", name);
                row.put("generation", g);
                row.put("index", s.index());
                row.put("offset", s.offset());
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
