package dev.litescope.replica;

/**
 * The place a replica should be is not there at all (a local folder that does not exist). Callers for which an
 * absent replica is a normal state, as {@code restore -if-replica-exists} or a wait for Litestream's first upload,
 * catch this one; everyone else shows its message.
 */
public final class MissingReplicaException extends ObjectStoreException {
    public MissingReplicaException(String message) {
        super(message);
    }
}
