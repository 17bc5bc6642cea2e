package dev.litescope.testsupport.gcs;

import java.time.Instant;
import java.util.Map;

/**
 * One object generation as {@link LoopbackGcs} stores it: the fields of a GCS object resource.
 *
 * @param timeCreated when this generation was written; never changes on reads or restarts
 *                    (Litestream v0.3 takes it as every snapshot's and WAL segment's time)
 * @param updated     equal to {@code timeCreated} unless a test hook changed the content in place
 * @param generation  strictly increasing across the whole server, also across restarts
 * @param md5Hash     base64 of the 16-byte MD5, as GCS sends it
 * @param crc32c      base64 of the big-endian 4-byte CRC32C, as GCS sends it
 * @param etag        an opaque tag that changes with every generation and metageneration
 */
public record ObjectMeta(String bucket, String name, long size, Instant timeCreated, Instant updated,
                         long generation, long metageneration, String md5Hash, String crc32c, String etag,
                         String contentType, Map<String, String> metadata) {
    public ObjectMeta {
        metadata = Map.copyOf(metadata);
    }
}
