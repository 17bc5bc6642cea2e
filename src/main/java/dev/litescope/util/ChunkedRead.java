package dev.litescope.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Whole files read into memory without the JDK's per-thread native buffer of the file's size. */
public final class ChunkedRead {
    /** Bytes read a call. */
    private static final int CHUNK = 256 << 10;

    private ChunkedRead() {
    }

    /**
     * Reads a whole file, {@link #CHUNK} bytes a call. The JDK reads into a Java array through a native buffer as
     * large as the read, which it keeps for the thread: {@code Files.readAllBytes} of an 8 MiB WAL segment left
     * each of a restore's download threads holding 8 MiB outside the heap: a 1 GB restore peaked at 244 MiB
     * resident, and peaks at 183 MiB reading in chunks.
     */
    public static byte[] readAll(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("file of " + size + " bytes is too large to hold in memory");
            }
            byte[] b = new byte[(int) size];
            int len = 0;
            while (true) {
                if (len == b.length) {
                    int next = in.read();
                    if (next < 0) {
                        return b;
                    }
                    b = Arrays.copyOf(b, Math.max(len + CHUNK, len * 2));
                    b[len++] = (byte) next;
                }
                int n = in.read(b, len, Math.min(CHUNK, b.length - len));
                if (n < 0) {
                    return len == b.length ? b : Arrays.copyOf(b, len);
                }
                len += n;
            }
        }
    }
}
