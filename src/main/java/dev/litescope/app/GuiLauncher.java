package dev.litescope.app;

import dev.litescope.ui.LitescopeApp;
import dev.litescope.util.LogFiles;
import javafx.application.Application;

/**
 * Starts the desktop app. A class of its own so that the CLI path of {@link Launcher} never loads JavaFX, and
 * not an {@link Application} itself: the JDK's launcher refuses to start a JavaFX Application main class from
 * the class path (as in the shaded jar) unless JavaFX is on the module path.
 */
final class GuiLauncher {
    private GuiLauncher() {
    }

    static void launch(String[] args) {
        LogFiles.startDesktopLog(System.getenv());
        Application.launch(LitescopeApp.class, args);
    }
}
