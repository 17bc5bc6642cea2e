package dev.litescope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.sql.QueryPlan.Node;
import dev.litescope.sql.SqlDatabase.Access;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryPlanTest {
    @TempDir
    Path tmp;

    @Test
    void thePlanIsATreeWithFullScansMarked() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE INDEX people_by_name ON people (name)");
        }
        try (SqlDatabase d = SqlDatabase.open(db, Access.READ_ONLY)) {
            QueryPlan byKey = QueryPlan.explain(d, "SELECT * FROM people WHERE id = 5;");
            assertThat(byKey.roots()).singleElement().satisfies(n -> {
                assertThat(n.detail()).startsWith("SEARCH people USING INTEGER PRIMARY KEY");
                assertThat(n.fullScan()).isFalse();
            });
            assertThat(byKey.fullScans()).isEmpty();

            QueryPlan scan = QueryPlan.explain(d, "SELECT * FROM people WHERE note LIKE '%1'");
            assertThat(scan.fullScans()).extracting(Node::detail).containsExactly("SCAN people");

            QueryPlan covering = QueryPlan.explain(d, "SELECT name FROM people");
            assertThat(covering.roots().get(0).detail()).contains("USING COVERING INDEX people_by_name");
            assertThat(covering.fullScans()).isEmpty();

            // A compound query nests its parts under one step; a subquery hangs under its own step.
            QueryPlan compound = QueryPlan.explain(d, "SELECT id FROM people WHERE id < 3 UNION "
                    + "SELECT v FROM kv WHERE v IN (SELECT id FROM people WHERE score > 100)");
            assertThat(compound.roots()).singleElement().satisfies(n -> {
                assertThat(n.detail()).isEqualTo("MERGE (UNION)");
                assertThat(n.children()).hasSizeGreaterThanOrEqualTo(2);
            });
            assertThat(compound.fullScans()).extracting(Node::detail).contains("SCAN kv", "SCAN people");
            assertThat(depth(compound.roots().get(0))).isGreaterThanOrEqualTo(3);
        }
    }

    private static int depth(Node n) {
        return 1 + n.children().stream().mapToInt(QueryPlanTest::depth).max().orElse(0);
    }

    @Test
    void aBadStatementFailsAsSqliteSays() throws Exception {
        try (SqlDatabase d = SqlDatabase.open(SqlFixture.create(tmp.resolve("app.db")), Access.READ_ONLY)) {
            assertThatThrownBy(() -> QueryPlan.explain(d, "SELECT * FROM nowhere"))
                    .isInstanceOfSatisfying(SqlFailure.class,
                        f -> assertThat(f.sqliteMessage()).isEqualTo("no such table: nowhere"));
        }
    }

    @Test
    void scansAreToldFromSearches() {
        assertThat(QueryPlan.isFullScan("SCAN t")).isTrue();
        assertThat(QueryPlan.isFullScan("SCAN t USING INDEX i")).isFalse();
        assertThat(QueryPlan.isFullScan("SCAN t USING COVERING INDEX i")).isFalse();
        assertThat(QueryPlan.isFullScan("SEARCH t USING INDEX i (a=?)")).isFalse();
        assertThat(QueryPlan.isFullScan("SCAN CONSTANT ROW")).isFalse();
        assertThat(QueryPlan.isFullScan("USE TEMP B-TREE FOR ORDER BY")).isFalse();
    }
}
