package dev.litescope.sql.touched;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.ltx.LtxMovingCopy;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * What many LTX files changed, the same answer as {@link LtxTouches} gives file by file, in one forward pass: a
 * {@link LtxMovingCopy} visits, in TXID order, every state some file needs (the one before its first TXID and
 * the one after its last), applying only the LTX files between one and the next, and each state is mapped once
 * with {@link PageOwners} and dropped when no later file needs it. Where {@code LtxTouches} restores twice per
 * file, this restores once and then reads each file about twice (once to move, once for its page numbers).
 *
 * <p>A state that is not restorable (a TXID inside a compaction whose level-0 files are pruned, behind a gap)
 * leaves the files that need it unknown, saying why, as {@code LtxTouches} does; the copy moves on to the next.
 */
public final class LtxSweep {
    private final LtxCatalog catalog;

    public LtxSweep(LtxCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * What each of {@code files} changed, in the order given.
     *
     * @param statesDone called with the number of states mapped so far, out of {@link #statesNeeded}
     */
    public List<LtxTouches.Touched> of(List<LtxFile> files, IntConsumer statesDone, Cancellation cancel)
            throws ObjectStoreException, IOException, CancelledException {
        // Each needed state, with the last TXID at which a file still needs it.
        TreeMap<Long, Long> lastUse = new TreeMap<>();
        for (LtxFile f : files) {
            if (f.minTxid() > 1) {
                lastUse.merge(f.minTxid() - 1, f.maxTxid(), Math::max);
            }
            lastUse.merge(f.maxTxid(), f.maxTxid(), Math::max);
        }
        Map<Long, List<LtxFile>> endingAt = new HashMap<>();
        for (LtxFile f : files) {
            endingAt.computeIfAbsent(f.maxTxid(), k -> new ArrayList<>()).add(f);
        }
        Map<LtxFile, LtxTouches.Touched> found = new HashMap<>();
        Map<Long, LtxTouches.State> states = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("litescope-ltx-sweep-");
        Path copy = dir.resolve("copy.db");
        int done = 0;
        try (LtxMovingCopy moving = new LtxMovingCopy(catalog, copy, 0)) {
            for (Map.Entry<Long, Long> need : lastUse.entrySet()) {
                cancel.check();
                long txid = need.getKey();
                states.put(txid, state(moving, txid, cancel));
                statesDone.accept(++done);
                for (LtxFile f : endingAt.getOrDefault(txid, List.of())) {
                    LtxTouches.State before = f.minTxid() <= 1 ? LtxTouches.State.EMPTY : states.get(f.minTxid() - 1);
                    found.put(f, LtxTouches.touched(f, before, states.get(txid), catalog.replica().store()));
                }
                states.keySet().removeIf(t -> lastUse.get(t) <= txid);
            }
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(dir);
        }
        List<LtxTouches.Touched> out = new ArrayList<>();
        for (LtxFile f : files) {
            out.add(found.get(f));
        }
        return out;
    }

    /** How many states a sweep of {@code files} maps: its progress's whole. */
    public static int statesNeeded(List<LtxFile> files) {
        return states(files).size();
    }

    /**
     * The bytes a sweep of {@code files} reads from the store, each object counted once (a Cloud Storage replica
     * read through the object cache downloads that much): the moving copy's files, and each swept file whose
     * states before and after are both restorable (the others are left unknown unread).
     */
    public long bytesToRead(List<LtxFile> files) throws ObjectStoreException {
        LtxMovingCopy.Route route = LtxMovingCopy.route(catalog, List.copyOf(states(files)));
        Set<LtxFile> read = new HashSet<>(route.files());
        for (LtxFile f : files) {
            if ((f.minTxid() <= 1 || route.reached().contains(f.minTxid() - 1))
                    && route.reached().contains(f.maxTxid())) {
                read.add(f);
            }
        }
        return read.stream().mapToLong(LtxFile::size).sum();
    }

    /** The TXIDs whose states a sweep of {@code files} maps, ascending. */
    private static TreeSet<Long> states(List<LtxFile> files) {
        TreeSet<Long> txids = new TreeSet<>();
        for (LtxFile f : files) {
            if (f.minTxid() > 1) {
                txids.add(f.minTxid() - 1);
            }
            txids.add(f.maxTxid());
        }
        return txids;
    }

    /** The state at {@code txid}; one the planner refuses leaves the copy where it was. */
    private static LtxTouches.State state(LtxMovingCopy moving, long txid, Cancellation cancel)
            throws IOException, CancelledException {
        try {
            moving.moveTo(RestoreTarget.txid(txid), Progress.Listener.NONE, cancel);
        } catch (RestoreException | ObjectStoreException e) {
            return LtxTouches.unrestorable(txid, e);
        }
        return LtxTouches.read(moving.file(), txid);
    }
}
