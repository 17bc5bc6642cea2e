package dev.litescope.ui.restore;

import dev.litescope.sql.DatabaseSummary;
import dev.litescope.sql.DatabaseSummary.TableCount;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.Icons;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Under the plan, once a restore is done: where the database went (show its folder, copy the path), its tables
 * with their row counts, and a way in. The SQL console is not there yet, so "Open in SQL console" opens a
 * read-only table view.
 */
public final class ResultPane extends VBox {
    public final Label path = new Label();
    public final TableView<TableCount> tables = new TableView<>();
    public final Button showFolder = Icons.on(new Button("Sho_w in folder"), Icons.SHOW_IN_FOLDER);
    public final Button copyPath = Icons.on(new Button("Copy _path"), Icons.COPY);
    public final Button openTables = Icons.on(new Button("Open _in SQL console"), Icons.CONSOLE);
    ResultPane(MainViewModel model, Consumer<Path> showInFolder, Runnable openInConsole) {
        setId("restoreResult");
        setSpacing(8);
        setPadding(new Insets(6, 0, 0, 0));

        Label title = new Label("Restored database");
        title.getStyleClass().add("title-4");

        path.setId("resultPath");
        path.setWrapText(true);
        path.setMinHeight(Label.USE_PREF_SIZE);
        path.getStyleClass().add("mono");
        path.getStyleClass().add("text-small");

        showFolder.setId("showInFolder");
        showFolder.setMnemonicParsing(true);
        showFolder.getStyleClass().add("small");
        showFolder.setTooltip(new Tooltip("Open the folder that holds the restored database"));
        showFolder.setOnAction(e -> output(model).ifPresent(p -> showInFolder.accept(p.getParent())));
        copyPath.setId("copyPath");
        copyPath.setMnemonicParsing(true);
        copyPath.getStyleClass().add("small");
        copyPath.setTooltip(new Tooltip("Copy the database's full path to the clipboard"));
        copyPath.setOnAction(e -> output(model).ifPresent(p -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(p.toString());
            Clipboard.getSystemClipboard().setContent(c);
        }));
        HBox fileButtons = new HBox(6, showFolder, copyPath);

        tables.setId("resultTables");
        TableColumn<TableCount, String> name = new TableColumn<>("Table");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        name.setSortable(false);
        TableColumn<TableCount, Long> rows = new TableColumn<>("Rows");
        rows.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().rows()));
        rows.setSortable(false);
        rows.getStyleClass().add("numeric");
        rows.setCellFactory(c -> new TableCell<>() {
            {
                // Numbers right-aligned, but not against the border.
                getStyleClass().add("numeric-cell");
            }

            @Override
            protected void updateItem(Long n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : String.format(Locale.ROOT, "%,d", n));
            }
        });
        tables.getColumns().add(name);
        tables.getColumns().add(rows);
        tables.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        name.setPrefWidth(190);
        tables.setPlaceholder(new Label("Counting rows…"));
        tables.getStyleClass().addAll("dense", "bordered");
        // As tall as its rows, up to six; more scroll.
        tables.setFixedCellSize(26);
        tables.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> 38 + 26.0 * Math.max(1, Math.min(6, tables.getItems().size())), tables.getItems()));
        tables.setMinHeight(Region.USE_PREF_SIZE);

        openTables.setId("openTables");
        openTables.setMnemonicParsing(true);
        openTables.setMaxWidth(Double.MAX_VALUE);
        openTables.setTooltip(new Tooltip("Query the restored database in the SQL console, read-only"));
        openTables.setOnAction(e -> openInConsole.run());
        HBox.setHgrow(openTables, Priority.ALWAYS);

        getChildren().addAll(new Separator(), title, path, fileButtons, openTables, tables);

        model.lastRestoreProperty().addListener((o, a, b) -> {
            path.setText(b.map(r -> r.output().toString()).orElse(""));
            title.setText("Restored database" + (b.filter(r -> r.verified()).isPresent() ? ", verified" : ""));
        });
        model.restoredSummaryProperty().addListener((o, a, b) -> tables.getItems().setAll(
                b.map(DatabaseSummary::tables).orElse(List.of())));
        visibleProperty().bind(Bindings.createBooleanBinding(() -> model.lastRestoreProperty().get().isPresent(),
                model.lastRestoreProperty()));
        managedProperty().bind(visibleProperty());
        openTables.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.restoredSummaryProperty().get().isEmpty(), model.restoredSummaryProperty()));
    }

    private static Optional<Path> output(MainViewModel model) {
        return model.lastRestoreProperty().get().map(r -> r.output());
    }
}
