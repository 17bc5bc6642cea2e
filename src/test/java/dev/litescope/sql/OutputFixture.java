package dev.litescope.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of the values export formats get wrong: commas, quotes, apostrophes, newlines, tabs, backslashes,
 * spaces, empty text against NULL, Unicode beyond the BMP, 64-bit integer extremes, reals of every shape, and
 * BLOBs (with a zero byte, binary). Reals are ones that the sqlite3 shell of an older SQLite (3.40 prints 15 digits,
 * and 1e16 as 1.0e+16) and SQLite 3.54 (15 digits, or 17 when 15 do not round-trip; 1e16 as 10000000000000000.0)
 * write alike, so the outputs compare byte for byte.
 */
public final class OutputFixture {
    public static final String SELECT_ALL = "SELECT id, t, i, r, b FROM v ORDER BY id";
    /** The same rows as the sqlite3 shell must be asked for them: its BLOBs are raw bytes, ours hex. */
    public static final String SELECT_ALL_SHELL = "SELECT id, t, i, r, CASE WHEN b IS NULL THEN NULL "
            + "ELSE lower(hex(b)) END AS b FROM v ORDER BY id";
    public static final List<String> TEXTS = List.of("plain", "a,b", "say \"hi\"", "it's", "line1\nline2",
            "crlf\r\nend", "tab\there", "back\\slash", " padded ", "", "ünïcödé", "emoji 😀 𝄞", "日本語", "NULL",
            "=1+2", "\u0001control", "trailing,", ",", "\"", "x\u007fy");
    public static final long[] INTEGERS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 9007199254740993L,
        1234567890123L};
    public static final double[] REALS = {1.5, -0.25, 0.1, 1e300, -1e-5, 123456.789, 3.0, 2.5e-7, 1e20};

    private OutputFixture() {
    }

    /** One row per text, integer, real and BLOB, the rest of each row NULL; then a row of all NULLs. */
    public static Path create(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, t TEXT, i INTEGER, r REAL, b BLOB)");
            }
            List<Object[]> rows = new ArrayList<>();
            for (String t : TEXTS) {
                rows.add(new Object[] {t, null, null, null});
            }
            for (long i : INTEGERS) {
                rows.add(new Object[] {null, i, null, null});
            }
            for (double r : REALS) {
                rows.add(new Object[] {null, null, r, null});
            }
            for (byte[] b : new byte[][] {{1, 2, (byte) 0xab}, {0, (byte) 0xff}, "text".getBytes()}) {
                rows.add(new Object[] {null, null, null, b});
            }
            rows.add(new Object[] {"all", 42L, 2.5, new byte[] {0x7f}});
            rows.add(new Object[] {null, null, null, null});
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO v (t, i, r, b) VALUES (?, ?, ?, ?)")) {
                for (Object[] r : rows) {
                    for (int k = 0; k < 4; k++) {
                        ps.setObject(k + 1, r[k]);
                    }
                    ps.executeUpdate();
                }
            }
        }
        return file;
    }

    /** RFC 4180 records, quoted fields unquoted; an unquoted empty field is {@code null} (NULL). */
    public static List<List<String>> parseCsv(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        int i = 0;
        while (i < csv.length()) {
            String field;
            if (csv.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    char ch = csv.charAt(i);
                    if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        sb.append('"');
                        i += 2;
                    } else if (ch == '"') {
                        i++;
                        break;
                    } else {
                        sb.append(ch);
                        i++;
                    }
                }
                field = sb.toString();
            } else {
                int end = i;
                while (end < csv.length() && csv.charAt(end) != ',' && csv.charAt(end) != '\n'
                        && csv.charAt(end) != '\r') {
                    end++;
                }
                field = end == i ? null : csv.substring(i, end);
                i = end;
            }
            record.add(field);
            if (i >= csv.length() || csv.charAt(i) == '\n' || csv.charAt(i) == '\r') {
                if (i < csv.length() && csv.charAt(i) == '\r') {
                    i++;
                }
                i++;
                records.add(record);
                record = new ArrayList<>();
            } else {
                i++; // the comma
            }
        }
        return records;
    }
}
