package dev.litescope.replica;

import java.io.IOException;
import java.io.InputStream;

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

    /** Opens an object for reading from its start. The caller closes the stream. */
    InputStream open(String key) throws ObjectStoreException;

    /** Reads a whole object. Stores override this when they can do it in one sized read. */
    default byte[] readAll(String key) throws ObjectStoreException {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        } catch (ObjectStoreException e) {
            throw e;
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    /** A human-readable location for a key, for messages: a path, or gs://bucket/key. */
    String describe(String key);

    RequestCounters counters();

    @Override
    default void close() throws IOException {
    }
}
