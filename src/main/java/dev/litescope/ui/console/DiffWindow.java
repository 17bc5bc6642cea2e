package dev.litescope.ui.console;

import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.Theme;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A window comparing two databases ({@link DiffPane}); Esc stops the reading, Ctrl+W closes it, and closing it ends
 * the comparison's connection.
 */
public final class DiffWindow {
    public final Stage stage = new Stage();
    public final DiffViewModel model;
    public final DiffPane pane;

    private DiffWindow(Window owner, TaskRunner runner, DiffViewModel.Sides sides) {
        if (owner != null) {
            stage.initOwner(owner);
        }
        model = new DiffViewModel(runner, sides);
        pane = new DiffPane(model);
        Scene scene = new Scene(pane, 1100, 720);
        Theme.style(scene);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), model::cancel);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), stage::hide);
        stage.setScene(scene);
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.setTitle("Compare " + sides.beforeTitle() + " with " + sides.afterTitle() + " — Litescope");
        stage.setOnHidden(e -> model.close());
    }

    /** Opens a window on the two databases and starts reading them. */
    public static DiffWindow open(Window owner, TaskRunner runner, DiffViewModel.Sides sides) {
        DiffWindow w = new DiffWindow(owner, runner, sides);
        w.stage.show();
        w.model.open();
        return w;
    }
}
