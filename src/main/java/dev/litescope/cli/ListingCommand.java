package dev.litescope.cli;

import dev.litescope.replica.v3.Catalog;
import dev.litescope.util.JsonMapper;
import dev.litescope.util.TabWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * A command that lists part of a replica: as Litestream's aligned table, or with {@code -json} as JSON rows
 * that carry full-precision times and object keys besides the table's columns.
 */
abstract class ListingCommand implements Callable<Integer> {
    @ParentCommand
    LitescopeCommand parent;

    @Mixin
    ReplicaArg replica;

    @Option(names = {"-json", "--json"}, description = "Print JSON for scripts instead of a table.")
    boolean json;

    /** The table's header, Litestream's column names. */
    abstract String[] columns();

    /** The name of the rows in JSON output. */
    abstract String jsonName();

    /** Adds the rows; {@code replicaName} is what Litestream prints for a replica given by URL. */
    abstract void list(Catalog catalog, String replicaName, Rows rows) throws Exception;

    @Override
    public final Integer call() throws Exception {
        Rows rows = new Rows(columns());
        list(replica.open(parent.env), replica.parsed().typeName(), rows);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put(jsonName(), rows.json);
            doc.put("stats", replica.statsJson(parent.env));
            parent.spec.commandLine().getOut().print(JsonMapper.pretty(doc) + "\n");
        } else {
            parent.spec.commandLine().getOut().print(rows.table.toString());
        }
        replica.printStats(parent.env, parent.spec.commandLine().getErr());
        return 0;
    }

    /** The rows of one listing, kept for both outputs. */
    static final class Rows {
        private final TabWriter table = new TabWriter();
        private final List<Map<String, Object>> json = new ArrayList<>();

        Rows(String[] columns) {
            table.row((Object[]) columns);
        }

        /**
         * @param cells the table's cells, in column order
         * @param keyValues the JSON row as alternating keys and values
         */
        void add(Object[] cells, Object... keyValues) {
            table.row(cells);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                row.put((String) keyValues[i], keyValues[i + 1]);
            }
            json.add(row);
        }
    }
}
