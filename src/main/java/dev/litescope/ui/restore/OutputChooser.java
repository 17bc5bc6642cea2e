package dev.litescope.ui.restore;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/**
 * Asks where to write a restored database. The window uses a save dialog; window tests pass a fixed path, as
 * native dialogs cannot be driven under a headless platform.
 */
@FunctionalInterface
public interface OutputChooser {
    /**
     * @return the path, or empty if the user backed out. A path the user picked in a save dialog has already
     *         been confirmed for overwriting by that dialog.
     */
    Optional<Path> choose(Window owner, String suggestedName);
}
