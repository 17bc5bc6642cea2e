package dev.litescope.ui;

import dev.litescope.ui.timeline.GenerationRow;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;

/**
 * For the launch benchmark: with {@code -Dlitescope.launchProbe=true} (or {@code LITESCOPE_LAUNCH_PROBE=true} in
 * the environment, for the installed launcher, whose JVM options are fixed) the app prints a line when its first frame
 * has been laid out ({@code litescope-probe first-frame}) and when the replica it opened at start is on screen
 * ({@code litescope-probe replica-shown}), then quits. The benchmark times these lines from the moment it
 * started the process, so JVM start-up, JavaFX's and the demo's are all counted.
 */
final class LaunchProbe {
    static final String PROPERTY = "litescope.launchProbe";
    static final String VARIABLE = "LITESCOPE_LAUNCH_PROBE";

    private LaunchProbe() {
    }

    static void attachIfRequested(Scene scene, MainViewModel model) {
        if (!Boolean.getBoolean(PROPERTY) && !"true".equals(System.getenv(VARIABLE))) {
            return;
        }
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                report("first-frame");
            }
        });
        model.generations().addListener(new ListChangeListener<GenerationRow>() {
            @Override
            public void onChanged(Change<? extends GenerationRow> c) {
                if (model.generations().isEmpty()) {
                    return;
                }
                model.generations().removeListener(this);
                // The next layout pulse is the one that draws the replica.
                scene.addPostLayoutPulseListener(new Runnable() {
                    @Override
                    public void run() {
                        scene.removePostLayoutPulseListener(this);
                        report("replica-shown");
                        Platform.exit();
                    }
                });
                Platform.requestNextPulse();
            }
        });
    }

    private static void report(String milestone) {
        System.out.println("litescope-probe " + milestone);
        System.out.flush();
    }
}
