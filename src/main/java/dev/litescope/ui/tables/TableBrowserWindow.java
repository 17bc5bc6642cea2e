package dev.litescope.ui.tables;

import dev.litescope.sql.Cell;
import dev.litescope.sql.DatabaseSummary.TableCount;
import dev.litescope.sql.TablePage;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.Theme;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A read-only look at a restored database, standing in for the SQL console: tables on the left, a page of the
 * chosen table's rows on the right, with Prev/Next and the row range. Column headers carry the declared types;
 * NULL is shown in grey italics, so that it never reads as the text "NULL"; BLOBs by their size.
 */
public final class TableBrowserWindow {
    public final Stage stage = new Stage();
    public final ListView<TableCount> tables = new ListView<>();
    public final TableView<List<Cell>> rows = new TableView<>();
    public final Label title = new Label();
    public final Label range = new Label();
    public final Button previous = Icons.on(new Button("_Prev"), Icons.PREVIOUS);
    public final Button next = Icons.on(new Button("_Next"), Icons.NEXT);
    final Label error = new Label();
    private final TableBrowserViewModel model;
    private Optional<String> shownTable = Optional.empty();
    private boolean syncing;

    private TableBrowserWindow(Window owner, TableBrowserViewModel model) {
        this.model = model;
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle(model.database().getFileName() + " (read-only) — Litescope");

        BorderPane root = new BorderPane();
        root.setId("tableBrowser");
        root.setLeft(tableList());
        root.setCenter(rowsPane());
        Scene scene = Theme.style(new Scene(root, 980, 600));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.SHORTCUT_DOWN),
                model::next);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.SHORTCUT_DOWN),
                model::previous);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), stage::close);
        // A filter, not an accelerator: the lists and the table take Esc for themselves before accelerators run.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
                e.consume();
            }
        });
        stage.setScene(scene);

        model.pageProperty().addListener((o, a, b) -> b.ifPresent(this::show));
        model.selectedTableProperty().addListener((o, a, b) -> {
            syncing = true;
            try {
                b.flatMap(n -> model.tables().stream().filter(t -> t.name().equals(n)).findFirst())
                        .ifPresent(t -> tables.getSelectionModel().select(t));
            } finally {
                syncing = false;
            }
        });
    }

    /** Opens the window and starts reading the tables. */
    public static TableBrowserWindow open(Window owner, TableBrowserViewModel model) {
        TableBrowserWindow w = new TableBrowserWindow(owner, model);
        w.stage.show();
        model.load();
        return w;
    }

    private Region tableList() {
        Label label = new Label("_Tables");
        label.setMnemonicParsing(true);
        label.setLabelFor(tables);
        label.getStyleClass().add("title-4");
        tables.setId("browserTables");
        tables.setItems(model.tables());
        tables.setPlaceholder(new Label("No tables"));
        tables.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(TableCount t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(t.name());
                name.getStyleClass().add("strong");
                Label count = new Label(String.format(Locale.ROOT, "%,d row(s)", t.rows()));
                count.getStyleClass().addAll("text-small", "text-muted");
                setText(null);
                setGraphic(new VBox(1, name, count));
            }
        });
        tables.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncing && b != null) {
                model.select(b.name());
            }
        });
        VBox.setVgrow(tables, Priority.ALWAYS);
        VBox box = new VBox(8, label, tables);
        box.setPadding(new Insets(12, 0, 12, 14));
        box.setPrefWidth(230);
        return box;
    }

    private Region rowsPane() {
        title.setId("browserTitle");
        title.getStyleClass().add("title-4");
        range.setId("browserRange");
        range.textProperty().bind(model.rangeProperty());
        range.getStyleClass().add("text-muted");
        range.setMinWidth(Label.USE_PREF_SIZE);
        previous.setId("browserPrev");
        previous.setMnemonicParsing(true);
        previous.setTooltip(new Tooltip("The previous " + TableBrowserViewModel.PAGE_SIZE + " rows (Ctrl+Page Up)"));
        previous.setOnAction(e -> model.previous());
        next.setId("browserNext");
        next.setContentDisplay(ContentDisplay.RIGHT);
        next.setMnemonicParsing(true);
        next.setTooltip(new Tooltip("The next " + TableBrowserViewModel.PAGE_SIZE + " rows (Ctrl+Page Down)"));
        next.setOnAction(e -> model.next());
        previous.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.loadingProperty().get() || !model.pageProperty().get().map(TablePage::hasPrevious)
                        .orElse(false), model.pageProperty(), model.loadingProperty()));
        next.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.loadingProperty().get() || !model.pageProperty().get().map(TablePage::hasNext)
                        .orElse(false), model.pageProperty(), model.loadingProperty()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(model.loadingProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label readOnly = new Label("read-only");
        readOnly.getStyleClass().addAll("text-small", "text-muted");
        readOnly.setTooltip(new Tooltip("Replica read-only: nothing here can change the file. Ctrl+W or Esc closes "
                + "this window"));
        HBox header = new HBox(10, title, readOnly, spacer, busy, range, previous, next);
        header.setAlignment(Pos.CENTER_LEFT);

        error.setId("browserError");
        error.textProperty().bind(model.errorProperty());
        error.setWrapText(true);
        error.getStyleClass().add("danger");
        error.managedProperty().bind(error.textProperty().isNotEmpty());

        rows.setId("browserRows");
        rows.setPlaceholder(new Label("No rows"));
        rows.getStyleClass().addAll("dense", "striped");
        VBox.setVgrow(rows, Priority.ALWAYS);
        VBox box = new VBox(8, header, error, new Separator(), rows);
        box.setPadding(new Insets(12, 14, 12, 14));
        return box;
    }

    private void show(TablePage page) {
        title.setText(page.table());
        if (!shownTable.equals(Optional.of(page.table()))) {
            shownTable = Optional.of(page.table());
            rows.getColumns().clear();
            for (int i = 0; i < page.columns().size(); i++) {
                rows.getColumns().add(column(page.columns().get(i), i));
            }
        }
        rows.getItems().setAll(page.rows());
        rows.scrollTo(0);
    }

    /** Room by SQLite's type affinity: numbers are short, text and BLOB sizes ("<blob 19725 bytes>") longer. */
    private static double widthFor(String declaredType) {
        String t = declaredType.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) {
            return 90;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return 240;
        }
        if (t.contains("BLOB") || t.isEmpty()) {
            return 150;
        }
        return 110;
    }

    private static TableColumn<List<Cell>, Cell> column(TablePage.Column c, int index) {
        TableColumn<List<Cell>, Cell> col = new TableColumn<>();
        Label name = new Label(c.name());
        name.getStyleClass().add("strong");
        Label type = new Label(c.declaredType().isEmpty() ? "any" : c.declaredType());
        type.getStyleClass().addAll("text-small", "text-muted");
        type.getStyleClass().add("plain");
        VBox header = new VBox(0, name, type);
        header.setAlignment(Pos.CENTER_LEFT);
        col.setGraphic(header);
        col.setId("column-" + c.name());
        col.setSortable(false);
        col.setPrefWidth(Math.max(widthFor(c.declaredType()), Math.min(260, 9 * c.name().length() + 30)));
        col.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue().get(index)));
        col.setCellFactory(v -> new TableCell<>() {
            @Override
            protected void updateItem(Cell cell, boolean empty) {
                super.updateItem(cell, empty);
                getStyleClass().removeAll("null-cell", "blob-cell");
                if (empty || cell == null) {
                    setText(null);
                    return;
                }
                setText(cell.toString());
                if (cell instanceof Cell.Null) {
                    getStyleClass().add("null-cell");
                } else if (cell instanceof Cell.Blob) {
                    getStyleClass().add("blob-cell");
                }
            }
        });
        return col;
    }
}
