package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Rows copied from the grid, as text another program takes: tab-separated (what spreadsheets paste) and CSV as
 * an export writes them, a Markdown table, or SQL INSERT statements that give the same values back.
 */
enum CopyFormat {
    TSV("tab-separated text"),
    CSV("CSV"),
    MARKDOWN("a Markdown table"),
    INSERT("SQL INSERT statements");

    private final String label;

    CopyFormat(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The rows with a header line (the column names), except for INSERT, which names them in each statement. */
    String write(List<ResultColumn> columns, List<List<Cell>> rows) {
        StringBuilder out = new StringBuilder();
        switch (this) {
            case TSV, CSV -> {
                // The engine's writers: the same bytes as an export of the same rows.
                StringWriter text = new StringWriter();
                try {
                    ResultWriter w = ResultWriter.of(this == TSV ? ResultWriter.Format.TSV : ResultWriter.Format.CSV,
                            text, true);
                    w.begin(columns);
                    for (List<Cell> r : rows) {
                        w.row(r);
                    }
                    w.end();
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // a StringWriter does not fail
                }
                out.append(text);
            }
            case MARKDOWN -> {
                out.append(markdownRow(columns.stream().map(ResultColumn::name).toList()));
                out.append("|").append(" --- |".repeat(columns.size())).append('\n');
                rows.forEach(r -> out.append(markdownRow(r.stream().map(CopyFormat::plain).toList())));
            }
            case INSERT -> {
                String names = String.join(", ", columns.stream().map(c -> quoteName(c.name())).toList());
                rows.forEach(r -> out.append("INSERT INTO \"table\" (").append(names).append(") VALUES (")
                        .append(String.join(", ", r.stream().map(Cell::sqlLiteral).toList())).append(");\n"));
            }
            default -> throw new IllegalStateException(name());
        }
        return out.toString();
    }

    /** A value as text: SQLite's own conversion for numbers, text as it is, a BLOB in lowercase hex. */
    static String plain(Cell c) {
        if (c instanceof Cell.Blob b) {
            return b.hex();
        }
        return c instanceof Cell.Text t ? t.value() : c.toString();
    }

    private static String markdownRow(List<String> cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")).append(" |");
        }
        return b.append('\n').toString();
    }

    static String quoteName(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
