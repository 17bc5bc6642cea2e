package dev.litescope.sql;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One value of a result row, typed as SQLite's {@code typeof()} says it is (not as the column declares), with the
 * whole value kept: a BLOB holds its bytes, a text its full string.
 */
public sealed interface Cell {

    /** The shared NULL. */
    Cell NULL = new Null();

    /** The value's type as SQLite's {@code typeof()} names it: null, integer, real, text or blob. */
    String typeName();

    /** The value as an SQL literal that reads back as the same value and type. */
    static String sqlLiteral(Cell c) {
        if (c instanceof Cell.Null) {
            return "NULL";
        }
        if (c instanceof Cell.Text t) {
            return "'" + t.value().replace("'", "''") + "'";
        }
        if (c instanceof Cell.Blob b) {
            return "X'" + b.hex() + "'";
        }
        if (c instanceof Cell.Real r && (Double.isInfinite(r.value()) || Double.isNaN(r.value()))) {
            return Double.isNaN(r.value()) ? "NULL" : r.value() > 0 ? "1e999" : "-1e999";
        }
        return c.toString();
    }

    /** SQL NULL. */
    record Null() implements Cell {
        @Override
        public String typeName() {
            return "null";
        }

        @Override
        public String toString() {
            return "NULL";
        }
    }

    /** A 64-bit integer, exact. */
    record Integer(long value) implements Cell {
        @Override
        public String typeName() {
            return "integer";
        }

        /** SQLite's own text for this integer, as {@code CAST(x AS TEXT)} gives it. */
        public String sqliteText() {
            return Long.toString(value);
        }

        @Override
        public String toString() {
            return sqliteText();
        }
    }

    /**
     * An IEEE double with SQLite's own text for it, as {@code CAST(x AS TEXT)} gives it (1.0, 0.1, 1.0e+300,
     * 0.30000000000000004). The text is taken from SQLite when the value is read, not recomputed: SQLite 3.54 prints
     * 15 significant digits or 17 by its own float-to-decimal code, and reproducing that outside SQLite disagreed
     * with it in the last digit for about one random double in twenty when measured.
     */
    record Real(double value, String sqliteText) implements Cell {
        @Override
        public String typeName() {
            return "real";
        }

        public Real {
            Objects.requireNonNull(sqliteText, "sqliteText");
        }

        @Override
        public String toString() {
            return sqliteText;
        }
    }

    /** A text value, verbatim. */
    record Text(String value) implements Cell {
        @Override
        public String typeName() {
            return "text";
        }

        /** The text itself: SQLite's text conversion of a text is the text. */
        public String sqliteText() {
            return value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** A BLOB with all its bytes; equal to another BLOB with the same bytes. */
    record Blob(byte[] bytes) implements Cell {
        @Override
        public String typeName() {
            return "blob";
        }

        public Blob {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int size() {
            return bytes.length;
        }

        /** The first {@code n} bytes (all of them when fewer) as lowercase hex, without copying the rest. */
        public String hexHead(int n) {
            return HexFormat.of().formatHex(bytes, 0, Math.min(n, bytes.length));
        }

        /** The bytes as lowercase hex, as SQLite's {@code lower(hex(x))} gives them. */
        public String hex() {
            return HexFormat.of().formatHex(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Blob b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "<blob " + bytes.length + " bytes>";
        }
    }
}
