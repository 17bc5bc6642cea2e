package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;

/**
 * The result grid's columns: the row number, which counts among all the rows whatever part of them the grid's
 * window holds, and a column a result column, its cells styled by what SQLite says each value is.
 */
final class GridColumns {
    private GridColumns() {
    }

    /** "#": the row's number among every row fetched, written again as the window moves under the cell. */
    static TableColumn<List<Cell>, Object> rowNumber(RowWindow window) {
        TableColumn<List<Cell>, Object> number = new TableColumn<>("#");
        number.setSortable(false);
        number.setReorderable(false);
        number.setPrefWidth(72); // room for a seven-digit row number
        // A new value each time, so that the number is written again when the window moves under the cell.
        number.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(new Object()));
        number.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || getIndex() < 0 ? null : Integer.toString(window.start() + getIndex() + 1));
            }
        });
        number.getStyleClass().add("row-number");
        return number;
    }

    /** Column {@code index} of the result: its name and declared type in the header, its values typed. */
    static TableColumn<List<Cell>, Cell> of(ResultColumn c, int index) {
        return of(c, index, (row, column) -> false);
    }

    /** The same column, its cells also styled {@code follow-changed} where {@code changed(row, column)} holds. */
    static TableColumn<List<Cell>, Cell> of(ResultColumn c, int index, BiPredicate<Integer, Integer> changed) {
        TableColumn<List<Cell>, Cell> col = new TableColumn<>();
        Label name = new Label(c.name());
        name.getStyleClass().add("strong");
        Label type = new Label(c.declaredType().isEmpty() ? "expression" : c.declaredType());
        type.getStyleClass().addAll("text-small", "text-muted", "plain");
        VBox header = new VBox(0, name, type);
        header.setAlignment(Pos.CENTER_LEFT);
        Tooltip.install(header, new Tooltip("Click to have SQLite order every row by " + c.name()));
        col.setGraphic(header);
        col.setId("column-" + index);
        col.setPrefWidth(widthFor(c));
        col.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue().get(index)));
        col.setCellFactory(v -> new ValueCell(c.name(), index, changed));
        return col;
    }

    /** Room by the declared type's affinity: numbers are short, text longer. */
    private static double widthFor(ResultColumn c) {
        String t = c.declaredType().toUpperCase(Locale.ROOT);
        double byType = t.contains("INT") ? 90 : t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") ? 220
                : t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") ? 110 : 150;
        return Math.max(byType, Math.min(260, 9 * c.name().length() + 30));
    }

    /** One value, styled by what SQLite says it is (not by the declared type). */
    private static final class ValueCell extends TableCell<List<Cell>, Cell> {
        private static final List<String> KINDS = List.of("null-cell", "blob-cell", "numeric-cell", "follow-changed");
        private final String column;
        private final int index;
        private final BiPredicate<Integer, Integer> changed;
        private final Tooltip tooltip = new Tooltip("Double-click to see the whole value");

        ValueCell(String column, int index, BiPredicate<Integer, Integer> changed) {
            this.column = column;
            this.index = index;
            this.changed = changed;
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && getItem() != null) {
                    ValueViewer.show(this, column, getItem());
                }
            });
        }

        @Override
        protected void updateItem(Cell cell, boolean empty) {
            super.updateItem(cell, empty);
            getStyleClass().removeAll(KINDS);
            if (empty || cell == null) {
                setText(null);
                return;
            }
            setText(CellText.inGrid(cell));
            if (changed.test(getIndex(), index)) {
                getStyleClass().add("follow-changed");
            }
            if (cell instanceof Cell.Null) {
                getStyleClass().add("null-cell");
            } else if (cell instanceof Cell.Blob) {
                getStyleClass().add("blob-cell");
            } else if (cell instanceof Cell.Integer || cell instanceof Cell.Real) {
                getStyleClass().add("numeric-cell");
            }
            // A cut value says so on hover: the grid shows a line of it, a double-click the whole.
            setTooltip(CellText.cut(cell) ? tooltip : null);
        }
    }
}
