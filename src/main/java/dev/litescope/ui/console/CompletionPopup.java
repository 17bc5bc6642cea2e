package dev.litescope.ui.console;

import dev.litescope.ui.console.Completion.Candidate;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.stage.Popup;

/**
 * The list of names completion offers, below the caret. It never takes the focus: the editor keeps typing and
 * sends it Up, Down, Enter, Tab and Escape ({@link #handle}); a double click picks a name too.
 */
final class CompletionPopup {
    private static final int VISIBLE_ROWS = 10;
    private static final double ROW_HEIGHT = 24;

    private final Popup popup = new Popup();
    private final ListView<Candidate> list = new ListView<>();
    private final Consumer<Candidate> onPick;

    CompletionPopup(Consumer<Candidate> onPick) {
        this.onPick = onPick;
        list.getStyleClass().add("completion-list");
        list.setFocusTraversable(false);
        list.setPrefWidth(320);
        list.setFixedCellSize(ROW_HEIGHT);
        list.setCellFactory(v -> new CandidateCell());
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                pickSelected();
            }
        });
        // Keys reach the popup first while it shows (JavaFX redirects them from the owner window).
        list.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (handle(e)) {
                e.consume();
            }
        });
        popup.getContent().add(list);
        popup.setAutoHide(true);
        popup.setHideOnEscape(false);
    }

    boolean isShowing() {
        return popup.isShowing();
    }

    List<Candidate> items() {
        return List.copyOf(list.getItems());
    }

    Candidate selected() {
        return list.getSelectionModel().getSelectedItem();
    }

    /** Shows {@code candidates} below {@code caret} (screen bounds), the first one selected. */
    void show(Node owner, Bounds caret, List<Candidate> candidates) {
        list.setPrefHeight(Math.min(candidates.size(), VISIBLE_ROWS) * ROW_HEIGHT + 4);
        if (!popup.isShowing()) {
            // Shown before it is filled, so its cells are first styled in the popup, with the theme's colours.
            popup.show(owner, caret.getMinX(), caret.getMaxY() + 2);
        }
        list.getItems().setAll(candidates);
        list.getSelectionModel().selectFirst();
        list.scrollTo(0);
    }

    void hide() {
        popup.hide();
    }

    /** Acts on a key while the list shows; true when the key was the list's. */
    boolean handle(KeyEvent e) {
        if (!popup.isShowing() || e.isControlDown() || e.isAltDown() || e.isMetaDown()) {
            return false;
        }
        switch (e.getCode()) {
            case UP -> move(-1);
            case DOWN -> move(1);
            case PAGE_UP -> move(-VISIBLE_ROWS);
            case PAGE_DOWN -> move(VISIBLE_ROWS);
            case ENTER, TAB -> pickSelected();
            case ESCAPE -> hide();
            default -> {
                return false;
            }
        }
        return true;
    }

    private void move(int by) {
        int size = list.getItems().size();
        if (size == 0) {
            return;
        }
        int index = Math.max(0, Math.min(size - 1, list.getSelectionModel().getSelectedIndex() + by));
        list.getSelectionModel().select(index);
        list.scrollTo(Math.max(0, index - VISIBLE_ROWS / 2));
    }

    private void pickSelected() {
        Candidate c = selected();
        hide();
        if (c != null) {
            onPick.accept(c);
        }
    }

    private static final class CandidateCell extends ListCell<Candidate> {
        private final Label kind = new Label();

        CandidateCell() {
            kind.getStyleClass().add("completion-kind");
            setContentDisplay(ContentDisplay.RIGHT);
            setGraphicTextGap(12);
        }

        @Override
        protected void updateItem(Candidate item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(item.name());
                kind.setText(item.kind().label());
                setGraphic(kind);
            }
        }
    }
}
