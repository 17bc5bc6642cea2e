package dev.litescope.restore;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.TreeMap;

/**
 * Writes committed pages into the database file being restored, for all WAL indexes of a restore.
 *
 * <p>Pages wait in a write-back cache of at most {@link #CACHE_BYTES} that keeps only the newest version of each
 * page (copied, so no WAL segment stays in memory because of it); a flush writes them in page order, adjacent
 * pages with one gathering write. Hot pages (page 1, interior b-tree pages) that every transaction rewrites are
 * so written once per flush instead of once per transaction. The writes happen behind, on another thread
 * ({@link WriteBehind}), while the next pages are decoded; {@link #endIndex} and {@link #finish} wait for them.
 *
 * <p>The file's length follows SQLite's checkpoint rule: after each index it is the size recorded by that
 * index's last commit. Cached pages above it are dropped, pages already on disk above it are cut off, and
 * growth is left to the end, where the file is extended with zeros as a checkpoint's truncate would.
 */
public final class PageWriter {
    /** Committed pages kept in memory before they are written out. */
    static final long CACHE_BYTES = 32L << 20;

    private final RandomAccessFile file;
    private final WriteBehind writes;
    private final int pageSize;
    private final TreeMap<Integer, byte[]> cache = new TreeMap<>();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private long physicalPages;
    private long logicalPages;
    private long pagesWritten;

    public PageWriter(RandomAccessFile file, int pageSize) throws IOException {
        this.file = file;
        this.writes = new WriteBehind(file.getChannel());
        this.pageSize = pageSize;
        this.physicalPages = file.length() / pageSize;
        this.logicalPages = physicalPages;
    }

    /** The page size a SQLite database header records at offset 16 (the value 1 stands for 65536). */
    public static int pageSizeOf(byte[] header) {
        int v = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        return v == 1 ? 65536 : v;
    }

    public int pageSize() {
        return pageSize;
    }

    /** Stores the newest version of page {@code pgno} (1-based). */
    public void put(int pgno, byte[] src, int offset) throws IOException {
        byte[] page = cache.get(pgno);
        if (page == null) {
            page = free.isEmpty() ? new byte[pageSize] : free.pop();
            cache.put(pgno, page);
        }
        System.arraycopy(src, offset, page, 0, pageSize);
        if ((long) cache.size() * pageSize >= CACHE_BYTES) {
            flush();
        }
    }

    /** An index ended with a commit saying the database has {@code pages} pages. */
    public void endIndex(long pages) throws IOException {
        recycle(cache.tailMap((int) Math.min(Integer.MAX_VALUE, pages), false).values());
        cache.tailMap((int) Math.min(Integer.MAX_VALUE, pages), false).clear();
        if (physicalPages > pages) {
            writes.drain();
            file.setLength(pages * pageSize);
            physicalPages = pages;
        }
        logicalPages = pages;
    }

    /** Writes what is cached and gives the file its final length. */
    public void finish() throws IOException {
        flush();
        writes.drain();
        if (file.length() != logicalPages * pageSize) {
            file.setLength(logicalPages * pageSize);
        }
    }

    long pagesWritten() {
        return pagesWritten;
    }

    private void flush() throws IOException {
        for (var e : cache.entrySet()) {
            int pgno = e.getKey();
            writes.write(e.getValue(), 0, pageSize, (long) (pgno - 1) * pageSize);
            physicalPages = Math.max(physicalPages, pgno);
        }
        pagesWritten += cache.size();
        recycle(cache.values());
        cache.clear();
    }

    private void recycle(Collection<byte[]> pages) {
        // Keep enough spare buffers to refill the cache without allocating again.
        for (byte[] p : pages) {
            if ((long) free.size() * pageSize < CACHE_BYTES) {
                free.push(p);
            }
        }
    }
}
