package dev.litescope.sql.history;

import static dev.litescope.sql.ReadOnlyDatabase.quote;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.MovingCopy;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.sql.Cell;
import dev.litescope.sql.Outcome;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultCursor;
import dev.litescope.sql.Schema;
import dev.litescope.sql.SchemaReader;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlFailure;
import dev.litescope.sql.diff.TableComparison;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every distinct version of one row of a Litestream 0.3 replica, in time order: one {@link MovingCopy} moves
 * forward through the replica's restore points (each WAL index at or after its generation's first snapshot,
 * generations in time order; a new generation is a full restore, and the result says so), and the row is read by
 * its key at every point. Skipping the points whose WAL left the table alone was tried ({@code WalTouches} tells
 * them) and dropped: finding what each index touched maps the database's pages at every state, about 90 ms an
 * index on the restore benchmark's replica, where a move and a read by key take about 11 ms; nearly every index
 * wrote the table anyway.
 *
 * <p>The row is matched as {@link TableComparison} matches rows: the declared primary key (WITHOUT ROWID tables
 * always have one), else the rowid. Calls block; {@link Cancellation} stops a run between WAL segments.
 */
public final class RowHistory {
    /** How far a run has come, in restore points. Called on the running thread; keep it quick. */
    @FunctionalInterface
    public interface Listener {
        void onPoint(int done, int total);

        Listener NONE = (done, total) -> { };
    }

    /** One restore point: the state after WAL index {@code index} of {@code generation}, as of {@code time}. */
    public record Point(String generation, int index, Instant time) {
        RestoreTarget target() {
            return new RestoreTarget.Index(Optional.of(generation), index);
        }
    }

    /**
     * A version of the row, from the restore point where it first appeared.
     *
     * @param values  the row's cells by column name, in the table's order; empty when the row does not exist
     * @param changed the columns whose cell differs from the previous version (every column for a row that
     *                appears or, for a deletion, none)
     */
    public record Version(Point point, Optional<Map<String, Cell>> values, List<String> changed) {
        public Version {
            values = values.map(v -> Collections.unmodifiableMap(new LinkedHashMap<>(v)));
            changed = List.copyOf(changed);
        }

        public boolean deleted() {
            return values.isEmpty();
        }
    }

    /**
     * @param columns every column a version has, in first-seen order
     * @param notes   what the user should know: full restores between generations, a rowid key
     */
    public record Result(String table, List<String> keyColumns, List<String> columns, List<Version> versions,
                         int points, List<String> notes) {
        public Result {
            keyColumns = List.copyOf(keyColumns);
            columns = List.copyOf(columns);
            versions = List.copyOf(versions);
            notes = List.copyOf(notes);
        }
    }

    private final Replica replica;
    private final String table;
    private final Map<String, Cell> key;

