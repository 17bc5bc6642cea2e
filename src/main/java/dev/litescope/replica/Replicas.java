package dev.litescope.replica;

import dev.litescope.replica.cache.CachingObjectStore;
import dev.litescope.replica.gcs.GcsCredentials;
import dev.litescope.replica.gcs.GcsObjectStore;

/** Opens the object store behind a replica URL. */
public final class Replicas {
    private Replicas() {
    }

    /** A local replica, which needs no options. */
    public static Replica open(ReplicaUrl url) throws ObjectStoreException {
        if (url instanceof ReplicaUrl.Local local) {
            return new Replica(new FileObjectStore(local.dir()), "", url);
        }
        throw new ObjectStoreException(url + " is in Cloud Storage: open it with ReplicaOptions");
    }

    /**
     * @return the store, and the key prefix under which the replica's own objects ("generations/…") live
     */
    public static Replica open(ReplicaUrl url, ReplicaOptions options) throws ObjectStoreException {
        if (url instanceof ReplicaUrl.Local) {
            return open(url);
        }
        ReplicaUrl.Gcs gcs = (ReplicaUrl.Gcs) url;
        GcsObjectStore gcsStore = GcsObjectStore.connect(gcs.bucket(), options.gcs(), options.gcsTotals());
        ObjectStore store = gcsStore;
        if (options.cache().isPresent()) {
            store = new CachingObjectStore(store, options.cache().get(), cacheId(gcsStore));
        }
        return new Replica(store, gcs.root(), url);
    }

    /** The store's name in cache keys: an emulator's bucket and a real bucket of the same name differ. */
    static String cacheId(GcsObjectStore store) {
        return store.endpoint() + "/b/" + store.bucket();
    }

    /**
     * Returns when Cloud Storage can be reached with {@code options}: an emulator is set, or Application Default
     * Credentials exist; throws with how to log in when not. Asks no server.
     */
    public static void requireCloudCredentials(ReplicaOptions options) throws ObjectStoreException {
        GcsCredentials.require(options.gcs());
    }
}
