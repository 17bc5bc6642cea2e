package dev.litescope.sql.touched;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.Lz4Frame;
import dev.litescope.restore.PageWriter;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.restore.v3.Restorer;
import dev.litescope.util.Cancellation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each WAL segment of a Litestream 0.3 generation changed: the pages its committed frames wrote, each
 * counted for the b-tree (table or index) that owns it in the database state just before the segment, or, for a
 * page that was then in no b-tree (new, or taken off the freelist), in the state just after it.
 *
 * <p>The generation's earliest snapshot is restored once into a temporary file with the restore engine; the copy
 * then moves forward segment by segment, each segment's committed pages written with the restore's
 * {@link PageWriter}, and the pages of each state are mapped with {@link PageOwners}. Page 1 carries the database
 * header, which every transaction rewrites: it counts for {@code sqlite_schema} only when the bytes after the
 * header changed. Segments of indexes older than the earliest snapshot have no state to map against and are
 * reported as unknown.
 */
public final class WalTouches {
    /** What one segment changed. */
    public record Touched(WalSegment segment, Optional<Map<String, Integer>> pagesByOwner) {
        /** "orders (12), orders_by_user (3)", most pages first; "?" when unknown, "-" when nothing. */
        public String describe() {
            return PageOwners.describe(pagesByOwner);
        }
    }

    private static final int WAL_HEADER = 32;
    private static final int FRAME_HEADER = 24;
    private static final int DB_HEADER = 100;

    private final Replica replica;
    private final ObjectStore store;

    public WalTouches(Replica replica) {
        this.replica = replica;
        this.store = replica.store();
    }

    /** What each of the generation's WAL segments changed, in position order. */
    public List<Touched> of(Generation generation, Cancellation cancel)
            throws RestoreException, ObjectStoreException, IOException, Cancellation.CancelledException {
        List<Touched> out = new ArrayList<>();
        Optional<Snapshot> first = generation.snapshots().stream().min(Comparator.comparingInt(Snapshot::index));
        List<WalSegment> mapped = new ArrayList<>();
        for (WalSegment s : generation.walSegments()) {
            if (first.isPresent() && s.index() >= first.get().index()) {
                mapped.add(s);
            } else {
                out.add(new Touched(s, Optional.empty()));
            }
        }
        if (mapped.isEmpty()) {
            return out;
        }
        Path dir = Files.createTempDirectory("litescope-touched-");
        Path state = dir.resolve("state.db");
        try {
            RestorePlan plan = new RestorePlan(new RestoreTarget.Generation(generation.name()), generation.name(),
                    first.get(), List.of(), List.of());
            new Restorer(replica).restore(plan, state, RestoreOptions.defaults().withParallelism(1)
                    .withIntegrityCheck(RestoreOptions.IntegrityCheck.NONE), Progress.Listener.NONE, cancel);
            try (RandomAccessFile file = new RandomAccessFile(state.toFile(), "rw")) {
                byte[] header = new byte[DB_HEADER];
                file.readFully(header);
                PageWriter pages = new PageWriter(file, PageWriter.pageSizeOf(header));
                PageOwners before = owners(state, "the snapshot " + store.describe(first.get().object().key()));
                for (WalSegment s : mapped) {
                    cancel.check();
                    byte[] pageOne = readPageOne(file, pages.pageSize());
                    TreeSet<Integer> written = apply(s, decode(s), pages);
                    String where = "WAL segment " + store.describe(s.object().key());
                    PageOwners after = owners(state, "the state after " + where);
                    boolean schemaOnPageOne = !Arrays.equals(pageOne, DB_HEADER, pageOne.length,
                            readPageOne(file, pages.pageSize()), DB_HEADER, pageOne.length);
                    out.add(new Touched(s, Optional.of(count(written, Optional.of(before), after,
                            schemaOnPageOne))));
                    before = after;
                }
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        out.sort(Comparator.comparing((Touched t) -> t.segment().position()));
        return out;
    }

    /**
     * The written pages by owner, most first: a page in a b-tree before counts for that b-tree, one that was then
     * in none (new, or off the freelist) for its b-tree after; page 1 for {@code sqlite_schema} only when
     * {@code schemaOnPageOne}. With no state before (the first transaction), every page counts for its owner after.
     */
    static Map<String, Integer> count(TreeSet<Integer> written, Optional<PageOwners> before, PageOwners after,
                                      boolean schemaOnPageOne) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int pgno : written) {
            Optional<String> owner;
            if (pgno == 1) {
                owner = schemaOnPageOne ? Optional.of("sqlite_schema") : Optional.empty();
            } else if (before.map(b -> b.inBtree(pgno)).orElse(false) || !after.inBtree(pgno)) {
                owner = before.flatMap(b -> b.owner(pgno)).or(() -> after.owner(pgno));
            } else {
                owner = after.owner(pgno);
            }
            owner.ifPresent(o -> counts.merge(o, 1, Integer::sum));
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private byte[] decode(WalSegment s) throws ObjectStoreException, RestoreException {
        try {
            return Lz4Frame.decode(store.readAll(s.object()));
        } catch (IOException e) {
            throw new RestoreException("WAL segment " + store.describe(s.object().key()) + " cannot be decoded ("
                    + e.getMessage() + "): the object is corrupt or truncated, so what it changed is unknown", e);
        }
    }

    /**
     * Writes the segment's committed frames into the copy and returns their page numbers. A segment at offset 0
     * starts with the WAL header; Litestream's segments hold whole frames and end on a commit frame.
     */
    private TreeSet<Integer> apply(WalSegment s, byte[] data, PageWriter pages) throws IOException, RestoreException {
        int frameSize = FRAME_HEADER + pages.pageSize();
        int pos = s.offset() == 0 ? WAL_HEADER : 0;
        if (data.length < pos || (data.length - pos) % frameSize != 0) {
            throw new RestoreException("WAL segment " + store.describe(s.object().key()) + " holds " + data.length
                    + " bytes, which are not whole " + frameSize + "-byte frames of this database's page size: the "
                    + "object is damaged or not this database's, so what it changed is unknown");
        }
        TreeSet<Integer> written = new TreeSet<>();
        List<Integer> pending = new ArrayList<>();
        long committedPages = -1;
        for (; pos < data.length; pos += frameSize) {
            int pgno = PageOwners.beInt(data, pos);
            int commit = PageOwners.beInt(data, pos + 4);
            pending.add(pos);
            if (commit != 0) {
                for (int at : pending) {
                    int p = PageOwners.beInt(data, at);
                    pages.put(p, data, at + FRAME_HEADER);
                    written.add(p);
                }
                pending.clear();
                committedPages = Integer.toUnsignedLong(commit);
            } else if (pgno == 0) {
                throw new RestoreException("WAL segment " + store.describe(s.object().key()) + " has a frame with "
                        + "page number 0 at byte " + pos + ": the object is damaged, so what it changed is unknown");
            }
        }
        if (committedPages >= 0) {
            pages.endIndex(committedPages);
        }
        pages.finish();
        return written;
    }

    private static byte[] readPageOne(RandomAccessFile file, int pageSize) throws IOException {
        byte[] page = new byte[pageSize];
        file.seek(0);
        file.readFully(page);
        return page;
    }

    private static PageOwners owners(Path state, String what) throws RestoreException, IOException {
        try {
            return PageOwners.of(state);
        } catch (SQLException e) {
            throw new RestoreException("SQLite cannot map the pages of " + what + " (" + e.getMessage() + "), so "
                    + "the tables each WAL segment changed are unknown from there on", e);
        }
    }
}
