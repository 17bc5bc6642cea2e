package dev.litescope.ui.connections;

import dev.litescope.ui.connections.ConnectionsViewModel.Database;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.timeline.GenerationRow;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One row of the connections tree. Its nodes (a name with an icon, and up to two lines under it) are built once;
 * {@link #updateItem} only sets their texts, icon and style classes for the entry it now shows.
 */
final class ConnectionCell extends TreeCell<ConnectionEntry> {
    /** The style classes a row's lines may carry; each update sets them afresh. */
    private static final List<String> STATES = List.of("strong", "mono", "error-text", "text-muted");

    private final ConnectionsViewModel vm;
    private final FontIcon icon = Icons.of(Icons.DATABASE);
    private final Label name = new Label();
    private final Label first = new Label();
    private final Label second = new Label();
    private final VBox box = new VBox(1, name, first, second);
    private final Tooltip tooltip = new Tooltip();

    ConnectionCell(ConnectionsViewModel vm, ConnectionsPane pane) {
        this.vm = vm;
        getStyleClass().add("connection-cell");
        name.setGraphic(icon);
        name.getStyleClass().add("connection-name");
        for (Label l : List.of(first, second)) {
            l.getStyleClass().addAll("text-small", "connection-detail");
            l.setMaxWidth(280);
            l.managedProperty().bind(l.visibleProperty());
        }
        // Fit the tree's width and shorten long lines with an ellipsis (the tooltip has them whole), rather than
        // scroll the whole tree sideways.
        setPrefWidth(0);
        setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && !isEmpty() && (getItem() instanceof ConnectionEntry.Found
                    || getItem() instanceof ConnectionEntry.Fleet
                    || getItem() instanceof ConnectionEntry.Place p && p.node().single().isPresent())) {
                pane.activate(getItem());
            }
        });
    }

    @Override
    protected void updateItem(ConnectionEntry item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        for (Label l : List.of(name, first, second)) {
            l.getStyleClass().removeAll(STATES);
            l.setWrapText(false);
        }
        first.getStyleClass().add("text-muted");
        second.getStyleClass().add("text-muted");
        // The five kinds of a sealed type (Java 17 has no pattern switch yet).
        if (item instanceof ConnectionEntry.Place p) {
            showConnection(p.node());
        } else if (item instanceof ConnectionEntry.Found f) {
            showDatabase(f.database());
        } else if (item instanceof ConnectionEntry.Fleet f) {
            showFleet(f.node());
        } else if (item instanceof ConnectionEntry.Generation g) {
            showGeneration(g.row());
        } else if (item instanceof ConnectionEntry.Elsewhere e) {
            showElsewhere(e.url());
        }
        setGraphic(box);
        setTooltip(tooltip);
    }

    private void showConnection(ConnectionNode node) {
        boolean failed = !node.errorProperty().get().isEmpty();
        Connection c = node.connection();
        lines(c.label(), node.statusProperty().get(), "");
        name.getStyleClass().add("strong");
        if (failed) {
            first.getStyleClass().remove("text-muted");
            first.getStyleClass().add("error-text");
            first.setWrapText(true);
        }
        icon.setIconCode(failed ? Icons.ERROR : c instanceof Connection.Bucket ? Icons.BUCKET
                : c instanceof Connection.Demo ? Icons.DEMO : Icons.FOLDER);
        String listed = node.listedProperty().get();
        tooltip.setText(c.location() + (failed ? "\n" + node.errorProperty().get()
                : listed.isEmpty() ? "" : "\n" + listed));
    }

    private void showDatabase(Database d) {
        lines(d.label(), vm.describe(d), "");
        if (vm.isOpen(d)) {
            name.getStyleClass().add("strong");
        }
        icon.setIconCode(Icons.DATABASE);
        tooltip.setText(d.url() + "\n" + d.replica().objects() + " objects");
    }

    private void showFleet(ConnectionNode node) {
        lines(String.format(Locale.ROOT, "%,d databases", node.databases().size()), "Open the fleet table: sort, "
                + "filter, verify or restore them at once", "");
        name.getStyleClass().add("strong");
        icon.setIconCode(Icons.TABLE);
        tooltip.setText("Every database of " + node.connection().location() + " in one table (Enter)");
    }

    private void showGeneration(GenerationRow row) {
        ZoneId zone = vm.zone();
        lines(row.name(), row.bounds().map(b -> TimeText.second(b.start(), zone) + " → "
                        + TimeText.second(b.end(), zone).substring(11)).orElse("no objects"),
                String.format(Locale.ROOT, "%d snapshot(s) · %d WAL segment(s) · %s", row.snapshotCount(),
                        row.segmentCount(), Formats.bytes(row.storedBytes())));
        name.getStyleClass().add("mono");
        icon.setIconCode(Icons.GENERATION);
        tooltip.setText(row.bounds().map(b -> Formats.time(b.start()) + " → " + Formats.time(b.end()))
                .orElse("no objects"));
    }

    private void showElsewhere(String url) {
        lines("Replica", url, "");
        name.getStyleClass().add("strong");
        icon.setIconCode(Icons.OPEN);
        tooltip.setText(url + "\n(not in the connections; add its folder or bucket to keep it)");
    }

    private void lines(String title, String line1, String line2) {
        name.setText(title);
        first.setText(line1);
        first.setVisible(!line1.isEmpty());
        second.setText(line2);
        second.setVisible(!line2.isEmpty());
    }
}
