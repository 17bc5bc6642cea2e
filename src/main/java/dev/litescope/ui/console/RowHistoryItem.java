package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;

/**
 * "History…" in a result grid's row menu: opens a {@link RowHistoryWindow} on the row the menu was opened on. Worked
 * out again each time the menu shows ({@link RowHistoryViewModel#availability}); when the row's history cannot be
 * shown the item looks disabled and its tooltip says why. (A disabled menu item shows no tooltip, so the item stays
 * enabled and only its label is greyed.)
 */
final class RowHistoryItem {
    final CustomMenuItem item;
    private final Label label = new Label("History…");
    private final Tooltip tooltip = new Tooltip();
    private final ConsoleSession session;
    private final List<ResultColumn> columns;
    private final Supplier<Optional<List<Cell>>> row;
    private final Supplier<Window> owner;
    private RowHistoryViewModel.Availability now = new RowHistoryViewModel.Availability(Optional.empty(), "");

    /** @param row the row the menu is about: the grid's focused one */
    RowHistoryItem(ConsoleSession session, List<ResultColumn> columns, Supplier<Optional<List<Cell>>> row,
                   Supplier<Window> owner) {
        this.session = session;
        this.columns = columns;
        this.row = row;
        this.owner = owner;
        StackPane box = new StackPane(label);
        box.setAlignment(Pos.CENTER_LEFT);
        Tooltip.install(box, tooltip);
        item = new CustomMenuItem(box);
        item.setId("rowHistory");
        item.setOnAction(e -> now.request().ifPresent(r -> RowHistoryWindow.open(owner.get(), session.runner(), r)));
    }

    /** Works out whether the row's history can be shown; called as the menu shows. */
    void update() {
        now = RowHistoryViewModel.availability(session.source().timeline(), session.schemaProperty().get(), columns,
                row.get());
        boolean ok = now.request().isPresent();
        label.setDisable(!ok);
        label.setMouseTransparent(!ok);
        tooltip.setText(ok ? "Every version of this row across the replica's restore points: when it changed, "
                + "what changed, and where it was deleted" : now.whyNot());
    }

    /** What the item would do now: the request, or why not. */
    RowHistoryViewModel.Availability availability() {
        return now;
    }
}
