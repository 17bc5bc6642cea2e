package dev.litescope.replica;

import dev.litescope.replica.cache.ObjectCache;
import dev.litescope.replica.gcs.GcsSettings;
import java.util.Map;
import java.util.Optional;

/**
 * How to open replicas: how to reach Cloud Storage, the local cache of immutable objects (none to always
 * download), and counters that every Cloud Storage store opened with these options also counts into (the
 * desktop app's per-session totals; the command line has none and reads each store's own counters).
 */
public record ReplicaOptions(GcsSettings gcs, Optional<ObjectCache> cache, Optional<RequestCounters> gcsTotals) {

    public ReplicaOptions(GcsSettings gcs, Optional<ObjectCache> cache) {
        this(gcs, cache, Optional.empty());
    }

    /** These options, with every Cloud Storage request also counted into {@code totals}. */
    public ReplicaOptions withGcsTotals(RequestCounters totals) {
        return new ReplicaOptions(gcs, cache, Optional.of(totals));
    }

    /** Default cache bound; LITESCOPE_CACHE_MAX_MB overrides it, and 0 means no cache at all. */
    public static final long DEFAULT_CACHE_BYTES = 2L << 30;

    public static ReplicaOptions fromEnvironment(Map<String, String> env, boolean useCache) {
        long max = DEFAULT_CACHE_BYTES;
        String mb = env.get("LITESCOPE_CACHE_MAX_MB");
        if (mb != null && !mb.isBlank()) {
            try {
                max = Long.parseLong(mb.trim()) << 20;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("LITESCOPE_CACHE_MAX_MB must be a whole number of MiB: " + mb);
            }
        }
        // A limit of 0 turns the cache off: no reads from it either, or a cache left from before would still answer.
        Optional<ObjectCache> cache = useCache && max > 0
                ? Optional.of(new ObjectCache(ObjectCache.defaultDir(env), max)) : Optional.empty();
        return new ReplicaOptions(GcsSettings.fromEnvironment(env), cache);
    }
}
