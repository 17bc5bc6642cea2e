package dev.litescope.ui.fleet;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetHealth;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.GoTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
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
 * opens the replica's timeline. The figure columns are as wide as their widest value and no wider, right-aligned;
 * the path takes the rest, its start elided where it must be. The Result column appears with the first bulk run
 * (until then, at 1000 px, the path has about 230 px; with it, about 100). The selection outlives a new filter or
 * order for the rows still shown.
 */
final class FleetTable {
    final TableView<FleetReplica> table = new TableView<>();
    private final FleetViewModel vm;
    private final Map<TableColumn<FleetReplica, ?>, FleetSort.Key> keys = new HashMap<>();
    private final TableColumn<FleetReplica, Optional<BulkRun.Result>> result = resultColumn();
    private final Set<String> selectedBefore = new HashSet<>();
    private boolean refreshQueued;

    FleetTable(FleetViewModel vm, Supplier<ZoneId> zone, Consumer<FleetReplica> open) {
        this.vm = vm;
        table.setId("fleetTable");
        // Empty until a bulk run: until then its room is the path's.
        result.visibleProperty().bind(vm.resultsShownProperty());
        table.getStyleClass().addAll("fleet-table", "dense");
        // The figures keep room for their widest value and grow no further; the path takes what they leave.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setItems(vm.shown());
        // A new filter or order replaces every row: the rows selected before stay selected where still shown.
        vm.replacingProperty().addListener((o, was, now) -> {
            if (now) {
                remember();
            } else {
                reselect();
            }
        });
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No replica here passes the filter."));
        TableColumn<FleetReplica, String> path = column("Path", FleetSort.Key.PATH, 100, 240, FleetTable::shownPath);
        path.setMaxWidth(Double.MAX_VALUE);
        // Tenant paths differ at their end: elide their common start, and show the whole path on hover.
        path.setCellFactory(col -> {
            TipCell cell = new TipCell(FleetTable::shownPath, false);
            cell.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
            return cell;
        });
        table.getColumns().setAll(List.of(
                path,
                column("Format", FleetSort.Key.FORMAT, 76, 76, r -> r.format().label()),
                column("Size", FleetSort.Key.SIZE, 98, 100, r -> Formats.bytes(r.bytes())),
                column("Objects", FleetSort.Key.OBJECTS, 76, 80, r -> String.format(Locale.ROOT, "%,d",
                        r.objects())),
                column("Newest object", FleetSort.Key.NEWEST, 176, 180, r -> r.newest()
                        .map(n -> TimeText.second(n, zone.get())).orElse("")),
                column("Lag", FleetSort.Key.LAG, 110, 112, r -> r.lag()
                        .map(l -> GoTime.durationString(GoTime.truncateLag(l))).orElse("")),
                column("$/month", FleetSort.Key.COST, 94, 100, r -> String.format(Locale.ROOT, "$%.6f",
                        r.cost())),
                health(),
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

    /**
     * A sortable column of text.
     *
     * @param min  room for the column's widest value and its header with the sort arrow: a narrow window scrolls
     *             sideways rather than elide a figure
     * @param pref what it takes in a window of the usual size, and at most
     */
    private TableColumn<FleetReplica, String> column(String title, FleetSort.Key key, double min, double pref,
                                                     Function<FleetReplica, String> text) {
        TableColumn<FleetReplica, String> c = new TableColumn<>(title);
        c.setId("fleet-" + key.label());
        c.setMinWidth(min);
        c.setPrefWidth(pref);
        c.setMaxWidth(pref);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(text.apply(f.getValue())));
        keys.put(c, key);
        if (key != FleetSort.Key.PATH && key != FleetSort.Key.FORMAT && key != FleetSort.Key.HEALTH) {
            c.getStyleClass().add("numeric");
        }
        return c;
    }

    private void remember() {
        selectedBefore.clear();
        for (FleetReplica r : table.getSelectionModel().getSelectedItems()) {
            selectedBefore.add(r.path());
        }
    }

    /** Selects again the rows that were selected before the rows were replaced, by path (a refresh makes new rows). */
    private void reselect() {
        if (selectedBefore.isEmpty()) {
            return;
        }
        List<FleetReplica> items = table.getItems();
        int[] still = IntStream.range(0, items.size()).filter(i -> selectedBefore.contains(items.get(i).path()))
                .toArray();
        selectedBefore.clear();
        TableView.TableViewSelectionModel<FleetReplica> selection = table.getSelectionModel();
        selection.clearSelection();
        if (still.length > 0) {
            selection.selectIndices(still[0], Arrays.copyOfRange(still, 1, still.length));
        }
    }

    /** The conditions' labels; what each means on hover. */
    private TableColumn<FleetReplica, String> health() {
        TableColumn<FleetReplica, String> c = column("Health", FleetSort.Key.HEALTH, 128, 130,
                FleetReplica::healthLabel);
        c.setCellFactory(col -> new TipCell(r -> FleetHealth.explain(r.health()), true));
        return c;
    }

    /** The path the table shows: below the searched folder or bucket, or whole for the searched replica itself. */
    private static String shownPath(FleetReplica r) {
        return r.relative().isEmpty() ? r.path() : r.relative();
    }

    private TableColumn<FleetReplica, Optional<BulkRun.Result>> resultColumn() {
        TableColumn<FleetReplica, Optional<BulkRun.Result>> c = new TableColumn<>("Result");
        c.setId("fleet-result");
        c.setMinWidth(100);
        c.setPrefWidth(240);
        c.setMaxWidth(240);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(vm.resultOf(f.getValue())));
        c.setCellFactory(col -> new ResultCell());
        return c;
    }

    /** A cell of text with a tooltip worked out from its row (none for an empty row). */
    private static final class TipCell extends TableCell<FleetReplica, String> {
        private final Tooltip tip = new Tooltip();
        private final Function<FleetReplica, String> tipOf;

        /** @param wrap whether the tooltip wraps (prose) or keeps one line (a path) */
        TipCell(Function<FleetReplica, String> tipOf, boolean wrap) {
            this.tipOf = tipOf;
            if (wrap) {
                tip.setWrapText(true);
                tip.setMaxWidth(520);
            }
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
            FleetReplica r = empty || item == null || getTableRow() == null ? null : getTableRow().getItem();
            if (r == null) {
                setTooltip(null);
            } else {
                tip.setText(tipOf.apply(r));
                setTooltip(tip);
            }
        }
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
