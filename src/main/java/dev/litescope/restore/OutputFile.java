package dev.litescope.restore;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database file a restore writes, whatever the replica's format: it is built in a private (0600) temporary
 * file next to the target and moved into place only by {@link #commit()}; closing an uncommitted one deletes the
 * temporary file, so nothing half-written is ever left behind.
 *
 * <p>Before anything is written it refuses a target that is a directory, an existing target without
 * {@code force}, and a stale {@code -wal} or {@code -journal} beside a missing target (SQLite would replay the one
 * or roll back the other onto the restored database on first open). With {@code force} the target is replaced
 * atomically and its {@code -wal}, {@code -journal} and {@code -shm} are removed.
 *
 * <p>Temporary files are named {@code .NAME.PID.RANDOM.litescope-tmp}. A restore killed without a chance to
 * clean up (SIGKILL, power loss) leaves one behind; the next restore into the same folder removes those whose
 * process is gone, or is a newer process that reuses the pid.
 */
public final class OutputFile implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFile.class);
    static final String SUFFIX = ".litescope-tmp";
    private static final Pattern TEMP_NAME = Pattern.compile("^\\..+\\.(\\d+)\\.[^.]+" + Pattern.quote(SUFFIX) + "$");
    /** Companions SQLite reads beside a database, and what each would do to a fresh file. */
    private static final List<String> REFUSED_COMPANIONS = List.of("-wal", "-journal");
    private static final List<String> REMOVED_COMPANIONS = List.of("-wal", "-journal", "-shm");

    private final Path target;
    private final Path temp;
    private final boolean force;
    private RandomAccessFile file;
    private boolean committed;

    private OutputFile(Path target, Path temp, boolean force, RandomAccessFile file) {
        this.target = target;
        this.temp = temp;
        this.force = force;
        this.file = file;
    }

    /**
     * Checks the target, removes stale temporaries of earlier restores into its folder, and creates the
     * temporary file, open for writing.
     */
    public static OutputFile create(Path out, boolean force) throws RestoreException {
        Path target = out.toAbsolutePath().normalize();
        check(target, force);
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure("create the folder", dir, e);
        }
        removeStaleTemporaries(dir);
        Path temp;
        try {
            temp = createTemp(target);
        } catch (IOException e) {
            throw failure("create a temporary file in", dir, e);
        }
        try {
            return new OutputFile(target, temp, force, new RandomAccessFile(temp.toFile(), "rw"));
        } catch (IOException e) {
            deleteQuietly(temp);
            throw failure("open", temp, e);
        }
    }

    /** The file to create, absolute. */
    public Path target() {
        return target;
    }

    /** The temporary file the restore writes into (and an integrity check reads). */
    public Path temp() {
        return temp;
    }

    /** The temporary file, open for reading and writing until {@link #sync()}. */
    public RandomAccessFile file() {
        if (file == null) {
            throw new IllegalStateException("the temporary file for " + target + " is already synced and closed");
        }
        return file;
    }

    /**
     * Flushes the temporary file to disk and closes it.
     *
     * @return its size in bytes
     */
    public long sync() throws RestoreException {
        if (file == null) {
            return temp.toFile().length();
        }
        try {
            file.getChannel().force(true);
            long size = file.length();
            file.close();
            file = null;
            return size;
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    /** A failed write into the temporary file, as a message naming the target and what to do. */
    public RestoreException writeFailure(IOException e) {
        return failure("write the restored database for " + target + " into", temp, e);
    }

    /**
     * Moves the finished file into place: without {@code force} by a link, which never replaces a file that
     * appeared meanwhile; with it by an atomic rename over the old file, after removing its companions. Then
     * syncs the folder, so the new name survives a crash.
     */
    public void commit() throws RestoreException {
        sync();
        try {
            if (force) {
                for (String suffix : REMOVED_COMPANIONS) {
                    Files.deleteIfExists(companion(suffix));
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                link();
            }
        } catch (IOException e) {
            throw failure("move the restored database into place at", target, e);
        }
        committed = true;
        syncDirectory(target.getParent());
    }

    private void link() throws RestoreException, IOException {
        try {
            // A link never replaces an existing file, unlike rename: no window in which one is clobbered.
            Files.createLink(target, temp);
            Files.delete(temp);
        } catch (FileAlreadyExistsException e) {
            throw new RestoreException("output file " + target + " appeared while restoring; pass -force to "
                    + "replace it, or choose another path");
        } catch (UnsupportedOperationException | FileSystemException e) {
            // A file system without hard links: a plain move, which also refuses an existing target.
            Files.move(temp, target);
        }
    }

    /** Deletes the temporary file unless the output was committed. */
    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("cannot close the temporary file {}", temp, e);
            }
            file = null;
        }
        if (!committed) {
            deleteQuietly(temp);
        }
    }

    private Path companion(String suffix) {
        return Path.of(target + suffix);
    }

    private static void check(Path target, boolean force) throws RestoreException {
        if (Files.isDirectory(target)) {
            throw new RestoreException("output " + target + " is a directory; give the path of the database file "
                    + "to create");
        }
        if (force) {
            return;
        }
        if (Files.exists(target)) {
            throw new RestoreException("output file " + target + " already exists; pass -force to replace it, "
                    + "or choose another path");
        }
        for (String suffix : REFUSED_COMPANIONS) {
            Path companion = Path.of(target + suffix);
            if (Files.exists(companion)) {
                String does = suffix.equals("-wal") ? "apply it on top of" : "roll it back into";
                throw new RestoreException(companion + " exists although " + target + " does not; SQLite would "
                        + does + " the restored database. Remove it, or pass -force to have it removed");
            }
        }
    }

    /** A new file beside {@code target}, named so that {@link #removeStaleTemporaries} knows its process. */
    static Path createTemp(Path target) throws IOException {
        String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
        try {
            return Files.createTempFile(target.getParent(), prefix, SUFFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(target.getParent(), prefix, SUFFIX);
        }
    }

    /**
     * Removes temporaries of this naming whose restore can no longer be running: its process is gone, or the
     * process of that pid started after the file was last written (the pid was reused).
     */
    static void removeStaleTemporaries(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : entries) {
                Matcher m = TEMP_NAME.matcher(p.getFileName().toString());
                try {
                    if (m.matches() && isStale(p, Long.parseLong(m.group(1)))) {
                        LOG.info("removing {}, left by an earlier restore that did not finish", p);
                        deleteQuietly(p);
                    }
                } catch (NoSuchFileException e) {
                    // Another restore into this folder (bulk restores run several) just finished with it.
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.warn("cannot look for stale temporary files in {}", dir, e);
        }
    }

    private static boolean isStale(Path temp, long pid) throws IOException {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        FileTime written = Files.getLastModifiedTime(temp);
        return started.isPresent() && started.get().isAfter(written.toInstant());
    }

    /**
     * A file system error as a message that names the path and says what to do: permission denied and a full
     * disk each get their own advice.
     */
    static RestoreException failure(String doing, Path path, IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : String.valueOf(e.getMessage());
        String message;
        if (e instanceof AccessDeniedException || reason.contains("Permission denied")) {
            message = "cannot " + doing + " " + path + ": permission denied; choose a folder you can write to "
                    + "(-o), or change the permissions of " + (Files.isDirectory(path) ? path : path.getParent());
        } else if (isDiskFull(reason)) {
            message = "cannot " + doing + " " + path + ": the disk is full; free space on it, or restore to "
                    + "another disk (-o)";
        } else {
            message = "cannot " + doing + " " + path + ": " + reason;
        }
        return new RestoreException(message, e);
    }

    private static boolean isDiskFull(String reason) {
        return reason.contains("No space left on device") || reason.contains("Disk quota exceeded")
                || reason.contains("not enough space on the disk");
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the rename itself has happened.
            LOG.debug("cannot sync the folder {}", dir, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete the temporary file {}; remove it by hand", p, e);
        }
    }
}
