package dev.litescope.cli;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.restore.ltx.LtxHeader;
import dev.litescope.sql.touched.LtxSweep;
import dev.litescope.sql.touched.LtxTouches;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "ltx", description = {"List the LTX files of a Litestream 0.5 replica (the columns of litestream ltx: "
        + "TXIDs in hexadecimal, size in stored bytes, created in UTC seconds).",
        "Health warnings (a level-0 backlog, a stalled level, no recent snapshot, a TXID gap) go to stderr."})
final class LtxCommand extends ListingCommand {
    @Option(names = {"-level", "--level"}, paramLabel = "N|all", defaultValue = "0",
            description = "The level to list, 0 to 9, or all (default: ${DEFAULT-VALUE}, as Litestream).")
    String level;

    @Option(names = {"-header-time", "--header-time"},
            description = "Also read each listed file's header (its first 100 bytes, one ranged read a file) and show "
                    + "the header's own timestamp where it is not the object time.")
    boolean headerTime;

    @Option(names = {"-tables", "--tables"}, description = "Add a column with the tables and indexes each listed file "
            + "changed and how many of their pages it holds (restores the state before and after each file by TXID; "
            + "\"?\" where a restore of either is refused, such as behind a gap).")
    boolean tables;

    @Override
    String jsonName() {
        return "ltx_files";
    }

    @Override
    String[] columns() {
        List<String> columns = new ArrayList<>(List.of("level", "min_txid", "max_txid", "size", "created"));
        if (headerTime) {
            columns.add("header_time");
        }
        if (tables) {
            columns.add("tables");
        }
        return columns.toArray(String[]::new);
    }

    @Override
    void list(Catalog catalog, String replicaName, Rows rows) throws Exception {
        Integer only = parseLevel();
        LtxCatalog ltx = new LtxCatalog(catalog.replica());
        List<LtxFile> files = ltx.files();
        List<LtxFile> listed = files.stream().filter(f -> only == null || f.level() == only).toList();
        // One forward pass over the listed files, each needed state restored once (two restores a file otherwise).
        List<LtxTouches.Touched> touched = tables
                ? new LtxSweep(ltx).of(listed, n -> { }, new Cancellation()) : List.of();
        for (int i = 0; i < listed.size(); i++) {
            LtxFile f = listed.get(i);
            Map<String, Object> m = PlanOutput.file(f);
            List<Object> cells = new ArrayList<>(List.of(f.level(), LtxNames.txid(f.minTxid()),
                    LtxNames.txid(f.maxTxid()), f.size(), GoTime.rfc3339Seconds(f.created())));
            if (headerTime) {
                LtxHeader h = LtxHeader.read(catalog.replica().store(), f);
                boolean differs = h.timeDiffersFrom(f);
                cells.add(differs ? GoTime.rfc3339Nano(h.time()) : "same");
                m.put("header_timestamp", GoTime.rfc3339Nano(h.time()));
                m.put("header_time_differs", differs);
            }
            if (tables) {
                LtxTouches.Touched t = touched.get(i);
                cells.add(t.describe());
                m.put("tables", t.pagesByOwner().orElse(null));
                t.why().ifPresent(w -> m.put("tables_unknown", w));
            }
            rows.add(cells.toArray(), m.entrySet().stream()
                    .flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray());
        }
        // Say why the table is empty: a 0.3 replica, or no replica at all (the listing says which).
        if (files.isEmpty() && !catalog.generationNames().isEmpty()) {
            throw new ObjectStoreException(catalog.replica().url() + " is a Litestream 0.3 replica, with "
                    + "generations instead of LTX files: `litescope generations URL` lists them");
        }
        PrintWriter err = parent.spec.commandLine().getErr();
        for (HealthWarning w : new LtxHistory(files, HealthWarning.Settings.defaults()).warnings()) {
            err.println("warning: " + w.message());
        }
    }

    private Integer parseLevel() {
        if (level.equals("all")) {
            return null;
        }
        try {
            int l = Integer.parseInt(level);
            if (l >= 0 && l <= LtxNames.MAX_LEVEL) {
                return l;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(parent.spec.commandLine(), "invalid level \"" + level + "\": give 0 to "
                + LtxNames.MAX_LEVEL + ", or all");
    }
}
