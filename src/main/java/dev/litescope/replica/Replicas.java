package dev.litescope.replica;

/** Opens the object store behind a replica URL. */
public final class Replicas {
    private Replicas() {
    }

    /**
     * @return the store, and the key prefix under which the replica's own objects ("generations/…") live
     */
    public static Opened open(ReplicaUrl url) throws ObjectStoreException {
        if (url instanceof ReplicaUrl.Local local) {
            return new Opened(new FileObjectStore(local.dir()), "");
        }
        ReplicaUrl.Gcs gcs = (ReplicaUrl.Gcs) url;
        throw new ObjectStoreException("reading Google Cloud Storage replicas (" + gcs
                + ") is not available in this build yet; copy the replica locally (gsutil -m cp -r) and pass "
                + "its folder");
    }

    public record Opened(ObjectStore store, String root) {
        /** The key of a path inside the replica. */
        public String key(String relative) {
            return root.isEmpty() ? relative : root + "/" + relative;
        }
    }
}
