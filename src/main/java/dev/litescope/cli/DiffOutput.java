package dev.litescope.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultWriter;
import dev.litescope.sql.diff.RowChange;
import dev.litescope.sql.diff.SchemaChange;
import dev.litescope.sql.diff.TableComparison;
import dev.litescope.sql.diff.TableCount;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What {@code litescope diff} prints, written as it comes: the rows of a table are never held. */
abstract sealed class DiffOutput permits DiffOutput.Text, DiffOutput.Json {
    final PrintWriter out;
    TableComparison table;

    DiffOutput(PrintWriter out) {
        this.out = out;
    }

    abstract void schema(List<SchemaChange> changes) throws IOException;

    abstract void tables(List<TableCount> counts) throws IOException;

    void beginRows(TableComparison t) throws IOException {
        this.table = t;
    }

    abstract void rows(List<RowChange> page) throws IOException;

    abstract void end() throws IOException;

    /** Aligned text: schema changes with both statements, a table of counts, then the rows as a table. */
    static final class Text extends DiffOutput {
        private TableOutput rows;
        private List<String> columns;

        Text(PrintWriter out) {
            super(out);
        }

        @Override
        void schema(List<SchemaChange> changes) {
            if (changes.isEmpty()) {
                out.println("schema: the same");
            }
            for (SchemaChange c : changes) {
                out.println(c.type() + " " + c.name() + ": " + c.change());
                c.before().ifPresent(sql -> out.println("  - " + sql.replace("\n", "\n    ")));
                c.after().ifPresent(sql -> out.println("  + " + sql.replace("\n", "\n    ")));
                List<String> parts = new ArrayList<>();
                if (!c.columnsAdded().isEmpty()) {
                    parts.add("added " + String.join(", ", c.columnsAdded()));
                }
                if (!c.columnsRemoved().isEmpty()) {
                    parts.add("removed " + String.join(", ", c.columnsRemoved()));
                }
                if (!c.columnsChanged().isEmpty()) {
                    parts.add("changed " + String.join(", ", c.columnsChanged()));
                }
                if (!parts.isEmpty()) {
                    out.println("  columns: " + String.join("; ", parts));
                }
            }
            out.println();
        }

        @Override
        void tables(List<TableCount> counts) {
            TableOutput t = new TableOutput(out, List.of(new ResultColumn("table", ""),
                    new ResultColumn("rows_before", ""), new ResultColumn("rows_after", ""),
                    new ResultColumn("added", ""), new ResultColumn("removed", ""), new ResultColumn("changed", "")));
            for (TableCount c : counts) {
                t.row(List.of(new Cell.Text(c.name()), cell(c.rowsBefore()), cell(c.rowsAfter()), cell(c.added()),
                        cell(c.removed()), cell(c.changed())));
            }
            t.end();
        }

        private static Cell cell(OptionalLong n) {
            return n.isPresent() ? new Cell.Integer(n.getAsLong()) : Cell.NULL;
        }

        @Override
        void beginRows(TableComparison t) throws IOException {
            super.beginRows(t);
            columns = new ArrayList<>();
            List<ResultColumn> header = new ArrayList<>(List.of(new ResultColumn("op", "")));
            if (t.rowidKey()) {
                header.add(new ResultColumn(t.keyColumns().get(0), ""));
            }
            columns.addAll(t.beforeColumns());
            for (String c : t.afterColumns()) {
                if (columns.stream().noneMatch(c::equalsIgnoreCase)) {
                    columns.add(c);
                }
            }
            columns.forEach(c -> header.add(new ResultColumn(c, "")));
            out.println();
            out.println("rows of " + t.name() + " by " + String.join(", ", t.keyColumns())
                    + " (a changed cell shows before → after):");
            rows = new TableOutput(out, header);
        }

        @Override
        void rows(List<RowChange> page) {
            for (RowChange r : page) {
                List<Cell> line = new ArrayList<>(List.of(new Cell.Text(r.op().toString())));
                if (table.rowidKey()) {
                    line.add(r.key().get(0));
                }
                for (String c : columns) {
                    Optional<Cell> b = value(r.before(), table.beforeColumns(), c);
                    Optional<Cell> a = value(r.after(), table.afterColumns(), c);
                    int common = indexOf(table.commonColumns(), c);
                    if (r.op() == RowChange.Op.CHANGED && common >= 0 && r.changed().get(common)) {
                        line.add(new Cell.Text(TableOutput.shown(b.orElseThrow()) + " → "
                                + TableOutput.shown(a.orElseThrow())));
                    } else {
                        line.add(a.or(() -> b).orElse(new Cell.Text("")));
                    }
                }
                rows.row(line);
            }
        }

