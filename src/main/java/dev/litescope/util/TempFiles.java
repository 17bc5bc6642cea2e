package dev.litescope.util;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary files handed to a reader that owns them from then on. */
public final class TempFiles {
    private TempFiles() {
    }

    /** Opens {@code file} for reading; closing the stream deletes the file. */
    public static InputStream openDeletingOnClose(Path file) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        };
    }
}
