package dev.litescope.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a table's rows, read through a read-only connection: rows {@code offset} to
 * {@code offset + rows.size() - 1} of {@code totalRows}, in rowid order where the table has rowids, each value typed
 * as SQLite holds it ({@link Cell}).
 *
 * @param columns the table's columns with their declared types ("" when a column declares none)
 */
public record TablePage(String table, List<Column> columns, List<List<Cell>> rows, long offset, long totalRows) {
    public TablePage {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public record Column(String name, String declaredType) {
    }

    public boolean hasPrevious() {
        return offset > 0;
    }

    public boolean hasNext() {
        return offset + rows.size() < totalRows;
    }

    public static TablePage read(Path db, String table, long offset, int limit) throws SQLException {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
        }
        try (Connection c = ReadOnlyDatabase.open(db)) {
            if (!DatabaseSummary.tableNames(c).contains(table)) {
                throw new SQLException("no table named " + table + " in " + db);
            }
            String quoted = ReadOnlyDatabase.quote(table);
            List<Column> columns = new ArrayList<>();
            boolean withoutRowid = false;
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("PRAGMA table_xinfo(" + quoted + ")")) {
                    while (rs.next()) {
                        if (rs.getInt("hidden") != 1) {
                            String type = rs.getString("type");
                            columns.add(new Column(rs.getString("name"), type == null ? "" : type));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT wr FROM pragma_table_list WHERE name = ?")) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        withoutRowid = rs.next() && rs.getInt(1) != 0;
                    }
                }
            }
            long total;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quoted)) {
                rs.next();
                total = rs.getLong(1);
            }
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < columns.size(); i++) {
                select.append(i == 0 ? "" : ", ").append(ReadOnlyDatabase.quote(columns.get(i).name()));
            }
            select.append(" FROM ").append(quoted).append(withoutRowid ? "" : " ORDER BY _rowid_")
                    .append(" LIMIT ? OFFSET ?");
            List<List<Cell>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(select.toString())) {
                ps.setInt(1, limit);
                ps.setLong(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(ResultCursor.row(ps, columns.size()));
                    }
                }
            }
            return new TablePage(table, columns, rows, offset, total);
        }
    }
}
