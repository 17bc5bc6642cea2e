package dev.litescope.ui.deploy;

import dev.litescope.ui.WindowState;

/**
 * What the deploy wizard asks, as {@code litescope deploy} does, remembered between runs in the app's
 * {@link WindowState} under {@code deploy.*}. The defaults are the command line's.
 */
public record DeployAnswers(String project, String region, String bucket, String replicaPath, String service,
                            boolean makePublic) {
    static final String DEFAULT_REGION = "europe-west1";
    static final String DEFAULT_REPLICA_PATH = "guestbook";
    static final String DEFAULT_SERVICE = "litestream-sample";

    /** The answers last given, or the command line's defaults. Public access is never remembered as on. */
    public static DeployAnswers from(WindowState state) {
        return new DeployAnswers(state.text("deploy.project").orElse(""),
                state.text("deploy.region").orElse(DEFAULT_REGION), state.text("deploy.bucket").orElse(""),
                state.text("deploy.replicaPath").orElse(DEFAULT_REPLICA_PATH),
                state.text("deploy.service").orElse(DEFAULT_SERVICE), false);
    }

    public void into(WindowState state) {
        state.setText("deploy.project", project);
        state.setText("deploy.region", region);
        state.setText("deploy.bucket", bucket);
        state.setText("deploy.replicaPath", replicaPath);
        state.setText("deploy.service", service);
    }
}
