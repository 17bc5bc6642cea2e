package dev.litescope.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Writes result rows as text, one row at a time, so an export never holds a whole result. The formats:
 *
 * <ul>
 *   <li>{@link Format#CSV}: byte for byte what {@code sqlite3 -csv} writes for the same rows, BLOBs aside. RFC 4180
 *       fields: one is quoted, with {@code "} doubled, when it holds a comma, a quote, an apostrophe, a space, a
 *       control character (CR and LF among them) or any non-ASCII character, or when it is an empty text, so that
 *       an empty text ({@code ""}) differs from NULL (an empty field). Rows end in LF, as {@code sqlite3 -csv}'s
 *       do (RFC 4180 asks for CRLF; CSV readers take both). Integers and reals are SQLite's own text, text is
 *       verbatim, a BLOB is its bytes in lowercase hex (the shell writes the raw bytes, which no CSV reader can
 *       take back, and cuts them at the first zero byte).
 *   <li>{@link Format#TSV}: fields split by tabs, rows by LF, nothing quoted; a backslash, tab, LF or CR in a value
 *       is written {@code \\}, {@code \t}, {@code \n}, {@code \r} (as PostgreSQL's text format), so every row
 *       stays one line. NULL is an empty field, BLOBs are hex.
 *   <li>{@link Format#JSON}: one array of objects, an object a line, keyed by column name; {@link Format#JSONL}:
 *       one object a line. NULL is {@code null}; integers are exact (all 64 bits); reals are numbers in SQLite's
 *       own text ({@code 9.0e+999} for infinity, as SQLite's JSON functions write it); BLOBs are
 *       {@code {"hex": "…"}}.
 * </ul>
 *
 * <p>Call {@link #begin} once, {@link #row} for each row, then {@link #end}, which flushes but leaves the writer
 * open.
 */
public abstract sealed class ResultWriter permits ResultWriter.Csv, ResultWriter.Tsv, ResultWriter.Json {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    public enum Format {
        CSV("csv"), TSV("tsv"), JSON("json"), JSONL("jsonl");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** The usual file name extension, without the dot. */
        public String extension() {
            return extension;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    final Writer out;
    List<ResultColumn> columns = List.of();

    ResultWriter(Writer out) {
        this.out = out;
    }

    /**
     * @param header for CSV and TSV, whether the first line names the columns (JSON always does, in its keys)
     */
    public static ResultWriter of(Format format, Writer out, boolean header) throws IOException {
        return switch (format) {
            case CSV -> new Csv(out, header);
            case TSV -> new Tsv(out, header);
            case JSON -> new Json(out, true);
            case JSONL -> new Json(out, false);
        };
    }

    public abstract void begin(List<ResultColumn> columns) throws IOException;

    public abstract void row(List<Cell> row) throws IOException;

    public abstract void end() throws IOException;

    /** A cell as the delimited formats write it: SQLite's text, BLOBs in hex, NULL as {@code null}. */
    static String text(Cell cell) {
        if (cell instanceof Cell.Text t) {
            return t.value();
        } else if (cell instanceof Cell.Integer i) {
            return i.sqliteText();
        } else if (cell instanceof Cell.Real r) {
            return r.sqliteText();
        } else if (cell instanceof Cell.Blob b) {
            return b.hex();
        }
        return null;
    }

    /** Writes one cell as a JSON value, encoded as {@link Format#JSON} writes it (see above). */
    public static void jsonValue(JsonGenerator json, Cell c) throws IOException {
        if (c instanceof Cell.Integer n) {
            json.writeNumber(n.value());
        } else if (c instanceof Cell.Real r) {
            json.writeNumber(Double.isInfinite(r.value()) ? (r.value() > 0 ? "9.0e+999" : "-9.0e+999")
                    : r.sqliteText());
        } else if (c instanceof Cell.Text t) {
            json.writeString(t.value());
        } else if (c instanceof Cell.Blob b) {
            json.writeStartObject();
            json.writeStringField("hex", b.hex());
            json.writeEndObject();
        } else {
            json.writeNull();
        }
    }

    static final class Csv extends ResultWriter {
        private final boolean header;

        Csv(Writer out, boolean header) {
            super(out);
            this.header = header;
        }

        @Override
        public void begin(List<ResultColumn> columns) throws IOException {
            this.columns = columns;
            if (header) {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    field(columns.get(i).name());
                }
                out.write('\n');
            }
        }

        @Override
        public void row(List<Cell> row) throws IOException {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Cell c = row.get(i);
                if (c instanceof Cell.Text t) {
                    field(t.value());
                } else if (!(c instanceof Cell.Null)) {
                    out.write(text(c)); // digits, signs, points, exponents, hex: never quoted
                }
            }
            out.write('\n');
        }

        private void field(String s) throws IOException {
            if (needsQuotes(s)) {
                out.write('"');
                int from = 0;
                for (int q = s.indexOf('"'); q >= 0; q = s.indexOf('"', from)) {
                    out.write(s, from, q + 1 - from);
                    out.write('"');
                    from = q + 1;
                }
                out.write(s, from, s.length() - from);
                out.write('"');
            } else {
                out.write(s);
            }
        }

        /** As the sqlite3 shell decides: empty, or holding a space, a control or non-ASCII character, , " or '. */
        static boolean needsQuotes(String s) {
            if (s.isEmpty()) {
                return true;
            }
            for (int i = 0; i < s.length(); i++) {
                if (quoted(s.charAt(i))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether a field holding {@code c} is quoted: a character, or a byte of UTF-8 read unsigned (every byte of a
         * non-ASCII character is 0x80 or more, so the two agree).
         */
        static boolean quoted(int c) {
            return c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == ',';
        }

        @Override
        public void end() throws IOException {
            out.flush();
        }
    }

    static final class Tsv extends ResultWriter {
        private final boolean header;

        Tsv(Writer out, boolean header) {
            super(out);
            this.header = header;
        }

        @Override
        public void begin(List<ResultColumn> columns) throws IOException {
            this.columns = columns;
            if (header) {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        out.write('\t');
                    }
                    field(columns.get(i).name());
                }
                out.write('\n');
            }
        }

        @Override
        public void row(List<Cell> row) throws IOException {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.write('\t');
                }
                String s = text(row.get(i));
                if (s != null) {
                    field(s);
                }
            }
            out.write('\n');
        }

        private void field(String s) throws IOException {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> out.write("\\\\");
                    case '\t' -> out.write("\\t");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    default -> out.write(c);
                }
            }
        }

        /** A TSV field back to its value: the escapes undone. */
        static String unescape(String field) {
            StringBuilder sb = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c == '\\' && i + 1 < field.length()) {
                    char n = field.charAt(++i);
                    sb.append(switch (n) {
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        default -> n;
                    });
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }

        @Override
        public void end() throws IOException {
            out.flush();
        }
    }

    static final class Json extends ResultWriter {
        private final boolean array;
        private final JsonGenerator json;
        private long rows;

        Json(Writer out, boolean array) throws IOException {
            super(out);
            this.array = array;
            this.json = JSON.createGenerator(out);
            json.setRootValueSeparator(null);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }

        @Override
        public void begin(List<ResultColumn> columns) throws IOException {
            this.columns = columns;
            if (array) {
                json.writeRaw('[');
            }
        }

        @Override
        public void row(List<Cell> row) throws IOException {
            if (array) {
                json.writeRaw(rows == 0 ? "\n" : ",\n");
            }
            json.writeStartObject();
            for (int i = 0; i < row.size(); i++) {
                json.writeFieldName(columns.get(i).name());
                jsonValue(json, row.get(i));
            }
            json.writeEndObject();
            if (!array) {
                json.writeRaw('\n');
            }
            rows++;
        }

        @Override
        public void end() throws IOException {
            if (array) {
                json.writeRaw(rows == 0 ? "]\n" : "\n]\n");
            }
            json.flush();
        }
    }
}
