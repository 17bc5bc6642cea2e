package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/**
 * A statement's rows in a table: typed cells (numbers right-aligned, NULL dim, long text and BLOBs cut with a
 * viewer on double-click), more rows fetched from the statement's cursor as the user scrolls near the end, a
 * click on a header re-running the statement ordered by that column, and Ctrl+C copying the selected rows.
 */
final class ResultGrid extends TableView<List<Cell>> {
    /** Rows before the end at which the next page is asked for. */
    private static final int AHEAD = 60;

    private final StatementResult result;
    private final ConsoleSession session;
    private boolean showingOrder;

    ResultGrid(ConsoleSession session, StatementResult result) {
        super(result.rows());
        this.session = session;
        this.result = result;
        getStyleClass().addAll("result-grid", "dense");
        setId("resultGrid");
        // One line a row, so one height for every row: with rows of their own heights the table works out sizes over
        // every row it holds as it scrolls, which took most of the time of scrolling through a million rows.
        setFixedCellSize(Math.ceil(2 * Font.getDefault().getSize()));
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setPlaceholder(new Label("No rows"));
        TableColumn<List<Cell>, Number> number = new TableColumn<>("#");
        number.setSortable(false);
        number.setReorderable(false);
        number.setPrefWidth(56);
        number.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || getIndex() < 0 ? null : Integer.toString(getIndex() + 1));
            }
        });
        number.getStyleClass().add("row-number");
        getColumns().add(number);
        List<ResultColumn> columns = result.columns();
        for (int i = 0; i < columns.size(); i++) {
            getColumns().add(column(columns.get(i), i));
        }
        // SQLite sorts: the grid only asks, and shows the order the statement came back in. (Set before the
        // header shows the order: the default policy would sort the rows itself, or fail on the compact list.)
        setSortPolicy(t -> {
            if (!showingOrder) {
                reorder();
            }
            return true;
        });
        showOrder();
        setRowFactory(t -> new TableRow<>() {
            @Override
            public void updateIndex(int i) {
                super.updateIndex(i);
                if (i >= 0 && i >= getTableView().getItems().size() - AHEAD) {
                    session.fetchMore(result);
                }
            }
        });
        KeyCombination copy = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
        setOnKeyPressed(e -> {
            if (copy.match(e)) {
                copy(CopyFormat.TSV);
                e.consume();
            }
        });
        setContextMenu(menu());
    }

    StatementResult result() {
        return result;
    }

    private ContextMenu menu() {
        ContextMenu menu = new ContextMenu();
        for (CopyFormat f : CopyFormat.values()) {
            MenuItem item = new MenuItem("Copy rows as " + f.label());
            item.setOnAction(e -> copy(f));
            menu.getItems().add(item);
        }
        MenuItem view = new MenuItem("Show the whole value");
        view.setOnAction(e -> viewFocused());
        menu.getItems().addAll(new SeparatorMenuItem(), view);
        return menu;
    }

    private void copy(CopyFormat format) {
        List<List<Cell>> rows = List.copyOf(getSelectionModel().getSelectedItems());
        if (rows.isEmpty()) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(format.write(result.columns(), rows));
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void viewFocused() {
        var pos = getFocusModel().getFocusedCell();
        if (pos == null || pos.getRow() < 0 || pos.getColumn() < 1) {
            return;
        }
        int c = pos.getColumn() - 1;
        ValueViewer.show(this, result.columns().get(c).name(), getItems().get(pos.getRow()).get(c));
    }

    /**
     * The header the user clicked: first ascending, then descending, then the statement's own order. The table
     * also asks for a sort when rows arrive; an order the rows already have asks SQLite for nothing.
     */
    private void reorder() {
        int wanted = 0;
        if (!getSortOrder().isEmpty()) {
            TableColumn<List<Cell>, ?> col = getSortOrder().get(0);
            int index = getColumns().indexOf(col);
            wanted = col.getSortType() == TableColumn.SortType.ASCENDING ? index : -index;
        }
        if (wanted != result.orderedBy()) {
            session.sort(result, wanted);
        }
    }

    /** Marks the header of the column the rows are ordered by, without asking for a sort again. */
    private void showOrder() {
        showingOrder = true;
        try {
            int by = result.orderedBy();
            getSortOrder().clear();
            if (by != 0 && Math.abs(by) < getColumns().size()) {
                TableColumn<List<Cell>, ?> col = getColumns().get(Math.abs(by));
                col.setSortType(by > 0 ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                getSortOrder().add(col);
            }
        } finally {
            showingOrder = false;
        }
    }

    private TableColumn<List<Cell>, Cell> column(ResultColumn c, int index) {
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
        col.setCellFactory(v -> new ValueCell(c.name()));
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
        private static final List<String> KINDS = List.of("null-cell", "blob-cell", "numeric-cell");
        private final String column;
        private final Tooltip tooltip = new Tooltip("Double-click to see the whole value");

        ValueCell(String column) {
            this.column = column;
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
