package dev.litescope.util;

import java.util.List;
import java.util.Map;

/** Writes the small JSON documents the CLI prints for scripts: maps, lists, strings, numbers, booleans. */
public final class Json {
    private Json() {
    }

    /** Indented, for people. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.toString();
    }

    /** On one line, for protocols and line-oriented files. */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, null);
        return sb.toString();
    }

    /** {@code indent} null writes compactly. */
    private static void write(StringBuilder sb, Object v, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append(indent == null ? "{" : "{\n");
            String inner = indent == null ? null : indent + "  ";
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(inner == null ? "" : inner);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(inner == null ? ":" : ": ");
                write(sb, e.getValue(), inner);
                sb.append(++i < m.size() ? "," : "").append(inner == null ? "" : "\n");
            }
            sb.append(indent == null ? "" : indent).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append(indent == null ? "[" : "[\n");
            String inner = indent == null ? null : indent + "  ";
            for (int i = 0; i < l.size(); i++) {
                sb.append(inner == null ? "" : inner);
                write(sb, l.get(i), inner);
                sb.append(i + 1 < l.size() ? "," : "").append(inner == null ? "" : "\n");
            }
            sb.append(indent == null ? "" : indent).append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
