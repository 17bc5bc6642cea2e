package dev.litescope.sql;

import java.util.List;
import java.util.Optional;

/**
 * What a database's main schema holds, for the console's schema tree and completion: tables, views, indexes and
 * triggers, each with the {@code CREATE} statement SQLite keeps for it, and the SQL functions the connection knows.
 * SQLite's own {@code sqlite_*} objects are left out. Everything is in name order. Row counts are not here: they
 * read whole tables, so {@link SqlDatabase#rowCount} gives them on demand.
 */
public record Schema(List<Table> tables, List<View> views, List<Index> indexes, List<Trigger> triggers,
                     List<String> functionNames) {
    public Schema {
        tables = List.copyOf(tables);
        views = List.copyOf(views);
        indexes = List.copyOf(indexes);
        triggers = List.copyOf(triggers);
        functionNames = List.copyOf(functionNames);
    }

    /** The table named {@code name}, matched as SQLite matches names (ASCII case ignored). */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * @param sql the {@code CREATE TABLE} statement as written
     * @param withoutRowid a {@code WITHOUT ROWID} table
     * @param virtual a virtual table ({@code CREATE VIRTUAL TABLE}, such as FTS5)
     */
    public record Table(String name, String sql, boolean withoutRowid, boolean virtual, List<Column> columns,
                        List<ForeignKey> foreignKeys) {
        public Table {
            columns = List.copyOf(columns);
            foreignKeys = List.copyOf(foreignKeys);
        }
    }

    /**
     * @param declaredType as declared, "" for none
     * @param primaryKeyPosition 1-based place in the primary key, 0 when not part of it
     * @param defaultValue the DEFAULT expression as written, when there is one
     * @param generated a generated column ({@code GENERATED ALWAYS AS})
     */
    public record Column(String name, String declaredType, int primaryKeyPosition, boolean notNull,
                         Optional<String> defaultValue, boolean generated) {
    }

    /**
     * One foreign key: {@code from} columns of this table referring to {@code to} columns of {@code table} (empty
     * when it refers to that table's primary key).
     */
    public record ForeignKey(String table, List<String> from, List<String> to, String onUpdate, String onDelete) {
        public ForeignKey {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }
    }

    public record View(String name, String sql, List<Column> columns) {
        public View {
            columns = List.copyOf(columns);
        }
    }

    /**
     * @param sql the {@code CREATE INDEX} statement, empty for an index SQLite made for a UNIQUE or PRIMARY KEY
     * @param columns the indexed columns, an expression shown as "&lt;expression&gt;"
     */
    public record Index(String name, String table, Optional<String> sql, boolean unique, List<String> columns) {
        public Index {
            columns = List.copyOf(columns);
        }
    }

    public record Trigger(String name, String table, String sql) {
    }
}
