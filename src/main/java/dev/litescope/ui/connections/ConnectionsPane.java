package dev.litescope.ui.connections;

import dev.litescope.replica.Replica;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.status.StatusBarViewModel;
import dev.litescope.ui.timeline.GenerationRow;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.ui.connections.ConnectionsViewModel.Database;
import dev.litescope.ui.connections.ConnectionsViewModel.Node;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/**
 * The left of the window: a tree of connections (the demo, folders, buckets) → the databases found in each →
 * the generations of the open database. Clicking a database (or Enter on it) opens it; a connection that is itself
 * a replica opens when expanded. Delete removes a connection, F5 searches it again, Escape cancels a search.
 */
public final class ConnectionsPane extends VBox {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The native choosers, which cannot be driven headless: a seam for the window tests. */
    public interface Dialogs {
        Optional<Path> chooseFolder(Window owner);

        Optional<String> askBucket(Window owner);

        static Dialogs standard() {
            return new Dialogs() {
                @Override
                public Optional<Path> chooseFolder(Window owner) {
                    DirectoryChooser chooser = new DirectoryChooser();
                    chooser.setTitle("Add a replica folder, or a folder of replicas");
                    return Optional.ofNullable(chooser.showDialog(owner)).map(java.io.File::toPath);
                }

                @Override
                public Optional<String> askBucket(Window owner) {
                    return BucketDialog.ask(owner);
                }
            };
        }
    }

    /** The replica opened through the URL field, when it is in no connection. */
    record OpenedElsewhere(String url) {
    }

    private final ConnectionsViewModel vm;
    private final MainViewModel model;
    private final Dialogs dialogs;
    /**
     * Held, not asked for again: {@link MainViewModel#generations()} makes a new unmodifiable view per call, which
     * listens to the list only weakly; a listener on a view nobody holds stops when the view is collected.
     */
    private final javafx.collections.ObservableList<GenerationRow> generations;
    public final TreeView<Object> tree = new TreeView<>();
    final Button addFolder = Icons.on(new Button("Add _folder…"), Icons.ADD_FOLDER);
    final Button addBucket = Icons.on(new Button("Add _bucket…"), Icons.ADD_BUCKET);
    final Button refresh = Icons.only(new Button("Refresh"), Icons.REFRESH);
    final Button remove = Icons.only(new Button("Remove"), Icons.REMOVE);
    private final TreeItem<Object> root = new TreeItem<>();
    private final Map<Node, TreeItem<Object>> nodeItems = new IdentityHashMap<>();
    private Map<Database, TreeItem<Object>> databaseItems = new HashMap<>();
    private Optional<String> expandedFor = Optional.empty();
    private boolean syncing;

