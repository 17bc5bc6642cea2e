package dev.litescope.ui.connections;

import dev.litescope.replica.gcs.GcsCredentials;
import dev.litescope.replica.gcs.GcsSettings;

/**
 * Asks whether Cloud Storage can be reached before a bucket is added. A seam so that window tests never ask
 * Google: they pass a probe of their own.
 */
@FunctionalInterface
public interface CredentialsProbe {

    /** Returns when there are credentials (or an emulator); throws with how to log in when not. Runs off the UI thread. */
    void check() throws Exception;

    /** The real check: STORAGE_EMULATOR_HOST, else Application Default Credentials. */
    static CredentialsProbe applicationDefault(GcsSettings settings) {
        return () -> GcsCredentials.require(settings);
    }
}
