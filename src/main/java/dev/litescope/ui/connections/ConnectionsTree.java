package dev.litescope.ui.connections;

import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.connections.ConnectionsViewModel.Database;
import dev.litescope.ui.timeline.GenerationRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Skin;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.skin.TreeViewSkin;
import javafx.scene.input.KeyEvent;

/**
 * The tree of connections → databases → the open database's generations. A connection with more than
 * {@link ConnectionsViewModel#FLEET_SIZE} databases shows one row for them, which opens the fleet table. Its
 * items follow the view models' lists: each connection, database and generation keeps one TreeItem for as long
 * as it is there, and a branch's children are set again only when they changed, so what the user expanded and
 * selected stays.
 */
public final class ConnectionsTree extends TreeView<ConnectionEntry> {
    private final ConnectionsViewModel vm;
    private final MainViewModel model;
    /**
     * Held, not asked for again: {@link MainViewModel#generations()} makes a new unmodifiable view per call, which
     * listens to the list only weakly; a listener on a view nobody holds stops when the view is collected.
     */
    private final ObservableList<GenerationRow> generations;
    private final TreeItem<ConnectionEntry> root = new TreeItem<>();
    private final Map<ConnectionNode, TreeItem<ConnectionEntry>> nodeItems = new IdentityHashMap<>();
    private Map<Database, TreeItem<ConnectionEntry>> databaseItems = new HashMap<>();
    private final Map<ConnectionNode, TreeItem<ConnectionEntry>> fleetItems = new IdentityHashMap<>();
    private Map<GenerationRow, TreeItem<ConnectionEntry>> generationItems = new HashMap<>();
    private Optional<TreeItem<ConnectionEntry>> elsewhere = Optional.empty();
    private Optional<String> expandedFor = Optional.empty();
    /** The open database's row, as the last sync placed it. */
    private Optional<TreeItem<ConnectionEntry>> openItem = Optional.empty();
    /** The replica whose generations were last brought into view: a refresh of the same one leaves the scroll. */
    private Optional<String> revealedFor = Optional.empty();
    private boolean syncing;

