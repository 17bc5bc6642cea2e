package dev.litescope.util;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Temporary files handed to a reader that owns them from then on. */
public final class TempFiles {
    private static Path privateDir;

    private TempFiles() {
    }

    /**
     * A new empty file (0600) for a download, in this process's own folder (0700) under the system's temporary
     * folder: another user of a shared {@code /tmp} can neither read a download nor see its name.
     */
    public static Path createPrivate(String prefix, String suffix) throws IOException {
        Path dir = privateDir();
        try {
            return Files.createTempFile(dir, prefix, suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(dir, prefix, suffix);
        }
    }

    private static synchronized Path privateDir() throws IOException {
        if (privateDir == null || !Files.isDirectory(privateDir)) {
            Path dir;
            try {
                dir = Files.createTempDirectory("litescope-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                dir = Files.createTempDirectory("litescope-");
            }
            // Deleted at exit once its downloads, each deleted on close, are gone.
            dir.toFile().deleteOnExit();
            privateDir = dir;
        }
        return privateDir;
    }

    /** Opens {@code file} for reading; closing the stream deletes the file. */
    public static InputStream openDeletingOnClose(Path file) throws IOException {
        return openThen(file, () -> Files.deleteIfExists(file));
    }

    /** Opens {@code file} for reading; closing the stream then closes {@code after} (which deletes the file). */
    public static InputStream openThen(Path file, Closeable after) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    after.close();
                }
            }
        };
    }
}
