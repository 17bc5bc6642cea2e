package dev.litescope.ui.fleet;

import dev.litescope.fleet.FleetReplica;
import dev.litescope.ui.connections.ConnectionNode;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.fx.FieldLabel;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.Theme;
import dev.litescope.ui.fx.TimeText;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A connection's replicas as one table, in a window of its own: the search that found them (refresh, cancel),
 * the filter box with its error beside it, the lag and size histograms, the table, the bulk actions (verify,
 * restore, export) on the selected rows or on all shown, and the totals of what is shown.
 */
public final class FleetWindow {
    /** The native choosers, which cannot be driven headless: a seam for the window tests. */
    public interface Dialogs {
        Optional<Path> restoreInto(Window owner);

        Optional<Path> exportTo(Window owner, String suggested);

        static Dialogs standard() {
            return new Dialogs() {
                @Override
                public Optional<Path> restoreInto(Window owner) {
                    DirectoryChooser chooser = new DirectoryChooser();
                    chooser.setTitle("Restore the replicas into (one file per tenant path)");
                    return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
                }

                @Override
                public Optional<Path> exportTo(Window owner, String suggested) {
                    FileChooser chooser = new FileChooser();
                    chooser.setTitle("Export the table as CSV");
                    chooser.setInitialFileName(suggested);
                    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
                    return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
                }
            };
        }
    }

    /** The search that found the replicas (the connection's own): whether it runs, again, stop. */
    public interface Search {
        ReadOnlyBooleanProperty searchingProperty();

        /** What the last search listed, in words; shown in the footer ("" for none). */
        ReadOnlyStringProperty listedProperty();

        void refresh();

        void cancel();

        /** The search of a connection of the panel. */
        static Search of(ConnectionsViewModel connections, ConnectionNode node) {
            return new Search() {
                @Override
                public ReadOnlyBooleanProperty searchingProperty() {
                    return node.searchingProperty();
                }

                @Override
                public ReadOnlyStringProperty listedProperty() {
                    return node.listedProperty();
                }

                @Override
                public void refresh() {
                    connections.refresh(node);
                }

                @Override
                public void cancel() {
                    connections.cancel(node);
                }
            };
        }
    }

    private final FleetViewModel vm;
    private final Supplier<ZoneId> zone;
    private final Dialogs dialogs;
    private final Stage stage = new Stage();
    final FleetTable rows;
    final TextField filter = new TextField();
    final Label filterError = new Label();
    final HistogramChart lag = new HistogramChart("Lag", "lag, from", "lagHistogram");
    final HistogramChart size = new HistogramChart("Size", "stored bytes, from",
            "sizeHistogram");
    final Label totals = new Label();
    final Button verify = Icons.on(new Button("_Verify"), Icons.VERIFY);
    final Button restore = Icons.on(new Button("_Restore…"), Icons.RESTORE);
    final Button export = Icons.on(new Button("E_xport CSV…"), Icons.EXPORT);
    final Button cancel = Icons.on(new Button("Cancel"), Icons.CANCEL);
    final RadioButton selectedRows = new RadioButton("Selected rows");
    final RadioButton allShown = new RadioButton("All shown");
    final TextField moment = new TextField();
    final CheckBox replace = new CheckBox(FleetViewModel.REPLACE);
    final ProgressBar progress = new ProgressBar(0);
    final Label bulkStatus = new Label();
    final Label error = new Label();

