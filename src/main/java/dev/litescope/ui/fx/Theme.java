package dev.litescope.ui.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;

/**
 * The look in one place: AtlantaFX's Primer theme, light or dark, as the user-agent stylesheet, and Litescope's
 * own stylesheet on every scene. Views use style classes from that stylesheet, never inline styles.
 */
public enum Theme {
    LIGHT, DARK;

    /** The stylesheet every Litescope scene carries. */
    public static final String STYLESHEET = Objects.requireNonNull(
            Theme.class.getResource("/dev/litescope/ui/litescope.css"), "litescope.css").toExternalForm();

    /** Makes this theme the application's; scenes restyle at once. */
    public void apply() {
        Application.setUserAgentStylesheet(this == DARK
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** Adds Litescope's stylesheet to a scene (once). */
    public static Scene style(Scene scene) {
        if (!scene.getStylesheets().contains(STYLESHEET)) {
            scene.getStylesheets().add(STYLESHEET);
        }
        return scene;
    }
}