    public ConnectionsPane(ConnectionsViewModel vm, MainViewModel model, Dialogs dialogs) {
        this.vm = vm;
        this.model = model;
        this.dialogs = dialogs;
        this.generations = model.generations();
        setId("connections");

        Label title = new Label("_Connections");
        title.setMnemonicParsing(true);
        title.setLabelFor(tree);
        title.getStyleClass().add("title-4");

        tree.setId("connectionsTree");
        tree.setRoot(root);
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new Cell());
        tree.setTooltip(new Tooltip("Enter opens a database · F5 searches again · Delete removes a connection"));
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            updateButtons();
            if (!syncing && b != null && b.getValue() instanceof GenerationRow row) {
                model.select(row);
            }
        });
        // The arrows move from the tree's focused row, which setting the items again drops (and the selection made
        // to follow the open database never sets): without this they would do nothing after a database opens.
        tree.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            int row = tree.getSelectionModel().getSelectedIndex();
            if (row >= 0 && tree.getFocusModel().getFocusedIndex() != row) {
                tree.getFocusModel().focus(row);
            }
        });
        tree.setOnKeyPressed(e -> {
            Object v = selected().orElse(null);
            if (e.getCode() == KeyCode.ENTER && v != null) {
                activate(v);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE && v instanceof Node n) {
                vm.remove(n);
                e.consume();
            } else if (e.getCode() == KeyCode.F5) {
                selectedNode().ifPresent(vm::refresh);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && selectedNode().map(n -> n.searchingProperty().get())
                    .orElse(false)) {
                selectedNode().ifPresent(vm::cancel);
                e.consume();
            }
        });
        tree.setContextMenu(contextMenu());
        VBox.setVgrow(tree, Priority.ALWAYS);

        for (Button b : List.of(addFolder, addBucket, refresh, remove)) {
            b.setMnemonicParsing(true);
            b.getStyleClass().add("small");
        }
        addFolder.setId("addFolder");
        addFolder.setTooltip(new Tooltip("Add a local replica folder, or a folder that holds several"));
        addFolder.setOnAction(e -> chooseFolder());
        addBucket.setId("addBucket");
        addBucket.setTooltip(new Tooltip("Add a Cloud Storage bucket or prefix (gs://bucket/prefix)"));
        addBucket.setOnAction(e -> askBucket());
        addBucket.disableProperty().bind(vm.checkingCredentialsProperty());
        refresh.setId("refreshConnection");
        refresh.setTooltip(new Tooltip("Search the selected connection again (F5)"));
        refresh.setOnAction(e -> selectedNode().ifPresent(vm::refresh));
        remove.setId("removeConnection");
        remove.setTooltip(new Tooltip("Forget the selected connection; nothing in it is touched (Delete)"));
        remove.setOnAction(e -> selected().filter(Node.class::isInstance).map(Node.class::cast).ifPresent(vm::remove));
        FlowPane buttons = new FlowPane(4, 4, addFolder, addBucket, refresh, remove);

        Label empty = new Label("No connections yet: add a folder or a bucket.");
        empty.setWrapText(true);
        empty.getStyleClass().addAll("text-small", "text-muted");
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.connections()));
        empty.managedProperty().bind(empty.visibleProperty());
        getChildren().addAll(title, tree, empty, buttons);
        setSpacing(8);
        setPadding(new Insets(12, 0, 12, 14));
        setPrefWidth(340);
        setMinWidth(260);

        vm.connections().addListener((ListChangeListener<Node>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::watch);
            }
            rebuild();
        });
        vm.connections().forEach(this::watch);
        vm.openUrlProperty().addListener((o, a, b) -> rebuild());
        generations.addListener((ListChangeListener<GenerationRow>) c -> rebuild());
        model.selectedGenerationProperty().addListener((o, a, b) -> selectGeneration());
        vm.addedProperty().addListener((o, a, b) -> b.ifPresent(n -> {
            TreeItem<Object> item = nodeItems.get(n);
            if (item != null) {
                // Show what the search finds under it.
                item.setExpanded(true);
                tree.getSelectionModel().select(item);
                tree.scrollTo(tree.getRow(item));
                tree.requestFocus();
            }
        }));
        rebuild();
        updateButtons();
    }

    // ---- commands from the buttons and menu ----

    void chooseFolder() {
        dialogs.chooseFolder(window()).ifPresent(vm::addFolder);
    }

    void askBucket() {
        dialogs.askBucket(window()).ifPresent(vm::addBucket);
    }

    /** Enter, or a click: open a database, or search and open a connection. */
    void activate(Object value) {
        if (value instanceof Database d) {
            if (!vm.isOpen(d)) {
                vm.open(d);
            }
        } else if (value instanceof Node n) {
            TreeItem<Object> item = nodeItems.get(n);
            if (item != null && !item.isExpanded()) {
                item.setExpanded(true); // the expansion listener searches
            } else {
                vm.expand(n);
            }
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private Optional<Object> selected() {
        TreeItem<Object> item = tree.getSelectionModel().getSelectedItem();
        return item == null ? Optional.empty() : Optional.ofNullable(item.getValue());
    }

    /** The connection of the selection: itself, or the one a selected database or generation is under. */
    private Optional<Node> selectedNode() {
        TreeItem<Object> item = tree.getSelectionModel().getSelectedItem();
        while (item != null) {
            if (item.getValue() instanceof Node n) {
                return Optional.of(n);
            }
            item = item.getParent();
        }
        return Optional.empty();
    }

    private void updateButtons() {
        remove.setDisable(!(selected().orElse(null) instanceof Node));
        refresh.setDisable(selectedNode().isEmpty());
    }

    private ContextMenu contextMenu() {
        // The keys are named in the labels, not set as accelerators: a context menu's accelerators apply to the
        // whole scene, and Delete in the URL field must not remove a connection.
        MenuItem open = new MenuItem("Open (Enter)");
        open.setOnAction(e -> selected().ifPresent(this::activate));
        MenuItem again = new MenuItem("Refresh (F5)");
        again.setOnAction(e -> selectedNode().ifPresent(vm::refresh));
        MenuItem cancel = new MenuItem("Cancel search (Esc)");
        cancel.setOnAction(e -> selectedNode().ifPresent(vm::cancel));
        MenuItem forget = new MenuItem("Remove (Delete)");
        forget.setOnAction(e -> selected().filter(Node.class::isInstance).map(Node.class::cast).ifPresent(vm::remove));
        MenuItem folder = new MenuItem("Add folder…");
        folder.setOnAction(e -> chooseFolder());
        MenuItem bucket = new MenuItem("Add bucket…");
        bucket.setOnAction(e -> askBucket());
        MenuItem demo = new MenuItem("Add the demo replica");
        demo.setOnAction(e -> vm.addDemo());
        ContextMenu menu = new ContextMenu(open, again, cancel, forget, new SeparatorMenuItem(), folder, bucket, demo);
        menu.setOnShowing(e -> {
            Object v = selected().orElse(null);
            open.setDisable(!(v instanceof Database || v instanceof Node));
            again.setDisable(selectedNode().isEmpty());
            cancel.setDisable(!selectedNode().map(n -> n.searchingProperty().get()).orElse(false));
            forget.setDisable(!(v instanceof Node));
        });
        return menu;
    }

    // ---- keeping the tree in step with the view models ----

    private void watch(Node node) {
        node.databases().addListener((ListChangeListener<Database>) c -> rebuild());
        node.searchingProperty().addListener((o, a, b) -> tree.refresh());
        node.errorProperty().addListener((o, a, b) -> tree.refresh());
        node.searchedProperty().addListener((o, a, b) -> tree.refresh());
    }

    /**
     * Lays the tree out again from the view models, reusing the items of connections and databases so that what
     * the user expanded stays expanded. The open database gets the generations as children.
     */
    private void rebuild() {
        Object keep = selected().orElse(null);
        syncing = true;
        try {
            List<TreeItem<Object>> top = new ArrayList<>();
            Map<Database, TreeItem<Object>> databases = new HashMap<>();
            Optional<TreeItem<Object>> openItem = Optional.empty();
            for (Node node : vm.connections()) {
                TreeItem<Object> item = nodeItems.computeIfAbsent(node, this::connectionItem);
                List<TreeItem<Object>> children = new ArrayList<>();
                Optional<Database> single = node.single();
                if (single.isPresent()) {
                    if (vm.isOpen(single.get())) {
                        children.addAll(generationItems());
                        openItem = Optional.of(item);
                    }
                } else {
                    for (Database d : node.databases()) {
                        TreeItem<Object> di = databaseItems.getOrDefault(d, null);
                        if (di == null) {
                            di = branch(d);
                        }
                        databases.put(d, di);
                        if (vm.isOpen(d)) {
                            di.getChildren().setAll(generationItems());
                            openItem = Optional.of(di);
                        } else {
                            di.getChildren().clear();
                        }
                        children.add(di);
                    }
                }
                item.getChildren().setAll(children);
                top.add(item);
            }
            databaseItems = databases;
            nodeItems.keySet().retainAll(new java.util.HashSet<>(vm.connections()));
            String url = model.replicaUrlProperty().get();
            if (openItem.isEmpty() && vm.openUrlProperty().get().isPresent()) {
                TreeItem<Object> elsewhere = new TreeItem<>(new OpenedElsewhere(url));
                elsewhere.getChildren().setAll(generationItems());
                top.add(0, elsewhere);
                openItem = Optional.of(elsewhere);
            }
            root.getChildren().setAll(top);
            // Show the generations once when a database is opened; later the user's collapse stands.
            if (openItem.isPresent() && !openItem.get().getChildren().isEmpty()
                    && !expandedFor.equals(Optional.of(url))) {
                expandedFor = Optional.of(url);
                for (TreeItem<Object> i = openItem.get(); i != null; i = i.getParent()) {
                    i.setExpanded(true);
                }
            }
            if (keep != null) {
                find(root, keep).ifPresent(i -> tree.getSelectionModel().select(i));
            }
        } finally {
            syncing = false;
        }
        // A connection or database the user selected stays selected (F5 on it, then Delete, must work on it);
        // otherwise the selection follows the open generation.
        if (keep == null || keep instanceof GenerationRow || find(root, keep).isEmpty()) {
            selectGeneration();
        }
        updateButtons();
        tree.refresh();
    }

    private void selectGeneration() {
        Optional<GenerationRow> g = model.selectedGenerationProperty().get();
        if (g.isEmpty()) {
            return;
        }
        syncing = true;
        try {
            find(root, g.get()).ifPresent(i -> tree.getSelectionModel().select(i));
        } finally {
            syncing = false;
        }
    }

    private static Optional<TreeItem<Object>> find(TreeItem<Object> from, Object value) {
        for (TreeItem<Object> child : from.getChildren()) {
            if (value.equals(child.getValue())) {
                return Optional.of(child);
            }
            Optional<TreeItem<Object>> deeper = find(child, value);
            if (deeper.isPresent()) {
                return deeper;
            }
        }
        return Optional.empty();
    }

    private List<TreeItem<Object>> generationItems() {
        return generations.stream().map(g -> new TreeItem<Object>(g)).toList();
    }

    private TreeItem<Object> connectionItem(Node node) {
        TreeItem<Object> item = branch(node);
        item.expandedProperty().addListener((o, a, expanded) -> {
            if (expanded && !syncing) {
                vm.expand(node);
            }
        });
        return item;
    }

    /** An item that always shows its disclosure arrow: its children are found when it is expanded. */
    private TreeItem<Object> branch(Object value) {
        TreeItem<Object> item = new TreeItem<>(value) {
            @Override
            public boolean isLeaf() {
                return false;
            }
        };
        if (value instanceof Database d) {
            item.expandedProperty().addListener((o, a, expanded) -> {
                if (expanded && !syncing && !vm.isOpen(d)) {
                    vm.open(d);
                }
            });
        }
        return item;
    }

    // ---- cells ----

    /** The prices a connection's replicas are stored at: Cloud Storage's; none for a local folder. */
    private Optional<Pricing> pricesOf(Connection c) {
        return c instanceof Connection.Bucket ? Optional.of(model.pricing()) : Optional.empty();
    }

    /**
     * Format, generations, stored size, and for a replica in Cloud Storage what storing it costs a month;
     * then when it last changed.
     */
    static String describe(Discovery.Replica r, Optional<Pricing> storedIn) {
        String groups = r.format() == Discovery.Format.LITESTREAM_0_3
                ? r.generations() + (r.generations() == 1 ? " generation" : " generations")
                : r.generations() + (r.generations() == 1 ? " level" : " levels");
        String cost = storedIn.map(p -> " · ≈ " + StatusBarViewModel.usd(p.storagePerMonth(r.storedBytes())) + "/month")
                .orElse("");
        return String.format(Locale.ROOT, "Litestream %s · %s · %s%s%s", r.format().label(), groups,
                Formats.bytes(r.storedBytes()), cost, r.newest().map(t -> "\nnewest object " + MINUTE.format(t))
                        .orElse(""));
    }

    String status(Node node) {
        if (node.searchingProperty().get()) {
            return "Searching for databases…";
        }
        if (!node.errorProperty().get().isEmpty()) {
            return node.errorProperty().get();
        }
        if (!node.searchedProperty().get()) {
            return node.connection() instanceof Connection.Bucket ? "Expand to search the bucket"
                    : node.connection().location();
        }
        Optional<Database> single = node.single();
        if (single.isPresent()) {
            return describe(single.get().replica(), pricesOf(node.connection()));
        }
        int n = node.databases().size();
        return n == 0 ? "No Litestream replicas here" : n + (n == 1 ? " database" : " databases");
    }

    private final class Cell extends TreeCell<Object> {
        Cell() {
            // Fit the tree's width and shorten long lines with an ellipsis (the tooltip has them whole), rather
            // than scroll the whole tree sideways.
            setPrefWidth(0);
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && !isEmpty() && (getItem() instanceof Database
                        || getItem() instanceof Node n && n.single().isPresent())) {
                    activate(getItem());
                }
            });
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            setTooltip(null);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            if (item instanceof Node node) {
                Label name = new Label(node.connection().label());
                name.getStyleClass().add("strong");
                Label state = new Label(status(node));
                state.getStyleClass().add("text-small");
                boolean failed = !node.errorProperty().get().isEmpty();
                if (failed) {
                    state.getStyleClass().add("error-text");
                    state.setWrapText(true);
                } else {
                    state.getStyleClass().add("text-muted");
                }
                state.setMaxWidth(280);
                name.setGraphic(Icons.of(failed ? Icons.ERROR : node.connection() instanceof Connection.Bucket
                        ? Icons.BUCKET : node.connection() instanceof Connection.Demo ? Icons.DEMO : Icons.FOLDER));
                setGraphic(new VBox(1, name, state));
                setTooltip(new Tooltip(node.connection().location() + (failed ? "\n" + node.errorProperty().get()
                        : "")));
            } else if (item instanceof Database d) {
                Label name = new Label(d.label());
                if (vm.isOpen(d)) {
                    name.getStyleClass().add("strong");
                }
                Label stats = new Label(describe(d.replica(), pricesOf(d.connection())));
                stats.getStyleClass().addAll("text-small", "text-muted");
                name.setGraphic(Icons.of(Icons.DATABASE));
                setGraphic(new VBox(1, name, stats));
                setTooltip(new Tooltip(d.url() + "\n" + d.replica().objects() + " objects"));
            } else if (item instanceof GenerationRow row) {
                Label name = new Label(row.name());
                name.getStyleClass().add("mono");
                Label span = new Label(row.bounds().map(b -> SECOND.format(b.start()) + " → "
                        + SECOND.format(b.end()).substring(11)).orElse("no objects"));
                span.getStyleClass().addAll("text-small", "text-muted");
                Label counts = new Label(String.format(Locale.ROOT, "%d snapshot(s) · %d WAL segment(s) · %s",
                        row.snapshotCount(), row.segmentCount(), Formats.bytes(row.storedBytes())));
                counts.getStyleClass().addAll("text-small", "text-muted");
                name.setGraphic(Icons.of(Icons.GENERATION));
                setGraphic(new VBox(1, name, span, counts));
                setTooltip(new Tooltip(row.bounds().map(b -> Formats.time(b.start()) + " → " + Formats.time(b.end()))
                        .orElse("no objects")));
            } else if (item instanceof OpenedElsewhere o) {
                Label name = new Label("Replica");
                name.getStyleClass().add("strong");
                Label where = new Label(o.url());
                where.getStyleClass().addAll("text-small", "text-muted");
                where.setMaxWidth(280);
                name.setGraphic(Icons.of(Icons.OPEN));
                setGraphic(new VBox(1, name, where));
                setTooltip(new Tooltip(o.url() + "\n(not in the connections; add its folder or bucket to keep it)"));
            }
        }
    }
}