    /**
     * @param key the key's cells by column name (case-insensitive), e.g. from {@link #parseKey}
     */
    public RowHistory(Replica replica, String table, Map<String, Cell> key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a row history needs the row's key");
        }
        this.replica = replica;
        this.table = table;
        TreeMap<String, Cell> k = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        k.putAll(key);
        this.key = k;
    }

    /**
     * {@code COL=VALUE} pairs as a key: each value as text, which SQLite turns into a number for a numeric key
     * column by the column's affinity; {@code rowid} (or {@code _rowid_}, {@code oid}) as an integer.
     *
     * @throws HistoryException for a pair without {@code =}, an empty name, a column given twice, or a rowid that
     *     is not an integer
     */
    public static Map<String, Cell> parseKey(List<String> pairs) throws HistoryException {
        Map<String, Cell> key = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new HistoryException("the key " + pair + " is not COL=VALUE; give each key column as "
                        + "--key COL=VALUE, e.g. --key id=42");
            }
            String col = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1);
            if (key.containsKey(col)) {
                throw new HistoryException("key column " + col + " is given twice; give each key column once");
            }
            if (isRowidName(col)) {
                try {
                    key.put(col, new Cell.Integer(Long.parseLong(value.trim())));
                } catch (NumberFormatException e) {
                    throw new HistoryException("the rowid " + value + " is not an integer; give --key " + col
                            + "=N with a whole number", e);
                }
            } else {
                key.put(col, new Cell.Text(value));
            }
        }
        return key;
    }

    /** The replica's restore points in time order: each WAL index at or after its generation's first snapshot. */
    public static List<Point> points(Catalog catalog) throws ObjectStoreException {
        List<Generation> gens = catalog.allGenerations().stream()
                .filter(g -> g.bounds().isPresent() && !g.snapshots().isEmpty())
                .sorted(Comparator.comparing((Generation g) -> g.bounds().get().start())).toList();
        List<Point> out = new ArrayList<>();
        for (Generation g : gens) {
            int first = g.snapshots().get(0).index();
            Map<Integer, Instant> lastByIndex = new TreeMap<>();
            for (WalSegment s : g.walSegments()) {
                if (s.index() >= first) {
                    lastByIndex.merge(s.index(), s.created(), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            lastByIndex.forEach((index, time) -> out.add(new Point(g.name(), index, time)));
        }
        return out;
    }

    /**
     * Walks the replica and returns the row's versions.
     *
     * @param workDir where the working copy lives while the run lasts (removed after)
     * @throws HistoryException when the replica has no restore point, the table is at none of them, or the key
     *     does not match the table's key columns
     */
    public Result run(Path workDir, Listener listener, Cancellation cancel) throws HistoryException,
            RestoreException, ObjectStoreException, IOException, SqlFailure, CancelledException {
        Catalog catalog = new Catalog(replica);
        List<Point> points = points(catalog);
        if (points.isEmpty()) {
            throw new HistoryException("replica " + replica.url() + " has no restore point (no generation with a "
                    + "snapshot and WAL); let Litestream replicate the database first");
        }
        List<Version> versions = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> keyColumns = List.of();
        Optional<Map<String, Cell>> previous = Optional.empty();
        boolean tableSeen = false;
        Path copy = workDir.resolve("history.db");
        try (MovingCopy moving = new MovingCopy(replica, copy, 0)) {
            String generation = null;
            for (int i = 0; i < points.size(); i++) {
                cancel.check();
                Point p = points.get(i);
                boolean first = !p.generation().equals(generation);
                CopyStep<RestorePlan> step = moving.moveTo(p.target(), Progress.Listener.NONE, cancel);
                if (first && generation != null) {
                    notes.add("generation " + p.generation() + " from " + p.time() + ": "
                            + step.message().orElse("re-based"));
                }
                generation = p.generation();
                Optional<Read> read = read(copy);
                Optional<Map<String, Cell>> now = Optional.empty();
                if (read.isPresent()) {
                    tableSeen = true;
                    keyColumns = read.get().keyColumns();
                    now = read.get().values();
                    now.ifPresent(v -> v.keySet().stream().filter(c -> !columns.contains(c)).forEach(columns::add));
                }
                if (versions.isEmpty() ? now.isPresent() : !now.equals(previous)) {
                    versions.add(new Version(p, now, changed(previous, now)));
                    previous = now;
                }
                listener.onPoint(i + 1, points.size());
            }
        } finally {
            Files.deleteIfExists(copy);
        }
        if (!tableSeen) {
            throw new HistoryException("replica " + replica.url() + " has no table " + table + " at any of its "
                    + points.size() + " restore points; give a table of the database (litescope query lists them)");
        }
        if (keyColumns.size() == 1 && isRowidName(keyColumns.get(0))) {
            notes.add("table " + table + " has no primary key: the row is followed by its rowid, which VACUUM may "
                    + "renumber");
        }
        return new Result(table, keyColumns, columns, versions, points.size(), notes);
    }

    private record Read(List<String> keyColumns, Optional<Map<String, Cell>> values) {
    }

    /** The row at the copy's state; empty when the table is not there. */
    private Optional<Read> read(Path copy) throws SqlFailure, HistoryException {
        try (SqlDatabase db = SqlDatabase.open(copy, SqlDatabase.Access.READ_ONLY)) {
            Schema schema = SchemaReader.read(db);
            Optional<Schema.Table> t = schema.table(table);
            if (t.isEmpty()) {
                if (schema.views().stream().anyMatch(v -> v.name().equalsIgnoreCase(table))) {
                    throw new HistoryException(table + " is a view, which has no rows of its own; follow a row of "
                            + "a table it reads");
                }
                return Optional.empty();
            }
            if (t.get().virtual()) {
                throw new HistoryException(table + " is a virtual table, which has no key to follow a row by; "
                        + "follow a row of the tables that hold its rows");
            }
            TableComparison c = TableComparison.of(t.get());
            checkKey(c);
            String where = c.keyColumns().stream()
                    .map(k -> (c.rowidKey() ? k : quote(k)) + " IS " + Cell.sqlLiteral(key.get(k)))
                    .collect(Collectors.joining(" AND "));
            Outcome o = db.execute("SELECT * FROM main." + quote(t.get().name()) + " WHERE " + where);
            try (ResultCursor cursor = ((Outcome.Rows) o).cursor()) {
                List<List<Cell>> rows = cursor.fetch(2);
                if (rows.isEmpty()) {
                    return Optional.of(new Read(c.keyColumns(), Optional.empty()));
                }
                Map<String, Cell> values = new LinkedHashMap<>();
                List<ResultColumn> cols = cursor.columns();
                for (int i = 0; i < cols.size(); i++) {
                    values.put(cols.get(i).name(), rows.get(0).get(i));
                }
                return Optional.of(new Read(c.keyColumns(), Optional.of(values)));
            }
        }
    }

    private void checkKey(TableComparison c) throws HistoryException {
        boolean matches = c.keyColumns().size() == key.size() && c.keyColumns().stream().allMatch(key::containsKey);
        if (matches) {
            return;
        }
        String given = String.join(", ", key.keySet());
        if (c.rowidKey()) {
            throw new HistoryException("table " + table + " has no primary key, so a row of it is known only by its "
                    + "rowid, not by " + given + "; give --key " + c.keyColumns().get(0) + "=N");
        }
        throw new HistoryException("table " + table + " is keyed by (" + String.join(", ", c.keyColumns())
                + "), not by (" + given + "); give one --key COL=VALUE for each of "
                + String.join(", ", c.keyColumns()));
    }

    private static List<String> changed(Optional<Map<String, Cell>> before, Optional<Map<String, Cell>> after) {
        if (after.isEmpty()) {
            return List.of();
        }
        if (before.isEmpty()) {
            return List.copyOf(after.get().keySet());
        }
        return Stream.concat(after.get().keySet().stream(), before.get().keySet().stream()).distinct()
                .filter(c -> !after.get().containsKey(c) || !after.get().get(c).equals(before.get().get(c)))
                .toList();
    }

    private static boolean isRowidName(String name) {
        return List.of("rowid", "_rowid_", "oid").contains(name.toLowerCase(Locale.ROOT));
    }
}
