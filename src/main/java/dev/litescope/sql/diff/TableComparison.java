package dev.litescope.sql.diff;

import static dev.litescope.sql.ReadOnlyDatabase.quote;

import dev.litescope.sql.Schema.Column;
import dev.litescope.sql.Schema.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How one table's rows are matched and compared, and the SQL that does it, so that SQLite does the work: rows are
 * matched on the key with {@code IS} (so by the key columns' own collation, and NULL keys a rowid table allows still
 * match), and a cell of the columns both sides have differs when {@code IS NOT} under BINARY says so or its
 * {@code typeof} differs, so {@code 1}, {@code 1.0} and {@code '1'} all differ and so do {@code 'a'} and {@code 'A'}
 * in a NOCASE column. The key is the declared primary key (WITHOUT ROWID tables always have one), else the rowid;
 * when the two sides declare different keys, rowid tables are matched on the rowid, and WITHOUT ROWID ones cannot
 * be matched at all ({@link #comparable()} is false).
 *
 * <p>The rows come from one {@code UNION ALL} of three arms (removed: in the first only; added: in the second only;
 * changed: in both, differing) ordered by the key: SQLite orders each arm by the key's index and merges them, so
 * the result streams in key order without sorting or holding either table.
 */
public final class TableComparison {
    static final String BEFORE = "main";
    static final String AFTER = "litescope_after";

    private final String name;
    private final Optional<Table> before;
    private final Optional<Table> after;
    private final List<String> keyColumns;
    private final boolean rowidKey;
    private final List<String> common;
    private final String unmatchable;

    /** The comparison of one table as it is on both sides: what matches one row of it over time. */
    public static TableComparison of(Table table) {
        return new TableComparison(table.name(), Optional.of(table), Optional.of(table));
    }

    TableComparison(String name, Optional<Table> before, Optional<Table> after) {
        this.name = name;
        this.before = before;
        this.after = after;
        List<String> keyBefore = before.map(TableComparison::declaredKey).orElse(null);
        List<String> keyAfter = after.map(TableComparison::declaredKey).orElse(null);
        List<String> key = keyBefore != null ? keyBefore : keyAfter;
        String problem = null;
        if (keyBefore != null && keyAfter != null && !lower(keyBefore).equals(lower(keyAfter))) {
            key = List.of();
            if (before.get().withoutRowid() || after.get().withoutRowid()) {
                problem = "table " + name + " has primary key (" + String.join(", ", keyBefore) + ") in the first "
                        + "database and (" + String.join(", ", keyAfter) + ") in the second, and is WITHOUT ROWID, "
                        + "so its rows cannot be matched; compare it with a query instead";
            }
        }
        this.rowidKey = key.isEmpty();
        this.keyColumns = rowidKey ? List.of(rowidName()) : key;
        this.unmatchable = problem;
        List<String> both = new ArrayList<>();
        if (before.isPresent() && after.isPresent()) {
            for (Column c : before.get().columns()) {
                if (after.get().columns().stream().anyMatch(o -> o.name().equalsIgnoreCase(c.name()))) {
                    both.add(c.name());
                }
            }
        }
        this.common = List.copyOf(both);
    }

    public String name() {
        return name;
    }

    /** The key's column names, or the one name the rowid goes by ({@code rowid}, unless a column is so named). */
    public List<String> keyColumns() {
        return keyColumns;
    }

    /** True when rows are matched on the rowid. */
    public boolean rowidKey() {
        return rowidKey;
    }

    public List<String> beforeColumns() {
        return before.map(TableComparison::names).orElse(List.of());
    }

    public List<String> afterColumns() {
        return after.map(TableComparison::names).orElse(List.of());
    }

    /** The columns on both sides (in the first's order): the ones compared. */
    public List<String> commonColumns() {
        return common;
    }

    public boolean inBefore() {
        return before.isPresent();
    }

    public boolean inAfter() {
        return after.isPresent();
    }

    /** False when the rows cannot be matched; {@link #whyNot()} says why. */
    public boolean comparable() {
        return unmatchable == null;
    }

    public Optional<String> whyNot() {
        return Optional.ofNullable(unmatchable);
    }

    /** The rows in the first database only (all its rows when the second lacks the table), as {@link #rowsSql}. */
    String removedSql() {
        String from = " FROM " + BEFORE + "." + quote(name) + " AS a";
        String select = "SELECT 'removed'" + keys("a") + nulls(common.size()) + cells("a", beforeColumns())
                + nulls(afterColumns().size());
        return after.isEmpty() ? select + from
                : select + from + " WHERE NOT EXISTS (SELECT 1 FROM " + AFTER + "." + quote(name) + " AS b WHERE "
                        + match() + ")";
    }

    /** The rows in the second database only. */
    String addedSql() {
        String from = " FROM " + AFTER + "." + quote(name) + " AS b";
        String select = "SELECT 'added'" + keys("b") + nulls(common.size()) + nulls(beforeColumns().size())
                + cells("b", afterColumns());
        return before.isEmpty() ? select + from
                : select + from + " WHERE NOT EXISTS (SELECT 1 FROM " + BEFORE + "." + quote(name) + " AS a WHERE "
                        + match() + ")";
    }

    /** The rows on both sides whose common columns differ. */
    String changedSql() {
        List<String> differs = common.stream().map(c -> "(a." + quote(c) + " IS NOT b." + quote(c)
                + " COLLATE BINARY OR typeof(a." + quote(c) + ") IS NOT typeof(b." + quote(c) + "))").toList();
        return "SELECT 'changed'" + keys("a") + differs.stream().map(d -> ", " + d).collect(Collectors.joining())
                + cells("a", beforeColumns()) + cells("b", afterColumns()) + " FROM " + BEFORE + "." + quote(name)
                + " AS a JOIN " + AFTER + "." + quote(name) + " AS b ON " + match() + " WHERE "
                + (differs.isEmpty() ? "0" : String.join(" OR ", differs));
    }

    /**
     * Every differing row in key order, each as: op, the key's values, a 0/1 per common column (NULL unless
     * changed), the first side's cells, the second side's cells.
     */
    String rowsSql() {
        List<String> arms = new ArrayList<>();
        if (before.isPresent()) {
            arms.add(removedSql());
        }
        if (after.isPresent()) {
            arms.add(addedSql());
        }
        if (before.isPresent() && after.isPresent()) {
            arms.add(changedSql());
        }
        List<String> order = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            order.add(String.valueOf(i + 2));
        }
        return String.join("\nUNION ALL\n", arms) + "\nORDER BY " + String.join(", ", order);
    }

    private String keys(String alias) {
        if (rowidKey) {
            return ", " + alias + "." + rowidName();
        }
        return keyColumns.stream().map(k -> ", " + alias + "." + quote(k)).collect(Collectors.joining());
    }

    /** The inner table's key on the left of {@code IS}, so that its index and its collation are used. */
    private String match() {
        return keyColumns.stream().map(k -> rowidKey ? "b." + k + " IS a." + k : "b." + quote(k) + " IS a." + quote(k))
                .collect(Collectors.joining(" AND "));
    }

    private static String nulls(int n) {
        return ", NULL".repeat(n);
    }

    private static String cells(String alias, List<String> columns) {
        return columns.stream().map(c -> ", " + alias + "." + quote(c)).collect(Collectors.joining());
    }

    /** The name that reaches the rowid on both sides: the first of SQLite's three no column of either takes. */
    private String rowidName() {
        for (String candidate : List.of("rowid", "_rowid_", "oid")) {
            if (!hasColumn(before, candidate) && !hasColumn(after, candidate)) {
                return candidate;
            }
        }
        return "rowid";
    }

    private static boolean hasColumn(Optional<Table> table, String column) {
        return table.isPresent() && table.get().columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(column));
    }

    private static List<String> declaredKey(Table t) {
        List<Column> pk = new ArrayList<>(t.columns().stream().filter(c -> c.primaryKeyPosition() > 0).toList());
        pk.sort((x, y) -> Integer.compare(x.primaryKeyPosition(), y.primaryKeyPosition()));
        return pk.stream().map(Column::name).toList();
    }

    private static List<String> names(Table t) {
        return t.columns().stream().map(Column::name).toList();
    }

    private static List<String> lower(List<String> names) {
        List<String> l = new ArrayList<>();
        names.forEach(n -> l.add(n.toLowerCase(Locale.ROOT)));
        return Collections.unmodifiableList(l);
    }
}
