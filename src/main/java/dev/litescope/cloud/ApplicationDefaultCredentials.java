package dev.litescope.cloud;

import com.google.auth.Credentials;
import com.google.auth.oauth2.ComputeEngineCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import java.io.IOException;
import java.util.Optional;

/** Google's Application Default Credentials (google-auth-library), and who they are, for messages. */
public final class ApplicationDefaultCredentials {
    private ApplicationDefaultCredentials() {
    }

    /** No credentials could be found; the message says how to log in. */
    public static final class Missing extends IOException {
        Missing(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The credentials of this environment: GOOGLE_APPLICATION_CREDENTIALS, the gcloud application-default login,
     * or the metadata server. Slow when there are none (the library asks the metadata server): never call it on
     * a UI thread.
     *
     * @param needs what the caller needs the account to hold, for the message when there is none, e.g.
     *              "storage.objects.list and storage.objects.get on the bucket, e.g. roles/storage.objectViewer"
     */
    public static Credentials find(String needs) throws Missing {
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new Missing("no Google Cloud credentials found: run `gcloud auth application-default login`, or "
                    + "set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file (it needs " + needs + "). ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The project a service-account key names, if any. */
    public static Optional<String> projectOf(Credentials c) {
        return c instanceof ServiceAccountCredentials sa ? Optional.ofNullable(sa.getProjectId()) : Optional.empty();
    }

    /** Who the requests run as, for permission messages. Never asks the network, never shows a secret. */
    public static String describe(Credentials c) {
        if (c instanceof ServiceAccountCredentials sa) {
            return "service account " + sa.getClientEmail();
        }
        if (c instanceof ImpersonatedCredentials ic) {
            return "impersonated service account " + ic.getAccount();
        }
        if (c instanceof UserCredentials) {
            return "your gcloud application-default user login";
        }
        if (c instanceof ComputeEngineCredentials) {
            return "the metadata server's service account";
        }
        return c.getClass().getSimpleName();
    }
}
