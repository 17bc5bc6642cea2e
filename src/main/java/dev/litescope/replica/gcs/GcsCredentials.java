package dev.litescope.replica.gcs;

import dev.litescope.replica.ObjectStoreException;

/** Whether Cloud Storage can be reached at all, asked before a bucket is added rather than when it is listed. */
public final class GcsCredentials {
    private GcsCredentials() {
    }

    /**
     * Returns when the endpoint is a plain-http emulator or fake, or Application Default Credentials are found;
     * otherwise throws with how to log in. Slow when there are none (the library asks the metadata server): call it
     * off the UI thread.
     */
    public static void require(GcsSettings settings) throws ObjectStoreException {
        boolean needs;
        try {
            needs = settings.endpoint().needsCredentials();
        } catch (IllegalArgumentException e) {
            throw new ObjectStoreException("cannot reach Cloud Storage: " + e.getMessage(), e);
        }
        if (!needs) {
            return;
        }
        GcsObjectStore.applicationDefault();
    }
}
