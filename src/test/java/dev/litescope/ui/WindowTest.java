package dev.litescope.ui;

import dev.litescope.ui.fx.FxTaskRunner;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What every test of a real window under Monocle shares: the stage TestFX hands over, a task runner on the FX
 * thread that is closed after each test, waiting for the window to get somewhere (with a picture of every open
 * window when it does not), and screenshots for a human to look at.
 *
 * <p>A subclass's {@code @Start} method calls {@link #begin} first.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class WindowTest {
    private static final Logger LOG = LoggerFactory.getLogger(WindowTest.class);
    /** Long enough for a loaded 2-core machine; a window that gets there returns at once. */
    private static final int DEFAULT_SECONDS = 30;

    protected Stage stage;
    protected FxTaskRunner runner;

    protected final void begin(Stage stage) {
        this.stage = stage;
        runner = new FxTaskRunner();
    }

    @AfterEach
    final void closeRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    protected final void waitFor(Callable<Boolean> condition) {
        waitFor(DEFAULT_SECONDS, condition);
    }

    /**
     * Waits until {@code condition} holds, then for the FX events it set off. When it never does, every open
     * window is saved as {@code <TestClass>-timeout-<n>.png} and the test fails, saying {@link #whereItStopped}.
     */
    protected final void waitFor(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            String where = whereItStopped();
            int n = 0;
            for (Window w : Window.getWindows().toArray(Window[]::new)) {
                if (w.getScene() != null) {
                    try {
                        TestWindows.screenshot(w.getScene(), getClass().getSimpleName() + "-timeout-" + n++ + ".png");
                    } catch (Exception failed) {
                        LOG.warn("could not save a picture of the window", failed);
                    }
                }
            }
            throw new AssertionError("the window did not get there in " + seconds + " s" + where, e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Added to a timeout's message: what the window was doing, for a subclass that can tell. */
    protected String whereItStopped() {
        return "";
    }

    /** The stage's scene as rendered, into the build's screenshots folder. */
    protected final void screenshot(String name) throws Exception {
        TestWindows.screenshot(stage.getScene(), name);
    }
}
