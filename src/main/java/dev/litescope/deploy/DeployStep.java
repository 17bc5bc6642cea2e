package dev.litescope.deploy;

import java.util.Locale;

/**
 * What a deploy reports: the seven steps, the state each ends in, and the listener that hears them (the command
 * line prints them; the wizard will show them).
 */
public final class DeployStep {
    private DeployStep() {
    }

    /** The steps, in the order they run. */
    public enum Step {
        APIS("enable the APIs"),
        BUCKET("the replica bucket"),
        SERVICE_ACCOUNT("the runtime service account and its access to the bucket"),
        REPOSITORY("the Artifact Registry repository"),
        IMAGE("the app image"),
        SERVICE("the Cloud Run service"),
        PUBLIC_ACCESS("public access");

        private final String title;

        Step(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        /** The name in {@code --json} output: service-account. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How a step ended; the two "will" states are a dry run's. */
    public enum State {
        EXISTS, CREATED, UPDATED, SKIPPED, FAILED, WILL_CREATE, WILL_CHANGE;

        /** The name in {@code --json} output: exists, will-create. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One step's outcome. */
    public record Report(Step step, State state, String detail) {
    }

    /** Hears each step start and end, on the thread that runs the deploy. */
    public interface Listener {
        default void started(Step step) {
        }

        void finished(Report report);
    }
}
