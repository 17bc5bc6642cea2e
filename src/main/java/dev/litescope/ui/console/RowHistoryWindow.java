package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.Theme;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A window listing one row's versions across a replica's restore points ({@link RowHistoryViewModel}): a version a
 * line, its moment, generation and WAL index (Litestream 0.3) or TXID (0.5) and what changed, then its values, the
 * cells that changed from the version before marked {@code follow-changed} and a deleted row's line dimmed
 * ({@code history-deleted}). Esc or Cancel stops the walk, Ctrl+W closes the window, and closing it stops the walk
 * too.
 */
public final class RowHistoryWindow {
    /**
     * Room for a moment to the millisecond with its zone, a generation's 16 digits, an index's 8, a change (16
     * digits took 155 px but for their last few, most of all zeros, which are wide).
     */
    private static final double[] WIDTHS = {240, 180, 105, 170};
    /** The same for a 0.5 history: a moment, a TXID's 16 digits, a change. */
    private static final double[] LTX_WIDTHS = {240, 180, 200};

    public final Stage stage = new Stage();
    public final RowHistoryViewModel model;
    /** A line a version: {@link RowHistoryViewModel.VersionRow#cells()}. */
    final TableView<List<Cell>> grid = new TableView<>();
    final Label status = new Label();
    final Button cancel = Icons.on(new Button("Cancel"), Icons.CANCEL);
    private final ObservableList<List<Cell>> lines = FXCollections.observableArrayList();

    private RowHistoryWindow(Window owner, TaskRunner runner, RowHistoryViewModel.Request request) {
        if (owner != null) {
            stage.initOwner(owner);
        }
        model = new RowHistoryViewModel(runner, request);
        BorderPane pane = new BorderPane();
        pane.setId("rowHistoryPane");
        pane.getStyleClass().add("row-history-pane");
        pane.setTop(header());
        pane.setCenter(grid());
        status.setId("historyStatus");
        status.getStyleClass().add("text-small");
        status.setPadding(new Insets(3, 8, 3, 8));
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(() -> model.errorProperty().get().isEmpty()
                ? model.statusProperty().get() : model.errorProperty().get(), model.errorProperty(),
                model.statusProperty()));
        model.errorProperty().addListener((o, a, b) -> {
            status.getStyleClass().remove("danger");
            if (!b.isEmpty()) {
                status.getStyleClass().add("danger");
            }
        });
        pane.setBottom(status);
        Scene scene = new Scene(pane, 1200, 440);
        Theme.style(scene);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), model::cancel);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), stage::hide);
        stage.setScene(scene);
        stage.setMinWidth(560);
        stage.setMinHeight(300);
        stage.setTitle("History of " + request.table() + " (" + request.keyText() + ") in "
                + request.replicaName() + " — Litescope");
        stage.setOnHidden(e -> model.cancel());
    }

    /** Opens a window on the row and starts walking the replica. */
    public static RowHistoryWindow open(Window owner, TaskRunner runner, RowHistoryViewModel.Request request) {
        RowHistoryWindow w = new RowHistoryWindow(owner, runner, request);
        w.stage.show();
        w.model.start();
        return w;
    }

    private HBox header() {
        RowHistoryViewModel.Request r = model.request();
        Label title = new Label(r.table() + "  ·  " + r.keyText());
        title.setId("historyTitle");
        title.getStyleClass().add("strong");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label where = new Label("in " + r.replicaName());
        where.getStyleClass().add("text-muted");
        where.setTooltip(new Tooltip(r.feed().replicaUrl()));
        ProgressBar bar = new ProgressBar();
        bar.setId("historyProgress");
        bar.progressProperty().bind(model.progressProperty());
        bar.visibleProperty().bind(model.busyProperty());
        bar.setPrefWidth(160);
        cancel.setId("historyCancel");
        cancel.setTooltip(new Tooltip("Stop walking the restore points (Esc); nothing is kept"));
        cancel.disableProperty().bind(model.busyProperty().not());
        cancel.setOnAction(e -> model.cancel());
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(10, title, where, gap, bar, cancel);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8, 10, 8, 10));
        header.getStyleClass().add("console-toolbar");
        return header;
    }

    private TableView<List<Cell>> grid() {
        grid.setId("historyGrid");
        grid.getStyleClass().addAll("result-grid", "dense", "follow-grid", "history-grid");
        grid.setFixedCellSize(Math.ceil(2 * Font.getDefault().getSize()));
        grid.setItems(lines);
        grid.setPlaceholder(new Label("Walking the replica's restore points…"));
        grid.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(List<Cell> item, boolean empty) {
                super.updateItem(item, empty);
                int i = getIndex();
                boolean deleted = !empty && i >= 0 && i < model.rows().size() && model.rows().get(i).deleted();
                getStyleClass().remove("history-deleted");
                if (deleted) {
                    getStyleClass().add("history-deleted");
                }
            }
        });
        model.rows().addListener((ListChangeListener<RowHistoryViewModel.VersionRow>) c -> show());
        return grid;
    }

    private void show() {
        grid.getColumns().clear();
        List<String> meta = model.meta();
        double[] widths = meta.equals(RowHistoryViewModel.LTX_META) ? LTX_WIDTHS : WIDTHS;
        for (int i = 0; i < meta.size(); i++) {
            int at = i;
            TableColumn<List<Cell>, String> col = new TableColumn<>(meta.get(i));
            col.setSortable(false);
            col.setId("history-meta-" + i);
            col.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(((Cell.Text) v.getValue().get(at)).value()));
            col.setPrefWidth(widths[i]);
            grid.getColumns().add(col);
        }
        List<ResultColumn> values = model.columns();
        for (int i = 0; i < values.size(); i++) {
            TableColumn<List<Cell>, Cell> col = GridColumns.of(values.get(i), meta.size() + i, this::changed);
            col.setSortable(false);
            grid.getColumns().add(col);
        }
        lines.setAll(model.rows().stream().map(RowHistoryViewModel.VersionRow::cells).toList());
        grid.refresh();
    }

    /** Whether the cell at {@code row}, {@code column} of the grid changed from the version before. */
    boolean changed(int row, int column) {
        int value = column - model.meta().size();
        return row >= 0 && row < model.rows().size() && value >= 0 && model.rows().get(row).changed(value);
    }
}
