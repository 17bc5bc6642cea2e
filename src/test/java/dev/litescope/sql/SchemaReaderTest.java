package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Schema.Column;
import dev.litescope.sql.Schema.ForeignKey;
import dev.litescope.sql.Schema.Index;
import dev.litescope.sql.Schema.Table;
import dev.litescope.sql.SqlDatabase.Access;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaReaderTest {
    @TempDir
    Path tmp;

    private Path shop() throws Exception {
        Path file = tmp.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, "
                    + "since TEXT DEFAULT (date('now')), vip INT DEFAULT 0)");
            st.execute("CREATE TABLE \"order\" (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL "
                    + "REFERENCES customer (id) ON DELETE CASCADE, total REAL, "
                    + "cents INTEGER GENERATED ALWAYS AS (CAST(total * 100 AS INTEGER)) VIRTUAL)");
            st.execute("CREATE TABLE line (order_id INTEGER, n INTEGER, sku TEXT, PRIMARY KEY (order_id, n), "
                    + "FOREIGN KEY (order_id, n) REFERENCES other (a, b)) WITHOUT ROWID");
            st.execute("CREATE INDEX order_by_customer ON \"order\" (customer, total)");
            st.execute("CREATE INDEX lower_email ON customer (lower(email))");
            st.execute("CREATE VIEW big_orders AS SELECT id, total FROM \"order\" WHERE total > 100");
            st.execute("CREATE TRIGGER no_negative BEFORE INSERT ON \"order\" WHEN new.total < 0 "
                    + "BEGIN SELECT RAISE(ABORT, 'negative'); END");
            st.execute("INSERT INTO customer (email) VALUES ('a@x'), ('b@x')");
        }
        return file;
    }

    @Test
    void readsTablesColumnsKeysIndexesViewsTriggersAndFunctions() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(shop(), Access.READ_ONLY)) {
            Schema schema = SchemaReader.read(db);

            assertThat(schema.tables()).extracting(Table::name).containsExactly("customer", "line", "order");
            Table customer = schema.table("CUSTOMER").orElseThrow();
            assertThat(customer.sql()).startsWith("CREATE TABLE customer (id INTEGER PRIMARY KEY");
            assertThat(customer.withoutRowid()).isFalse();
            assertThat(customer.columns()).containsExactly(
                    new Column("id", "INTEGER", 1, false, Optional.empty(), false),
                    new Column("email", "TEXT", 0, true, Optional.empty(), false),
                    new Column("since", "TEXT", 0, false, Optional.of("date('now')"), false),
                    new Column("vip", "INT", 0, false, Optional.of("0"), false));

            Table order = schema.table("order").orElseThrow();
            assertThat(order.columns()).extracting(Column::name).containsExactly("id", "customer", "total", "cents");
            assertThat(order.columns().get(3).generated()).isTrue();
            assertThat(order.foreignKeys()).containsExactly(
                    new ForeignKey("customer", List.of("customer"), List.of("id"), "NO ACTION", "CASCADE"));

            Table line = schema.table("line").orElseThrow();
            assertThat(line.withoutRowid()).isTrue();
            assertThat(line.columns()).extracting(Column::primaryKeyPosition).containsExactly(1, 2, 0);
            assertThat(line.foreignKeys()).containsExactly(
                    new ForeignKey("other", List.of("order_id", "n"), List.of("a", "b"), "NO ACTION", "NO ACTION"));

            assertThat(schema.indexes()).extracting(Index::name).containsExactly("lower_email", "order_by_customer",
                    "sqlite_autoindex_customer_1"); // a WITHOUT ROWID table is its own primary key index
            Index byCustomer = schema.indexes().get(1);
            assertThat(byCustomer.table()).isEqualTo("order");
            assertThat(byCustomer.columns()).containsExactly("customer", "total");
            assertThat(byCustomer.unique()).isFalse();
            assertThat(byCustomer.sql()).hasValueSatisfying(s -> assertThat(s).startsWith("CREATE INDEX"));
            assertThat(schema.indexes().get(0).columns()).containsExactly("<expression>");
            Index auto = schema.indexes().get(2);
            assertThat(auto.unique()).isTrue();
            assertThat(auto.sql()).isEmpty();
            assertThat(auto.columns()).containsExactly("email");

            assertThat(schema.views()).hasSize(1);
            assertThat(schema.views().get(0).columns()).extracting(Column::name).containsExactly("id", "total");
            assertThat(schema.views().get(0).sql()).contains("WHERE total > 100");
            assertThat(schema.triggers()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("no_negative");
                assertThat(t.table()).isEqualTo("order");
                assertThat(t.sql()).contains("RAISE(ABORT, 'negative')");
            });

            assertThat(schema.functionNames()).contains("count", "lower", "json_extract", "group_concat")
                    .doesNotHaveDuplicates().isSorted();
            assertThat(db.rowCount("customer")).isEqualTo(2);
            assertThat(db.rowCount("order")).isZero();
        }
    }

    @Test
    void anEmptyDatabaseHasAnEmptySchema() throws Exception {
        Path file = tmp.resolve("empty.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x)");
            st.execute("DROP TABLE t");
        }
        try (SqlDatabase db = SqlDatabase.open(file, Access.READ_ONLY)) {
            Schema schema = SchemaReader.read(db);
            assertThat(schema.tables()).isEmpty();
            assertThat(schema.indexes()).isEmpty();
            assertThat(schema.functionNames()).isNotEmpty();
        }
    }
}
