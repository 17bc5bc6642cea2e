package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Cell;
import dev.litescope.sql.diff.RowChange;
import dev.litescope.sql.diff.SchemaChange;
import dev.litescope.sql.diff.TableCount;
import dev.litescope.ui.fx.QueuedTaskRunner;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diff window's state over two real SQLite files, with the same-thread runner. */
class DiffViewModelTest {
    static final int ROWS = 600;

    @TempDir
    Path tmp;

    /**
     * Before: {@code items} with {@link #ROWS} rows and an index. After: ids 1..10 removed, 601..630 added, every even
     * id's name changed, the index gone and a table {@code notes} added.
     */
    static Path[] twoDatabases(Path dir) throws SQLException {
        Path before = dir.resolve("before.db");
        Path after = dir.resolve("after.db");
        for (Path p : new Path[] {before, after}) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + p); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)");
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= ROWS; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "item " + i);
                        ps.setInt(3, i * 3);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                c.setAutoCommit(true);
                if (p.equals(before)) {
                    st.execute("CREATE INDEX items_by_name ON items(name)");
                } else {
                    st.execute("DELETE FROM items WHERE id <= 10");
                    st.execute("UPDATE items SET name = 'renamed ' || id WHERE id % 2 = 0");
                    st.execute("WITH RECURSIVE n(v) AS (SELECT 601 UNION ALL SELECT v + 1 FROM n WHERE v < 630) "
                            + "INSERT INTO items SELECT v, 'new ' || v, 0 FROM n");
                    st.execute("CREATE TABLE notes (body TEXT)");
                    st.execute("INSERT INTO notes VALUES ('hello')");
                }
            }
        }
        return new Path[] {before, after};
    }

    private DiffViewModel opened(Path[] dbs) {
        DiffViewModel model = new DiffViewModel(TaskRunner.sameThread(), new DiffViewModel.Sides(dbs[0], "before.db",
                dbs[1], "after.db"));
        model.open();
        return model;
    }

    @Test
    void countsSchemaAndRowsPagedInKeyOrder() throws Exception {
        DiffViewModel model = opened(twoDatabases(tmp));
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.counts()).extracting(TableCount::name).containsExactly("items", "notes");
        TableCount items = model.counts().get(0);
        assertThat(items.rowsBefore().getAsLong()).isEqualTo(ROWS);
        assertThat(items.rowsAfter().getAsLong()).isEqualTo(ROWS - 10 + 30);
        assertThat(items.removed().getAsLong()).isEqualTo(10);
        assertThat(items.added().getAsLong()).isEqualTo(30);
        assertThat(items.changed().getAsLong()).isEqualTo((ROWS - 10) / 2);
        TableCount notes = model.counts().get(1);
        assertThat(notes.rowsBefore()).isEmpty();
        assertThat(notes.added().getAsLong()).isEqualTo(1);
        assertThat(model.schemaChanges()).extracting(c -> c.change() + " " + c.type() + " " + c.name())
                .containsExactly("added table notes", "removed index items_by_name");
        assertThat(model.statusProperty().get()).contains("2 schema changes").contains("2 of 2 tables");

        model.select("items");
        assertThat(model.tableProperty().get()).isPresent();
        assertThat(model.rows()).hasSize(DiffViewModel.PAGE);
        assertThat(model.exhaustedProperty().get()).isFalse();
        int total = 10 + 30 + (ROWS - 10) / 2;
        while (!model.exhaustedProperty().get()) {
            int had = model.rows().size();
            model.fetchMore();
            assertThat(model.rows().size()).isGreaterThan(had);
        }
        assertThat(model.rows()).hasSize(total);
        List<Long> keys = model.rows().stream().map(r -> ((Cell.Integer) r.key().get(0)).value()).toList();
        assertThat(keys).isSorted().doesNotHaveDuplicates();
        RowChange first = model.rows().get(0);
        assertThat(first.op()).isEqualTo(RowChange.Op.REMOVED);
        assertThat(first.after()).isEmpty();
        RowChange changed = model.rows().stream().filter(r -> r.op() == RowChange.Op.CHANGED).findFirst()
                .orElseThrow();
        assertThat(changed.key()).containsExactly(new Cell.Integer(12));
        // id, name, qty: only the name differs.
        assertThat(changed.changed()).containsExactly(false, true, false);
        assertThat(model.rows().get(total - 1).op()).isEqualTo(RowChange.Op.ADDED);

        // The grid's columns for it: the after side's, with the name marked changed for that row.
        List<DiffText.Shown> shown = DiffText.columns(model.tableProperty().get().orElseThrow());
        assertThat(shown).extracting(DiffText.Shown::name).containsExactly("id", "name", "qty");
        assertThat(shown.get(1).changedIn(changed)).isTrue();
        assertThat(shown.get(2).changedIn(changed)).isFalse();
        assertThat(shown.get(1).before(changed)).contains(new Cell.Text("item 12"));
        assertThat(shown.get(1).after(changed)).contains(new Cell.Text("renamed 12"));

        // Another table starts over from its first page.
        model.select("notes");
        assertThat(model.rows()).hasSize(1);
        assertThat(model.rows().get(0).op()).isEqualTo(RowChange.Op.ADDED);
        assertThat(model.exhaustedProperty().get()).isTrue();
        model.close();
    }

    @Test
    void badInputSaysWhichFileAndWhatToDo() throws Exception {
        Path[] dbs = twoDatabases(tmp);
        Path notSqlite = Files.writeString(tmp.resolve("notes.txt"), "not a database, just some text ".repeat(40));
        DiffViewModel model = new DiffViewModel(TaskRunner.sameThread(), new DiffViewModel.Sides(dbs[0], "before.db",
                notSqlite, "notes.txt"));
        model.open();
        assertThat(model.errorProperty().get()).contains("notes.txt").contains("SQLite");
        assertThat(model.counts()).isEmpty();

        DiffViewModel good = opened(dbs);
        good.select("missing");
        assertThat(good.errorProperty().get()).contains("no table missing").contains("items, notes");
        assertThat(good.tableProperty().get()).isEmpty();
        assertThat(good.rows()).isEmpty();
        good.close();
    }

    /** Stop before the counts are read: nothing is shown, the user is told, and a newer table's rows still come. */
    @Test
    void stopEndsTheRunningTaskAndShowsNothingHalfRead() throws Exception {
        Path[] dbs = twoDatabases(tmp);
        QueuedTaskRunner runner = new QueuedTaskRunner();
        DiffViewModel model = new DiffViewModel(runner, new DiffViewModel.Sides(dbs[0], "before.db", dbs[1],
                "after.db"));
        model.open();
        assertThat(model.busyProperty().get()).isTrue();
        model.cancel();
        runner.runAll();
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).isEqualTo("Stopped");
        assertThat(model.counts()).isEmpty();
        assertThat(model.statusProperty().get()).isEmpty();

        // A page asked for and then superseded by another table: only the newer one's rows arrive.
        DiffViewModel again = new DiffViewModel(runner, new DiffViewModel.Sides(dbs[0], "before.db", dbs[1],
                "after.db"));
        again.open();
        runner.runAll();
        again.select("items");
        again.select("notes");
        runner.runAll();
        assertThat(again.tableProperty().get().orElseThrow().name()).isEqualTo("notes");
        assertThat(again.rows()).hasSize(1);
        again.close();
        runner.runAll();
    }

    @Test
    void schemaLinesNameTheColumns() {
        SchemaChange c = new SchemaChange("table", "orders", SchemaChange.Change.CHANGED, Optional.of("a"),
                Optional.of("b"), List.of("note"), List.of("legacy"), List.of("total"));
        assertThat(DiffText.schemaLine(c)).isEqualTo("changed table orders: + note, − legacy, ~ total");
        assertThat(DiffText.styleOf(c.change())).isEqualTo("diff-changed-row");
    }
}
