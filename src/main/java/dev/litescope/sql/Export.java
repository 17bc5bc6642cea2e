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
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Exports a query's rows to a file, streamed from its cursor straight to disk, a page at a time: nothing holds the
 * whole result. The rows go to a temporary file beside the target ({@code .NAME.RANDOM.litescope-tmp}), moved into
 * place (replacing the target) only when all are written; on cancel or failure the temporary file is deleted and the
 * target is left as it was.
 */
public final class Export {
    /** Rows read from the cursor at a time; also how often progress is reported and cancel is checked. */
    static final int PAGE = 2000;

    private Export() {
    }

    /** What an export wrote. */
    public record Result(Path file, long rows, long bytes, Duration elapsed) {
    }

    /**
     * Runs {@code statement} on {@code db} and writes its rows to {@code target}.
     *
     * @param progress told the number of rows written so far, after each page
     * @param cancel stops the export, interrupting SQLite if it is busy
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
                    while (!cursor.exhausted()) {
                        cancel.check();
                        List<List<Cell>> page = cursor.fetch(PAGE);
                        for (List<Cell> row : page) {
                            writer.row(row);
                        }
                        rows += page.size();
                        progress.accept(rows);
                    }
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
}
