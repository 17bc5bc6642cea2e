package dev.litescope.sql;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQLite's {@code EXPLAIN QUERY PLAN} for a statement as a tree, built from the {@code id} and {@code parent}
 * columns of its rows, in SQLite's order. The statement is prepared, not run.
 */
public record QueryPlan(List<Node> roots) {
    public QueryPlan {
        roots = List.copyOf(roots);
    }

    /**
     * One step of the plan.
     *
     * @param detail SQLite's words, e.g. {@code SEARCH people USING INTEGER PRIMARY KEY (rowid=?)}
     * @param fullScan reads a whole table without an index ({@code SCAN t}, with no {@code USING ... INDEX})
     */
    public record Node(int id, String detail, boolean fullScan, List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }
    }

    /** Every step marked as a full scan, anywhere in the tree, in order. */
    public List<Node> fullScans() {
        List<Node> found = new ArrayList<>();
        collect(roots, found);
        return found;
    }

    private static void collect(List<Node> nodes, List<Node> found) {
        for (Node n : nodes) {
            if (n.fullScan()) {
                found.add(n);
            }
            collect(n.children(), found);
        }
    }

    public static QueryPlan explain(SqlDatabase db, String statement) throws SqlFailure {
        String sql = "EXPLAIN QUERY PLAN " + SqlDatabase.body(statement);
        List<Row> rows = db.read(() -> {
            List<Row> read = new ArrayList<>();
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    read.add(new Row(rs.getInt("id"), rs.getInt("parent"), rs.getString("detail")));
                }
            }
            return read;
        });
        Map<Integer, List<Row>> byParent = new LinkedHashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (Row r : rows) {
            byParent.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r);
            ids.add(r.id());
        }
        List<Node> roots = new ArrayList<>();
        for (Row r : rows) {
            // Parent 0 is the top; a row whose parent SQLite did not list is shown at the top too.
            if (r.parent() == 0 || !ids.contains(r.parent())) {
                roots.add(node(r, byParent, new HashSet<>()));
            }
        }
        return new QueryPlan(roots);
    }

    private record Row(int id, int parent, String detail) {
    }

    private static Node node(Row row, Map<Integer, List<Row>> byParent, Set<Integer> above) {
        List<Node> children = new ArrayList<>();
        if (above.add(row.id())) { // ids are unique in SQLite's output; this only guards against a cycle
            for (Row child : byParent.getOrDefault(row.id(), List.of())) {
                children.add(node(child, byParent, above));
            }
        }
        return new Node(row.id(), row.detail(), isFullScan(row.detail()), children);
    }

    static boolean isFullScan(String detail) {
        return detail.startsWith("SCAN ") && !detail.contains(" USING ") && !detail.contains("VIRTUAL TABLE")
                && !detail.equals("SCAN CONSTANT ROW");
    }
}
