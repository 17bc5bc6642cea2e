package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.diff.RowChange;
import dev.litescope.sql.diff.SchemaChange;
import dev.litescope.sql.diff.TableComparison;
import dev.litescope.sql.diff.TableCount;
import dev.litescope.ui.fx.Icons;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The diff of two databases: the tables with their row counts before and after and their added, removed and changed
 * rows (pick one to see its rows), the schema differences beside them, and below the picked table's differing rows
 * in key order, a page read as the grid scrolls near its end. A row says what happened to it; a changed row shows
 * each changed cell as "before → after", marked with the {@code diff-changed} style class.
 */
public final class DiffPane extends BorderPane {
    /** Rows before the end at which the next page is asked for. */
    private static final int AHEAD = 40;
    /** A table whose rows are the same on both sides: dimmed. */
    private static final PseudoClass SAME = PseudoClass.getPseudoClass("same");
    private static final List<String> OPS = List.of("diff-added", "diff-removed", "diff-changed-row");

    private final DiffViewModel model;
    final TableView<TableCount> tables = new TableView<>();
    final ListView<SchemaChange> schema = new ListView<>();
    final TableView<RowChange> rows = new TableView<>();
    private final Label rowsTitle = new Label("Rows that differ");
    private final Label rowsPlaceholder = new Label("Pick a table above to see its rows that differ");

