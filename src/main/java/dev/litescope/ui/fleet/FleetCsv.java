package dev.litescope.ui.fleet;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultWriter;
import dev.litescope.util.GoTime;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet table as CSV, through the SQL console's CSV writer (its quoting): a row per replica in the order
 * given, sizes in bytes, lag in seconds, the newest object in RFC 3339, the cost in dollars a month, and the last
 * bulk run's result with its message when there was one.
 */
final class FleetCsv {
    static final List<String> COLUMNS = List.of("path", "format", "generations", "stored_bytes", "objects",
            "newest", "lag_seconds", "cost_usd_month", "health", "result", "message");

    private FleetCsv() {
    }

    static void write(Path file, List<FleetReplica> rows, Map<String, BulkRun.Result> results) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ResultWriter csv = ResultWriter.of(ResultWriter.Format.CSV, out, true);
            csv.begin(COLUMNS.stream().map(c -> new ResultColumn(c, "")).toList());
            for (FleetReplica r : rows) {
                csv.row(row(r, results.get(r.path())));
            }
            csv.end();
        }
    }

    private static List<Cell> row(FleetReplica r, BulkRun.Result result) {
        List<Cell> cells = new ArrayList<>(COLUMNS.size());
        cells.add(new Cell.Text(r.path()));
        cells.add(new Cell.Text(r.format().label()));
        cells.add(new Cell.Integer(r.generations()));
        cells.add(new Cell.Integer(r.bytes()));
        cells.add(new Cell.Integer(r.objects()));
        cells.add(r.newest().<Cell>map(n -> new Cell.Text(GoTime.rfc3339Seconds(n))).orElse(new Cell.Null()));
        cells.add(r.lag().<Cell>map(l -> new Cell.Integer(l.toSeconds())).orElse(new Cell.Null()));
        String cost = String.format(Locale.ROOT, "%.6f", r.cost());
        cells.add(new Cell.Real(r.cost(), cost));
        cells.add(new Cell.Text(r.healthLabel()));
        cells.add(result == null ? new Cell.Null() : new Cell.Text(result.outcome().label()));
        cells.add(result == null ? new Cell.Null() : new Cell.Text(result.message()));
        return cells;
    }
}
