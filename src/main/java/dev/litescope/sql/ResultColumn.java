package dev.litescope.sql;

/**
 * One column of a result: its name as SQLite reports it ({@code AS} aliases included) and the type its source column
 * declares ("" for an expression or a column declaring none).
 */
public record ResultColumn(String name, String declaredType) {
}
