package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.ui.fx.Formats;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The whole of one value, which the grid cuts: text as it is, a BLOB as a hex dump; with a Copy. */
final class ValueViewer {
    private ValueViewer() {
    }

    static void show(Node from, String column, Cell cell) {
        TextArea text = new TextArea(CellText.whole(cell));
        text.setEditable(false);
        text.setWrapText(!(cell instanceof Cell.Blob));
        text.getStyleClass().add("mono");
        text.setPrefSize(640, 360);
        ButtonType copy = new ButtonType("Copy");
        Alert alert = new Alert(Alert.AlertType.NONE, "", copy, ButtonType.CLOSE);
        alert.setTitle(column);
        alert.setHeaderText(column + " · " + cell.typeName() + describe(cell));
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("valueViewer");
        if (from.getScene() != null) {
            alert.initOwner(from.getScene().getWindow());
        }
        alert.showAndWait().filter(copy::equals).ifPresent(b -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(cell instanceof Cell.Blob b2 ? b2.hex() : CellText.whole(cell));
            Clipboard.getSystemClipboard().setContent(content);
        });
    }

    private static String describe(Cell cell) {
        if (cell instanceof Cell.Blob b) {
            return " · " + Formats.bytes(b.size());
        }
        return cell instanceof Cell.Text t ? " · " + t.value().length() + " characters" : "";
    }
}
