package dev.litescope.ui.connections;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.Replicas;

/**
 * Asks whether Cloud Storage can be reached before a bucket is added. A seam so that window tests never ask
 * Google: they pass a probe of their own.
 */
@FunctionalInterface
public interface CredentialsProbe {

    /** Returns when there are credentials (or an emulator); throws with how to log in when not. Off the UI thread. */
    void check() throws Exception;

    /** The real check: STORAGE_EMULATOR_HOST, else Application Default Credentials. */
    static CredentialsProbe applicationDefault(ReplicaOptions options) {
        return () -> Replicas.requireCloudCredentials(options);
    }
}
