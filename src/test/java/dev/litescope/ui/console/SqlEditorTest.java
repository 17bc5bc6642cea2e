package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.litescope.sql.SchemaReader;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlFixture;
import dev.litescope.sql.SqlScript;
import dev.litescope.ui.TestWindows;
import dev.litescope.ui.WindowTest;
import dev.litescope.ui.console.Completion.Candidate;
import dev.litescope.ui.fx.Theme;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.PopupWindow;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The SQL editor in a real window under Monocle, typed into with the robot: highlighting, running the statement
 * at the caret or the selection, completion from a real SQLite file's schema, bracket matching, error marks, Tab
 * and undo.
 */
class SqlEditorTest extends WindowTest {
    private static final Logger LOG = LoggerFactory.getLogger(SqlEditorTest.class);

    @TempDir
    static Path tmp;
    static Completions names;

    SqlEditor editor;
    final List<Optional<SqlScript.Part>> runs = new ArrayList<>();
    final List<List<SqlScript.Part>> runAlls = new ArrayList<>();

    @BeforeAll
    static void schema() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(SqlFixture.create(tmp.resolve("people.db")),
                SqlDatabase.Access.READ_ONLY)) {
            names = Completions.of(SchemaReader.read(db));
        }
    }

    @Start
    void start(Stage stage) {
        begin(stage);
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        editor = new SqlEditor();
        editor.setCompletions(names);
        editor.setOnRun(() -> runs.add(editor.statementToRun()));
        editor.setOnRunAll(() -> runAlls.add(editor.allStatements()));
        stage.setScene(Theme.style(new Scene(editor, 720, 360)));
        stage.show();
        editor.focusEditor();
    }

    private Collection<String> styleAt(String text, String of) {
        int at = editor.getText().indexOf(text);
        assertThat(at).as("%s in the text", text).isGreaterThanOrEqualTo(0);
        return styleAt(at + of.length());
    }

    private Collection<String> styleAt(int offset) {
        return editor.area().getStyleSpans(offset, offset + 1).getStyleSpan(0).getStyle();
    }

    private void setText(FxRobot robot, String sql, int caret) {
        robot.interact(() -> {
            editor.setText(sql);
            editor.area().moveTo(caret);
            editor.focusEditor();
        });
    }

    @Test
    void typedSqlIsHighlightedByTokenKind(FxRobot robot) {
        robot.write("select 'a;b' as x, 42, \"q\" -- note\nfrom t where y = :p;");
        String text = editor.getText();
        assertThat(text).isEqualTo("select 'a;b' as x, 42, \"q\" -- note\nfrom t where y = :p;");
        assertThat(styleAt("select", "")).containsExactly("sql-keyword");
        assertThat(styleAt("'a;b'", "'a")).as("the ; inside the string").containsExactly("sql-string");
        assertThat(styleAt("42", "")).containsExactly("sql-number");
        assertThat(styleAt("\"q\"", "")).containsExactly("sql-quoted-identifier");
        assertThat(styleAt("-- note", "-- n")).containsExactly("sql-comment");
        assertThat(styleAt("from t", "from ")).containsExactly("sql-identifier");
        assertThat(styleAt(":p", "")).containsExactly("sql-parameter");
        assertThat(styleAt("= ", "")).containsExactly("sql-operator");
        assertThat(editor.allStatements()).as("a ; in a string does not split").hasSize(1);
        assertThat(editor.textProperty().get()).isEqualTo(text);

        // Editing restyles: closing the keyword into an identifier.
        robot.interact(() -> editor.area().moveTo(6));
        robot.write("x");
        assertThat(styleAt(0)).containsExactly("sql-identifier");
        assertThat(editor.getText()).startsWith("selectx ");
    }

    @Test
    void ctrlEnterRunsTheStatementAtTheCaretAndCtrlShiftEnterRunsAll(FxRobot robot) {
        String sql = "select 1;\nselect 'x;y';\n-- last\nselect 3";
        setText(robot, sql, sql.indexOf("'x") + 1);
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        assertThat(runs).containsExactly(Optional.of(new SqlScript.Part(10, 23, "select 'x;y';")));
        assertThat(editor.getText()).as("Ctrl+Enter inserts nothing").isEqualTo(sql);

        robot.push(KeyCode.CONTROL, KeyCode.END);
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        assertThat(runs.get(1).orElseThrow().sql()).isEqualTo("select 3");

        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.ENTER);
        assertThat(runs).hasSize(2);
        assertThat(runAlls).hasSize(1);
        assertThat(runAlls.get(0)).extracting(SqlScript.Part::sql).containsExactly("select 1;", "select 'x;y';",
                "select 3");
        assertThat(editor.getText()).isEqualTo(sql);
    }

    @Test
    void aSelectionRunsOnlyTheSelection(FxRobot robot) {
        String sql = "select a, b from t where a > 1;";
        setText(robot, sql, 0);
        for (int i = 0; i < "select a".length(); i++) {
            robot.push(KeyCode.SHIFT, KeyCode.RIGHT);
        }
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        assertThat(runs).containsExactly(Optional.of(new SqlScript.Part(0, 8, "select a")));

        robot.interact(() -> editor.area().selectRange(sql.indexOf("where"), sql.indexOf("where")));
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        assertThat(runs.get(1).orElseThrow().sql()).isEqualTo(sql);
        robot.interact(() -> editor.setText("   \n"));
        robot.push(KeyCode.CONTROL, KeyCode.ENTER);
        assertThat(runs.get(2)).as("nothing to run").isEmpty();
    }

    @Test
    void ctrlSpaceOffersTheSchemasTablesAndEnterInsertsOne(FxRobot robot) {
        robot.write("select * from pe");
        robot.push(KeyCode.CONTROL, KeyCode.SPACE);
        waitFor(() -> !editor.completionsShown().isEmpty());
        assertThat(editor.completionsShown()).extracting(Candidate::name).startsWith("people", "people_view")
                .contains("percent_rank");
        assertThat(editor.completionsShown()).extracting(Candidate::kind).startsWith(Completion.Kind.TABLE,
                Completion.Kind.VIEW, Completion.Kind.FUNCTION);
        robot.type(KeyCode.ENTER);
        assertThat(editor.getText()).isEqualTo("select * from people");
        assertThat(styleAt(editor.getText().length() - 1)).containsExactly("sql-identifier");
        assertThat(editor.completionsShown()).isEmpty();
        assertThat(editor.area().getCaretPosition()).isEqualTo(editor.getText().length());

        // The list follows the word being typed and closes when it ends.
        robot.write(" w");
        robot.push(KeyCode.CONTROL, KeyCode.SPACE);
        waitFor(() -> !editor.completionsShown().isEmpty());
        assertThat(editor.completionsShown()).extracting(Candidate::name).contains("WHERE", "WITH");
        robot.write("he");
        waitFor(() -> editor.completionsShown().size() == 2);
        assertThat(editor.completionsShown()).extracting(Candidate::name).containsExactly("WHEN", "WHERE");
        robot.write(" ");
        waitFor(() -> editor.completionsShown().isEmpty());
        robot.push(KeyCode.CONTROL, KeyCode.SPACE);
        waitFor(() -> !editor.completionsShown().isEmpty());
        robot.type(KeyCode.BACK_SPACE);
        waitFor(() -> editor.completionsShown().isEmpty());
        robot.interact(() -> editor.setText("select * from people"));
        robot.interact(() -> editor.area().moveTo(editor.area().getLength()));

        // A name that needs quotes is inserted quoted; Down moves, Tab inserts too.
        robot.write(" join ");
        robot.push(KeyCode.CONTROL, KeyCode.SPACE);
        waitFor(() -> !editor.completionsShown().isEmpty());
        robot.write("od");
        waitFor(() -> editor.completionsShown().size() == 1);
        assertThat(editor.completionsShown()).extracting(Candidate::name).containsExactly("odd \"name\"");
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.UP);
        robot.type(KeyCode.TAB);
        assertThat(editor.getText()).isEqualTo("select * from people join \"odd \"\"name\"\"\"");
    }

    @Test
    void aDotAfterAnAliasOffersItsColumnsAndEscapeCloses(FxRobot robot) {
        String sql = "select  from people p";
        setText(robot, sql, "select ".length());
        robot.write("p.");
        waitFor(() -> !editor.completionsShown().isEmpty());
        assertThat(editor.completionsShown()).extracting(Candidate::name).containsExactly("id", "name", "score",
                "note", "photo");
        robot.write("n");
        waitFor(() -> editor.completionsShown().size() == 2);
        robot.type(KeyCode.DOWN);
        robot.type(KeyCode.ENTER);
        assertThat(editor.getText()).isEqualTo("select p.note from people p");

        // Escape closes the list and goes no further; with no list it is the window's (the console's Stop).
        AtomicInteger escapes = new AtomicInteger();
        robot.interact(() -> stage.getScene().addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                escapes.incrementAndGet();
            }
        }));
        robot.write(", p.");
        waitFor(() -> !editor.completionsShown().isEmpty());
        robot.type(KeyCode.ESCAPE);
        assertThat(editor.completionsShown()).isEmpty();
        assertThat(escapes).hasValue(0);
        robot.type(KeyCode.ESCAPE);
        assertThat(escapes).hasValue(1);
        assertThat(editor.getText()).isEqualTo("select p.note, p. from people p");
        // A dot after something that is no table, alias or schema opens nothing.
        robot.write("x, q.");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(editor.completionsShown()).isEmpty();
    }

    @Test
    void theBracketPairAtTheCaretIsMarked(FxRobot robot) {
        String sql = "select max(a, '(', (b)) from t";
        int open = sql.indexOf('(');
        int close = sql.lastIndexOf(')');
        setText(robot, sql, open + 1);
        assertThat(styleAt(open)).containsExactly("sql-punctuation", "sql-bracket");
        assertThat(styleAt(close)).containsExactly("sql-punctuation", "sql-bracket");
        assertThat(styleAt(sql.indexOf("(b"))).containsExactly("sql-punctuation");
        assertThat(styleAt(sql.indexOf("'(") + 1)).containsExactly("sql-string");

        robot.type(KeyCode.RIGHT, 9); // right after the inner (
        assertThat(styleAt(open)).containsExactly("sql-punctuation");
        assertThat(styleAt(close)).containsExactly("sql-punctuation");
        assertThat(styleAt(sql.indexOf("(b"))).containsExactly("sql-punctuation", "sql-bracket");
        assertThat(styleAt(sql.indexOf("b)") + 1)).containsExactly("sql-punctuation", "sql-bracket");

        robot.type(KeyCode.END);
        robot.write(" (");
        assertThat(styleAt(editor.getText().length() - 1)).containsExactly("sql-punctuation",
                "sql-bracket-unmatched");
    }

    @Test
    void anErrorMarkStaysUntilTheNextEdit(FxRobot robot) {
        String sql = "select * from nowhere where x";
        setText(robot, sql, 0);
        int at = sql.indexOf("nowhere");
        robot.interact(() -> editor.markError(at, at + "nowhere".length()));
        assertThat(styleAt(at)).containsExactly("sql-identifier", "sql-error");
        assertThat(styleAt(at + 6)).containsExactly("sql-identifier", "sql-error");
        assertThat(styleAt(at - 1)).containsExactly("sql-space");
        assertThat(styleAt(at + 7)).containsExactly("sql-space");

        robot.interact(editor::clearError);
        assertThat(styleAt(at)).containsExactly("sql-identifier");

        // An empty range marks the token there; typing clears the mark.
        robot.interact(() -> editor.markError(at + 2, at + 2));
        assertThat(styleAt(at)).containsExactly("sql-identifier", "sql-error");
        assertThat(styleAt(at + 6)).containsExactly("sql-identifier", "sql-error");
        robot.write("x");
        assertThat(styleAt(at + 1)).containsExactly("sql-identifier");
    }

    @Test
    void tabInsertsSpacesAndUndoTakesEditsBack(FxRobot robot) {
        robot.write("ab");
        robot.type(KeyCode.TAB);
        assertThat(editor.getText()).isEqualTo("ab  ");
        robot.write("c");
        robot.type(KeyCode.TAB);
        assertThat(editor.getText()).isEqualTo("ab  c   ");
        assertThat(editor.area().isFocused()).as("Tab does not move the focus").isTrue();
        WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS); // past the undo manager's merge window
        robot.interact(() -> editor.insertAtCaret("\"odd \"\"name\"\"\""));
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertThat(editor.getText()).isEqualTo("ab  c   ");
        robot.push(KeyCode.CONTROL, KeyCode.Y);
        assertThat(editor.getText()).isEqualTo("ab  c   \"odd \"\"name\"\"\"");
        assertThat(styleAt(8)).containsExactly("sql-quoted-identifier");
    }

    @Test
    void aLongScriptIsHighlightedToTheEndAndAKeyRestylesOnlyItsToken(FxRobot robot) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sql.append("select id, 'row ").append(i).append("' from people where id > ").append(i).append(";\n");
        }
        long started = System.nanoTime();
        robot.interact(() -> editor.setText(sql.toString()));
        LOG.info("set and highlighted 10,000 lines in {} ms", (System.nanoTime() - started) / 1_000_000);
        int last = editor.getText().lastIndexOf("'row 9999'");
        assertThat(styleAt(last + 1)).containsExactly("sql-string");
        robot.interact(() -> editor.area().moveTo(editor.getText().length()));
        robot.write("x");
        assertThat(styleAt(editor.getText().length() - 1)).containsExactly("sql-identifier");
        for (int i = 0; i < 5; i++) {
            started = System.nanoTime();
            robot.interact(() -> editor.area().insertText(editor.area().getLength(), "y"));
            LOG.info("a key at the end of 10,000 lines: {} ms with the FX round trip",
                    (System.nanoTime() - started) / 1_000_000);
        }
        // Opening a string at the top restyles everything after it; closing it again brings the styles back.
        robot.interact(() -> editor.area().insertText(0, "'"));
        assertThat(styleAt(last + 2)).as("the r of the last row, now outside the strings (ROW is a keyword)")
                .containsExactly("sql-keyword");
        assertThat(styleAt(editor.getText().indexOf("from"))).containsExactly("sql-string");
        robot.interact(() -> editor.area().deleteText(0, 1));
        assertThat(styleAt(0)).containsExactly("sql-keyword");
        assertThat(styleAt(editor.getText().indexOf("from"))).containsExactly("sql-keyword");
        assertThat(styleAt(last + 1)).containsExactly("sql-string");
        assertThat(editor.allStatements()).hasSize(10_001);
    }

    @Test
    void screenshot(FxRobot robot) throws Exception {
        String sql = """
                -- Orders per customer in 2024
                SELECT c.name, count(*) AS orders, sum(o.total) AS spent
                FROM customers c
                JOIN orders o ON o.customer_id = c.id
                WHERE o.placed_at >= '2024-01-01' AND o.status IN ('paid', 'shipped')
                GROUP BY c.id
                HAVING spent > 100.5
                ORDER BY spent DESC
                LIMIT :limit;

                SELECT x'00ff', "odd ""name""\" FROM nowhere;
                """;
        setText(robot, sql, sql.indexOf("count(") + 6);
        int error = sql.indexOf("nowhere");
        robot.interact(() -> editor.markError(error, error + "nowhere".length()));
        TestWindows.screenshotLightAndDark(stage.getScene(), "sql-editor.png");
        AtomicInteger spans = new AtomicInteger();
        robot.interact(() -> spans.set(editor.area().getStyleSpans(0, sql.length()).getSpanCount()));
        assertThat(spans.get()).isGreaterThan(100);

        // The completion list is a window of its own.
        robot.interact(() -> editor.area().moveTo(sql.length()));
        robot.write("SELECT * FROM people p WHERE p.");
        waitFor(() -> !editor.completionsShown().isEmpty());
        Window list = Window.getWindows().stream().filter(w -> w instanceof PopupWindow).findFirst().orElseThrow();
        TestWindows.screenshotLightAndDark(stage.getScene(), "sql-editor-typing.png");
        TestWindows.screenshotLightAndDark(list.getScene(), "sql-editor-completion.png");
    }
}
