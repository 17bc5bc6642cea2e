package dev.litescope.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import org.junit.jupiter.api.Test;

class DeferredTest {
    @Test
    void aHiddenChildJoinsItsParentTheFirstTimeItIsShownAndStays() {
        Pane parent = new Pane(new Region());
        Region child = new Region();
        SimpleBooleanProperty shown = new SimpleBooleanProperty(false);

        Deferred.appendWhenShown(parent, child, shown);
        assertThat(parent.getChildren()).hasSize(1).doesNotContain(child);

        shown.set(true);
        assertThat(parent.getChildren()).hasSize(2).endsWith(child);
        shown.set(false);
        shown.set(true);
        assertThat(parent.getChildren()).hasSize(2).containsOnlyOnce(child);
    }

    @Test
    void aChildShownAlreadyJoinsAtOnce() {
        Pane parent = new Pane();
        Region child = new Region();

        Deferred.appendWhenShown(parent, child, new SimpleBooleanProperty(true));
        assertThat(parent.getChildren()).containsExactly(child);
    }
}
