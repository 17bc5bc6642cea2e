package dev.litescope.ui.console;

import dev.litescope.sql.SqlScript;
import dev.litescope.sql.SqlToken;
import dev.litescope.ui.console.Completion.Candidate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Bounds;
import javafx.scene.control.IndexRange;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.model.PlainTextChange;

/**
 * The SQL console's editor: a RichTextFX code area with line numbers, highlighting from the engine's lexer,
 * the bracket pair at the caret marked, an error range marked until the next edit, undo and redo, Tab inserting
 * spaces, and completion of table, view, column and function names and keywords (Ctrl+Space, or typing a
 * {@code .} after a table or its alias). Ctrl+Enter runs the selection or the statement at the caret,
 * Ctrl+Shift+Enter the whole script; what runs is the caller's ({@link #setOnRun}, {@link #setOnRunAll}).
 *
 * <p>Every edit lexes the whole text again, on the spot (10,000 lines take a few milliseconds), but restyles only
 * the tokens that changed: setting the styles of a whole long script costs RichTextFX far more than lexing it.
 * Escape is left alone unless the completion list shows, so the console can bind it to Stop.
 */
public final class SqlEditor extends StackPane {
    private static final int TAB_WIDTH = 4;
    private static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination RUN_ALL = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    private static final KeyCombination COMPLETE = new KeyCodeCombination(KeyCode.SPACE,
            KeyCombination.CONTROL_DOWN);

    private final CodeArea area = new CodeArea();
    private final SqlHighlighter highlighter = new SqlHighlighter();
    private final CompletionPopup popup = new CompletionPopup(this::insertCompletion);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private Completions completions = Completions.NONE;
    private Completion shown;
    private Runnable onRun = () -> {
    };
    private Runnable onRunAll = () -> {
    };

