package dev.litescope.replica.cache;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.util.OneByte;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object's stream from its store, read by the restore while each byte it reads is also written to a temporary
 * file in the cache (a tee): a miss downloads once and copies nothing before the restore sees its first byte.
 * The entry is published (moved into place) only once every listed byte has passed and their length and CRC32C
 * match the listing; a stream closed early (a cancelled restore), a failed read or bytes that do not match leave
 * no entry and no temporary file. A cache that cannot be written only stops filling: the reader is not told.
 */
final class CacheFill extends FilterInputStream {
    private static final Logger log = LoggerFactory.getLogger(CacheFill.class);

    private final ObjectInfo object;
    private final Path tmp;
    private final Path entry;
    private final ObjectCache cache;
    private final CRC32C crc = new CRC32C();
    private OutputStream out;
    private long length;
    private boolean published;

    CacheFill(InputStream source, ObjectInfo object, Path tmp, Path entry, ObjectCache cache) throws IOException {
        super(source);
        this.object = object;
        this.tmp = tmp;
        this.entry = entry;
        this.cache = cache;
        this.out = Files.newOutputStream(tmp);
    }

    @Override
    public int read() throws IOException {
        return OneByte.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
        if (n > 0) {
            length += n;
            if (published && length > object.size()) {
                // More than the listing said: the entry published at its listed length was not the object.
                log.warn("{} streamed more than its listed {} bytes; its cache entry is dropped", object.key(),
                        object.size());
                cache.remove(entry);
            } else if (out != null) {
                tee(b, off, n);
            }
        }
        return n;
    }

    private void tee(byte[] b, int off, int n) {
        try {
            out.write(b, off, n);
            crc.update(b, off, n);
            if (length == object.size()) {
                out.close();
                out = null;
                if (GcsObjectStore.crc32cBase64((int) crc.getValue()).equals(object.crc32c().orElse(""))) {
                    cache.publish(tmp, entry, object.size());
                    published = true;
                } else {
                    Files.deleteIfExists(tmp);
                }
            } else if (length > object.size()) {
                abandon();
            }
        } catch (IOException e) {
            log.debug("cannot fill the cache entry of {}; reading on without it", object.key(), e);
            abandon();
        }
    }

    @Override
    public long skip(long n) throws IOException {
        // Through read, so that skipped bytes still reach the cache file.
        byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(left, buf.length));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - Math.max(left, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: the cache file is written once, in order
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    @Override
    public void close() throws IOException {
        try {
            abandon();
        } finally {
            in.close();
        }
    }

    /** Stops filling: the temporary file, if not published, is removed. */
    private void abandon() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
            out = null;
        }
        if (!published) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                log.debug("cannot remove the unfinished cache file {}", tmp, e);
            }
        }
    }
}
