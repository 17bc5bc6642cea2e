package dev.litescope.restore.v3;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.cache.CachingObjectStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore plan would fetch from a store: its objects, the ones the local cache already holds, and so the
 * reads (GCS class B operations) and bytes left to download. Asks the cache (a file lookup per object), so
 * compute it off the UI thread.
 */
public record FetchEstimate(int objects, long bytes, int cachedObjects, long cachedBytes) {

    public static FetchEstimate of(RestorePlan plan, ObjectStore store) {
        List<ObjectInfo> wanted = new ArrayList<>(plan.objectCount());
        wanted.add(plan.snapshot().object());
        plan.segments().forEach(s -> wanted.add(s.object()));
        int cached = 0;
        long cachedBytes = 0;
        if (store instanceof CachingObjectStore caching) {
            for (ObjectInfo o : wanted) {
                if (caching.holds(o)) {
                    cached++;
                    cachedBytes += o.size();
                }
            }
        }
        return new FetchEstimate(wanted.size(), plan.storedBytes(), cached, cachedBytes);
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
