package dev.litescope.ui.fleet;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.GoTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

/**
 * The fleet's rows: a virtualised table of {@link FleetReplica}s as they are (no per-row wrapper or binding), a
 * column per figure and the last bulk run's result. Clicking a header sorts through the view model with
 * {@link FleetSort}'s order (the result column: failures first), not the table's own; a double-click or Enter
 * opens the replica's timeline.
 */
final class FleetTable {
    final TableView<FleetReplica> table = new TableView<>();
    private final FleetViewModel vm;
    private final Map<TableColumn<FleetReplica, ?>, FleetSort.Key> keys = new HashMap<>();
    private final TableColumn<FleetReplica, Optional<BulkRun.Result>> result = resultColumn();
    private boolean refreshQueued;

    FleetTable(FleetViewModel vm, Supplier<ZoneId> zone, Consumer<FleetReplica> open) {
        this.vm = vm;
        table.setId("fleetTable");
        table.getStyleClass().addAll("fleet-table", "dense");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setItems(vm.shown());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No replica here passes the filter."));
        table.getColumns().setAll(List.of(
                column("Path", FleetSort.Key.PATH, 190, r -> r.relative().isEmpty() ? r.path() : r.relative()),
                column("Format", FleetSort.Key.FORMAT, 75, r -> r.format().label()),
                column("Size", FleetSort.Key.SIZE, 90, r -> Formats.bytes(r.bytes())),
                column("Objects", FleetSort.Key.OBJECTS, 75, r -> String.format(Locale.ROOT, "%,d", r.objects())),
                column("Newest object", FleetSort.Key.NEWEST, 175, r -> r.newest()
                        .map(n -> TimeText.second(n, zone.get())).orElse("")),
                column("Lag", FleetSort.Key.LAG, 65, r -> r.lag()
                        .map(l -> GoTime.durationString(GoTime.truncateLag(l))).orElse("")),
                column("Cost/month", FleetSort.Key.COST, 100, r -> String.format(Locale.ROOT, "$%.6f",
                        r.cost())),
                column("Health", FleetSort.Key.HEALTH, 135, FleetReplica::healthLabel),
                result));
        table.setSortPolicy(t -> {
            sortBy(t.getSortOrder());
            return true;
        });
        table.setRowFactory(t -> {
            TableRow<FleetReplica> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            FleetReplica r = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && r != null) {
                open.accept(r);
                e.consume();
            }
        });
        // Results arrive in batches: one redraw of the visible rows per pulse, whatever their number.
        vm.resultsVersionProperty().addListener((o, a, b) -> {
            if (!refreshQueued) {
                refreshQueued = true;
                Platform.runLater(() -> {
                    refreshQueued = false;
                    table.refresh();
                });
            }
        });
    }

    /** The rows the bulk actions take: the selected ones. */
    List<FleetReplica> selected() {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }

    private void sortBy(List<TableColumn<FleetReplica, ?>> order) {
        if (!order.isEmpty() && order.get(0) == result) {
            vm.sortByResult(result.getSortType() == TableColumn.SortType.DESCENDING);
            return;
        }
        Optional<TableColumn<FleetReplica, ?>> first = order.stream().filter(keys::containsKey).findFirst();
        vm.sort(first.map(c -> new FleetSort(keys.get(c), c.getSortType() == TableColumn.SortType.DESCENDING))
                .orElse(FleetSort.BY_PATH));
    }

    private TableColumn<FleetReplica, String> column(String title, FleetSort.Key key, double width,
                                                     Function<FleetReplica, String> text) {
        TableColumn<FleetReplica, String> c = new TableColumn<>(title);
        c.setId("fleet-" + key.label());
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(text.apply(f.getValue())));
        keys.put(c, key);
        if (key != FleetSort.Key.PATH && key != FleetSort.Key.FORMAT && key != FleetSort.Key.HEALTH) {
            c.getStyleClass().add("numeric");
        }
        return c;
    }

    private TableColumn<FleetReplica, Optional<BulkRun.Result>> resultColumn() {
        TableColumn<FleetReplica, Optional<BulkRun.Result>> c = new TableColumn<>("Result");
        c.setId("fleet-result");
        c.setPrefWidth(240);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(vm.resultOf(f.getValue())));
        c.setCellFactory(col -> new ResultCell());
        return c;
    }

    /** "ok" or "failed: why", coloured; the whole message on hover. */
    private static final class ResultCell extends TableCell<FleetReplica, Optional<BulkRun.Result>> {
        private static final List<String> STATES = List.of("result-ok", "result-failed", "result-skipped");
        private final Tooltip tip = new Tooltip();

        ResultCell() {
            tip.setWrapText(true);
            tip.setMaxWidth(600);
        }

        @Override
        protected void updateItem(Optional<BulkRun.Result> item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll(STATES);
            if (empty || item == null || item.isEmpty()) {
                setText(null);
                setTooltip(null);
                return;
            }
            BulkRun.Result r = item.get();
            setText(r.outcome().label() + ": " + r.message());
            getStyleClass().add("result-" + r.outcome().label());
            tip.setText(r.message());
            setTooltip(tip);
        }
    }
}
