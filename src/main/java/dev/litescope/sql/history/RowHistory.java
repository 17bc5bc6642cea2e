package dev.litescope.sql.history;

import static dev.litescope.sql.ReadOnlyDatabase.quote;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.MovableCopy;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.any.AnyRestore;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every distinct version of one row of a replica, in time order: one {@link MovableCopy} moves forward through
 * the replica's restore points ({@link HistoryPoints}: a Litestream 0.3 replica's WAL indexes, each at or after
 * its generation's first snapshot, generations in time order, a new generation a full restore that the result
 * notes; a 0.5 replica's restorable TXIDs), and the row is read by its key at every point. A replica upgraded
 * from 0.3 holds both histories; the one a latest restore reads is walked, and the result notes the other.
 * Skipping the points whose WAL left the table alone was tried ({@code WalTouches} tells them) and dropped:
 * finding what each index touched maps the database's pages at every state, about 90 ms an index on the restore
 * benchmark's replica, where a move and a read by key take about 11 ms; nearly every index wrote the table anyway.
 *
 * <p>The row is matched as {@link TableComparison} matches rows: the declared primary key (WITHOUT ROWID tables
 * always have one), else the rowid. Calls block; {@link Cancellation} stops a run between WAL segments or LTX
 * files.
 */
public final class RowHistory {
    /** How far a run has come, in restore points. Called on the running thread; keep it quick. */
    @FunctionalInterface
    public interface Listener {
        void onPoint(int done, int total);

        Listener NONE = (done, total) -> { };
    }

    /**
     * One restore point, as of {@code time}: the state after a WAL index of a generation (0.3: {@code target} an
     * {@link RestoreTarget.Index} with its generation) or after a TXID (0.5: a {@link RestoreTarget.Txid}).
     */
    public record Point(RestoreTarget target, Instant time) {
        public Point {
            boolean index = target instanceof RestoreTarget.Index i && i.generation().isPresent();
            if (!index && !(target instanceof RestoreTarget.Txid)) {
                throw new IllegalArgumentException("a history's point is a generation's WAL index or a TXID, not "
                        + target);
            }
        }

        public static Point ofIndex(String generation, int index, Instant time) {
            return new Point(RestoreTarget.index(generation, index), time);
        }

        public static Point ofTxid(long txid, Instant time) {
            return new Point(new RestoreTarget.Txid(txid), time);
        }

        /** A 0.3 point's generation. */
        public Optional<String> generation() {
            return target.inGeneration();
        }

        /** A 0.3 point's WAL index. */
        public OptionalInt index() {
            return target.upToIndex();
        }

        /** A 0.5 point's TXID. */
        public OptionalLong txid() {
            return target instanceof RestoreTarget.Txid t ? OptionalLong.of(t.txid()) : OptionalLong.empty();
        }

        /** The TXID as Litestream prints it (16 hexadecimal digits); empty for a 0.3 point. */
        public Optional<String> txidText() {
            return target instanceof RestoreTarget.Txid t ? Optional.of(LtxNames.txid(t.txid())) : Optional.empty();
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
     * @param format  the history walked: its points are 0.3's WAL indexes or 0.5's TXIDs
     * @param columns every column a version has, in first-seen order
     * @param notes   what the user should know: the other history of an upgraded replica skipped, full restores
     *                between generations, a rowid key
     */
    public record Result(String table, Format format, List<String> keyColumns, List<String> columns,
                         List<Version> versions, int points, List<String> notes) {
        public Result {
            keyColumns = List.copyOf(keyColumns);
            columns = List.copyOf(columns);
            versions = List.copyOf(versions);
            notes = List.copyOf(notes);
        }

        /** "N versions over M restore points", in the singular where one is. */
        public String summary() {
            return versions.size() + (versions.size() == 1 ? " version" : " versions") + " over " + points
                    + (points == 1 ? " restore point" : " restore points");
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

    /**
     * Walks the replica and returns the row's versions.
     *
     * @param workDir where the working copy lives while the run lasts (removed after)
     * @throws HistoryException when the replica has no restore point, the table is at none of them, or the key
     *     does not match the table's key columns
     */
    public Result run(Path workDir, Listener listener, Cancellation cancel) throws HistoryException,
            RestoreException, ObjectStoreException, IOException, SqlFailure, CancelledException {
        HistoryPoints.Listing listing = HistoryPoints.of(replica);
        List<Point> points = listing.points();
        if (points.isEmpty()) {
            throw new HistoryException("replica " + replica.url() + " has no restore point ("
                    + (listing.format() == Format.LITESTREAM_0_5 ? "no chain of LTX files from TXID 1"
                    : "no generation with a snapshot and WAL") + "); let Litestream replicate the database first");
        }
        List<Version> versions = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> notes = new ArrayList<>(listing.notes());
        List<String> keyColumns = List.of();
        Optional<Map<String, Cell>> previous = Optional.empty();
        boolean tableSeen = false;
        Path copy = workDir.resolve("history.db");
        try (MovableCopy<?> moving = AnyRestore.movingCopy(replica, listing.format(), copy, 0)) {
            Optional<String> generation = Optional.empty();
            for (int i = 0; i < points.size(); i++) {
                cancel.check();
                Point p = points.get(i);
                CopyStep<?> step = moving.moveTo(p.target(), Progress.Listener.NONE, cancel);
                if (p.generation().isPresent() && generation.isPresent() && !p.generation().equals(generation)) {
                    notes.add("generation " + p.generation().get() + " from " + p.time() + ": "
                            + step.message().orElse("re-based"));
                } else if (p.txid().isPresent() && i > 0 && step.rebased()) {
                    notes.add("TXID " + p.txidText().orElseThrow() + ": " + step.message().orElse("re-based"));
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
        return new Result(table, listing.format(), keyColumns, columns, versions, points.size(), notes);
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
