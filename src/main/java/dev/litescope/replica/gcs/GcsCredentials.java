package dev.litescope.replica.gcs;

import dev.litescope.replica.ObjectStoreException;

/** Whether Cloud Storage can be reached at all, asked before a bucket is added rather than when it is listed. */
public final class GcsCredentials {
    private GcsCredentials() {
    }

    /**
     * Returns when an emulator is configured or Application Default Credentials are found; otherwise throws with
     * how to log in. Slow when there are none (the library asks the metadata server): call it off the UI thread.
     */
    public static void require(GcsSettings settings) throws ObjectStoreException {
        if (settings.emulatorHost().isPresent()) {
            return;
        }
        GcsObjectStore.applicationDefault();
    }
}
