package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Skin;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableViewSkin;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Font;

/**
 * A statement's rows in a table: typed cells (numbers right-aligned, NULL dim, long text and BLOBs cut with a
 * viewer on double-click), more rows fetched from the statement's cursor as the user scrolls near the end, a
 * click on a header re-running the statement ordered by that column, and Ctrl+C copying the selected rows.
 *
 * <p>The table holds a {@link RowWindow} of the rows, not all of them (JavaFX's table works out sizes over every
 * row it holds on each layout): its own scroll bar is hidden, and {@link #scrollBar()} spans every row fetched,
 * moving the window as the user scrolls. The selection is kept by row among all the rows, so that it survives the
 * window's moves. Its columns and cells are {@link GridColumns}.
 */
final class ResultGrid extends TableView<List<Cell>> {
    /** Rows before the end at which the next page is asked for. */
    private static final int AHEAD = 60;
    /** Rows from an end of the window at which it moves to have the rows shown in its middle. */
    private static final int MARGIN = 500;

    private final StatementResult result;
    private final ConsoleSession session;
    private final ObservableList<List<Cell>> rows;
    private final RowWindow window;
    private final ScrollBar bar = new ScrollBar();
    /** The selected rows, by index among all the rows: the table's own selection covers only its window. */
    private final BitSet chosen = new BitSet();
    private VirtualFlow<?> flow;
    private boolean showingOrder;
    private boolean moving;
    private boolean syncing;
    private boolean recentring;
    /** "History…" in the row menu. */
    RowHistoryItem history;

    ResultGrid(ConsoleSession session, StatementResult result) {
        this(session, result, RowWindow.SIZE);
    }

