package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.FollowedQuery;
import dev.litescope.sql.ResultColumn;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;

/**
 * The rows of the followed query, updated in place at each step: the same columns stay while the result's columns
 * do, the rows are replaced, and the cells that changed since the previous step carry {@code follow-changed}.
 */
final class FollowGrid extends TableView<List<Cell>> {
    private final ObservableList<List<Cell>> rows = FXCollections.observableArrayList();
    private List<ResultColumn> columns = List.of();
    private Optional<FollowedQuery.Result> shown = Optional.empty();

    FollowGrid() {
        setItems(rows);
        setId("followGrid");
        getStyleClass().addAll("result-grid", "dense", "follow-grid");
        setFixedCellSize(Math.ceil(2 * Font.getDefault().getSize()));
        setPlaceholder(new Label("Move the timeline's cursor to run the query at each restore point"));
    }

    void show(FollowedQuery.Result r) {
        shown = Optional.of(r);
        if (!r.columns().equals(columns)) {
            columns = r.columns();
            getColumns().clear();
            for (int i = 0; i < columns.size(); i++) {
                TableColumn<List<Cell>, Cell> col = GridColumns.of(columns.get(i), i, this::changed);
                col.setSortable(false);
                getColumns().add(col);
            }
        }
        rows.setAll(r.rows());
        refresh();
    }

    /** Whether the cell at {@code row}, {@code column} of the rows shown changed since the step before. */
    boolean changed(int row, int column) {
        return shown.map(r -> row >= 0 && row < r.rows().size() && r.changed(row, column)).orElse(false);
    }
}