        private static Optional<Cell> value(List<Cell> row, List<String> names, String column) {
            int i = indexOf(names, column);
            return row.isEmpty() || i < 0 ? Optional.empty() : Optional.of(row.get(i));
        }

        private static int indexOf(List<String> names, String name) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        void end() {
            if (rows != null) {
                rows.end();
            }
            out.flush();
        }
    }

    /** One JSON object, each schema change, table and row on a line of its own; values as {@code query} gives them. */
    static final class Json extends DiffOutput {
        private static final JsonFactory JSON = JsonFactory.builder().build();
        private final JsonGenerator json;
        private long rowCount;

        Json(PrintWriter out) throws IOException {
            super(out);
            json = JSON.createGenerator(out);
            json.setRootValueSeparator(null);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }

        @Override
        void schema(List<SchemaChange> changes) throws IOException {
            json.writeRaw("{\"schema\": [");
            for (int i = 0; i < changes.size(); i++) {
                SchemaChange c = changes.get(i);
                json.writeRaw(i == 0 ? "\n" : ",\n");
                json.writeStartObject();
                json.writeStringField("type", c.type());
                json.writeStringField("name", c.name());
                json.writeStringField("change", c.change().toString());
                json.writeStringField("before", c.before().orElse(null));
                json.writeStringField("after", c.after().orElse(null));
                strings("columns_added", c.columnsAdded());
                strings("columns_removed", c.columnsRemoved());
                strings("columns_changed", c.columnsChanged());
                json.writeEndObject();
            }
            json.writeRaw(changes.isEmpty() ? "]" : "\n]");
        }

        private void strings(String field, List<String> values) throws IOException {
            json.writeArrayFieldStart(field);
            for (String v : values) {
                json.writeString(v);
            }
            json.writeEndArray();
        }

        @Override
        void tables(List<TableCount> counts) throws IOException {
            json.writeRaw(",\n\"tables\": [");
            for (int i = 0; i < counts.size(); i++) {
                TableCount c = counts.get(i);
                json.writeRaw(i == 0 ? "\n" : ",\n");
                json.writeStartObject();
                json.writeStringField("name", c.name());
                number("rows_before", c.rowsBefore());
                number("rows_after", c.rowsAfter());
                number("added", c.added());
                number("removed", c.removed());
                number("changed", c.changed());
                json.writeEndObject();
            }
            json.writeRaw(counts.isEmpty() ? "]" : "\n]");
        }

        private void number(String field, OptionalLong n) throws IOException {
            json.writeFieldName(field);
            if (n.isPresent()) {
                json.writeNumber(n.getAsLong());
            } else {
                json.writeNull();
            }
        }

        @Override
        void beginRows(TableComparison t) throws IOException {
            super.beginRows(t);
            json.writeRaw(",\n\"rows\": [");
        }

        @Override
        void rows(List<RowChange> page) throws IOException {
            for (RowChange r : page) {
                json.writeRaw(rowCount++ == 0 ? "\n" : ",\n");
                json.writeStartObject();
                json.writeStringField("op", r.op().toString());
                json.writeFieldName("key");
                object(table.keyColumns(), r.key());
                json.writeFieldName("before");
                object(table.beforeColumns(), r.before());
                json.writeFieldName("after");
                object(table.afterColumns(), r.after());
                json.writeEndObject();
            }
        }

        /** The row as an object keyed by column, or null for the side the row is not on. */
        private void object(List<String> names, List<Cell> cells) throws IOException {
            if (cells.isEmpty()) {
                json.writeNull();
                return;
            }
            json.writeStartObject();
            for (int i = 0; i < names.size(); i++) {
                json.writeFieldName(names.get(i));
                ResultWriter.jsonValue(json, cells.get(i));
            }
            json.writeEndObject();
        }

        @Override
        void end() throws IOException {
            if (table != null) {
                json.writeRaw(rowCount == 0 ? "]" : "\n]");
            }
            json.writeRaw("}\n");
            json.flush();
        }
    }
}
