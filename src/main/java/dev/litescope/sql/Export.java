package dev.litescope.sql;

import dev.litescope.util.Cancellation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Exports a query's rows to a file, streamed from its cursor straight to disk, a page at a time: nothing holds the
 * whole result (at most a few pages wait between the reading and the writing thread). The rows go to a temporary
 * file beside the target ({@code .NAME.RANDOM.litescope-tmp}), moved into place (replacing the target) only when
 * all are written; on cancel or failure the temporary file is deleted and the target is left as it was.
 */
public final class Export {
    /** Rows read from the cursor at a time; also how often progress is reported and cancel is checked. */
    static final int PAGE = 2000;

    /** Pages read ahead of the writing thread, at most. */
    private static final int PAGES_AHEAD = 4;
    private static final Object END = new Object();

    private Export() {
    }

    /** What an export wrote. */
    public record Result(Path file, long rows, long bytes, Duration elapsed) {
    }

    /**
     * Runs {@code statement} on {@code db} and writes its rows to {@code target}.
     *
     * @param progress told the number of rows written so far, after each page, from the export's writing thread
     * @param cancel stops the export, interrupting SQLite if it is busy; give each export its own, since it keeps
     *     interrupting {@code db} when cancelled later
     * @throws IllegalArgumentException when the statement returns no rows
     */
    public static Result toFile(SqlDatabase db, String statement, ResultWriter.Format format, boolean header,
                                Path target, LongConsumer progress, Cancellation cancel)
            throws SqlFailure, IOException, Cancellation.CancelledException {
        long start = System.nanoTime();
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new IOException("cannot export to " + file + ": it is a folder; choose a file name");
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        cancel.check();
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".litescope-tmp");
        boolean moved = false;
        cancel.onCancel(db::interrupt);
        try {
            long rows = 0;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream bytes = Channels.newOutputStream(channel)) {
                Outcome outcome = db.execute(statement);
                if (!(outcome instanceof Outcome.Rows r)) {
                    throw new IllegalArgumentException("nothing to export: the statement returns no rows");
                }
                try (ResultCursor cursor = r.cursor()) {
                    rows = format == ResultWriter.Format.CSV ? csv(cursor, header, bytes, progress, cancel)
                            : text(cursor, format, header, bytes, progress, cancel);
                }
                channel.force(true);
            } catch (SqlFailure f) {
                if (f.kind() == SqlFailure.Kind.INTERRUPTED && cancel.isCancelled()) {
                    throw new Cancellation.CancelledException();
                }
                throw f;
            }
            cancel.check();
            long bytes = Files.size(temp);
            permissions(temp, file);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            return new Result(file, rows, bytes, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    SqlDatabase.LOG.warn("could not delete the unfinished export {}; delete it by hand", temp, e);
                }
            }
        }
    }

    /**
     * The temporary file is private while it is written; the export gets the replaced file's permissions, or
     * rw-r--r-- as a file a program saves usually has.
     */
    private static void permissions(Path temp, Path target) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> wanted = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temp, wanted);
    }

    /**
     * CSV as bytes: this thread reads SQLite's values and builds the lines' bytes ({@link CsvBytes}), which is
     * nearly all the cost (a native call per value); the other writes the chunks to the file. No cell objects, Java
     * strings or charset encoding in between.
     */
    private static long csv(ResultCursor cursor, boolean header, OutputStream out, LongConsumer progress,
                            Cancellation cancel)
            throws SqlFailure, IOException, Cancellation.CancelledException {
        CsvBytes lines = new CsvBytes(1 << 17);
        if (header) {
            lines.header(cursor.columns());
        }
        return pipe(() -> {
            cursor.read(PAGE, lines);
            CsvBytes.Chunk chunk = lines.take();
            return chunk.length() == 0 && cursor.exhausted() ? null : chunk;
        }, chunk -> {
            out.write(chunk.bytes(), 0, chunk.length());
            return chunk.rows();
        }, progress, cancel);
    }

    /** The other formats, through their {@link ResultWriter}: pages of cells read here, formatted on the other. */
    private static long text(ResultCursor cursor, ResultWriter.Format format, boolean header, OutputStream bytes,
                             LongConsumer progress, Cancellation cancel)
            throws SqlFailure, IOException, Cancellation.CancelledException {
        Writer out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), 1 << 16);
        ResultWriter writer = ResultWriter.of(format, out, header);
        writer.begin(cursor.columns());
        long rows = pipe(() -> {
            List<List<Cell>> page = cursor.fetch(PAGE);
            return page.isEmpty() && cursor.exhausted() ? null : page;
        }, page -> {
            for (List<Cell> row : page) {
                writer.row(row);
            }
            return page.size();
        }, progress, cancel);
        writer.end();
        out.flush();
        return rows;
    }

    /** The next page from the cursor, or null after the last. */
    private interface PageSource<P> {
        P next() throws SqlFailure;
    }

    /** Writes a page, and says how many rows it held. */
    private interface PageSink<P> {
        long write(P page) throws IOException;
    }

    /**
     * Reads pages on this thread while another writes them, so that SQLite's work and the writing overlap on two
     * cores. A failure on either side stops the other.
     */
    private static <P> long pipe(PageSource<P> source, PageSink<P> sink, LongConsumer progress, Cancellation cancel)
            throws SqlFailure, IOException, Cancellation.CancelledException {
        BlockingQueue<Object> pages = new ArrayBlockingQueue<>(PAGES_AHEAD);
        ExecutorService writing = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "litescope-export-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Long> written = writing.submit(() -> {
                long n = 0;
                for (Object page = pages.take(); page != END; page = pages.take()) {
                    @SuppressWarnings("unchecked")
                    P p = (P) page;
                    n += sink.write(p);
                    progress.accept(n);
                }
                return n;
            });
            for (P page = source.next(); page != null; page = source.next()) {
                cancel.check();
                hand(pages, page, written);
            }
            hand(pages, END, written);
            try {
                return written.get();
            } catch (ExecutionException e) {
                throw writeFailure(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("the export was interrupted", e);
        } finally {
            writing.shutdownNow();
            try {
                // The file is closed once this returns: the writing thread must be done with it first.
                if (!writing.awaitTermination(10, TimeUnit.SECONDS)) {
                    SqlDatabase.LOG.warn("the export's writing thread did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Puts {@code page} in the queue, unless the writing thread has stopped: then its failure is thrown. */
    private static void hand(BlockingQueue<Object> pages, Object page, Future<Long> written)
            throws InterruptedException, IOException {
        while (!pages.offer(page, 50, TimeUnit.MILLISECONDS)) {
            if (written.isDone()) {
                try {
                    written.get();
                    throw new IllegalStateException("the export's writer stopped early");
                } catch (ExecutionException e) {
                    throw writeFailure(e);
                }
            }
        }
    }

    private static IOException writeFailure(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            return io;
        } else if (cause instanceof RuntimeException re) {
            throw re;
        }
        return new IOException("writing the export failed: " + cause, cause);
    }
}
