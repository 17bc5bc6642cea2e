package dev.litescope.replica.gcs;

import dev.litescope.cloud.Failures;
import dev.litescope.replica.DamagedReadException;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.RequestCounters;
import dev.litescope.util.OneByte;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.zip.CRC32C;

/**
 * One object's media streamed from Cloud Storage, checked over the stream: the size and the CRC32C the listing
 * carries are compared when the body ends, and a mismatch is a {@link DamagedReadException}. A body that breaks
 * off part-way (a reset, a timeout, fewer bytes than listed) is resumed where it stopped, with a ranged GET of the
 * same generation, a bounded number of times: a large snapshot is neither held in memory nor written to disk
 * first, and one dropped connection does not cost it whole.
 */
final class MediaStream extends InputStream {
    /** Opens the object's media from a byte offset, with the store's retries. */
    interface Opener {
        InputStream open(long from) throws ObjectStoreException;
    }

    private final ObjectInfo object;
    private final String name;
    private final Opener opener;
    private final RequestCounters counters;
    private final int maxResumes;
    private final CRC32C crc = new CRC32C();
    private InputStream in;
    private long position;
    private int resumes;
    private boolean ended;

    MediaStream(ObjectInfo object, String name, Opener opener, RequestCounters counters, int maxResumes)
            throws ObjectStoreException {
        this.object = object;
        this.name = name;
        this.opener = opener;
        this.counters = counters;
        this.maxResumes = maxResumes;
        this.in = opener.open(0);
    }

    @Override
    public int read() throws IOException {
        return OneByte.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (ended) {
                return -1;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("download of " + name + " cancelled");
            }
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, Math.max(1, object.size() - position + 1)));
            } catch (IOException e) {
                if (!Failures.isTransient(e)) {
                    throw e;
                }
                resume(e.toString());
                continue;
            }
            if (n < 0) {
                if (position < object.size()) {
                    resume("the body ended after " + position + " of " + object.size() + " bytes");
                    continue;
                }
                ended = true;
                verify();
                return -1;
            }
            position += n;
            crc.update(b, off, n);
            counters.countBytes(n);
            if (position > object.size()) {
                throw new DamagedReadException("download of " + name + " is damaged: more than the listed "
                        + object.size() + " bytes arrived; the object may have been replaced, so list the replica "
                        + "again");
            }
            return n;
        }
    }

    private void resume(String why) throws IOException {
        if (resumes >= maxResumes) {
            throw new ObjectStoreException("download of " + name + " broke off " + (resumes + 1) + " times, the "
                    + "last after " + position + " of " + object.size() + " bytes (" + why + "); check the network "
                    + "and try again");
        }
        resumes++;
        closeQuietly();
        in = opener.open(position);
    }

    private void verify() throws DamagedReadException {
        verify(object, name, crc);
    }

    /** Whether the CRC32C of what was read of a whole object is the one its listing gave. */
    static void verify(ObjectInfo object, String name, CRC32C crc) throws DamagedReadException {
        if (object.crc32c().isEmpty()) {
            return;
        }
        String got = GcsObjectStore.crc32cBase64((int) crc.getValue());
        if (!got.equals(object.crc32c().get())) {
            throw new DamagedReadException("download of " + name + " is damaged: its CRC32C is " + got + " where "
                    + "the listing says " + object.crc32c().get());
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException e) {
            // a broken connection; a new one replaces it
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