    ResultGrid(ConsoleSession session, StatementResult result, int windowRows) {
        this.session = session;
        this.result = result;
        this.rows = result.rows();
        this.window = new RowWindow(rows, windowRows);
        setItems(window);
        getStyleClass().addAll("result-grid", "dense");
        setId("resultGrid");
        // One line a row, so one height for every row: with rows of their own heights the table works out sizes over
        // every row it holds as it scrolls, which took most of the time of scrolling through a million rows.
        setFixedCellSize(Math.ceil(2 * Font.getDefault().getSize()));
        getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        setPlaceholder(new Label("No rows"));
        getColumns().add(GridColumns.rowNumber(window));
        List<ResultColumn> columns = result.columns();
        for (int i = 0; i < columns.size(); i++) {
            getColumns().add(GridColumns.of(columns.get(i), i));
        }
        // SQLite sorts: the grid only asks, and shows the order the statement came back in. (Set before the
        // header shows the order: the default policy would sort the rows itself, or fail on the compact list.)
        setSortPolicy(t -> {
            if (!showingOrder) {
                reorder();
            }
            return true;
        });
        showOrder();
        setRowFactory(t -> new TableRow<>() {
            @Override
            public void updateIndex(int i) {
                super.updateIndex(i);
                if (i >= 0 && window.start() + i >= rows.size() - AHEAD) {
                    session.fetchMore(result);
                }
            }
        });
        KeyCombination copy = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
        setOnKeyPressed(e -> {
            if (copy.match(e)) {
                copy(CopyFormat.TSV);
                e.consume();
            }
        });
        setContextMenu(menu());
        keepSelectionAcrossMoves();
        bar.setOrientation(Orientation.VERTICAL);
        bar.setId("resultScroll");
        bar.setMin(0);
        bar.setUnitIncrement(1);
        bar.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                showFrom((int) Math.round(b.doubleValue()));
            }
        });
        rows.addListener((ListChangeListener<List<Cell>>) c -> syncBar());
    }

    StatementResult result() {
        return result;
    }

    /** The grid's scroll bar over every row fetched, to lay out beside it. */
    ScrollBar scrollBar() {
        return bar;
    }

    /** The index among all the rows of the table's first row. */
    int windowStart() {
        return window.start();
    }

    /** Scrolls to row {@code index} among all the result's rows (not only the table's window of them). */
    @Override
    public void scrollTo(int index) {
        if (index < 0 || index >= rows.size()) {
            return;
        }
        if (!inWindow(index)) {
            moveWindow(index);
        }
        super.scrollTo(index - window.start());
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new TableViewSkin<>(this) {
            @Override
            protected VirtualFlow<TableRow<List<Cell>>> createVirtualFlow() {
                // The bar follows the rows once the flow has laid them out, wherever the scrolling came from.
                return new VirtualFlow<>() {
                    @Override
                    protected void layoutChildren() {
                        super.layoutChildren();
                        syncBar();
                    }
                };
            }

            {
                attach(getVirtualFlow());
                getTableHeaderRow().heightProperty().addListener((o, a, h) ->
                        BorderPane.setMargin(bar, new Insets(h.doubleValue(), 0, 0, 0)));
            }
        };
    }

    /** Hides the table's own vertical scroll bar: it would span only the window. */
    private void attach(VirtualFlow<?> virtualFlow) {
        flow = virtualFlow;
        for (Node n : flow.getChildrenUnmodifiable()) {
            if (n instanceof ScrollBar own && own.getOrientation() == Orientation.VERTICAL) {
                own.setStyle("-fx-pref-width: 0; -fx-min-width: 0; -fx-max-width: 0; -fx-opacity: 0;");
                own.setMouseTransparent(true);
            }
        }
    }

    /** Sets the scroll bar to the rows shown, and moves the window when they come near its ends. */
    private void syncBar() {
        if (flow == null) {
            return;
        }
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        int total = rows.size();
        int shown = first == null || last == null ? 0 : last.getIndex() - first.getIndex() + 1;
        int top = first == null ? 0 : window.start() + first.getIndex();
        double max = Math.max(0, total - shown);
        syncing = true;
        try {
            bar.setMax(max);
            // A thumb of at least a tenth of the track: the theme's thumb over a million rows would be a dot.
            bar.setVisibleAmount(total == 0 ? max : Math.max(max / 10, max * shown / total));
            bar.setBlockIncrement(Math.max(1, shown - 1));
            bar.setValue(Math.min(max, top));
            bar.setDisable(max == 0);
        } finally {
            syncing = false;
        }
        if (first != null && last != null && !recentring
                && (first.getIndex() < MARGIN && window.start() > 0
                || last.getIndex() >= window.size() - MARGIN && window.start() + window.size() < total)) {
            recentring = true; // not while the table lays out: on the next pulse
            Platform.runLater(() -> {
                recentring = false;
                IndexedCell<?> now = flow.getFirstVisibleCell();
                if (now != null) {
                    int at = window.start() + now.getIndex();
                    moveWindow(at);
                    flow.scrollToTop(at - window.start());
                }
            });
        }
    }

    /** The scroll bar moved: shows row {@code top} first, moving the window if it does not hold it. */
    private void showFrom(int top) {
        if (flow == null) {
            return;
        }
        if (top < window.start() + Math.min(MARGIN, window.start())
                || top >= window.start() + window.size() - MARGIN) {
            moveWindow(top);
        }
        flow.scrollToTop(Math.max(0, Math.min(top - window.start(), window.size() - 1)));
    }

    private boolean inWindow(int index) {
        return index >= window.start() && index < window.start() + window.size();
    }

    /** Moves the window to have row {@code centre} in its middle, carrying the selection and focus over. */
    private void moveWindow(int centre) {
        int to = window.clamp(centre - window.capacity() / 2);
        if (to == window.start()) {
            return;
        }
        int focused = getFocusModel().getFocusedIndex();
        int focusedRow = focused < 0 ? -1 : window.start() + focused;
        moving = true;
        try {
            getSelectionModel().clearSelection();
            window.moveTo(to);
            int end = to + window.size();
            for (int i = chosen.nextSetBit(to); i >= 0 && i < end; i = chosen.nextSetBit(i)) {
                int stop = Math.min(end, chosen.nextClearBit(i));
                getSelectionModel().selectRange(i - to, stop - to);
                i = stop;
            }
            if (inWindow(focusedRow)) {
                getFocusModel().focus(focusedRow - to);
            }
        } finally {
            moving = false;
        }
    }

    /**
     * Keeps {@link #chosen} the rows the user selected: the table's selection inside the window; outside it what
     * was selected before, until a click or a move of the focus without Shift or Ctrl starts a new selection.
     */
    private void keepSelectionAcrossMoves() {
        getSelectionModel().getSelectedIndices().addListener((ListChangeListener<Integer>) c -> {
            if (!moving) {
                int s = window.start();
                chosen.clear(s, s + window.size());
                for (int i : getSelectionModel().getSelectedIndices()) {
                    chosen.set(s + i);
                }
            }
        });
        addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && !e.isShiftDown() && !e.isShortcutDown()) {
                chosen.clear();
            }
        });
        KeyCombination all = new KeyCodeCombination(KeyCode.A, KeyCombination.SHORTCUT_DOWN);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (all.match(e)) {
                chosen.set(0, rows.size());
                getSelectionModel().selectAll();
                e.consume();
            } else if ((e.getCode() == KeyCode.HOME || e.getCode() == KeyCode.END) && !e.isShiftDown()) {
                // To the first or last of every row fetched, not of the window.
                int row = e.getCode() == KeyCode.HOME ? 0 : rows.size() - 1;
                if (row >= 0) {
                    chosen.clear();
                    moveWindow(row);
                    int i = row - window.start();
                    getSelectionModel().clearAndSelect(i);
                    getFocusModel().focus(i);
                    super.scrollTo(i);
                }
                e.consume();
            } else if (!e.isShiftDown() && !e.isShortcutDown() && e.getCode().isNavigationKey()) {
                chosen.clear();
            }
        });
    }

    private ContextMenu menu() {
        ContextMenu menu = new ContextMenu();
        for (CopyFormat f : CopyFormat.values()) {
            MenuItem item = new MenuItem("Copy rows as " + f.label());
            item.setOnAction(e -> copy(f));
            menu.getItems().add(item);
        }
        MenuItem view = new MenuItem("Show the whole value");
        view.setOnAction(e -> viewFocused());
        history = new RowHistoryItem(session, result.columns(), this::focusedRow, () -> getScene().getWindow());
        menu.getItems().addAll(new SeparatorMenuItem(), view, history.item);
        menu.setOnShowing(e -> history.update());
        return menu;
    }

    private void copy(CopyFormat format) {
        List<List<Cell>> selected = new ArrayList<>(chosen.cardinality());
        for (int i = chosen.nextSetBit(0); i >= 0 && i < rows.size(); i = chosen.nextSetBit(i + 1)) {
            selected.add(rows.get(i));
        }
        if (selected.isEmpty()) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(format.write(result.columns(), selected));
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The row the focus is on, among all the rows. */
    private Optional<List<Cell>> focusedRow() {
        int i = window.start() + getFocusModel().getFocusedIndex();
        return i < window.start() || i >= rows.size() ? Optional.empty() : Optional.of(rows.get(i));
    }

    private void viewFocused() {
        var pos = getFocusModel().getFocusedCell();
        if (pos == null || pos.getRow() < 0 || pos.getColumn() < 1) {
            return;
        }
        int c = pos.getColumn() - 1;
        ValueViewer.show(this, result.columns().get(c).name(), getItems().get(pos.getRow()).get(c));
    }

    /**
     * The header the user clicked: first ascending, then descending, then the statement's own order. The table
     * also asks for a sort when rows arrive; an order the rows already have asks SQLite for nothing.
     */
    private void reorder() {
        int wanted = 0;
        if (!getSortOrder().isEmpty()) {
            TableColumn<List<Cell>, ?> col = getSortOrder().get(0);
            int index = getColumns().indexOf(col);
            wanted = col.getSortType() == TableColumn.SortType.ASCENDING ? index : -index;
        }
        if (wanted != result.orderedBy()) {
            session.sort(result, wanted);
        }
    }

    /** Marks the header of the column the rows are ordered by, without asking for a sort again. */
    private void showOrder() {
        showingOrder = true;
        try {
            int by = result.orderedBy();
            getSortOrder().clear();
            if (by != 0 && Math.abs(by) < getColumns().size()) {
                TableColumn<List<Cell>, ?> col = getColumns().get(Math.abs(by));
                col.setSortType(by > 0 ? TableColumn.SortType.ASCENDING : TableColumn.SortType.DESCENDING);
                getSortOrder().add(col);
            }
        } finally {
            showingOrder = false;
        }
    }
}
