package dev.litescope.ui.fx;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * Parts of a window that stay hidden until something happens (a restore's result), kept out of the scene until
 * they are first shown. A node in a scene is styled, given its skin and laid out even while it is hidden, and the
 * window's first frame waits for all of that; a node outside it costs only its making.
 */
public final class Deferred {
    private Deferred() {
    }

    /**
     * Appends {@code child} to {@code parent}'s children the first time {@code shown} holds, at once if it holds
     * now. The child stays there afterwards, hidden or not as its own bindings say.
     */
    public static void appendWhenShown(Pane parent, Node child, ObservableValue<Boolean> shown) {
        if (Boolean.TRUE.equals(shown.getValue())) {
            parent.getChildren().add(child);
            return;
        }
        shown.addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean before, Boolean now) {
                if (Boolean.TRUE.equals(now)) {
                    shown.removeListener(this);
                    parent.getChildren().add(child);
                }
            }
        });
    }
}