    public SqlEditor() {
        getStyleClass().add("sql-editor");
        area.getStyleClass().add("sql-code");
        // Set once in a window: a gutter made before is styled outside it, without the theme's colours.
        area.sceneProperty().addListener((o, was, now) -> {
            if (now != null && area.getParagraphGraphicFactory() == null) {
                area.setParagraphGraphicFactory(new LineNumbers(area));
            }
        });
        area.setWrapText(false);
        text.bind(area.textProperty());
        area.multiPlainChanges().subscribe(this::edited);
        area.caretPositionProperty().addListener((o, was, now) -> caretMoved());
        area.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        area.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                popup.hide();
            }
        });
        getChildren().add(new VirtualizedScrollPane<>(area));
    }

    public String getText() {
        return area.getText();
    }

    /** Replaces the whole text (one undoable edit) and puts the caret at its start. */
    public void setText(String sql) {
        area.replaceText(Objects.requireNonNull(sql, "sql"));
        area.moveTo(0);
        area.requestFollowCaret();
    }

    /** The text as it is now, changing on every edit. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** The names to complete, from the schema of the database being queried. */
    public void setCompletions(Completions names) {
        completions = Objects.requireNonNull(names, "names");
    }

    public Completions getCompletions() {
        return completions;
    }

    /**
     * What Ctrl+Enter runs: the selection, as a part with the selection's offsets, when it holds more than
     * whitespace; else the statement at the caret. Empty when there is nothing to run.
     */
    public Optional<SqlScript.Part> statementToRun() {
        IndexRange selection = area.getSelection();
        if (selection.getLength() > 0) {
            String selected = area.getSelectedText();
            return selected.isBlank() ? Optional.empty()
                    : Optional.of(new SqlScript.Part(selection.getStart(), selection.getEnd(), selected));
        }
        return SqlScript.at(area.getText(), area.getCaretPosition());
    }

    /** Every statement of the script, in order (what Ctrl+Shift+Enter runs). */
    public List<SqlScript.Part> allStatements() {
        return SqlScript.split(area.getText());
    }

    /** Called on Ctrl+Enter; {@link #statementToRun} says what to run. */
    public void setOnRun(Runnable action) {
        onRun = Objects.requireNonNull(action, "action");
    }

    /** Called on Ctrl+Shift+Enter; {@link #allStatements} says what to run. */
    public void setOnRunAll(Runnable action) {
        onRunAll = Objects.requireNonNull(action, "action");
    }

    /**
     * Marks {@code [start, end)} as where an error is (offsets in the whole text), until the next edit or
     * {@link #clearError}. An empty range marks the token at {@code start}; offsets outside the text are clamped.
     */
    public void markError(int start, int end) {
        clearError();
        int length = area.getLength();
        if (length == 0) {
            return;
        }
        int from = Math.max(0, Math.min(start, length - 1));
        int to = Math.max(from, Math.min(end, length));
        if (to == from) {
            int at = from;
            SqlToken token = highlighter.tokens().stream().filter(t -> t.start() <= at && at < t.end()).findFirst()
                    .orElse(new SqlToken(SqlToken.Kind.OPERATOR, at, at + 1));
            from = token.start();
            to = token.end();
        }
        highlighter.setError(from, to);
        restyle(from, to);
    }

    public void clearError() {
        if (highlighter.hasError()) {
            highlighter.clearError();
            restyle(0, area.getLength());
        }
    }

    /** Inserts {@code sql} at the caret (over the selection, if any), and focuses the editor. */
    public void insertAtCaret(String sql) {
        area.replaceSelection(sql);
        area.requestFollowCaret();
        focusEditor();
    }

    public void focusEditor() {
        area.requestFocus();
    }

    /** The code area itself, for tests. */
    public CodeArea area() {
        return area;
    }

    /** Whether the completion list shows, and what it offers; for tests. */
    List<Candidate> completionsShown() {
        return popup.isShowing() ? popup.items() : List.of();
    }

    private void edited(List<PlainTextChange> changes) {
        PlainTextChange only = changes.size() == 1 ? changes.get(0) : null;
        Optional<SqlHighlighter.Brackets> brackets = highlighter.brackets();
        boolean whole = only == null || highlighter.hasError();
        highlighter.clearError();
        highlighter.setBrackets(null);
        if (whole) {
            highlighter.update(area.getText());
        } else {
            int[] changed = highlighter.update(area.getText(), only.getPosition(), only.getRemovalEnd()
                    - only.getPosition(), only.getInsertionEnd() - only.getPosition());
            restyle(changed[0], changed[1]);
            // The old pair, where the edit moved it, loses its mark.
            brackets.ifPresent(b -> {
                restyle(moved(b.open(), only));
                if (b.matched()) {
                    restyle(moved(b.close(), only));
                }
            });
        }
        highlighter.setBrackets(highlighter.bracketsAt(area.getCaretPosition()).orElse(null));
        if (whole) {
            restyle(0, area.getLength());
        } else {
            highlighter.brackets().ifPresent(this::restyle);
        }
        boolean typedDot = only != null && only.getInserted().equals(".") && only.getRemoved().isEmpty();
        if (popup.isShowing()) {
            complete(shown == null ? -1 : shown.start());
        } else if (typedDot && area.isFocused()) {
            complete(-1);
        }
    }

    private void caretMoved() {
        if (highlighter.text().length() != area.getLength()) {
            return; // an edit is under way; edited() restyles everything once it is done
        }
        Optional<SqlHighlighter.Brackets> was = highlighter.brackets();
        Optional<SqlHighlighter.Brackets> now = highlighter.bracketsAt(area.getCaretPosition());
        if (!was.equals(now)) {
            highlighter.setBrackets(now.orElse(null));
            was.ifPresent(this::restyle);
            now.ifPresent(this::restyle);
        }
        if (popup.isShowing() && shown != null
                && (area.getCaretPosition() < shown.start() || area.getCaretPosition() > shown.end() + 1)) {
            popup.hide();
        }
    }

    /** Where the character at {@code offset} before {@code change} is after it (-1 when it was removed). */
    private static int moved(int offset, PlainTextChange change) {
        if (offset < change.getPosition()) {
            return offset;
        }
        return offset >= change.getRemovalEnd() ? offset + change.getNetLength() : -1;
    }

    private void restyle(int offset) {
        if (offset >= 0) {
            restyle(offset, offset + 1);
        }
    }

    private void restyle(SqlHighlighter.Brackets pair) {
        restyle(pair.open(), pair.open() + 1);
        if (pair.matched()) {
            restyle(pair.close(), pair.close() + 1);
        }
    }

    private void restyle(int from, int to) {
        to = Math.min(to, area.getLength());
        if (from < to) {
            area.setStyleSpans(from, highlighter.spans(from, to));
        }
    }

    private void keyPressed(KeyEvent e) {
        if (popup.handle(e)) {
            e.consume();
        } else if (RUN_ALL.match(e)) {
            e.consume();
            popup.hide();
            onRunAll.run();
        } else if (RUN.match(e)) {
            e.consume();
            popup.hide();
            onRun.run();
        } else if (COMPLETE.match(e)) {
            e.consume();
            complete(-1);
        } else if (e.getCode() == KeyCode.TAB && !e.isShiftDown() && !e.isControlDown() && !e.isAltDown()
                && !e.isMetaDown()) {
            e.consume();
            int column = area.getCaretColumn();
            area.replaceSelection(" ".repeat(TAB_WIDTH - column % TAB_WIDTH));
        }
    }

    /**
     * Opens the list for the word at the caret, or refreshes it for the word that starts at {@code wordStart} (-1:
     * any word); closes it when nothing matches (so a {@code .} typed after a name that is no table, alias or
     * schema opens nothing) or when the word it was for has ended (a space typed, or deleted back past its start).
     */
    private void complete(int wordStart) {
        int caret = area.getCaretPosition();
        Optional<Completion> c = Completion.at(area.getText(), caret, completions);
        Optional<Bounds> where = area.getCaretBounds();
        if (c.isEmpty() || c.get().candidates().isEmpty() || where.isEmpty()
                || (wordStart >= 0 && c.get().start() != wordStart)) {
            shown = null;
            popup.hide();
            return;
        }
        shown = c.get();
        popup.show(area, where.get(), shown.candidates());
    }

    private void insertCompletion(Candidate candidate) {
        Completion c = Completion.at(area.getText(), area.getCaretPosition(), completions).orElse(shown);
        if (c == null) {
            return;
        }
        area.replaceText(c.start(), c.end(), candidate.insert());
        area.moveTo(c.start() + candidate.insert().length());
        area.requestFollowCaret();
        shown = null;
    }
}
