package dev.litescope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.litescope.replica.Discovery.Format;
import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultWriter;
import dev.litescope.sql.history.RowHistory;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = {
        "List every distinct version of one row across a replica's restore points, oldest first: those of a "
                + "Litestream 0.3 replica are the end of each WAL index, generations in time order, and those of "
                + "a 0.5 replica its restorable TXIDs. For each version: when it appeared, at which generation and "
                + "WAL index (0.3) or TXID (0.5), its values and which of them changed, and where it was deleted. "
                + "A path upgraded from 0.3 holds both histories; the one with the newer data is walked, and a "
                + "note says the other was skipped. One working copy is restored once and moved forward, the row "
                + "read at each point."})
final class HistoryCommand implements Callable<Integer> {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @ParentCommand
    LitescopeCommand parent;

    @Mixin
    ReplicaArg replica;

    @Option(names = {"-table", "--table"}, paramLabel = "TABLE", required = true, description = "The row's table.")
    String table;

    @Option(names = {"-key", "--key"}, paramLabel = "COL=VALUE", required = true,
            description = "The row's key: one for each column of the table's primary key, or rowid=N for a table "
                    + "without one. Repeat for a key of several columns.")
    List<String> key;

    @Option(names = {"-json", "--json"}, description = "One JSON object per version and line, oldest first: "
            + "{\"timestamp\", \"generation\", \"index\", \"values\": {...} | null} for a 0.3 replica, "
            + "{\"timestamp\", \"txid\", \"values\": ...} for a 0.5 one (values null where the row was deleted).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        Map<String, Cell> parsed = RowHistory.parseKey(key);
        RowHistory history = new RowHistory(replica.openReplica(parent.env), table, parsed);
        Path work = Files.createTempDirectory("litescope-history-");
        RowHistory.Result r;
        try {
            r = history.run(work, RowHistory.Listener.NONE, new Cancellation());
        } finally {
            Files.deleteIfExists(work);
        }
        if (json) {
            printJson(r, out);
        } else {
            printTable(r, out);
        }
        r.notes().forEach(n -> err.println("note: " + n));
        if (r.versions().isEmpty()) {
            err.printf("no row of %s has %s at any of the %d restore points%n", table, String.join(", ", key),
                    r.points());
        } else {
            err.println(r.summary());
        }
        replica.printStats(parent.env, err);
        return 0;
    }

    private static void printTable(RowHistory.Result r, PrintWriter out) {
        boolean ltx = r.format() == Format.LITESTREAM_0_5;
        List<ResultColumn> columns = new ArrayList<>();
        for (String c : ltx ? List.of("timestamp", "txid", "changed") : List.of("timestamp", "generation", "index",
                "changed")) {
            columns.add(new ResultColumn(c, ""));
        }
        r.columns().forEach(c -> columns.add(new ResultColumn(c, "")));
        TableOutput t = new TableOutput(out, columns);
        for (RowHistory.Version v : r.versions()) {
            RowHistory.Point p = v.point();
            List<Cell> line = new ArrayList<>(List.of(new Cell.Text(GoTime.rfc3339Nano(p.time()))));
            if (ltx) {
                line.add(new Cell.Text(p.txidText().orElseThrow()));
            } else {
                line.add(new Cell.Text(p.generation().orElseThrow()));
                line.add(new Cell.Integer(p.index().orElseThrow()));
            }
            line.add(new Cell.Text(v.deleted() ? "(deleted)" : String.join(", ", v.changed())));
            for (String c : r.columns()) {
                line.add(v.values().map(m -> m.getOrDefault(c, Cell.NULL)).orElse(new Cell.Text("")));
            }
            t.row(line);
        }
        t.end();
        out.flush();
    }

    private static void printJson(RowHistory.Result r, PrintWriter out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setRootValueSeparator(null);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (RowHistory.Version v : r.versions()) {
                json.writeStartObject();
                RowHistory.Point p = v.point();
                json.writeStringField("timestamp", GoTime.rfc3339Nano(p.time()));
                if (p.txid().isPresent()) {
                    json.writeStringField("txid", p.txidText().orElseThrow());
                } else {
                    json.writeStringField("generation", p.generation().orElseThrow());
                    json.writeNumberField("index", p.index().orElseThrow());
                }
                json.writeFieldName("values");
                if (v.values().isEmpty()) {
                    json.writeNull();
                } else {
                    json.writeStartObject();
                    for (Map.Entry<String, Cell> e : v.values().get().entrySet()) {
                        json.writeFieldName(e.getKey());
                        ResultWriter.jsonValue(json, e.getValue());
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
        out.flush();
    }
}
