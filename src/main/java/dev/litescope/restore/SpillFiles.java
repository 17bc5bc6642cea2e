package dev.litescope.restore;

import dev.litescope.util.TempFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of objects too large to hold, downloaded ahead of the restore's apply step ({@link Prefetcher}):
 * beside the output, named as its temporary file is, so that the sweep of {@link OutputFile} removes what a
 * killed restore left, and all deleted on {@link #close()} whatever became of the restore. A copy is read once and
 * deleted as its stream closes.
 */
public final class SpillFiles implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SpillFiles.class);

    private final Path target;
    private final Set<Path> files = new HashSet<>();
    private boolean closed;

    /** @param target the restore's output: the copies go into its folder */
    public SpillFiles(Path target) {
        this.target = target;
    }

    /** A new empty file for one object's copy; refused once the restore has ended. */
    public synchronized Path create() throws IOException {
        if (closed) {
            throw new IOException("the restore into " + target + " has ended: no more downloads ahead");
        }
        Path p = OutputFile.createTemp(target);
        files.add(p);
        return p;
    }

    /** Reads a copy once: closing the stream deletes the file. */
    public InputStream openOnce(Path copy) throws IOException {
        return TempFiles.openThen(copy, () -> delete(copy));
    }

    /** Deletes a copy now (its object failed to download, or was read). */
    public synchronized void delete(Path copy) {
        if (files.remove(copy)) {
            deleteQuietly(copy);
        }
    }

    /**
     * Deletes every copy left and refuses new ones; a download still running writes on into a file no longer
     * there, whose space is freed when it ends.
     */
    @Override
    public synchronized void close() {
        closed = true;
        files.forEach(SpillFiles::deleteQuietly);
        files.clear();
    }

    synchronized int count() {
        return files.size();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot remove {}, a download ahead of a restore; remove it by hand", p, e);
        }
    }
}