    /**
     * @param search         the search whose replicas the table shows (refreshed and cancelled here)
     * @param openOnTimeline opens a replica URL in the main window
     */
    public FleetWindow(FleetViewModel vm, Search search, Window owner, Dialogs dialogs, Supplier<ZoneId> zone,
                       Consumer<String> openOnTimeline) {
        this.vm = vm;
        this.zone = zone;
        this.dialogs = dialogs;
        this.rows = new FleetTable(vm, zone, r -> {
            openOnTimeline.accept(r.path());
            if (owner instanceof Stage s) {
                s.toFront();
            }
        });
        stage.initOwner(owner);
        stage.setTitle("Fleet: " + vm.location());

        VBox.setVgrow(rows.table, Priority.ALWAYS);
        VBox content = new VBox(8, searchBar(search), filterBar(), histograms(), rows.table,
                actionBar(), errorLine(), footer(search));
        content.setPadding(new Insets(12));
        content.setId("fleetWindow");
        // Room for every column, never more than the screen.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = Theme.style(new Scene(content, Math.min(1180, screen.getWidth() * 0.92),
                Math.min(820, screen.getHeight() * 0.9)));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (vm.runningProperty().get()) {
                vm.cancelBulk();
            } else if (search.searchingProperty().get()) {
                search.cancel();
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), search::refresh);
        stage.setScene(scene);
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    FleetViewModel model() {
        return vm;
    }

    private Region searchBar(Search search) {
        Label where = new Label(vm.location());
        where.getStyleClass().add("title-4");
        where.setId("fleetLocation");
        Label searching = new Label("Listing every object once…");
        searching.getStyleClass().add("text-muted");
        ProgressBar listing = new ProgressBar(-1);
        listing.setPrefWidth(120);
        Button stop = Icons.on(new Button("Cancel listing"), Icons.CANCEL);
        stop.setId("fleetCancelListing");
        stop.setOnAction(e -> search.cancel());
        for (Region r : List.of(searching, listing, stop)) {
            r.visibleProperty().bind(search.searchingProperty());
            r.managedProperty().bind(r.visibleProperty());
        }
        Button refresh = Icons.on(new Button("Refresh"), Icons.REFRESH);
        refresh.setId("fleetRefresh");
        refresh.setTooltip(new Tooltip("List the connection again (F5): in a bucket, each replica of 5,000 objects "
                + "or more only from its newest objects on, the rest at one list request per 1,000 objects"));
        refresh.setOnAction(e -> search.refresh());
        refresh.disableProperty().bind(search.searchingProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, where, gap, searching, listing, stop, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    private Region filterBar() {
        filter.setId("fleetFilter");
        filter.setPromptText("tenants/*   lag > 1h   size > 10MB   has breaks   0.3 only   health!=ok");
        filter.setTooltip(new Tooltip("Every term must hold: a path glob, a comparison of lag, size, objects, cost "
                + "or generations, has breaks, 0.3 only, format=0.5, health=ok"));
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        filterError.setId("fleetFilterError");
        filterError.getStyleClass().add("error-text");
        filterError.setWrapText(true);
        filterError.textProperty().bind(vm.filterErrorProperty());
        filterError.visibleProperty().bind(vm.filterErrorProperty().isNotEmpty());
        filterError.managedProperty().bind(filterError.visibleProperty());
        HBox line = new HBox(8, FieldLabel.of("_Filter", filter), filter);
        line.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, line, filterError);
    }

    private Region histograms() {
        lag.show(vm.lagHistogramProperty().get());
        size.show(vm.sizeHistogramProperty().get());
        vm.lagHistogramProperty().addListener((o, a, b) -> lag.show(b));
        vm.sizeHistogramProperty().addListener((o, a, b) -> size.show(b));
        HBox.setHgrow(lag.chart, Priority.ALWAYS);
        HBox.setHgrow(size.chart, Priority.ALWAYS);
        return new HBox(8, lag.chart, size.chart);
    }

    private Region actionBar() {
        ToggleGroup scope = new ToggleGroup();
        selectedRows.setToggleGroup(scope);
        allShown.setToggleGroup(scope);
        selectedRows.setId("fleetSelectedRows");
        allShown.setId("fleetAllShown");
        allShown.setSelected(true);
        verify.setId("fleetVerify");
        verify.setTooltip(new Tooltip("Restore each to a temporary file, run PRAGMA integrity_check, delete it"));
        verify.setOnAction(e -> vm.verify(scope()));
        moment.setId("fleetMoment");
        moment.setPromptText("latest, or a moment");
        moment.setPrefColumnCount(14);
        moment.setTooltip(new Tooltip("Restore every replica at this moment (RFC 3339, local or UTC); empty for "
                + "the latest state"));
        restore.setId("fleetRestore");
        restore.setTooltip(new Tooltip("Restore each into a folder you pick, one file per tenant path; existing "
                + "files are kept"));
        restore.setOnAction(e -> restore());
        export.setId("fleetExport");
        export.setTooltip(new Tooltip("Write the table as shown (the filter's rows, in the shown order) as CSV"));
        export.setOnAction(e -> dialogs.exportTo(stage, "fleet.csv").ifPresent(vm::exportCsv));
        cancel.setId("fleetCancel");
        cancel.setOnAction(e -> vm.cancelBulk());
        cancel.disableProperty().bind(vm.runningProperty().not());
        for (Button b : List.of(verify, restore)) {
            b.disableProperty().bind(vm.runningProperty());
        }
        for (ButtonBase b : List.of(verify, restore, export, cancel, selectedRows, allShown)) {
            b.setMnemonicParsing(true);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        progress.setId("fleetProgress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setPrefWidth(140);
        bulkStatus.setId("fleetBulkStatus");
        bulkStatus.textProperty().bind(vm.bulkStatusProperty());
        bulkStatus.setMinWidth(0);
        HBox.setHgrow(bulkStatus, Priority.ALWAYS);
        moment.setMinWidth(Region.USE_PREF_SIZE);
        replace.setId("fleetReplace");
        replace.setMinWidth(Region.USE_PREF_SIZE);
        replace.setTooltip(new Tooltip("Restore over files already in the folder; each is replaced only once its "
                + "restore passed SQLite's check"));
        // Wraps onto a second line in a narrow window rather than pushing Export and Cancel out of sight.
        HBox at = new HBox(8, FieldLabel.of("_At", moment), moment);
        at.setAlignment(Pos.CENTER_LEFT);
        FlowPane bar = new FlowPane(8, 6, selectedRows, allShown, verify, at, replace, restore, export, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox status = new HBox(8, progress, bulkStatus);
        status.setAlignment(Pos.CENTER_LEFT);
        progress.managedProperty().bind(progress.visibleProperty());
        return new VBox(6, bar, status);
    }

    private Region errorLine() {
        error.setId("fleetError");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        return error;
    }

    private Region footer(Search search) {
        totals.setId("fleetTotals");
        totals.getStyleClass().add("text-muted");
        totals.setWrapText(true);
        totals.setMinHeight(Region.USE_PREF_SIZE);
        totals.textProperty().bind(Bindings.createStringBinding(() -> totalsText(vm.totalsProperty().get(),
                vm.all().size()) + (search.listedProperty().get().isEmpty() ? ""
                : "\nLast search: " + search.listedProperty().get()), vm.totalsProperty(), search.listedProperty()));
        return totals;
    }

    /** "300 of 3,000 replicas · 21.1 MiB · 2,400 objects · $0.0004/month". */
    static String totalsText(FleetViewModel.Totals t, int all) {
        String count = t.replicas() == all ? String.format(Locale.ROOT, "%,d replicas", all)
                : String.format(Locale.ROOT, "%,d of %,d replicas", t.replicas(), all);
        return String.format(Locale.ROOT, "%s · %s · %,d objects · $%.4f/month", count, Formats.bytes(t.bytes()),
                t.objects(), t.cost());
    }

    private List<FleetReplica> scope() {
        return allShown.isSelected() ? List.copyOf(vm.shown()) : rows.selected();
    }

    private void restore() {
        Optional<Instant> at = Optional.empty();
        String text = moment.getText() == null ? "" : moment.getText().strip();
        if (!text.isEmpty() && !text.equalsIgnoreCase("latest")) {
            at = TimeText.parse(text, zone.get());
            if (at.isEmpty()) {
                vm.reportError("Cannot read the moment \"" + text + "\": give it as 2026-11-30 14:05:00 (local), "
                        + "2026-11-30T13:05:00Z, or leave it empty for the latest state.");
                return;
            }
        }
        Optional<Instant> moment = at;
        dialogs.restoreInto(stage).ifPresent(dir -> vm.restore(scope(), dir, moment, replace.isSelected()));
    }
}
