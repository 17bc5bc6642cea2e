package dev.litescope.cli;

import dev.litescope.sql.diff.DatabaseDiff;
import dev.litescope.sql.diff.DiffException;
import dev.litescope.sql.diff.RowChanges;
import dev.litescope.sql.diff.SchemaChange;
import dev.litescope.sql.diff.TableComparison;
import dev.litescope.sql.diff.TableCount;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff", exitCodeOnExecutionException = DiffCommand.TROUBLE, description = {
        "Compare two SQLite databases, each a file or a replica moment (restored into the cache first, reused "
                + "after): schema changes, and each table's rows before and after with how many were added, "
                + "removed and changed; with --table, that table's differing rows in key order (primary key, or "
                + "rowid for a table without one). Both are opened read-only."},
        exitCodeListHeading = "%nExit status, as diff(1):%n", exitCodeList = {"0:the same",
                "1:they differ", "2:trouble: a missing file, a file that is not SQLite, a table in neither"})
final class DiffCommand implements Callable<Integer> {
    static final int DIFFERENT = 1;
    static final int TROUBLE = 2;
    /** Rows read at a time. */
    private static final int PAGE = 1000;

    enum Format {
        table, json
    }

    @ParentCommand
    LitescopeCommand parent;

    @Option(names = {"-table", "--table"}, paramLabel = "TABLE",
            description = "Also list this table's added, removed and changed rows.")
    String table;

    @Option(names = {"-format", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for a terminal) or json: {\"schema\": [...], \"tables\": [{\"name\", "
                    + "\"rows_before\", \"rows_after\", \"added\", \"removed\", \"changed\"}], \"rows\": "
                    + "[{\"op\", \"key\", \"before\", \"after\"}]} (rows only with --table; default: "
                    + "${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "A", description = "The first (before) database. " + DatabaseTarget.HELP)
    String first;

    @Parameters(index = "1", paramLabel = "B", description = "The second (after) database, the same way.")
    String second;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        Path a = DatabaseTarget.resolve(first, parent.env, err);
        Path b = DatabaseTarget.resolve(second, parent.env, err);
        try (DatabaseDiff diff = DatabaseDiff.open(a, b)) {
            TableComparison chosen = table == null ? null : diff.table(table);
            List<SchemaChange> schema = diff.schemaChanges();
            List<TableCount> counts = new ArrayList<>();
            for (TableComparison t : diff.tables()) {
                counts.add(diff.count(t));
            }
            DiffOutput output = format == Format.json ? new DiffOutput.Json(out) : new DiffOutput.Text(out);
            output.schema(schema);
            output.tables(counts);
            if (chosen != null) {
                try (RowChanges rows = diff.rows(chosen)) {
                    output.beginRows(chosen);
                    while (!rows.exhausted()) {
                        output.rows(rows.next(PAGE));
                    }
                }
            }
            output.end();
            boolean same = schema.isEmpty() && counts.stream().allMatch(TableCount::same);
            return same ? 0 : DIFFERENT;
        } catch (DiffException e) {
            out.flush();
            throw new CommandFailure(e.getMessage());
        }
    }
}
