package dev.litescope.ui.connections;

import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.Icons;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/**
 * The left of the window: the {@link ConnectionsTree} of connections (the demo, folders, buckets) → the databases
 * found in each → the generations of the open database, with the buttons, the keys and the context menu that act
 * on it. Clicking a database (or Enter on it) opens it; a connection that is itself a replica opens when expanded.
 * Delete removes a connection (with Undo in a notice, or Ctrl+Z while it shows), F5 searches it again, Escape
 * cancels a search.
 */
public final class ConnectionsPane extends VBox {
    private static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);

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
                    return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
                }

                @Override
                public Optional<String> askBucket(Window owner) {
                    return BucketDialog.ask(owner);
                }
            };
        }
    }

    private final ConnectionsViewModel vm;
    private final Dialogs dialogs;
    public final ConnectionsTree tree;
    final Button addFolder = Icons.on(new Button("Add _folder…"), Icons.ADD_FOLDER);
    final Button addBucket = Icons.on(new Button("Add _bucket…"), Icons.ADD_BUCKET);
    final Button refresh = Icons.only(new Button("Refresh"), Icons.REFRESH);
    final Button remove = Icons.only(new Button("Remove"), Icons.REMOVE);
    final Label removedText = new Label();
    final Button undo = Icons.on(new Button("Undo"), Icons.UNDO);
    final HBox removedNotice;

    public ConnectionsPane(ConnectionsViewModel vm, MainViewModel model, Dialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.tree = new ConnectionsTree(vm, model, this);
        setId("connections");
        getStyleClass().add("connections-pane");

        Label title = new Label("_Connections");
        title.setMnemonicParsing(true);
        title.setLabelFor(tree);
        title.getStyleClass().add("title-4");

        tree.setTooltip(new Tooltip("Enter opens a database · F5 searches again · Delete removes a connection"));
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> updateButtons());
        tree.setOnKeyPressed(this::key);
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
        refresh.setOnAction(e -> tree.selectedNode().ifPresent(vm::refresh));
        remove.setId("removeConnection");
        remove.setTooltip(new Tooltip("Forget the selected connection; nothing in it is touched (Delete)"));
        remove.setOnAction(e -> selectedConnection().ifPresent(vm::remove));
        FlowPane buttons = new FlowPane(4, 4, addFolder, addBucket, refresh, remove);

        removedNotice = removedNotice();
        Label empty = new Label("No connections yet: add a folder or a bucket.");
        empty.setWrapText(true);
        empty.getStyleClass().addAll("text-small", "text-muted");
        empty.visibleProperty().bind(Bindings.isEmpty(vm.connections()));
        empty.managedProperty().bind(empty.visibleProperty());
        getChildren().addAll(title, tree, empty, removedNotice, buttons);
        setSpacing(8);
        setPadding(new Insets(12, 0, 12, 14));
        setPrefWidth(340);
        setMinWidth(260);

        vm.addedProperty().addListener((o, a, b) -> b.ifPresent(tree::reveal));
        // Ctrl+Z anywhere in the window puts a removed connection back while the notice shows, except in a text
        // field, whose own undo it is.
        sceneProperty().addListener((o, was, now) -> {
            if (was != null) {
                was.removeEventFilter(KeyEvent.KEY_PRESSED, this::undoKey);
            }
            if (now != null) {
                now.addEventFilter(KeyEvent.KEY_PRESSED, this::undoKey);
            }
        });
        updateButtons();
    }

    // ---- commands from the buttons, keys and menu ----

    void chooseFolder() {
        dialogs.chooseFolder(window()).ifPresent(vm::addFolder);
    }

    void askBucket() {
        dialogs.askBucket(window()).ifPresent(vm::addBucket);
    }

    /** Enter, or a click: open a database, or search and open a connection. */
    void activate(ConnectionEntry entry) {
        if (entry instanceof ConnectionEntry.Found f) {
            if (!vm.isOpen(f.database())) {
                vm.open(f.database());
            }
        } else if (entry instanceof ConnectionEntry.Fleet f) {
            vm.openFleet(f.node());
        } else if (entry instanceof ConnectionEntry.Place p) {
            Optional<TreeItem<ConnectionEntry>> item = tree.itemOf(p.node());
            if (item.isPresent() && !item.get().isExpanded()) {
                item.get().setExpanded(true); // the expansion listener searches
            } else {
                vm.expand(p.node());
            }
        }
    }

    private void key(KeyEvent e) {
        Optional<ConnectionEntry> entry = tree.selectedEntry();
        if (e.getCode() == KeyCode.ENTER && entry.isPresent()) {
            activate(entry.get());
            e.consume();
        } else if (e.getCode() == KeyCode.DELETE && selectedConnection().isPresent()) {
            vm.remove(selectedConnection().get());
            e.consume();
        } else if (e.getCode() == KeyCode.F5) {
            tree.selectedNode().ifPresent(vm::refresh);
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && tree.selectedNode().map(n -> n.searchingProperty().get())
                .orElse(false)) {
            tree.selectedNode().ifPresent(vm::cancel);
            e.consume();
        }
    }

    private void undoKey(KeyEvent e) {
        Scene scene = getScene();
        boolean inText = scene != null && scene.getFocusOwner() instanceof TextInputControl;
        if (UNDO.match(e) && vm.removedProperty().get().isPresent() && !inText) {
            vm.undoRemove();
            e.consume();
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** The selected row when it is a connection (what Delete removes). */
    private Optional<ConnectionNode> selectedConnection() {
        return tree.selectedEntry().filter(ConnectionEntry.Place.class::isInstance)
                .map(p -> ((ConnectionEntry.Place) p).node());
    }

    private void updateButtons() {
        remove.setDisable(selectedConnection().isEmpty());
        refresh.setDisable(tree.selectedNode().isEmpty());
    }

    /** "Removed X" with Undo, while the removal can be undone. */
    private HBox removedNotice() {
        removedText.setId("removedText");
        removedText.setWrapText(true);
        removedText.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(removedText, Priority.ALWAYS);
        undo.setId("undoRemove");
        undo.getStyleClass().add("small");
        undo.setMinWidth(Region.USE_PREF_SIZE);
        undo.setTooltip(new Tooltip("Put the connection back where it was (Ctrl+Z)"));
        undo.setOnAction(e -> vm.undoRemove());
        Button dismiss = Icons.only(new Button("Dismiss"), Icons.DISMISS);
        dismiss.getStyleClass().addAll("small", "flat");
        dismiss.setTooltip(new Tooltip("Hide this notice; the connection stays removed"));
        dismiss.setOnAction(e -> vm.forgetRemoved());
        HBox notice = new HBox(6, removedText, undo, dismiss);
        notice.setId("removedNotice");
        notice.getStyleClass().add("removed-notice");
        notice.setAlignment(Pos.CENTER_LEFT);
        notice.setPadding(new Insets(6, 8, 6, 8));
        notice.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.removedProperty().get().isPresent(),
                vm.removedProperty()));
        notice.managedProperty().bind(notice.visibleProperty());
        removedText.textProperty().bind(Bindings.createStringBinding(() -> vm.removedProperty().get()
                .map(ConnectionsViewModel::removedText).orElse(""), vm.removedProperty()));
        return notice;
    }

    private ContextMenu contextMenu() {
        // The keys are named in the labels, not set as accelerators: a context menu's accelerators apply to the
        // whole scene, and Delete in the URL field must not remove a connection.
        MenuItem open = new MenuItem("Open (Enter)");
        open.setOnAction(e -> tree.selectedEntry().ifPresent(this::activate));
        MenuItem again = new MenuItem("Refresh (F5)");
        again.setOnAction(e -> tree.selectedNode().ifPresent(vm::refresh));
        MenuItem cancel = new MenuItem("Cancel search (Esc)");
        cancel.setOnAction(e -> tree.selectedNode().ifPresent(vm::cancel));
        MenuItem forget = new MenuItem("Remove (Delete)");
        forget.setOnAction(e -> selectedConnection().ifPresent(vm::remove));
        MenuItem folder = new MenuItem("Add folder…");
        folder.setOnAction(e -> chooseFolder());
        MenuItem bucket = new MenuItem("Add bucket…");
        bucket.setOnAction(e -> askBucket());
        MenuItem demo = new MenuItem("Add the demo replica");
        demo.setOnAction(e -> vm.addDemo());
        ContextMenu menu = new ContextMenu(open, again, cancel, forget, new SeparatorMenuItem(), folder, bucket, demo);
        menu.setOnShowing(e -> {
            Optional<ConnectionEntry> v = tree.selectedEntry();
            open.setDisable(!v.map(x -> x instanceof ConnectionEntry.Found || x instanceof ConnectionEntry.Place
                    || x instanceof ConnectionEntry.Fleet)
                    .orElse(false));
            again.setDisable(tree.selectedNode().isEmpty());
            cancel.setDisable(!tree.selectedNode().map(n -> n.searchingProperty().get()).orElse(false));
            forget.setDisable(selectedConnection().isEmpty());
        });
        return menu;
    }
}
