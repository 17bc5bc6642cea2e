package dev.litescope.sql.diff;

import dev.litescope.sql.Outcome;
import dev.litescope.sql.ReadOnlyDatabase;
import dev.litescope.sql.Schema;
import dev.litescope.sql.SchemaReader;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Compares two SQLite databases, "before" and "after": their schemas, each table's row counts, and a table's added,
 * removed and changed rows. Both files are opened read-only on one connection, the second {@code ATTACH}ed, so that
 * SQLite matches and compares the rows (see {@link TableComparison}) and neither file can change. Calls block and
 * are meant for one background thread; {@link #interrupt()} may come from any thread and stops the running one.
 */
public final class DatabaseDiff implements AutoCloseable {
    private final SqlDatabase db;
    private final Schema before;
    private final Schema after;

    private DatabaseDiff(SqlDatabase db, Schema before, Schema after) {
        this.db = db;
        this.before = before;
        this.after = after;
    }

    /**
     * @throws DiffException when either file is missing or is not a SQLite database
     */
    public static DatabaseDiff open(Path before, Path after) throws DiffException, SqlFailure {
        Schema schemaAfter;
        try (SqlDatabase other = openOne(after)) {
            schemaAfter = readSchema(other);
        }
        SqlDatabase db = openOne(before);
        try {
            Schema schemaBefore = readSchema(db);
            Outcome attached = db.execute("ATTACH DATABASE '" + ReadOnlyDatabase.uri(after).replace("'", "''")
                    + "' AS " + TableComparison.AFTER);
            if (attached instanceof Outcome.Rows r) {
                r.cursor().close();
            }
            return new DatabaseDiff(db, schemaBefore, schemaAfter);
        } catch (DiffException | SqlFailure | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static SqlDatabase openOne(Path file) throws DiffException {
        if (!Files.isRegularFile(file)) {
            throw new DiffException("no SQLite file at " + file + "; give an existing database file"
                    + (Files.isDirectory(file) ? " (this is a folder)" : ""));
        }
        try {
            return SqlDatabase.open(file, SqlDatabase.Access.READ_ONLY);
        } catch (SqlFailure e) {
            throw new DiffException("cannot open " + file + ": " + e.sqliteMessage(), e);
        }
    }

    private static Schema readSchema(SqlDatabase db) throws DiffException {
        try {
            return SchemaReader.read(db);
        } catch (SqlFailure e) {
            throw new DiffException("cannot read " + db.file() + " as a SQLite database (" + e.sqliteMessage()
                    + "); give a SQLite database file", e);
        }
    }

    public Schema before() {
        return before;
    }

    public Schema after() {
        return after;
    }

    /** What differs in the schemas: tables, views, indexes, triggers. */
    public List<SchemaChange> schemaChanges() {
        return SchemaChange.between(before, after);
    }

    /** The tables on either side (virtual tables left out: their rows live in tables of their own), by name. */
    public List<TableComparison> tables() {
        Map<String, TableComparison> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Schema.Table t : before.tables()) {
            if (!t.virtual()) {
                byName.put(t.name(), comparison(t.name()));
            }
        }
        for (Schema.Table t : after.tables()) {
            if (!t.virtual()) {
                byName.putIfAbsent(t.name(), comparison(t.name()));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * @throws DiffException when neither side has the table, or it is a virtual table
     */
    public TableComparison table(String name) throws DiffException {
        if (before.table(name).isEmpty() && after.table(name).isEmpty()) {
            throw new DiffException("no table " + name + " in either database; the tables are: " + String.join(", ",
                    tables().stream().map(TableComparison::name).toList()));
        }
        if (before.table(name).map(Schema.Table::virtual).orElse(false)
                || after.table(name).map(Schema.Table::virtual).orElse(false)) {
            throw new DiffException(name + " is a virtual table; compare the tables that hold its rows");
        }
        return comparison(name);
    }

    private TableComparison comparison(String name) {
        var b = before.table(name);
        var a = after.table(name);
        return new TableComparison(b.or(() -> a).orElseThrow(() -> new IllegalStateException(name)).name(), b, a);
    }

    /** The table's row counts and counts of changes (reads both tables through; SQLite does the counting). */
    public TableCount count(TableComparison t) throws SqlFailure {
        OptionalLong rowsBefore = t.inBefore() ? OptionalLong.of(db.count("SELECT 1 FROM " + TableComparison.BEFORE
                + "." + ReadOnlyDatabase.quote(t.name()))) : OptionalLong.empty();
        OptionalLong rowsAfter = t.inAfter() ? OptionalLong.of(db.count("SELECT 1 FROM " + TableComparison.AFTER
                + "." + ReadOnlyDatabase.quote(t.name()))) : OptionalLong.empty();
        if (!t.comparable()) {
            return new TableCount(t.name(), rowsBefore, rowsAfter, OptionalLong.empty(), OptionalLong.empty(),
                    OptionalLong.empty());
        }
        long added = t.inBefore() ? t.inAfter() ? db.count(t.addedSql()) : 0 : rowsAfter.getAsLong();
        long removed = t.inAfter() ? t.inBefore() ? db.count(t.removedSql()) : 0 : rowsBefore.getAsLong();
        long changed = t.inBefore() && t.inAfter() ? db.count(t.changedSql()) : 0;
        return new TableCount(t.name(), rowsBefore, rowsAfter, OptionalLong.of(added), OptionalLong.of(removed),
                OptionalLong.of(changed));
    }

    /**
     * The table's differing rows in key order, to read page by page. Close it when done.
     *
     * @throws DiffException when the rows cannot be matched (see {@link TableComparison#whyNot()})
     */
    public RowChanges rows(TableComparison t) throws DiffException, SqlFailure {
        if (!t.comparable()) {
            throw new DiffException(t.whyNot().orElseThrow());
        }
        Outcome o = db.execute(t.rowsSql());
        return new RowChanges(t, ((Outcome.Rows) o).cursor());
    }

    /** Stops the count or page being read now; safe from any thread. */
    public void interrupt() {
        db.interrupt();
    }

    @Override
    public void close() {
        db.close();
    }
}
