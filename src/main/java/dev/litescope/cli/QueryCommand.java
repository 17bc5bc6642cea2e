package dev.litescope.cli;

import dev.litescope.sql.Cell;
import dev.litescope.sql.Outcome;
import dev.litescope.sql.ResultCursor;
import dev.litescope.sql.ResultWriter;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlFailure;
import dev.litescope.sql.SqlScript;
import dev.litescope.util.GoTime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "query", description = {
        "Run SQL on a SQLite file, opened read-only, or on a replica at a moment (restored into the cache first, "
                + "reused after).",
        "Several statements run in order; each result is printed in turn."})
final class QueryCommand implements Callable<Integer> {
    /** Rows read from the cursor at a time. */
    private static final int PAGE = 1000;

    enum Format {
        table, csv, tsv, json, jsonl
    }

    @ParentCommand
    LitescopeCommand parent;

    @Option(names = {"-format", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned, for a terminal), csv, tsv, json or jsonl (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-header", "--header"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Name the columns in a first line of csv and tsv (the default; --no-header leaves it out).")
    boolean header;

    @Option(names = {"-timeout", "--timeout"}, paramLabel = "DURATION",
            description = "Stop the query after this long, e.g. 30s or 2m, and fail.")
    String timeout;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(index = "0", paramLabel = "TARGET",
            description = DatabaseTarget.HELP)
    String target;

    @Parameters(index = "1", paramLabel = "SQL", description = "The statements to run.")
    String sql;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        Optional<Duration> limit = Optional.empty();
        if (timeout != null) {
            try {
                limit = Optional.of(GoTime.parseDuration(timeout));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(parent.spec.commandLine(), "--timeout: " + e.getMessage());
            }
        }
        List<SqlScript.Part> statements = SqlScript.split(sql);
        if (statements.isEmpty()) {
            throw new ParameterException(parent.spec.commandLine(), "no SQL statement in \"" + sql + "\"");
        }
        Path file = DatabaseTarget.resolve(target, parent.env, err);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "litescope-query-timeout");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean timedOut = new AtomicBoolean();
        try (SqlDatabase db = SqlDatabase.open(file, SqlDatabase.Access.READ_ONLY)) {
            limit.ifPresent(d -> timer.schedule(() -> {
                timedOut.set(true);
                db.interrupt();
            }, d.toNanos(), TimeUnit.NANOSECONDS));
            boolean first = true;
            for (SqlScript.Part statement : statements) {
                if (!first && format == Format.table) {
                    out.println();
                }
                first = false;
                try {
                    run(db, statement.sql(), out, err);
                } catch (SqlFailure f) {
                    out.flush();
                    if (f.kind() == SqlFailure.Kind.INTERRUPTED && timedOut.get()) {
                        throw new CommandFailure("query stopped after " + timeout + " (--timeout): " + statement.sql());
                    }
                    throw new CommandFailure(f.getMessage() + where(statement.sql(), f));
                }
            }
        } finally {
            timer.shutdownNow();
        }
        out.flush();
        return 0;
    }

    private void run(SqlDatabase db, String statement, PrintWriter out, PrintWriter err) throws Exception {
        Outcome outcome = db.execute(statement);
        if (outcome instanceof Outcome.Changed c) {
            err.println(c.changes() + (c.changes() == 1 ? " row" : " rows") + " changed");
            return;
        }
        try (ResultCursor cursor = ((Outcome.Rows) outcome).cursor()) {
            if (format == Format.table) {
                TableOutput table = new TableOutput(out, cursor.columns());
                while (!cursor.exhausted()) {
                    for (List<Cell> row : cursor.fetch(PAGE)) {
                        table.row(row);
                    }
                }
                table.end();
            } else {
                ResultWriter.Format f = ResultWriter.Format.valueOf(format.name().toUpperCase(Locale.ROOT));
                ResultWriter writer = ResultWriter.of(f, out, header);
                writer.begin(cursor.columns());
                while (!cursor.exhausted()) {
                    for (List<Cell> row : cursor.fetch(PAGE)) {
                        writer.row(row);
                    }
                }
                writer.end();
            }
        }
    }

    private static String where(String statement, SqlFailure f) {
        if (f.offset().isEmpty()) {
            return "\n  in: " + statement;
        }
        int at = Math.min(f.offset().getAsInt(), statement.length());
        int lineStart = statement.lastIndexOf('\n', at - 1) + 1;
        int lineEnd = statement.indexOf('\n', at);
        String line = statement.substring(lineStart, lineEnd < 0 ? statement.length() : lineEnd);
        return "\n  " + line + "\n  " + " ".repeat(at - lineStart) + "^";
    }
}
