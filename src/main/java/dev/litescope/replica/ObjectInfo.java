package dev.litescope.replica;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One stored object as a listing reports it.
 *
 * @param key        the full key inside the store, '/'-separated, no leading slash
 * @param size       stored (compressed) bytes
 * @param created    the object's creation time at the store's full precision: nanoseconds for files, milliseconds
 *                   for GCS. Litestream 0.3 takes every time-based decision on this value, so it is never rounded.
 * @param generation the GCS object generation: reads ask for exactly this version, and a cache may keep it
 *                   forever, since a generation's bytes never change
 * @param crc32c     the store's checksum of the bytes (GCS: base64 of the big-endian CRC32C), checked on download
 * @param metadata   the object's custom metadata where the store has it (GCS), for instance Litestream 0.5's
 *                   {@code litestream-timestamp}; empty for a folder
 */
public record ObjectInfo(String key, long size, Instant created, OptionalLong generation, Optional<String> crc32c,
                         Map<String, String> metadata) {
    public ObjectInfo {
        metadata = Map.copyOf(metadata);
    }

    /** An object without custom metadata. */
    public ObjectInfo(String key, long size, Instant created, OptionalLong generation, Optional<String> crc32c) {
        this(key, size, created, generation, crc32c, Map.of());
    }

    /** An object of a store that has no versions or checksums, such as a local folder. */
    public ObjectInfo(String key, long size, Instant created) {
        this(key, size, created, OptionalLong.empty(), Optional.empty());
    }

    /** The last path element, which Litestream matches its name patterns against. */
    public String baseName() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
