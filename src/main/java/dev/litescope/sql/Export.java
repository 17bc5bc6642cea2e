package dev.litescope.sql;

import dev.litescope.util.Cancellation;
import java.io.BufferedWriter;
import java.io.IOException;
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
    private static final List<List<Cell>> END = List.of();

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
                 Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                         StandardCharsets.UTF_8), 1 << 16)) {
                Outcome outcome = db.execute(statement);
                if (!(outcome instanceof Outcome.Rows r)) {
                    throw new IllegalArgumentException("nothing to export: the statement returns no rows");
                }
                try (ResultCursor cursor = r.cursor()) {
                    ResultWriter writer = ResultWriter.of(format, out, header);
                    writer.begin(cursor.columns());
                    rows = pipe(cursor, writer, progress, cancel);
                    writer.end();
                }
                out.flush();
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
     * Reads the cursor's pages on this thread while another formats and writes them, so that SQLite's work and
     * the writing overlap on two cores: reading is most of the cost, writing most of the rest. A failure on
     * either side stops the other.
     */
    private static long pipe(ResultCursor cursor, ResultWriter writer, LongConsumer progress, Cancellation cancel)
            throws SqlFailure, IOException, Cancellation.CancelledException {
        BlockingQueue<List<List<Cell>>> pages = new ArrayBlockingQueue<>(PAGES_AHEAD);
        ExecutorService writing = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "litescope-export-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Long> written = writing.submit(() -> {
                long n = 0;
                for (List<List<Cell>> page = pages.take(); page != END; page = pages.take()) {
                    for (List<Cell> row : page) {
                        writer.row(row);
                    }
                    n += page.size();
                    progress.accept(n);
                }
                return n;
            });
            while (!cursor.exhausted()) {
                cancel.check();
                List<List<Cell>> page = cursor.fetch(PAGE);
                if (!page.isEmpty()) {
                    hand(pages, page, written);
                }
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
    private static void hand(BlockingQueue<List<List<Cell>>> pages, List<List<Cell>> page, Future<Long> written)
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
