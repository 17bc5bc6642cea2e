package dev.litescope.sql.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Cell;
import dev.litescope.sql.Outcome;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.ResultCursor;
import dev.litescope.sql.SchemaReader;
import dev.litescope.sql.SqlDatabase;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real SQLite file, which queries' rows are rows of one table with its key, as SQLite reports each result
 * column's source table, and what the refusal says otherwise.
 */
class RowKeyTest {
    @TempDir
    Path tmp;

    private SqlDatabase db;

    @BeforeEach
    void database() throws Exception {
        DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("app.db")).close();
        db = SqlDatabase.open(tmp.resolve("app.db"), SqlDatabase.Access.WRITABLE);
        for (String sql : List.of(
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)",
                "CREATE TABLE tags (k TEXT, n INTEGER, label TEXT, PRIMARY KEY (k, n)) WITHOUT ROWID",
                "CREATE TABLE note (body TEXT)",
                "CREATE VIEW cheap AS SELECT id, name FROM items WHERE qty < 5",
                "INSERT INTO items VALUES (7, 'lamp', 2), (8, 'desk', 9)",
                "INSERT INTO tags VALUES ('a', 2, 'red')",
                "INSERT INTO note VALUES ('x')")) {
            db.execute(sql);
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTablesRowsWithItsKeyAreFoundThroughViewsAndSubqueriesToo() throws Exception {
        RowKey.Found items = found("SELECT name, id FROM items WHERE id = 7");
        assertThat(items.table()).isEqualTo("items");
        assertThat(items.keyOf(firstRow("SELECT name, id FROM items WHERE id = 7")))
                .isEqualTo(Map.of("id", new Cell.Integer(7)));
        assertThat(found("SELECT * FROM cheap").table()).isEqualTo("items");
        assertThat(found("SELECT * FROM (SELECT id, qty * 2 AS twice FROM items)").table()).isEqualTo("items");
        RowKey.Found tags = found("SELECT label, n, k FROM tags");
        assertThat(tags.keyColumns()).containsExactly("k", "n");
        assertThat(tags.keyOf(firstRow("SELECT label, n, k FROM tags")))
                .containsExactly(Map.entry("k", new Cell.Text("a")), Map.entry("n", new Cell.Integer(2)));
        RowKey.Found note = found("SELECT rowid, * FROM note");
        assertThat(note.keyColumns()).containsExactly("rowid");
        assertThat(note.keyOf(firstRow("SELECT rowid, * FROM note"))).isEqualTo(Map.of("rowid", new Cell.Integer(1)));
    }

    @Test
    void joinsExpressionsAMissingKeyAndAnAliasAreRefusedSayingWhy() throws Exception {
        assertThat(whyNot("SELECT i.id, t.label FROM items i JOIN tags t ON t.n = i.qty"))
                .contains("columns of items and tags").contains("select from one table");
        assertThat(whyNot("SELECT 1 + 1, 'x'")).contains("expressions, taken from no table");
        assertThat(whyNot("SELECT name FROM items")).isEqualTo("The result lacks id of items's key (id): add it to "
                + "the query's columns");
        assertThat(whyNot("SELECT label, k FROM tags")).contains("lacks n of tags's key (k, n)");
        assertThat(whyNot("SELECT * FROM note")).contains("no primary key").contains("SELECT rowid, * FROM note");
        // A text column named as the integer key is not the key.
        assertThat(whyNot("SELECT name AS id FROM items")).contains("lacks id");
    }

    private RowKey.Found found(String sql) throws Exception {
        RowKey.Answer a = RowKey.of(columns(sql), SchemaReader.read(db));
        assertThat(a).as(sql).isInstanceOf(RowKey.Found.class);
        return (RowKey.Found) a;
    }

    private String whyNot(String sql) throws Exception {
        RowKey.Answer a = RowKey.of(columns(sql), SchemaReader.read(db));
        assertThat(a).as(sql).isInstanceOf(RowKey.NotFound.class);
        return ((RowKey.NotFound) a).why();
    }

    private List<ResultColumn> columns(String sql) throws Exception {
        try (ResultCursor c = ((Outcome.Rows) db.execute(sql)).cursor()) {
            return c.columns();
        }
    }

    private List<Cell> firstRow(String sql) throws Exception {
        try (ResultCursor c = ((Outcome.Rows) db.execute(sql)).cursor()) {
            return c.fetch(1).get(0);
        }
    }
}
