package dev.litescope.ui.console;

import dev.litescope.sql.QueryHistory;
import dev.litescope.ui.fx.TimeText;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The query history beside the schema: a search field over every statement run (in any tab, in any session), the
 * newest first. Double-click or Enter puts a statement in the editor; its menu runs it again at once.
 */
final class HistoryPane extends VBox {
    final TextField search = new TextField();
    final ListView<QueryHistory.Entry> list;

    HistoryPane(HistoryViewModel vm, Consumer<String> insert, Consumer<String> runAgain, ZoneId zone) {
        super(6);
        setId("historyPane");
        search.setId("historySearch");
        search.setPromptText("Search the history");
        search.setTooltip(new Tooltip("Every statement you ran, with where, when, how long and what came back"));
        search.textProperty().addListener((o, a, b) -> vm.search(b));
        list = new ListView<>(vm.entries());
        list.setId("historyList");
        list.setPlaceholder(new Label("Statements you run appear here"));
        list.setCellFactory(l -> new EntryCell(zone, runAgain));
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                selected().ifPresent(insert);
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                selected().ifPresent(insert);
                e.consume();
            }
        });
        Label problem = new Label();
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.errorProperty());
        problem.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(search, problem, list);
    }

    private Optional<String> selected() {
        return Optional.ofNullable(list.getSelectionModel().getSelectedItem()).map(QueryHistory.Entry::sql);
    }

    private static final class EntryCell extends ListCell<QueryHistory.Entry> {
        private final Label sql = new Label();
        private final Label detail = new Label();
        private final VBox box = new VBox(1, sql, detail);
        private final ZoneId zone;

        EntryCell(ZoneId zone, Consumer<String> runAgain) {
            this.zone = zone;
            sql.getStyleClass().add("mono");
            detail.getStyleClass().addAll("text-small", "text-muted");
            MenuItem again = new MenuItem("Run again");
            again.setOnAction(e -> {
                if (getItem() != null) {
                    runAgain.accept(getItem().sql());
                }
            });
            setContextMenu(new ContextMenu(again));
        }

        @Override
        protected void updateItem(QueryHistory.Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            String first = e.sql().lines().findFirst().orElse("");
            sql.setText(first.length() > 120 ? first.substring(0, 120) + "…" : first);
            String outcome = switch (e.status()) {
                case ROWS -> e.rows() + " rows";
                case CHANGED -> e.rows() + " changed";
                case FAILED -> "failed";
                case INTERRUPTED -> "stopped";
            };
            detail.setText(TimeText.second(e.started(), zone) + " · " + ConsoleText.duration(e.duration()) + " · "
                    + outcome + " · " + e.database());
            detail.getStyleClass().remove("error-text");
            if (e.status() == QueryHistory.Status.FAILED) {
                detail.getStyleClass().add("error-text");
            }
            setTooltip(new Tooltip(e.sql() + e.error().map(w -> "\n\n" + w).orElse("")));
            setGraphic(box);
        }
    }
}