    ConnectionsTree(ConnectionsViewModel vm, MainViewModel model, ConnectionsPane pane) {
        this.vm = vm;
        this.model = model;
        this.generations = model.generations();
        setId("connectionsTree");
        setRoot(root);
        setShowRoot(false);
        setCellFactory(t -> new ConnectionCell(vm, pane));
        getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncing && b != null && b.getValue() instanceof ConnectionEntry.Generation g) {
                model.select(g.row());
            }
        });
        // The arrows move from the tree's focused row, which setting the items again drops (and the selection made
        // to follow the open database never sets): without this they would do nothing after a database opens.
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            int row = getSelectionModel().getSelectedIndex();
            if (row >= 0 && getFocusModel().getFocusedIndex() != row) {
                getFocusModel().focus(row);
            }
        });
        vm.connections().addListener((ListChangeListener<ConnectionNode>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::watch);
            }
            sync();
        });
        vm.connections().forEach(this::watch);
        vm.openUrlProperty().addListener((o, a, b) -> sync());
        generations.addListener((ListChangeListener<GenerationRow>) c -> {
            sync();
            revealNewGenerations();
        });
        model.selectedGenerationProperty().addListener((o, a, b) -> selectGeneration());
        // The rows' times are in the window's zone.
        model.session().zoneProperty().addListener((o, a, b) -> refresh());
        sync();
    }

    /** The selected row's entry. */
    Optional<ConnectionEntry> selectedEntry() {
        TreeItem<ConnectionEntry> item = getSelectionModel().getSelectedItem();
        return item == null ? Optional.empty() : Optional.ofNullable(item.getValue());
    }

    /** The connection of the selection: itself, or the one a selected database or generation is under. */
    Optional<ConnectionNode> selectedNode() {
        for (TreeItem<ConnectionEntry> i = getSelectionModel().getSelectedItem(); i != null; i = i.getParent()) {
            if (i.getValue() instanceof ConnectionEntry.Place p) {
                return Optional.of(p.node());
            }
        }
        return Optional.empty();
    }

    Optional<TreeItem<ConnectionEntry>> itemOf(ConnectionNode node) {
        return Optional.ofNullable(nodeItems.get(node));
    }

    /** Selects a connection's row, scrolls to it and shows what its search finds. */
    void reveal(ConnectionNode node) {
        itemOf(node).ifPresent(item -> {
            item.setExpanded(true);
            getSelectionModel().select(item);
            scrollTo(getRow(item));
            requestFocus();
        });
    }

    /**
     * The generations of a database just opened arrive after its URL: only then are they the rows to show. (When
     * the URL changes, the list still holds the previous replica's.)
     */
    private void revealNewGenerations() {
        String url = model.replicaUrlProperty().get();
        if (generations.isEmpty() || openItem.isEmpty() || revealedFor.equals(Optional.of(url))) {
            return;
        }
        revealedFor = Optional.of(url);
        TreeItem<ConnectionEntry> opened = openItem.get();
        // After this pulse's layout has made room for the new rows.
        Platform.runLater(() -> bringIntoView(opened));
    }

    /**
     * Scrolls as little as needed for a just-opened database's generations and then its own row to be in view (its
     * row wins when they do not all fit). {@link TreeView#scrollTo} would put the row at the top every time, and
     * with rows of different heights it lands short of rows below the fold.
     */
    private void bringIntoView(TreeItem<ConnectionEntry> opened) {
        if (!(getSkin() instanceof MinimalScrollSkin skin) || opened.getParent() == null) {
            return;
        }
        // The flow learns the new row count in its layout; without one first, it scrolls over the old rows.
        layout();
        List<TreeItem<ConnectionEntry>> children = opened.getChildren();
        if (!children.isEmpty()) {
            // Twice: the first scroll goes by estimated heights of rows not yet made, the second by the real ones.
            int last = getRow(children.get(children.size() - 1));
            skin.show(last);
            layout();
            skin.show(last);
        }
        skin.show(getRow(opened));
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new MinimalScrollSkin(this);
    }

    /** The default skin, with its flow's scroll-into-view (rather than scroll-to-top) made reachable. */
    private static final class MinimalScrollSkin extends TreeViewSkin<ConnectionEntry> {
        MinimalScrollSkin(TreeView<ConnectionEntry> tree) {
            super(tree);
        }

        void show(int row) {
            if (row >= 0) {
                getVirtualFlow().scrollTo(row);
            }
        }
    }

    private void watch(ConnectionNode node) {
        node.databases().addListener((ListChangeListener<Database>) c -> sync());
        // The texts of a connection's row change with its search; the row itself stays.
        node.statusProperty().addListener((o, a, b) -> refresh());
    }

    /** Brings the items in step with the view models, reusing every item that is still there. */
    private void sync() {
        Optional<ConnectionEntry> keep = selectedEntry();
        syncing = true;
        try {
            Map<Database, TreeItem<ConnectionEntry>> databases = new HashMap<>();
            Map<GenerationRow, TreeItem<ConnectionEntry>> rows = new HashMap<>();
            List<TreeItem<ConnectionEntry>> top = new ArrayList<>();
            openItem = Optional.empty();
            for (ConnectionNode node : vm.connections()) {
                TreeItem<ConnectionEntry> item = nodeItems.computeIfAbsent(node, this::connectionItem);
                List<TreeItem<ConnectionEntry>> children = new ArrayList<>();
                Optional<Database> single = node.single();
                if (single.isPresent()) {
                    if (vm.isOpen(single.get())) {
                        children.addAll(generationItems(rows));
                        openItem = Optional.of(item);
                    }
                } else {
                    if (node.isFleet()) {
                        // One row that opens the table, not thousands; the open database keeps its row below it.
                        children.add(fleetItems.computeIfAbsent(node,
                                n -> new TreeItem<>(new ConnectionEntry.Fleet(n))));
                    }
                    for (Database d : node.databases()) {
                        if (node.isFleet() && !vm.isOpen(d)) {
                            continue;
                        }
                        TreeItem<ConnectionEntry> di = databaseItems.get(d);
                        if (di == null) {
                            di = databaseItem(d);
                        }
                        databases.put(d, di);
                        boolean open = vm.isOpen(d);
                        setChildren(di, open ? generationItems(rows) : List.of());
                        if (open) {
                            openItem = Optional.of(di);
                        }
                        children.add(di);
                    }
                }
                setChildren(item, children);
                top.add(item);
            }
            databaseItems = databases;
            nodeItems.keySet().retainAll(new HashSet<>(vm.connections()));
            fleetItems.keySet().retainAll(new HashSet<>(vm.connections()));
            String url = model.replicaUrlProperty().get();
            if (openItem.isEmpty() && vm.openUrlProperty().get().isPresent()) {
                TreeItem<ConnectionEntry> other = elsewhere.filter(e -> e.getValue().value().equals(url))
                        .orElseGet(() -> new TreeItem<>(new ConnectionEntry.Elsewhere(url)));
                elsewhere = Optional.of(other);
                setChildren(other, generationItems(rows));
                top.add(0, other);
                openItem = Optional.of(other);
            } else {
                elsewhere = Optional.empty();
            }
            generationItems = rows;
            setChildren(root, top);
            // Show the generations once when a database is opened; later the user's collapse stands.
            if (openItem.isPresent() && !openItem.get().getChildren().isEmpty()
                    && !expandedFor.equals(Optional.of(url))) {
                expandedFor = Optional.of(url);
                for (TreeItem<ConnectionEntry> i = openItem.get(); i != null; i = i.getParent()) {
                    i.setExpanded(true);
                }
            }
            keep.flatMap(this::find).ifPresent(i -> getSelectionModel().select(i));
        } finally {
            syncing = false;
        }
        // A connection or database the user selected stays selected (F5 on it, then Delete, must work on it);
        // otherwise the selection follows the open generation.
        if (keep.isEmpty() || keep.get() instanceof ConnectionEntry.Generation || keep.flatMap(this::find).isEmpty()) {
            selectGeneration();
        }
        refresh();
    }

    /** Sets a branch's children only when they are not already these very items. */
    private static void setChildren(TreeItem<ConnectionEntry> parent, List<TreeItem<ConnectionEntry>> children) {
        ObservableList<TreeItem<ConnectionEntry>> now = parent.getChildren();
        boolean same = now.size() == children.size();
        for (int i = 0; same && i < now.size(); i++) {
            same = now.get(i) == children.get(i);
        }
        if (!same) {
            now.setAll(children);
        }
    }

    /** The open database's generations as items, each row's item kept while the row is there. */
    private List<TreeItem<ConnectionEntry>> generationItems(Map<GenerationRow, TreeItem<ConnectionEntry>> rows) {
        List<TreeItem<ConnectionEntry>> out = new ArrayList<>();
        for (GenerationRow g : generations) {
            TreeItem<ConnectionEntry> item = rows.computeIfAbsent(g, r -> generationItems.getOrDefault(r,
                    new TreeItem<>(new ConnectionEntry.Generation(r))));
            out.add(item);
        }
        return out;
    }

    private void selectGeneration() {
        Optional<GenerationRow> g = model.selectedGenerationProperty().get();
        if (g.isEmpty()) {
            return;
        }
        syncing = true;
        try {
            find(new ConnectionEntry.Generation(g.get())).ifPresent(i -> getSelectionModel().select(i));
        } finally {
            syncing = false;
        }
    }

    private Optional<TreeItem<ConnectionEntry>> find(ConnectionEntry entry) {
        return find(root, entry);
    }

    private static Optional<TreeItem<ConnectionEntry>> find(TreeItem<ConnectionEntry> from, ConnectionEntry entry) {
        for (TreeItem<ConnectionEntry> child : from.getChildren()) {
            if (entry.equals(child.getValue())) {
                return Optional.of(child);
            }
            Optional<TreeItem<ConnectionEntry>> deeper = find(child, entry);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    private TreeItem<ConnectionEntry> connectionItem(ConnectionNode node) {
        TreeItem<ConnectionEntry> item = branch(new ConnectionEntry.Place(node));
        item.expandedProperty().addListener((o, a, expanded) -> {
            if (expanded && !syncing) {
                vm.expand(node);
            }
        });
        return item;
    }

    private TreeItem<ConnectionEntry> databaseItem(Database d) {
        TreeItem<ConnectionEntry> item = branch(new ConnectionEntry.Found(d));
        item.expandedProperty().addListener((o, a, expanded) -> {
            if (expanded && !syncing && !vm.isOpen(d)) {
                vm.open(d);
            }
        });
        return item;
    }

    /** An item that always shows its disclosure arrow: its children are found when it is expanded. */
    private static TreeItem<ConnectionEntry> branch(ConnectionEntry value) {
        return new TreeItem<>(value) {
            @Override
            public boolean isLeaf() {
                return false;
            }
        };
    }
}
