package dev.litescope.sql.history;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.Schema;
import dev.litescope.sql.diff.TableComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which row of which table a row of a query's result is, when the result can say: every column taken from a table
 * comes from one table of the database's main schema (as SQLite reports each column's source, through views and
 * subqueries), and among them are all of that table's key columns, the key {@link TableComparison} matches rows by
 * (the declared primary key, else the rowid). A column counts as a key column when it has that column's name and,
 * for a declared key, its declared type: an alias that gives another column a key column's name and type is not
 * told apart.
 */
public final class RowKey {
    /** What a result says about its rows. */
    public sealed interface Answer {
    }

    /**
     * The result's rows are rows of {@code table}; the key's cells are at {@code positions} of a result row.
     */
    public record Found(String table, List<String> keyColumns, List<Integer> positions) implements Answer {
        public Found {
            keyColumns = List.copyOf(keyColumns);
            positions = List.copyOf(positions);
        }

        /** The key of the row {@code row} of the result, by key column, for {@link RowHistory}. */
        public Map<String, Cell> keyOf(List<Cell> row) {
            Map<String, Cell> key = new LinkedHashMap<>();
            for (int i = 0; i < keyColumns.size(); i++) {
                key.put(keyColumns.get(i), row.get(positions.get(i)));
            }
            return key;
        }
    }

    /** The rows cannot be followed; {@code why} says why and what to do, for a tooltip. */
    public record NotFound(String why) implements Answer {
    }

    private RowKey() {
    }

    /** What {@code columns} (a result's) say about its rows, in the database whose schema is {@code schema}. */
    public static Answer of(List<ResultColumn> columns, Schema schema) {
        List<String> tables = new ArrayList<>();
        for (ResultColumn c : columns) {
            if (!c.table().isEmpty() && tables.stream().noneMatch(t -> t.equalsIgnoreCase(c.table()))) {
                tables.add(c.table());
            }
        }
        if (tables.isEmpty()) {
            return new NotFound("The result's columns are expressions, taken from no table: select a table's "
                    + "columns, its key among them, to see a row's history");
        }
        if (tables.size() > 1) {
            return new NotFound("The result has columns of " + String.join(" and ", tables) + ": a history follows "
                    + "a row of one table, so select from one table, its key among the columns");
        }
        String name = tables.get(0);
        Optional<Schema.Table> found = schema.table(name);
        if (found.isEmpty()) {
            return new NotFound("The result's rows come from " + name + ", which is not a table of this database's "
                    + "main schema");
        }
        Schema.Table table = found.get();
        if (table.virtual()) {
            return new NotFound(table.name() + " is a virtual table, which has no key to follow a row by");
        }
        TableComparison c = TableComparison.of(table);
        List<Integer> positions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String k : c.keyColumns()) {
            int at = position(columns, table, k, c.rowidKey());
            if (at < 0) {
                missing.add(k);
            } else {
                positions.add(at);
            }
        }
        if (!missing.isEmpty()) {
            if (c.rowidKey()) {
                String rowid = c.keyColumns().get(0);
                return new NotFound("Table " + table.name() + " has no primary key, so its rows are known by their "
                        + rowid + ", which the result lacks: select it too (SELECT " + rowid + ", * FROM "
                        + table.name() + ")");
            }
            return new NotFound("The result lacks " + String.join(", ", missing) + " of " + table.name() + "'s key ("
                    + String.join(", ", c.keyColumns()) + "): add " + (missing.size() == 1 ? "it" : "them")
                    + " to the query's columns");
        }
        return new Found(table.name(), c.keyColumns(), positions);
    }

    private static int position(List<ResultColumn> columns, Schema.Table table, String key, boolean rowid) {
        String type = rowid ? "" : table.columns().stream().filter(col -> col.name().equalsIgnoreCase(key))
                .map(Schema.Column::declaredType).findFirst().orElse("");
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn r = columns.get(i);
            if (r.table().equalsIgnoreCase(table.name()) && r.name().equalsIgnoreCase(key)
                    && (rowid || r.declaredType().toLowerCase(Locale.ROOT).equals(type.toLowerCase(Locale.ROOT)))) {
                return i;
            }
        }
        return -1;
    }
}
