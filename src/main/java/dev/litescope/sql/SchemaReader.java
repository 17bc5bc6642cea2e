package dev.litescope.sql;

import dev.litescope.sql.Schema.Column;
import dev.litescope.sql.Schema.ForeignKey;
import dev.litescope.sql.Schema.Index;
import dev.litescope.sql.Schema.Table;
import dev.litescope.sql.Schema.Trigger;
import dev.litescope.sql.Schema.View;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a database's {@link Schema} through SQLite's schema table and its table-valued pragmas. */
public final class SchemaReader {
    private SchemaReader() {
    }

    public static Schema read(SqlDatabase db) throws SqlFailure {
        return db.read(() -> read(db.connection()));
    }

    private static Schema read(Connection c) throws SQLException {
        List<Table> tables = new ArrayList<>();
        List<View> views = new ArrayList<>();
        List<Index> indexes = new ArrayList<>();
        List<Trigger> triggers = new ArrayList<>();
        Map<String, Boolean> withoutRowid = new LinkedHashMap<>();
        for (String[] row : rows(c, "SELECT name, wr FROM pragma_table_list WHERE schema = 'main'", 2)) {
            withoutRowid.put(row[0], "1".equals(row[1]));
        }
        for (String[] row : rows(c, "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                + "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", 4)) {
            String name = row[1];
            String sql = row[3];
            switch (row[0]) {
                case "table" -> tables.add(new Table(name, sql, withoutRowid.getOrDefault(name, false),
                        sql != null && sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, 14), columns(c, name),
                        foreignKeys(c, name)));
                case "view" -> views.add(new View(name, sql, columns(c, name)));
                case "index" -> indexes.add(index(c, name, row[2], sql));
                case "trigger" -> triggers.add(new Trigger(name, row[2], sql));
                default -> { }
            }
        }
        // Indexes SQLite made for UNIQUE and PRIMARY KEY constraints are named sqlite_autoindex_*.
        for (String[] row : rows(c, "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' "
                + "AND name LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\' ORDER BY name", 2)) {
            indexes.add(index(c, row[0], row[1], null));
        }
        indexes.sort(Comparator.comparing(Index::name));
        List<String> functions = new ArrayList<>();
        for (String[] row : rows(c, "SELECT DISTINCT name FROM pragma_function_list ORDER BY name", 1)) {
            functions.add(row[0]);
        }
        return new Schema(tables, views, indexes, triggers, functions);
    }

    private static List<Column> columns(Connection c, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (String[] row : rows(c, "SELECT name, type, pk, \"notnull\", dflt_value, hidden "
                + "FROM pragma_table_xinfo(?) ORDER BY cid", 6, table)) {
            int hidden = Integer.parseInt(row[5]);
            if (hidden != 1) { // 1 marks a virtual table's hidden column; 2 and 3 generated ones
                columns.add(new Column(row[0], row[1] == null ? "" : row[1], Integer.parseInt(row[2]),
                        "1".equals(row[3]), Optional.ofNullable(row[4]), hidden >= 2));
            }
        }
        return columns;
    }

    private static List<ForeignKey> foreignKeys(Connection c, String table) throws SQLException {
        Map<String, List<String[]>> byId = new LinkedHashMap<>();
        for (String[] row : rows(c, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
                + "FROM pragma_foreign_key_list(?) ORDER BY id, seq", 6, table)) {
            byId.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
        }
        List<ForeignKey> keys = new ArrayList<>();
        for (List<String[]> parts : byId.values()) {
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            for (String[] p : parts) {
                from.add(p[2]);
                if (p[3] != null) {
                    to.add(p[3]);
                }
            }
            String[] first = parts.get(0);
            keys.add(new ForeignKey(first[1], from, to, first[4], first[5]));
        }
        return keys;
    }

    private static Index index(Connection c, String name, String table, String sql) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (String[] row : rows(c, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", 1, name)) {
            columns.add(row[0] == null ? "<expression>" : row[0]);
        }
        boolean unique = false;
        for (String[] row : rows(c, "SELECT \"unique\" FROM pragma_index_list(?) WHERE name = ?", 1, table, name)) {
            unique = "1".equals(row[0]);
        }
        return new Index(name, table, Optional.ofNullable(sql), unique, columns);
    }

    private static List<String[]> rows(Connection c, String sql, int width, String... args) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
