package dev.litescope.ui.console;

import dev.litescope.sql.Schema;
import dev.litescope.sql.SqlLexer;
import dev.litescope.ui.fx.Icons;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.MouseButton;
import org.kordamp.ikonli.Ikon;

/**
 * The database's schema: tables (with columns, keys, NOT NULL and defaults, and foreign keys), views, indexes and
 * triggers, each with its CREATE statement on hover. Double-click inserts a name into the editor; a table's menu
 * selects its first 100 rows or counts them.
 */
final class SchemaTree extends TreeView<SchemaTree.Entry> {
    /** One row: what it shows, what a double-click inserts, and its CREATE statement where it has one. */
    record Entry(Ikon icon, String label, String detail, String insert, Optional<String> sql,
                 Optional<String> table) {
        static Entry group(Ikon icon, String label) {
            return new Entry(icon, label, "", "", Optional.empty(), Optional.empty());
        }
    }

    /** What the tree asks its console to do. */
    interface Actions {
        void insert(String text);

        void selectTop(String table);

        void count(String table);

        /** Whether "History of a row…" is offered: in a console opened on a replica's moment. */
        default boolean followsRows() {
            return false;
        }

        /** "History of a row…": asks for the row's key and opens its history. */
        default void history(String table) {
        }
    }

    private final Actions actions;

    SchemaTree(Actions actions) {
        this.actions = actions;
        setId("schemaTree");
        setShowRoot(false);
        setRoot(new TreeItem<>());
        setCellFactory(t -> new EntryCell());
    }

    /** Shows {@code schema}, keeping which groups were open. */
    void show(Schema schema) {
        List<TreeItem<Entry>> groups = List.of(
                group(Icons.TABLE, "Tables", schema.tables().stream().map(SchemaTree::table).toList()),
                group(Icons.VIEW, "Views", schema.views().stream().map(v -> item(new Entry(Icons.VIEW, v.name(),
                        columns(v.columns().size()), quote(v.name()), Optional.of(v.sql()),
                        Optional.of(v.name())), v.columns().stream().map(SchemaTree::column).toList())).toList()),
                group(Icons.INDEX, "Indexes", schema.indexes().stream().map(i -> item(new Entry(Icons.INDEX,
                        i.name(), (i.unique() ? "unique on " : "on ") + i.table() + "(" + String.join(", ",
                        i.columns()) + ")", quote(i.name()), i.sql(), Optional.empty()), List.of())).toList()),
                group(Icons.TRIGGER, "Triggers", schema.triggers().stream().map(t -> item(new Entry(Icons.TRIGGER,
                        t.name(), "on " + t.table(), quote(t.name()), Optional.of(t.sql()), Optional.empty()),
                        List.of())).toList()));
        List<TreeItem<Entry>> old = getRoot().getChildren();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setExpanded(i < old.size() ? old.get(i).isExpanded() : i == 0);
        }
        getRoot().getChildren().setAll(groups);
    }

    private static TreeItem<Entry> group(Ikon icon, String label, List<TreeItem<Entry>> children) {
        return item(Entry.group(icon, label + " (" + children.size() + ")"), children);
    }

    private static TreeItem<Entry> table(Schema.Table t) {
        String detail = columns(t.columns().size()) + (t.withoutRowid() ? " · WITHOUT ROWID" : "")
                + (t.virtual() ? " · virtual" : "");
        List<TreeItem<Entry>> children = new ArrayList<>(t.columns().stream().map(SchemaTree::column)
                .toList());
        for (Schema.ForeignKey fk : t.foreignKeys()) {
            children.add(item(new Entry(Icons.KEY, "(" + String.join(", ", fk.from()) + ") → " + fk.table() + "("
                    + String.join(", ", fk.to()) + ")", "foreign key", quote(fk.table()), Optional.empty(),
                    Optional.empty()), List.of()));
        }
        return item(new Entry(Icons.TABLE, t.name(), detail, quote(t.name()), Optional.of(t.sql()),
                Optional.of(t.name())), children);
    }

    private static String columns(int n) {
        return n + (n == 1 ? " column" : " columns");
    }

    private static TreeItem<Entry> column(Schema.Column c) {
        String detail = (c.declaredType().isEmpty() ? "any" : c.declaredType())
                + (c.primaryKeyPosition() > 0 ? " · PK" : "") + (c.notNull() ? " · NOT NULL" : "")
                + c.defaultValue().map(d -> " · DEFAULT " + d).orElse("") + (c.generated() ? " · generated" : "");
        return item(new Entry(c.primaryKeyPosition() > 0 ? Icons.KEY : Icons.COLUMN, c.name(), detail,
                quote(c.name()), Optional.empty(), Optional.empty()), List.of());
    }

    private static TreeItem<Entry> item(Entry e, List<TreeItem<Entry>> children) {
        TreeItem<Entry> item = new TreeItem<>(e);
        item.getChildren().setAll(children);
        return item;
    }

    /** A name as SQL takes it: bare when it is a plain identifier, in double quotes otherwise. */
    static String quote(String name) {
        boolean bare = name.matches("[A-Za-z_][A-Za-z0-9_]*")
                && !SqlLexer.KEYWORDS.contains(name.toUpperCase(Locale.ROOT));
        return bare ? name : CopyFormat.quoteName(name);
    }

    private final class EntryCell extends TreeCell<Entry> {
        private final Tooltip tooltip = new Tooltip();

        EntryCell() {
            setOnMouseClicked(e -> {
                Entry entry = getItem();
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && entry != null
                        && !entry.insert().isEmpty()) {
                    actions.insert(entry.insert());
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(Entry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                setContextMenu(null);
                return;
            }
            setText(entry.detail().isEmpty() ? entry.label() : entry.label() + "  " + entry.detail());
            setGraphic(Icons.of(entry.icon()));
            tooltip.setText(entry.sql().orElse(entry.label() + (entry.detail().isEmpty() ? "" : "\n"
                    + entry.detail())));
            setTooltip(tooltip);
            setContextMenu(entry.table().map(this::menu).orElseGet(() -> entry.sql().map(this::copyOnly)
                    .orElse(null)));
        }

        private ContextMenu menu(String table) {
            MenuItem top = new MenuItem("Select top 100");
            top.setOnAction(e -> actions.selectTop(table));
            MenuItem count = new MenuItem("Count rows");
            count.setOnAction(e -> actions.count(table));
            ContextMenu menu = copyOnly(getItem().sql().orElse(""));
            menu.getItems().addAll(0, List.of(top, count));
            if (actions.followsRows()) {
                MenuItem history = new MenuItem("History of a row…");
                history.setId("tableRowHistory");
                history.setOnAction(e -> actions.history(table));
                menu.getItems().add(2, history);
            }
            return menu;
        }

        private ContextMenu copyOnly(String sql) {
            MenuItem copy = new MenuItem("Copy the CREATE statement");
            copy.setOnAction(e -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(sql.endsWith(";") ? sql : sql + ";");
                Clipboard.getSystemClipboard().setContent(content);
            });
            return new ContextMenu(copy);
        }
    }
}
