package dev.litescope.sql;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.restore.CopyStep;
import dev.litescope.restore.FormatChoice;
import dev.litescope.restore.MovableCopy;
import dev.litescope.restore.Plan;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.any.AnyRestore;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A query that follows a replica through time: one {@link MovableCopy} of the replica, moved to each new restore
 * point, and the query run again on it, with the cells that changed since the previous step. The copy is of the
 * history the target is in ({@link FormatChoice}): a Litestream 0.3 generation's WAL indexes, or 0.5's TXIDs. A
 * target in the other history of a replica that holds both (one upgraded from 0.3) replaces the copy, which then
 * starts with a full restore, as a first step does.
 *
 * <p>Rows of two steps are matched by key when the result has one: a column named {@code rowid}, {@code _rowid_}
 * or {@code oid}, else one named {@code id} (the first such, case-insensitive), whose values are all non-NULL and
 * distinct in both steps' rows. Otherwise rows are matched by position. A row with no match in the previous step
 * is changed in every cell; so is every row when the result's columns differ from the previous step's.
 *
 * <p>Requests may come from several threads; they run one at a time. A request supersedes every older one: one
 * still waiting returns {@link Optional#empty()} without moving the copy (holding an arrow key leaves no queue
 * of stale moves), and one running its query is interrupted. A move already under way finishes, since stopping
 * it would leave the copy stale and cost a full restore on the next step; its query is then skipped. The
 * caller's {@link Cancellation} stops everything, the move included.
 */
