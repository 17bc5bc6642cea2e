package dev.litescope.ui.fx;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The label before a field: its mnemonic (an underscore in the text) focuses the field, and it is never cut. */
public final class FieldLabel {
    private FieldLabel() {
    }

    public static Label of(String text, Node field) {
        Label label = new Label(text);
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
