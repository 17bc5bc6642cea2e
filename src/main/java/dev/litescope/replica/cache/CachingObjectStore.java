package dev.litescope.replica.cache;

import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.RequestCounters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store whose reads go through an {@link ObjectCache} first: a second restore of a nearby point in the same
 * generation downloads only what it lacks. Listings always go to the store, since they must be current.
 */
public final class CachingObjectStore implements ObjectStore {
    private final ObjectStore store;
    private final ObjectCache cache;
    private final String storeId;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong hitBytes = new AtomicLong();

    /**
     * @param storeId names the store in cache keys: its endpoint and bucket, e.g.
     *                "https://storage.googleapis.com/b/bucket", so that an emulator's bucket and a real one of the
     *                same name never share entries
     */
    public CachingObjectStore(ObjectStore store, ObjectCache cache, String storeId) {
        this.store = store;
        this.cache = cache;
        this.storeId = storeId;
    }

    @Override
    public Listing list(String prefix, boolean delimited) throws ObjectStoreException {
        return store.list(prefix, delimited);
    }

    @Override
    public Listing listFirst(String prefix, int max) throws ObjectStoreException {
        return store.listFirst(prefix, max);
    }

    @Override
    public Listing listFirstDelimited(String prefix) throws ObjectStoreException {
        return store.listFirstDelimited(prefix);
    }

    @Override
    public Listing listRange(String prefix, String startOffset, String endOffset) throws ObjectStoreException {
        return store.listRange(prefix, startOffset, endOffset);
    }

    @Override
    public Listing listFrom(String prefix, String startOffset, String endOffset, int max)
            throws ObjectStoreException {
        return store.listFrom(prefix, startOffset, endOffset, max);
    }

    @Override
    public boolean listsByRequest() {
        return store.listsByRequest();
    }

    @Override
    public boolean readsAcrossNetwork(ObjectInfo object) {
        return !holds(object) && store.readsAcrossNetwork(object);
    }

    @Override
    public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
        Optional<byte[]> cached = cache.read(storeId, object);
        if (cached.isPresent()) {
            hit(cached.get().length);
            return cached.get();
        }
        byte[] data = store.readAll(object);
        cache.put(storeId, object, data);
        return data;
    }

    @Override
    public InputStream open(ObjectInfo object) throws ObjectStoreException {
        return open(object, 1);
    }

    @Override
    public InputStream openAhead(ObjectInfo object, int connections) throws ObjectStoreException {
        return open(object, connections);
    }

    private InputStream open(ObjectInfo object, int connections) throws ObjectStoreException {
        Optional<Path> cached = cache.get(storeId, object);
        if (cached.isPresent()) {
            try {
                InputStream in = Files.newInputStream(cached.get());
                hit(object.size());
                return in;
            } catch (IOException e) {
                cache.remove(cached.get()); // evicted by another process meanwhile
            }
        }
        // A miss: the caller reads the store's stream while it fills the cache entry.
        return cache.filling(storeId, object, store.openAhead(object, connections));
    }

    /** From the cached copy when there is one; else a ranged read of the store, which the cache does not keep. */
    @Override
    public byte[] readHead(ObjectInfo object, int length) throws ObjectStoreException {
        Optional<Path> cached = cache.get(storeId, object);
        if (cached.isPresent()) {
            try (InputStream in = Files.newInputStream(cached.get())) {
                byte[] head = in.readNBytes(length);
                hit(head.length);
                return head;
            } catch (IOException e) {
                cache.remove(cached.get()); // evicted by another process meanwhile
            }
        }
        return store.readHead(object, length);
    }

    /** Whether a read of {@code object} would be answered from the cache (were it not evicted meanwhile). */
    public boolean holds(ObjectInfo object) {
        return cache.holds(storeId, object);
    }

    private void hit(long bytes) {
        hits.incrementAndGet();
        hitBytes.addAndGet(bytes);
    }

    /** Reads answered from the cache, and their bytes. */
    public long hits() {
        return hits.get();
    }

    public long hitBytes() {
        return hitBytes.get();
    }

    @Override
    public String describe(String key) {
        return store.describe(key);
    }

    @Override
    public RequestCounters counters() {
        return store.counters();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
