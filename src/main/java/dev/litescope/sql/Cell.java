package dev.litescope.sql;

/** One value of a row as a table view shows it: SQL NULL, a BLOB by its size, or anything else as SQLite's text. */
public sealed interface Cell {

    record Null() implements Cell {
        @Override
        public String toString() {
            return "NULL";
        }
    }

    record Blob(long bytes) implements Cell {
        @Override
        public String toString() {
            return "<blob " + bytes + " bytes>";
        }
    }

    record Value(String text) implements Cell {
        @Override
        public String toString() {
            return text;
        }
    }

    Cell NULL = new Null();
}
