package dev.litescope.ui.console;

import java.util.function.IntFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import org.fxmisc.richtext.GenericStyledArea;

/**
 * The editor's gutter: each line's number, right-aligned to the width of the largest one, coloured by the
 * stylesheet alone ({@code .lineno}, {@code .lineno-text}); RichTextFX's own {@code LineNumberFactory} sets its
 * font, colour and background in code. The editor installs it once the code area is in a window: a gutter made
 * before is styled outside it, where the theme's colours cannot be looked up (JavaFX logs a warning for each).
 */
final class LineNumbers implements IntFunction<Node> {
    private final IntegerProperty digits = new SimpleIntegerProperty(1);

    LineNumbers(GenericStyledArea<?, ?, ?> area) {
        area.getParagraphs().sizeProperty().values()
                .subscribe(lines -> digits.set(Integer.toString(lines).length()));
    }

    @Override
    public Node apply(int paragraph) {
        Text number = new Text();
        number.getStyleClass().add("lineno-text");
        // The binding listens weakly, so the graphics of lines scrolled away are collected.
        number.textProperty().bind(Bindings.createStringBinding(() -> pad(paragraph + 1, digits.get()), digits));
        StackPane box = new StackPane(number);
        box.getStyleClass().add("lineno");
        box.setAlignment(Pos.CENTER_RIGHT);
        return box;
    }

    static String pad(int number, int width) {
        String s = Integer.toString(number);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
