package dev.litescope.ui.fx;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The app's own icon on a window (the title bar, the task switcher): the PNGs made from
 * {@code assets/icon/litescope.svg}, which the jar carries under {@code /icon/}. They load in the background, so
 * the window never waits on them.
 */
public final class AppIcon {
    /**
     * The sizes a window is given. Not 256 (the installers' size, from {@code assets/icon}): JavaFX
     * hands the window system one image, scaled on the FX thread from the best of these to 128 px on Linux and
     * macOS and 32 px on Windows, and scaling a 256 px image down there cost the first frame some 20 ms.
     */
    static final int[] SIZES = {16, 24, 32, 48, 64, 128};

    private AppIcon() {
    }

    /** The icon's images, one per size, as the jar holds them; none where the jar lacks them. */
    public static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            URL url = AppIcon.class.getResource("/icon/litescope-" + size + ".png");
            if (url != null) {
                images.add(new Image(url.toExternalForm(), true));
            }
        }
        return images;
    }

    /**
     * Gives {@code stage} the app's icon, once every size has loaded: a window takes the images that are ready
     * when its icons are set and does not look again when the others finish.
     */
    public static void apply(Stage stage) {
        List<Image> images = images();
        Runnable setWhenLoaded = () -> {
            if (images.stream().allMatch(i -> i.getProgress() >= 1.0)) {
                stage.getIcons().setAll(images.stream().filter(i -> !i.isError()).toList());
            }
        };
        for (Image image : images) {
            image.progressProperty().addListener((o, before, now) -> setWhenLoaded.run());
        }
        setWhenLoaded.run();
    }
}
