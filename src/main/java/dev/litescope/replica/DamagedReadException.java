package dev.litescope.replica;

/**
 * A streamed read that ended with bytes that do not match the object's listed size or checksum. The caller has
 * already consumed those bytes, so the store cannot retry for it: the caller discards what it made of them and
 * opens the object again, which may succeed (damage in transit), or keeps failing (damage at rest).
 */
public final class DamagedReadException extends ObjectStoreException {
    public DamagedReadException(String message) {
        super(message);
    }
}
