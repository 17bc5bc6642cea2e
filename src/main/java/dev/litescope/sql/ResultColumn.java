package dev.litescope.sql;

/**
 * One column of a result: its name as SQLite reports it ({@code AS} aliases included), the type its source column
 * declares ("" for an expression or a column declaring none), and the table that source column belongs to ("" for
 * an expression; through a view or a subquery, the table underneath).
 */
public record ResultColumn(String name, String declaredType, String table) {
    public ResultColumn(String name, String declaredType) {
        this(name, declaredType, "");
    }
}
