package dev.litescope.replica;

import java.time.Instant;

/**
 * One stored object as a listing reports it.
 *
 * @param key     the full key inside the store, '/'-separated, no leading slash
 * @param size    stored (compressed) bytes
 * @param created the object's creation time at the store's full precision: nanoseconds for files, milliseconds
 *                for GCS. Litestream 0.3 takes every time-based decision on this value, so it must never be
 *                rounded.
 */
public record ObjectInfo(String key, long size, Instant created) {
    /** The last path element, which Litestream matches its name patterns against. */
    public String baseName() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