public final class FollowedQuery implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(FollowedQuery.class);
    private static final long RETRY_MILLIS = 50;
    private static final List<String> KEY_NAMES = List.of("rowid", "_rowid_", "oid", "id");

    /**
     * One step's result.
     *
     * @param rows      the first {@code maxRows} rows of the query at the target
     * @param truncated whether the query gave more rows than were kept
     * @param changed   for each row, the columns whose cells differ from the previous step's (all for a new row)
     * @param keyColumn the column rows were matched by, or -1 when they were matched by position
     * @param removed   how many of the previous step's rows have no match in this one
     */
    public record Result(RestoreTarget target, CopyStep<? extends Plan> move, List<ResultColumn> columns,
                         List<List<Cell>> rows, boolean truncated, List<BitSet> changed, int keyColumn,
                         int removed, long queryNanos) {
        public boolean changed(int row, int column) {
            return changed.get(row).get(column);
        }

        public int changedCells() {
            return changed.stream().mapToInt(BitSet::cardinality).sum();
        }
    }

    private final Replica replica;
    private final Path copyFile;
    private final long budgetBytes;
    private final int maxRows;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong latest = new AtomicLong();
    private volatile SqlDatabase running;
    private volatile long runningTicket;
    private Result previous;
    /** The moving copy, made on the first step, and the history it moves through; guarded by the lock. */
    private MovableCopy<?> copy;
    private Format format;

    /**
     * @param copyFile    the working copy's file (replaced, and removed on close)
     * @param budgetBytes the most disk the moving copy's checkpoints may take
     * @param maxRows     how many rows of each step are kept and compared
     */
    public FollowedQuery(Replica replica, Path copyFile, long budgetBytes, int maxRows) throws IOException {
        if (maxRows < 1) {
            throw new IllegalArgumentException("keep at least one row per step, not " + maxRows);
        }
        this.replica = replica;
        this.copyFile = copyFile;
        this.budgetBytes = budgetBytes;
        this.maxRows = maxRows;
    }

    /** How many requests have been made: for tests that order them. */
    long requests() {
        return latest.get();
    }

    /** The disk the moving copy's checkpoints take now. */
    public long checkpointBytes() {
        lock.lock();
        try {
            return copy == null ? 0 : copy.checkpointBytes();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the copy to {@code target} and runs {@code sql} (one statement that returns rows) on it.
     *
     * @return the result, or empty when a newer request superseded this one
     * @throws SqlFailure when the statement fails, or returns no rows (then it names what to run instead)
     */
    public Optional<Result> step(RestoreTarget target, String sql, Cancellation cancel) throws RestoreException,
            ObjectStoreException, IOException, SqlFailure, CancelledException {
        long ticket = latest.incrementAndGet();
        if (!acquire(ticket, cancel)) {
            return Optional.empty();
        }
        try {
            cancel.check();
            CopyStep<? extends Plan> move = copyFor(target).moveTo(target, Progress.Listener.NONE, cancel);
            if (ticket != latest.get()) {
                return Optional.empty();
            }
            move.message().ifPresent(m -> LOG.info("following {}: {}", target, m));
            Result r = query(target, move, sql, ticket, cancel);
            if (r != null) {
                previous = r;
            }
            return Optional.ofNullable(r);
        } finally {
            lock.unlock();
        }
    }

    /** The moving copy of the history {@code target} is in: the one there is, or a new one (with the lock). */
    private MovableCopy<?> copyFor(RestoreTarget target) throws ObjectStoreException, RestoreException,
            IOException {
        // A TXID is 0.5's: once the copy follows 0.5, telling so needs no listing (a list request a step saved).
        Format wanted = format == Format.LITESTREAM_0_5 && target instanceof RestoreTarget.Txid ? format
                : FormatChoice.choose(replica, target).format();
        if (copy != null && wanted != format) {
            LOG.info("following {}: the target is in the Litestream {} history; the copy of the {} one is replaced",
                    target, wanted.label(), format.label());
            copy.close();
            copy = null;
        }
        if (copy == null) {
            copy = AnyRestore.movingCopy(replica, wanted, copyFile, budgetBytes);
            format = wanted;
        }
        return copy;
    }

    /**
     * Takes the lock, interrupting older queries that hold it meanwhile (again and again: an interrupt that lands
     * just before a statement starts does not stop it); false when a newer request came first.
     */
    private boolean acquire(long ticket, Cancellation cancel) throws CancelledException {
        try {
            interruptOlder(ticket);
            while (!lock.tryLock(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                if (ticket != latest.get()) {
                    return false;
                }
                cancel.check();
                interruptOlder(ticket);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        if (ticket != latest.get()) {
            lock.unlock();
            return false;
        }
        return true;
    }

    private void interruptOlder(long ticket) {
        SqlDatabase other = running;
        if (other != null && runningTicket < ticket) {
            other.interrupt();
        }
    }

    /** Forgets the previous step's rows, so the next step marks nothing as changed (a new query, say). */
    public void resetComparison() {
        lock.lock();
        try {
            previous = null;
        } finally {
            lock.unlock();
        }
    }

    private Result query(RestoreTarget target, CopyStep<? extends Plan> move, String sql, long ticket,
                         Cancellation cancel)
            throws SqlFailure, CancelledException {
        long start = System.nanoTime();
        List<List<Cell>> rows;
        List<ResultColumn> columns;
        boolean truncated;
        try (SqlDatabase db = SqlDatabase.open(copyFile, SqlDatabase.Access.READ_ONLY)) {
            runningTicket = ticket;
            running = db;
            cancel.onCancel(db::interrupt);
            if (ticket != latest.get()) {
                return null;
            }
            cancel.check();
            Outcome outcome;
            try {
                outcome = db.execute(sql);
            } catch (SqlFailure e) {
                if (e.kind() == SqlFailure.Kind.INTERRUPTED) {
                    cancel.check();
                    return null;
                }
                throw e;
            }
            if (!(outcome instanceof Outcome.Rows r)) {
                throw new SqlFailure(SqlFailure.Kind.OTHER, "the followed statement returns no rows; following "
                        + "the timeline runs a query (a SELECT) on a read-only copy", "", -1, null);
            }
            try (ResultCursor cursor = r.cursor()) {
                if (ticket != latest.get()) {
                    return null;
                }
                columns = cursor.columns();
                rows = new ArrayList<>(cursor.fetch(maxRows));
                truncated = !cursor.fetch(1).isEmpty();
            } catch (SqlFailure e) {
                if (e.kind() == SqlFailure.Kind.INTERRUPTED) {
                    cancel.check();
                    return null;
                }
                throw e;
            }
        } finally {
            running = null;
        }
        if (truncated) {
            rows = rows.subList(0, Math.min(rows.size(), maxRows));
        }
        long nanos = System.nanoTime() - start;
        return compare(target, move, columns, List.copyOf(rows), truncated, nanos);
    }

    private Result compare(RestoreTarget target, CopyStep<? extends Plan> move, List<ResultColumn> columns,
                           List<List<Cell>> rows, boolean truncated, long nanos) {
        List<BitSet> changed = new ArrayList<>(rows.size());
        int width = columns.size();
        boolean sameColumns = previous != null && previous.columns().equals(columns);
        int key = sameColumns ? keyColumn(columns, previous.rows(), rows) : -1;
        int removed = 0;
        if (!sameColumns) {
            for (int i = 0; i < rows.size(); i++) {
                BitSet all = new BitSet(width);
                all.set(0, width, previous != null);
                changed.add(all);
            }
            removed = previous == null ? 0 : previous.rows().size();
        } else {
            Map<Cell, List<Cell>> before = new HashMap<>();
            if (key >= 0) {
                for (List<Cell> row : previous.rows()) {
                    before.put(row.get(key), row);
                }
            }
            int matched = 0;
            for (int i = 0; i < rows.size(); i++) {
                List<Cell> row = rows.get(i);
                List<Cell> old = key >= 0 ? before.get(row.get(key))
                        : i < previous.rows().size() ? previous.rows().get(i) : null;
                BitSet bits = new BitSet(width);
                if (old == null) {
                    bits.set(0, width);
                } else {
                    matched++;
                    for (int c = 0; c < width; c++) {
                        if (!row.get(c).equals(old.get(c))) {
                            bits.set(c);
                        }
                    }
                }
                changed.add(bits);
            }
            removed = previous.rows().size() - matched;
        }
        return new Result(target, move, columns, rows, truncated, List.copyOf(changed), key, removed, nanos);
    }

    /** The key column both steps' rows can be matched by, or -1: see the class comment for the rule. */
    static int keyColumn(List<ResultColumn> columns, List<List<Cell>> a, List<List<Cell>> b) {
        for (String name : KEY_NAMES) {
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).name().toLowerCase(Locale.ROOT).equals(name)) {
                    return unique(a, c) && unique(b, c) ? c : -1;
                }
            }
        }
        return -1;
    }

    private static boolean unique(List<List<Cell>> rows, int column) {
        Set<Cell> seen = new HashSet<>();
        for (List<Cell> row : rows) {
            Cell v = row.get(column);
            if (v instanceof Cell.Null || !seen.add(v)) {
                return false;
            }
        }
        return true;
    }

    /** Removes the working copy and its checkpoints. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (copy != null) {
                copy.close();
            }
            Files.deleteIfExists(copyFile);
        } finally {
            lock.unlock();
        }
    }
}
