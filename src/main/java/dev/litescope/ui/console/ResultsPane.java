package dev.litescope.ui.console;

import dev.litescope.sql.QueryPlan;
import dev.litescope.ui.fx.Icons;
import java.util.OptionalLong;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The answers of the last run, one tab a statement (rows in a grid, a count of changes, or SQLite's message), and
 * the last query plan explained, as a tree with its full scans marked.
 */
final class ResultsPane extends TabPane {
    private final ConsoleSession session;
    private final Tab planTab = new Tab("Query plan");

    ResultsPane(ConsoleSession session) {
        this.session = session;
        setId("results");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        planTab.setId("planTab");
        session.results().addListener((ListChangeListener<StatementResult>) c -> show());
        session.planProperty().addListener((o, a, b) -> b.ifPresent(this::showPlan));
        show();
    }

    private void show() {
        boolean plan = getTabs().contains(planTab);
        getTabs().clear();
        int n = 0;
        for (StatementResult r : session.results()) {
            n++;
            Tab tab = new Tab((r.kind() == StatementResult.Kind.FAILED ? "Error in statement " : "Statement ") + n);
            tab.setId("result-" + n);
            tab.setContent(content(r));
            tab.setTooltip(new Tooltip(r.statement().sql()));
            if (r.kind() == StatementResult.Kind.FAILED) {
                tab.setGraphic(Icons.of(Icons.ERROR));
            }
            getTabs().add(tab);
        }
        if (plan) {
            getTabs().add(planTab);
        }
        // The last statement's answer is the one the user waits for; an error wins over it.
        getTabs().stream().filter(t -> t.getGraphic() != null).findFirst()
                .or(() -> getTabs().stream().filter(t -> t != planTab).reduce((a, b) -> b))
                .ifPresent(t -> getSelectionModel().select(t));
    }

    private Node content(StatementResult r) {
        return switch (r.kind()) {
            case ROWS -> rows(r);
            case CHANGED, FAILED -> message(r);
        };
    }

    private Node rows(StatementResult r) {
        ResultGrid grid = new ResultGrid(session, r);
        Label summary = new Label();
        summary.setId("resultSummary");
        summary.textProperty().bind(Bindings.createStringBinding(() -> fetchedText(r), r.rows(),
                r.exhaustedProperty(), r.totalProperty()));
        Button count = new Button("Count all rows");
        count.setId("countRows");
        count.setTooltip(new Tooltip("Count every row of this statement (SQLite runs it again as a count)"));
        count.setOnAction(e -> session.count(r));
        count.visibleProperty().bind(Bindings.createBooleanBinding(() -> r.totalProperty().get().isEmpty(),
                r.totalProperty()));
        count.managedProperty().bind(count.visibleProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox footer = new HBox(8, summary, gap, count);
        footer.setAlignment(Pos.CENTER_LEFT);
        footer.setPadding(new Insets(4, 6, 4, 6));
        BorderPane pane = new BorderPane(grid);
        pane.setRight(grid.scrollBar());
        pane.setBottom(footer);
        return pane;
    }

    private static String fetchedText(StatementResult r) {
        String time = ConsoleText.duration(r.elapsed()) + " to the first rows";
        OptionalLong total = r.totalProperty().get();
        if (r.exhaustedProperty().get()) {
            return r.rows().size() + (r.rows().size() == 1 ? " row" : " rows") + " · " + time;
        }
        return r.rows().size() + " rows shown, more as you scroll" + (total.isPresent() ? " · " + total.getAsLong()
                + " in all" : "") + " · " + time;
    }

    private static Node message(StatementResult r) {
        Label text = new Label(r.summary());
        text.setId("resultMessage");
        text.setWrapText(true);
        if (r.kind() == StatementResult.Kind.FAILED) {
            text.getStyleClass().add("error-text");
        }
        BorderPane pane = new BorderPane(text);
        BorderPane.setAlignment(text, Pos.TOP_LEFT);
        pane.setPadding(new Insets(10));
        return pane;
    }

    private void showPlan(QueryPlan plan) {
        TreeItem<QueryPlan.Node> root = new TreeItem<>();
        plan.roots().forEach(n -> root.getChildren().add(item(n)));
        TreeView<QueryPlan.Node> tree = new TreeView<>(root);
        tree.setId("planTree");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new TreeCell<>() {
            @Override
            protected void updateItem(QueryPlan.Node node, boolean empty) {
                super.updateItem(node, empty);
                getStyleClass().remove("full-scan");
                if (empty || node == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(node.detail() + (node.fullScan() ? "  — reads every row" : ""));
                setGraphic(node.fullScan() ? Icons.of(Icons.ERROR) : null);
                if (node.fullScan()) {
                    getStyleClass().add("full-scan");
                }
            }
        });
        planTab.setContent(tree);
        if (!getTabs().contains(planTab)) {
            getTabs().add(planTab);
        }
        getSelectionModel().select(planTab);
    }

    private static TreeItem<QueryPlan.Node> item(QueryPlan.Node node) {
        TreeItem<QueryPlan.Node> item = new TreeItem<>(node);
        item.setExpanded(true);
        node.children().forEach(c -> item.getChildren().add(item(c)));
        return item;
    }
}
