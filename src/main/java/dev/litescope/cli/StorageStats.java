package dev.litescope.cli;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.RequestCounters;
import dev.litescope.replica.cache.CachingObjectStore;
import dev.litescope.util.Units;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The storage requests a command made, and for Cloud Storage what they cost. */
record StorageStats(String type, long lists, long reads, long bytesDownloaded, long cacheHits, long cacheBytes,
                    double cost) {

    static StorageStats of(Replica opened, Pricing pricing) {
        RequestCounters.Snapshot c = opened.store().counters().snapshot();
        long hits = 0;
        long hitBytes = 0;
        if (opened.store() instanceof CachingObjectStore cs) {
            hits = cs.hits();
            hitBytes = cs.hitBytes();
        }
        boolean gcs = opened.url() instanceof ReplicaUrl.Gcs;
        return new StorageStats(gcs ? "gcs" : "file", c.lists(), c.reads(), c.bytesRead(), hits, hitBytes,
                gcs ? pricing.operations(c.lists(), c.reads()) : 0);
    }

    String describe() {
        if (type.equals("file")) {
            return String.format(Locale.ROOT, "storage: local folder, %d listings, %d reads, %s read",
                    lists, reads, Units.bytes(bytesDownloaded));
        }
        return String.format(Locale.ROOT, "storage: %d list requests (class A), %d reads (class B), %s downloaded, "
                        + "%d reads from the local cache (%s); operations cost $%.7f", lists, reads,
                Units.bytes(bytesDownloaded), cacheHits, Units.bytes(cacheBytes), cost);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("storage", type);
        m.put("class_a_operations", lists);
        m.put("class_b_operations", reads);
        m.put("bytes_downloaded", bytesDownloaded);
        m.put("cache_hits", cacheHits);
        m.put("cache_bytes", cacheBytes);
        m.put("operations_cost_usd", cost);
        return m;
    }
}
