package dev.litescope.sql.touched;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.PageWriter;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.ltx.LtxDecoder;
import dev.litescope.restore.ltx.LtxPlanner;
import dev.litescope.restore.ltx.LtxRestorer;
import dev.litescope.util.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What each LTX file of a Litestream 0.5 replica changed: the pages it holds, each counted for the b-tree (table
 * or index) that owns it in the state just before the file's first TXID, or, for a page then in no b-tree, in the
 * state after its last one. Both states are restores by TXID with the restore engine ({@link LtxRestorer}), each
 * mapped once with {@link PageOwners} and kept for the next file (the state after one L0 file is the state before
 * the next). A file that starts at TXID 1 (the first transaction, or a snapshot) has no state before it: its pages
 * count for their owners after. A state a restore refuses (pruned, behind a gap) leaves the file unknown, saying
 * why. Page 1 counts for {@code sqlite_schema} only when the bytes after the database header changed.
 */
public final class LtxTouches {
    /** What one file changed; {@code why} says why it is unknown when {@code pagesByOwner} is empty. */
    public record Touched(LtxFile file, Optional<Map<String, Integer>> pagesByOwner, Optional<String> why) {
        /** "items (12), items_by_name (3)", most pages first; "?" when unknown, "-" when nothing. */
        public String describe() {
            return PageOwners.describe(pagesByOwner);
        }
    }

    private static final int DB_HEADER = 100;

    /** One state: its pages' owners and its page 1, or why it cannot be restored. */
    record State(Optional<PageOwners> owners, byte[] pageOne, Optional<String> refused) {
        /** The state before TXID 1: nothing. */
        static final State EMPTY = new State(Optional.empty(), new byte[0], Optional.empty());

        static State refused(String why) {
            return new State(Optional.empty(), new byte[0], Optional.of(why));
        }
    }

    private final LtxCatalog catalog;
    private final ObjectStore store;

    public LtxTouches(LtxCatalog catalog) {
        this.catalog = catalog;
        this.store = catalog.replica().store();
    }

    /** What each of {@code files} changed, in the order given. */
    public List<Touched> of(List<LtxFile> files, Cancellation cancel)
            throws ObjectStoreException, IOException, Cancellation.CancelledException {
        List<Touched> out = new ArrayList<>();
        Map<Long, State> states = new HashMap<>();
        Path dir = Files.createTempDirectory("litescope-ltx-touched-");
        try {
            LtxPlanner planner = new LtxPlanner(catalog);
            for (LtxFile f : files) {
                cancel.check();
                State before = f.minTxid() <= 1 ? State.EMPTY : state(f.minTxid() - 1, states, planner, dir, cancel);
                State after = state(f.maxTxid(), states, planner, dir, cancel);
                out.add(touched(f, before, after, store));
            }
        } finally {
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        return out;
    }

    /** What {@code f} changed between the states before and after it; unknown when either was refused. */
    static Touched touched(LtxFile f, State before, State after, ObjectStore store)
            throws ObjectStoreException, IOException {
        Optional<String> refused = before.refused().or(after::refused);
        if (refused.isPresent()) {
            return new Touched(f, Optional.empty(), refused);
        }
        TreeSet<Integer> pages = pages(f, store);
        boolean schema = before.pageOne().length == 0 || !Arrays.equals(before.pageOne(), DB_HEADER,
                before.pageOne().length, after.pageOne(), DB_HEADER, after.pageOne().length);
        return new Touched(f, Optional.of(WalTouches.count(pages, before.owners(), after.owners().orElseThrow(),
                schema)), Optional.empty());
    }

    /** Maps the database file {@code db} holding the state at {@code txid}. */
    static State read(Path db, long txid) throws IOException {
        byte[] header = new byte[DB_HEADER];
        byte[] pageOne;
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "r")) {
            file.readFully(header);
            pageOne = new byte[PageWriter.pageSizeOf(header)];
            file.seek(0);
            file.readFully(pageOne);
        }
        try {
            return new State(Optional.of(PageOwners.of(db)), pageOne, Optional.empty());
        } catch (SQLException e) {
            return State.refused("SQLite cannot map the pages of the state at TXID " + LtxNames.txid(txid) + ": "
                    + e.getMessage());
        }
    }

    /** The state after {@code txid}, restored and mapped once. */
    private State state(long txid, Map<Long, State> states, LtxPlanner planner, Path dir, Cancellation cancel)
            throws IOException, Cancellation.CancelledException {
        State known = states.get(txid);
        if (known != null) {
            return known;
        }
        Path db = dir.resolve(LtxNames.txid(txid) + ".db");
        State s;
        try {
            new LtxRestorer(catalog.replica()).restore(planner.plan(new RestoreTarget.Txid(txid)), db,
                    RestoreOptions.defaults().withParallelism(1)
                            .withIntegrityCheck(RestoreOptions.IntegrityCheck.NONE), Progress.Listener.NONE, cancel);
            s = read(db, txid);
        } catch (RestoreException | ObjectStoreException e) {
            s = unrestorable(txid, e);
        } finally {
            Files.deleteIfExists(db);
        }
        states.put(txid, s);
        return s;
    }

    static State unrestorable(long txid, Exception e) {
        return State.refused("the state at TXID " + LtxNames.txid(txid) + " cannot be restored: " + e.getMessage());
    }

    /** The page numbers {@code f} holds, read and checked by the restore's decoder. */
    private static TreeSet<Integer> pages(LtxFile f, ObjectStore store) throws ObjectStoreException, IOException {
        TreeSet<Integer> pages = new TreeSet<>();
        try (InputStream in = store.open(f.object())) {
            LtxDecoder.decode(in, store.describe(f.object().key()), (header, pgno, page) -> pages.add(pgno));
        }
        return pages;
    }
}