    public DiffPane(DiffViewModel model) {
        this.model = model;
        setId("diffPane");
        getStyleClass().add("diff-pane");
        setTop(header());
        SplitPane top = new SplitPane(titled("Tables", tablesTable()), titled("Schema differences", schemaList()));
        top.setDividerPositions(0.62);
        SplitPane body = new SplitPane(top, titled(rowsTitle, rowsTable()));
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.4);
        setCenter(body);
        model.tableProperty().addListener((o, a, b) -> showColumns(b));
    }

    public DiffViewModel model() {
        return model;
    }

    private HBox header() {
        Label title = new Label(model.sides().beforeTitle() + "  →  " + model.sides().afterTitle());
        title.getStyleClass().add("strong");
        title.setId("diffTitle");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label status = new Label();
        status.setId("diffStatus");
        status.getStyleClass().add("text-muted");
        status.textProperty().bind(model.statusProperty());
        Label error = new Label();
        error.setId("diffError");
        error.getStyleClass().add("danger");
        error.textProperty().bind(model.errorProperty());
        error.setWrapText(true);
        Button stop = Icons.on(new Button("Stop"), Icons.CANCEL);
        stop.setId("diffStop");
        stop.setTooltip(new Tooltip("Stop reading: the count or page being read ends at once (Esc)"));
        stop.disableProperty().bind(model.busyProperty().not());
        stop.setOnAction(e -> model.cancel());
        stop.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(10, title, status, gap, error, stop);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 10, 8, 10));
        bar.getStyleClass().add("console-toolbar");
        return bar;
    }

    private static VBox titled(String title, Region content) {
        return titled(new Label(title), content);
    }

    private static VBox titled(Label title, Region content) {
        title.getStyleClass().add("text-bold");
        VBox box = new VBox(4, title, content);
        box.setPadding(new Insets(6, 8, 6, 8));
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    private TableView<TableCount> tablesTable() {
        tables.setId("diffTables");
        tables.getStyleClass().add("dense");
        tables.setItems(model.counts());
        tables.setPlaceholder(new Label("Reading both databases…"));
        tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<TableCount, String> name = new TableColumn<>("Table");
        name.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue().name()));
        name.setPrefWidth(170);
        tables.getColumns().add(name);
        tables.getColumns().add(count("Before", TableCount::rowsBefore, "—"));
        tables.getColumns().add(count("After", TableCount::rowsAfter, "—"));
        tables.getColumns().add(count("Added", TableCount::added, "?"));
        tables.getColumns().add(count("Removed", TableCount::removed, "?"));
        tables.getColumns().add(count("Changed", TableCount::changed, "?"));
        tables.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(TableCount item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(SAME, item != null && item.same());
            }
        });
        tables.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.select(b.name());
            }
        });
        // Once counted, the first table whose rows differ is picked, so its rows show without a click.
        model.counts().addListener((ListChangeListener<TableCount>) c -> {
            if (tables.getSelectionModel().isEmpty()) {
                DiffText.firstToShow(model.counts()).ifPresent(t -> tables.getSelectionModel().select(t));
            }
        });
        return tables;
    }

    private static TableColumn<TableCount, String> count(String title, Function<TableCount, OptionalLong> of,
                                                        String missing) {
        TableColumn<TableCount, String> col = new TableColumn<>(title);
        col.setCellValueFactory(v -> {
            OptionalLong n = of.apply(v.getValue());
            return new ReadOnlyObjectWrapper<>(n.isPresent() ? String.format("%,d", n.getAsLong()) : missing);
        });
        col.getStyleClass().add("numeric-column");
        col.setPrefWidth(80);
        return col;
    }

    private ListView<SchemaChange> schemaList() {
        schema.setId("diffSchema");
        schema.setItems(model.schemaChanges());
        schema.setPlaceholder(new Label("The schemas are the same"));
        schema.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SchemaChange c, boolean empty) {
                super.updateItem(c, empty);
                getStyleClass().removeAll(OPS);
                if (empty || c == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(DiffText.schemaLine(c));
                getStyleClass().add(DiffText.styleOf(c.change()));
                setTooltip(new Tooltip(DiffText.schemaDetail(c)));
            }
        });
        return schema;
    }

    private TableView<RowChange> rowsTable() {
        rows.setId("diffRows");
        rows.getStyleClass().addAll("result-grid", "dense");
        rows.setItems(model.rows());
        rows.setPlaceholder(rowsPlaceholder);
        model.rows().addListener((ListChangeListener<RowChange>) c -> {
            while (c.next()) {
                if (c.wasAdded() && c.getFrom() == 0) {
                    fitColumns();
                }
            }
        });
        rows.setRowFactory(t -> new TableRow<>() {
            @Override
            public void updateIndex(int i) {
                super.updateIndex(i);
                if (i >= 0 && i >= getTableView().getItems().size() - AHEAD) {
                    model.fetchMore();
                }
            }

            @Override
            protected void updateItem(RowChange item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(OPS);
                if (!empty && item != null) {
                    getStyleClass().add(DiffText.styleOf(item.op()));
                }
            }
        });
        return rows;
    }

    /** The grid's columns for a table: the op, the key, then every column either side has (the after side's order). */
    private void showColumns(Optional<TableComparison> table) {
        rows.getColumns().clear();
        if (table.isEmpty()) {
            rowsTitle.setText("Rows that differ");
            rowsPlaceholder.setText(model.busyProperty().get() ? "Reading…"
                    : "Pick a table above to see its rows that differ");
            return;
        }
        rowsPlaceholder.setText("No rows differ");
        TableComparison t = table.get();
        rowsTitle.setText("Rows of " + t.name() + " that differ, by " + String.join(", ", t.keyColumns()));
        TableColumn<RowChange, String> op = new TableColumn<>("Op");
        op.setId("diffOp");
        op.setSortable(false);
        op.setPrefWidth(80);
        op.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue().op().toString()));
        op.getStyleClass().add("row-number");
        rows.getColumns().add(op);
        List<String> keys = t.keyColumns();
        if (t.rowidKey()) {
            rows.getColumns().add(keyColumn(keys.get(0), 0));
        }
        for (DiffText.Shown c : DiffText.columns(t)) {
            rows.getColumns().add(valueColumn(c, rows.getColumns().size()));
        }
    }

    /** Widths by the first page's texts ("before → after" included), within bounds; the tooltip has the rest. */
    private void fitColumns() {
        List<RowChange> sample = model.rows().subList(0, Math.min(100, model.rows().size()));
        for (TableColumn<RowChange, ?> col : rows.getColumns()) {
            if (col.getUserData() instanceof DiffText.Shown shown) {
                int longest = shown.name().length();
                for (RowChange r : sample) {
                    longest = Math.max(longest, shown.text(r).length());
                }
                col.setPrefWidth(Math.max(80, Math.min(340, 8.5 * longest + 30)));
            }
        }
    }

    private static TableColumn<RowChange, Cell> keyColumn(String name, int index) {
        TableColumn<RowChange, Cell> col = new TableColumn<>(name);
        col.setSortable(false);
        col.setPrefWidth(80);
        col.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue().key().get(index)));
        col.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Cell cell, boolean empty) {
                super.updateItem(cell, empty);
                setText(empty || cell == null ? null : CellText.inGrid(cell));
            }
        });
        return col;
    }

    private static TableColumn<RowChange, RowChange> valueColumn(DiffText.Shown shown, int at) {
        TableColumn<RowChange, RowChange> col = new TableColumn<>(shown.name());
        col.setId("diffColumn-" + at);
        col.setSortable(false);
        col.setUserData(shown);
        col.setPrefWidth(Math.max(80, Math.min(320, 9 * shown.name().length() + 40)));
        col.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue()));
        col.setCellFactory(c -> new DiffCell(shown));
        return col;
    }

    /** One cell of a differing row: the value of its side, or "before → after" marked when a changed row's differs. */
    static final class DiffCell extends TableCell<RowChange, RowChange> {
        private final DiffText.Shown shown;

        DiffCell(DiffText.Shown shown) {
            this.shown = shown;
        }

        @Override
        protected void updateItem(RowChange change, boolean empty) {
            super.updateItem(change, empty);
            getStyleClass().removeAll("diff-changed", "null-cell");
            if (empty || change == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            boolean changed = shown.changedIn(change);
            if (changed) {
                getStyleClass().add("diff-changed");
            } else if (shown.shownValue(change).orElse(null) instanceof Cell.Null) {
                getStyleClass().add("null-cell");
            }
            setText(shown.text(change));
            setTooltip(changed ? new Tooltip("was " + shown.before(change).map(CellText::inGrid).orElse("—")
                    + "\nnow " + shown.after(change).map(CellText::inGrid).orElse("—")) : null);
        }
    }
}
