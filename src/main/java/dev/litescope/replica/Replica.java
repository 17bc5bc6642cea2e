package dev.litescope.replica;

/**
 * One replica: the store its objects live in, the key prefix under which they live, and the URL it was opened
 * by. Every key inside the replica is made by {@link #key(String)}, which always takes the root, as Litestream's
 * path helpers do: a key built without it names another replica's object (or none).
 *
 * @param root the key prefix of the replica's own objects ("generations/…", "ltx/…"); empty for a local folder
 *             or a bucket's top
 */
public record Replica(ObjectStore store, String root, ReplicaUrl url) {
    public Replica {
        if (root.startsWith("/") || root.endsWith("/")) {
            throw new IllegalArgumentException("replica root must not start or end with '/': " + root);
        }
    }

    /** The key of a path inside the replica. */
    public String key(String relative) {
        return root.isEmpty() ? relative : root + "/" + relative;
    }

    /** A human-readable location of a path inside the replica, for messages: a path, or gs://bucket/key. */
    public String describe(String relative) {
        return store.describe(key(relative));
    }
}
