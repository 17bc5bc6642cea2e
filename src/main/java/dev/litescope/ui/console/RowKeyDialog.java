package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.Schema;
import dev.litescope.sql.diff.TableComparison;
import dev.litescope.sql.history.HistoryException;
import dev.litescope.sql.history.RowHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * "History of a row…" on a table of the schema tree: asks for the row's key, a field for each key column (the
 * primary key, else the rowid, as {@link TableComparison} matches rows). Values are read as
 * {@link RowHistory#parseKey} reads {@code --key}: as text, which SQLite turns into a number for a numeric key
 * column, and a rowid as a whole number (the button waits for one).
 */
final class RowKeyDialog {
    static final ButtonType SHOW = new ButtonType("Show history", ButtonBar.ButtonData.OK_DONE);

    private RowKeyDialog() {
    }

    static Optional<Map<String, Cell>> ask(Window owner, Schema.Table table) {
        Dialog<Map<String, Cell>> dialog = build(table);
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    static Dialog<Map<String, Cell>> build(Schema.Table table) {
        TableComparison c = TableComparison.of(table);
        Dialog<Map<String, Cell>> dialog = new Dialog<>();
        dialog.setTitle("History of a row of " + table.name());
        dialog.setHeaderText(c.rowidKey() ? table.name() + " has no primary key: give the row's " + c.keyColumns()
                .get(0) : "Give the row's key: " + String.join(", ", c.keyColumns()));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        List<TextField> fields = new ArrayList<>();
        for (String k : c.keyColumns()) {
            TextField f = new TextField();
            f.setId("key-" + k);
            f.setPrefColumnCount(24);
            Label l = new Label(k);
            l.setLabelFor(f);
            grid.addRow(fields.size(), l, f);
            fields.add(f);
        }
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(SHOW, ButtonType.CANCEL);
        Node show = dialog.getDialogPane().lookupButton(SHOW);
        Runnable check = () -> show.setDisable(parse(c.keyColumns(), fields).isEmpty());
        fields.forEach(f -> f.textProperty().addListener((o, a, b) -> check.run()));
        check.run();
        dialog.setResultConverter(b -> b == SHOW ? parse(c.keyColumns(), fields).orElse(null) : null);
        Platform.runLater(fields.get(0)::requestFocus);
        return dialog;
    }

    /** The key the fields give, or empty while one is empty or a rowid is not a whole number. */
    private static Optional<Map<String, Cell>> parse(List<String> columns, List<TextField> fields) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (fields.get(i).getText().isEmpty()) {
                return Optional.empty();
            }
            pairs.add(columns.get(i) + "=" + fields.get(i).getText());
        }
        try {
            return Optional.of(RowHistory.parseKey(pairs));
        } catch (HistoryException e) {
            return Optional.empty();
        }
    }
}
