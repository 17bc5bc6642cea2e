package dev.litescope.ui.console;

import dev.litescope.sql.Schema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names the editor offers to complete, from the schema of the database it queries; SQL keywords come from
 * the lexer and are not listed here.
 *
 * @param columnsByTable the columns of each table and view, by its name as the schema spells it
 */
public record Completions(List<String> tables, Map<String, List<String>> columnsByTable, List<String> views,
                          List<String> functions) {
    /** No names: only keywords are offered. */
    public static final Completions NONE = new Completions(List.of(), Map.of(), List.of(), List.of());

    public Completions {
        tables = List.copyOf(tables);
        views = List.copyOf(views);
        functions = List.copyOf(functions);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        columnsByTable.forEach((table, columns) -> copy.put(table, List.copyOf(columns)));
        columnsByTable = Collections.unmodifiableMap(copy);
    }

    /** The names in {@code schema}: its tables and views with their columns, and the connection's functions. */
    public static Completions of(Schema schema) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        schema.tables().forEach(t -> columns.put(t.name(), t.columns().stream().map(Schema.Column::name).toList()));
        schema.views().forEach(v -> columns.put(v.name(), v.columns().stream().map(Schema.Column::name).toList()));
        return new Completions(schema.tables().stream().map(Schema.Table::name).toList(), columns,
                schema.views().stream().map(Schema.View::name).toList(), schema.functionNames());
    }

    /** The columns of the table or view named {@code name}, matched as SQLite matches names (ASCII case ignored). */
    public List<String> columnsOf(String name) {
        List<String> exact = columnsByTable.get(name);
        if (exact != null) {
            return exact;
        }
        return columnsByTable.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(Map.Entry::getValue).orElse(List.of());
    }

    /** Whether {@code name} is one of the tables or views (ASCII case ignored). */
    public boolean hasRelation(String name) {
        return tables.stream().anyMatch(name::equalsIgnoreCase) || views.stream().anyMatch(name::equalsIgnoreCase)
                || columnsByTable.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }
}
