package dev.litescope.sql.diff;

import dev.litescope.sql.Schema;
import dev.litescope.sql.Schema.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One schema object (table, view, index, trigger) that differs between the two databases, with its {@code CREATE}
 * statement on each side (empty on the side that lacks it). For a changed table, the columns that were added,
 * removed or changed (declared type, primary-key place, NOT NULL, default, generated) by name.
 */
public record SchemaChange(String type, String name, Change change, Optional<String> before, Optional<String> after,
                           List<String> columnsAdded, List<String> columnsRemoved, List<String> columnsChanged) {
    public enum Change {
        ADDED, REMOVED, CHANGED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SchemaChange {
        columnsAdded = List.copyOf(columnsAdded);
        columnsRemoved = List.copyOf(columnsRemoved);
        columnsChanged = List.copyOf(columnsChanged);
    }

    /**
     * What differs between {@code before} and {@code after}, by type (table, view, index, trigger) then name. Objects
     * are matched by name as SQLite matches names (ASCII case ignored) and differ when their {@code CREATE}
     * statements do; the indexes SQLite makes itself for UNIQUE and PRIMARY KEY belong to their table's statement.
     */
    public static List<SchemaChange> between(Schema before, Schema after) {
        List<SchemaChange> changes = new ArrayList<>();
        compare("table", sqlByName(before.tables(), Schema.Table::name, Schema.Table::sql),
                sqlByName(after.tables(), Schema.Table::name, Schema.Table::sql), before, after, changes);
        compare("view", sqlByName(before.views(), Schema.View::name, Schema.View::sql),
                sqlByName(after.views(), Schema.View::name, Schema.View::sql), before, after, changes);
        compare("index", sqlByName(before.indexes(), Schema.Index::name, i -> i.sql().orElse(null)),
                sqlByName(after.indexes(), Schema.Index::name, i -> i.sql().orElse(null)), before, after, changes);
        compare("trigger", sqlByName(before.triggers(), Schema.Trigger::name, Schema.Trigger::sql),
                sqlByName(after.triggers(), Schema.Trigger::name, Schema.Trigger::sql), before, after, changes);
        return changes;
    }

    private interface Part<T> {
        String of(T t);
    }

    private static <T> Map<String, String[]> sqlByName(List<T> objects, Part<T> name, Part<T> sql) {
        Map<String, String[]> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (T o : objects) {
            if (sql.of(o) != null) {
                byName.put(name.of(o), new String[] {name.of(o), sql.of(o)});
            }
        }
        return byName;
    }

    private static void compare(String type, Map<String, String[]> before, Map<String, String[]> after,
                                Schema schemaBefore, Schema schemaAfter, List<SchemaChange> changes) {
        Map<String, Boolean> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        before.keySet().forEach(n -> names.put(n, true));
        after.keySet().forEach(n -> names.put(n, true));
        for (String n : names.keySet()) {
            String[] b = before.get(n);
            String[] a = after.get(n);
            if (b != null && a != null && b[1].equals(a[1])) {
                continue;
            }
            Change change = b == null ? Change.ADDED : a == null ? Change.REMOVED : Change.CHANGED;
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            if (type.equals("table") && change == Change.CHANGED) {
                columns(schemaBefore.table(n).orElseThrow().columns(), schemaAfter.table(n).orElseThrow().columns(),
                        added, removed, changed);
            }
            changes.add(new SchemaChange(type, a != null ? a[0] : b[0], change,
                    Optional.ofNullable(b == null ? null : b[1]), Optional.ofNullable(a == null ? null : a[1]),
                    added, removed, changed));
        }
    }

    private static void columns(List<Column> before, List<Column> after, List<String> added, List<String> removed,
                                List<String> changed) {
        Map<String, Column> b = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        before.forEach(c -> b.put(c.name(), c));
        Map<String, Column> a = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        after.forEach(c -> a.put(c.name(), c));
        for (Column c : after) {
            Column old = b.get(c.name());
            if (old == null) {
                added.add(c.name());
            } else if (!old.declaredType().equals(c.declaredType())
                    || old.primaryKeyPosition() != c.primaryKeyPosition() || old.notNull() != c.notNull()
                    || !old.defaultValue().equals(c.defaultValue()) || old.generated() != c.generated()) {
                changed.add(c.name());
            }
        }
        before.stream().filter(c -> !a.containsKey(c.name())).map(Column::name).forEach(removed::add);
    }
}
