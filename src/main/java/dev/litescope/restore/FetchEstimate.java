package dev.litescope.restore;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.cache.CachingObjectStore;

/**
 * What a restore plan of either format would fetch from a store: its objects, the ones the local cache already
 * holds, and so the reads (GCS class B operations) and bytes left to download. Asks the cache (a file lookup per
 * object), so compute it off the UI thread.
 */
public record FetchEstimate(int objects, long bytes, int cachedObjects, long cachedBytes) {

    public static FetchEstimate of(Plan plan, ObjectStore store) {
        int cached = 0;
        long cachedBytes = 0;
        if (store instanceof CachingObjectStore caching) {
            for (ObjectInfo o : plan.objects()) {
                if (caching.holds(o)) {
                    cached++;
                    cachedBytes += o.size();
                }
            }
        }
        return new FetchEstimate(plan.objectCount(), plan.storedBytes(), cached, cachedBytes);
    }

    /** Objects to download: one read request each. */
    public int downloads() {
        return objects - cachedObjects;
    }

    public long downloadBytes() {
        return bytes - cachedBytes;
    }

    /** What the downloads cost in Cloud Storage operations (reads are class B; egress is not included). */
    public double cost(Pricing pricing) {
        return pricing.operations(0, downloads());
    }
}
