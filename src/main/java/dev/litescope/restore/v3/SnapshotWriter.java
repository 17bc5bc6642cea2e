package dev.litescope.restore.v3;

import dev.litescope.replica.DamagedReadException;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.restore.OutputFile;
import dev.litescope.restore.PageWriter;
import dev.litescope.restore.ParallelLz4Decoder;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.WriteBehind;
import dev.litescope.restore.WriteFailed;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import dev.litescope.util.CountingInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a snapshot into the restore's file as it streams from the store through the LZ4 decoder, a few blocks
 * (of at most 4 MiB) at a time, decoded on a small pool and written in order ({@link ParallelLz4Decoder}): the
 * snapshot is never held whole, whatever its size. A store that checks a streamed
 * read only at its end (Cloud Storage's CRC32C) says the bytes were damaged on the way with a
 * {@link DamagedReadException}; the snapshot is then read again from its start, a few times.
 */
final class SnapshotWriter {
    /** Reads of a snapshot whose bytes arrive damaged. */
    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** What the snapshot's database header says: its page size, and its change counter (bytes 24..27). */
    record Header(int pageSize, long changeCounter) {
    }

    private final ObjectStore store;
    private final int connections;
    private final OutputFile output;
    private final Cancellation cancel;
    private final LongConsumer bytesRead;
    private final Runnable progress;
    private final ParallelLz4Decoder decoder;

    /**
     * @param bytesRead   told of every stored byte read
     * @param progress    told after every block written
     * @param connections how many parts of the snapshot a store across a network may download at once
     */
    SnapshotWriter(ObjectStore store, OutputFile output, Cancellation cancel, LongConsumer bytesRead,
                   Runnable progress, ParallelLz4Decoder decoder, int connections) {
        this.connections = connections;
        this.decoder = decoder;
        this.store = store;
        this.output = output;
        this.cancel = cancel;
        this.bytesRead = bytesRead;
        this.progress = progress;
    }

    Header write(Snapshot snapshot, FileChannel out) throws RestoreException, CancelledException, IOException {
        String name = store.describe(snapshot.object().key());
        long[] written = {0};
        for (int attempt = 1; !stream(snapshot, name, out, written); attempt++) {
            if (attempt == ATTEMPTS) {
                throw new RestoreException("snapshot " + name + " arrived damaged " + attempt + " times (its bytes do "
                        + "not match the size and CRC32C of its listing): the stored object may be damaged; choose a "
                        + "target that uses another snapshot, or try again later");
            }
            out.truncate(0);
            written[0] = 0;
        }
        ByteBuffer header = ByteBuffer.allocate(100);
        out.read(header, 0);
        byte[] h = header.array();
        if (written[0] < 100
                || !Arrays.equals(h, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new RestoreException("snapshot " + name + " does not hold a SQLite database (" + written[0]
                    + " bytes without the SQLite header); the object is corrupt");
        }
        long changeCounter = ByteBuffer.wrap(h, 24, 4).getInt() & 0xffffffffL;
        return new Header(PageWriter.pageSizeOf(h), changeCounter);
    }

    /**
     * Streams the snapshot into the file from its start.
     *
     * @return false when the bytes were damaged on the way (the store says so at the end of the stream, which is
     *         read to its end when the decoder fails first): the caller reads the snapshot again
     */
    private boolean stream(Snapshot snapshot, String name, FileChannel out, long[] written)
            throws RestoreException, CancelledException, IOException {
        // Blocks are written on another thread while the next one is read and decoded.
        WriteBehind writes = new WriteBehind(out);
        try (InputStream in = new CountingInputStream(
                new BufferedInputStream(store.openAhead(snapshot.object(), connections), 1 << 16), bytesRead)) {
            try {
                decoder.decode(in, (data, off, n) -> {
                    if (cancel.isCancelled()) {
                        throw new InterruptedIOException("cancelled");
                    }
                    try {
                        writes.write(data, off, n, written[0]);
                    } catch (IOException e) {
                        throw new WriteFailed(e);
                    }
                    written[0] += n;
                    progress.run();
                });
                try {
                    writes.drain();
                } catch (IOException e) {
                    throw new WriteFailed(e);
                }
            } catch (IOException e) {
                drainQuietly(writes);
                if (!(e instanceof ObjectStoreException) && !(e instanceof WriteFailed) && !cancel.isCancelled()
                        && damagedOnTheWay(in)) {
                    log.warn("snapshot {} arrived damaged ({}); reading it again", name, e.getMessage());
                    return false;
                }
                throw e;
            }
        } catch (DamagedReadException e) {
            drainQuietly(writes);
            log.warn("{}; reading it again", e.getMessage());
            return false;
        } catch (ObjectStoreException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (WriteFailed e) {
            // A local fault (a full disk), not the object's.
            throw output.writeFailure(e.write());
        } catch (IOException e) {
            if (cancel.isCancelled()) {
                throw new CancelledException();
            }
            throw new RestoreException("snapshot " + name + " cannot be decoded (" + e.getMessage()
                    + "): the object is corrupt or truncated; choose a target that uses another snapshot", e);
        }
        return true;
    }

    /** Waits for the writes under way before the file is cut back for another read, or thrown away. */
    private static void drainQuietly(WriteBehind writes) {
        try {
            writes.drain();
        } catch (IOException e) {
            log.debug("a write of a snapshot being read again failed", e);
        }
    }

    /** Reads a stream whose decoding failed to its end: whether the store then finds its bytes damaged. */
    private static boolean damagedOnTheWay(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
            return false;
        } catch (DamagedReadException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
