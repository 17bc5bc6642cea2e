package dev.litescope.replica;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a replica's objects live: a local directory or a bucket. Deliberately as small as Litestream's own
 * replica client: list and open. Implementations are safe for concurrent use.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Lists the objects whose keys start with {@code prefix}. With {@code delimited}, only the objects directly
     * under the prefix are returned and each deeper "directory" is reported once in {@link Listing#prefixes()};
     * without it the listing is recursive. Objects come sorted by key.
     *
     * @throws ObjectStoreException with a message that names the location and what to do
     */
    Listing list(String prefix, boolean delimited) throws ObjectStoreException;

    /**
     * Lists at most {@code max} objects under {@code prefix}, recursively, in key order, with one request where the
     * store has requests: {@link Listing#truncated()} tells whether there are more.
     */
    Listing listFirst(String prefix, int max) throws ObjectStoreException;

    /**
     * The first page of a delimited listing of {@code prefix}: one request where the store has requests, with
     * {@link Listing#truncated()} telling whether more entries follow. This default lists them all.
     */
    default Listing listFirstDelimited(String prefix) throws ObjectStoreException {
        return list(prefix, true);
    }

    /**
     * Lists, recursively and in key order, the objects under {@code prefix} whose keys are at or after
     * {@code startOffset} and before {@code endOffset} (either may be empty: no bound), all pages of it: one range of
     * a listing split so that its ranges can run in parallel. Stores with requests ask for only that range; this
     * default lists the prefix and keeps the range.
     */
    default Listing listRange(String prefix, String startOffset, String endOffset) throws ObjectStoreException {
        List<ObjectInfo> in = new ArrayList<>();
        for (ObjectInfo o : list(prefix, false).objects()) {
            if (o.key().compareTo(startOffset) >= 0 && (endOffset.isEmpty() || o.key().compareTo(endOffset) < 0)) {
                in.add(o);
            }
        }
        return new Listing(in, List.of());
    }

    /**
     * One listing request where the store has requests: at most {@code max} objects under {@code prefix},
     * recursively and in key order, at or after {@code startOffset} and before {@code endOffset} (either may be
     * empty: no bound); {@link Listing#truncated()} tells whether more follow. Discovery uses it to skip past a
     * replica's objects by starting the next request beyond them. This default lists the prefix and keeps the page.
     */
    default Listing listFrom(String prefix, String startOffset, String endOffset, int max)
            throws ObjectStoreException {
        List<ObjectInfo> in = new ArrayList<>();
        boolean more = false;
        for (ObjectInfo o : listRange(prefix, startOffset, endOffset).objects()) {
            if (in.size() == max) {
                more = true;
                break;
            }
            in.add(o);
        }
        return new Listing(in, List.of(), more);
    }

    /**
     * Whether a listing costs requests (a bucket), rather than a walk of local folders that reads every entry
     * anyway: discovery skips over objects only where skipping saves requests.
     */
    default boolean listsByRequest() {
        return false;
    }

    /**
     * Whether reading {@code object} goes across a network (a bucket, not a local folder or a cached copy), where
     * a restore downloads its large objects ahead into local files rather than stream each in its turn.
     */
    default boolean readsAcrossNetwork(ObjectInfo object) {
        return false;
    }

    /**
     * Opens an object, as the listing described it, for reading from its start: for objects too large to hold
     * in memory. The caller closes the stream.
     */
    InputStream open(ObjectInfo object) throws ObjectStoreException;

    /**
     * {@link #open} for an object read from its start to its end at once (a restore's snapshot), where a store
     * across a network may download up to {@code connections} parts of it side by side ahead of the reader,
     * within a bounded memory; with one connection, {@link #open}. This default is {@link #open}.
     */
    default InputStream openAhead(ObjectInfo object, int connections) throws ObjectStoreException {
        return open(object);
    }

    /**
     * Reads the first {@code length} bytes of an object (all of it when it is shorter), such as a file's header, for
     * a listing that wants one detail of a few files. Not verified against the object's checksum, which covers the
     * whole; the caller checks what it reads. Counted as one read. Stores with requests override it with one ranged
     * read; this default reads the start of {@link #open}.
     */
    default byte[] readHead(ObjectInfo object, int length) throws ObjectStoreException {
        try (InputStream in = open(object)) {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + describe(object.key()) + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole object, as the listing described it, verified against its checksum where the store has one. */
    byte[] readAll(ObjectInfo object) throws ObjectStoreException;

    /** A human-readable location for a key, for messages: a path, or gs://bucket/key. */
    String describe(String key);

    RequestCounters counters();

    @Override
    default void close() throws IOException {
    }
}
