package dev.litescope.sql.touched;

import dev.litescope.restore.PageWriter;
import dev.litescope.sql.ReadOnlyDatabase;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which b-tree each page of one database state belongs to: a table's or an index's name (overflow pages count
 * for the b-tree whose cells they continue), or, for the pages of no b-tree, {@link #FREELIST}, {@link #PTRMAP}
 * or {@link #LOCK_BYTE}. The b-tree pages come from the bundled SQLite's {@code dbstat} virtual table, which walks
 * every b-tree from {@code sqlite_schema}'s root pages; a valid database's other pages are pointer-map pages (at
 * positions fixed by the page size, in auto-vacuum databases), the lock-byte page, or on the freelist.
 */
public final class PageOwners {
    public static final String FREELIST = "(freelist)";
    public static final String PTRMAP = "(ptrmap)";
    public static final String LOCK_BYTE = "(lock-byte)";
    private static final long LOCK_BYTE_OFFSET = 0x40000000L;

    private final Map<Integer, String> btreePages;
    private final long pageCount;
    private final int pageSize;
    private final boolean autoVacuum;
    private final int usableSize;

    private PageOwners(Map<Integer, String> btreePages, long pageCount, int pageSize, boolean autoVacuum,
                       int usableSize) {
        this.btreePages = btreePages;
        this.pageCount = pageCount;
        this.pageSize = pageSize;
        this.autoVacuum = autoVacuum;
        this.usableSize = usableSize;
    }

    /** Maps the pages of the database file {@code db}, which must hold the whole database (no {@code -wal}). */
    public static PageOwners of(Path db) throws IOException, SQLException {
        int pageSize;
        boolean autoVacuum;
        long pages;
        int usable;
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "r")) {
            byte[] header = new byte[100];
            f.readFully(header);
            pageSize = PageWriter.pageSizeOf(header);
            autoVacuum = beInt(header, 52) != 0; // the largest root page, non-zero only with auto-vacuum
            pages = f.length() / pageSize;
            usable = pageSize - (header[20] & 0xff); // less the bytes reserved at each page's end
        }
        Map<Integer, String> owners = new HashMap<>();
        try (Connection c = ReadOnlyDatabase.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, pageno FROM dbstat")) {
            while (rs.next()) {
                owners.put(rs.getInt(2), rs.getString(1));
            }
        }
        return new PageOwners(owners, pages, pageSize, autoVacuum, usable);
    }

    /** The big-endian 32-bit integer at {@code off}, as the database and WAL formats store them. */
    static int beInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    /** The pages this state has. */
    public long pageCount() {
        return pageCount;
    }

    /** Whether page {@code pgno} is a page of a table's or an index's b-tree in this state. */
    public boolean inBtree(int pgno) {
        return btreePages.containsKey(pgno);
    }

    /**
     * The owner of page {@code pgno}: a b-tree's name, {@link #FREELIST}, {@link #PTRMAP} or {@link #LOCK_BYTE};
     * empty past the end of the database.
     */
    public Optional<String> owner(int pgno) {
        String name = btreePages.get(pgno);
        if (name != null) {
            return Optional.of(name);
        }
        if (pgno < 1 || pgno > pageCount) {
            return Optional.empty();
        }
        if (pgno == LOCK_BYTE_OFFSET / pageSize + 1) {
            return Optional.of(LOCK_BYTE);
        }
        if (autoVacuum && isPtrmap(pgno)) {
            return Optional.of(PTRMAP);
        }
        return Optional.of(FREELIST);
    }

    /** Pointer-map pages: page 2, then one after every usable/5 pages they describe. */
    private boolean isPtrmap(int pgno) {
        long perMap = usableSize / 5 + 1; // a ptrmap page and the pages it describes
        return pgno >= 2 && (pgno - 2) % perMap == 0;
    }

    /**
     * Pages written per table or index as the CLI and the timeline show them: "orders (12), orders_by_user (3)",
     * most pages first (the order of the map); "?" when unknown, "-" when nothing.
     */
    public static String describe(Optional<Map<String, Integer>> pagesByOwner) {
        if (pagesByOwner.isEmpty()) {
            return "?";
        }
        if (pagesByOwner.get().isEmpty()) {
            return "-";
        }
        return pagesByOwner.get().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }
}
