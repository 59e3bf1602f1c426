package jp.insurer.governance.sampledata;

import java.util.Collection;
import java.util.Map;

/** A minimal JSON writer for the sidecar files (no dependency, stable key order, pretty printed). */
final class Json {

    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "\n" : ",\n");
                first = false;
                pad(out, indent + 1);
                string(out, String.valueOf(e.getKey()));
                out.append(": ");
                write(out, e.getValue(), indent + 1);
            }
            out.append('\n');
            pad(out, indent);
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            boolean simple = list.stream().allMatch(v -> v == null || v instanceof String || v instanceof Number);
            if (list.isEmpty() || simple) {
                out.append('[');
                boolean first = true;
                for (Object v : list) {
                    out.append(first ? "" : ", ");
                    first = false;
                    write(out, v, indent);
                }
                out.append(']');
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object v : list) {
                out.append(first ? "\n" : ",\n");
                first = false;
                pad(out, indent + 1);
                write(out, v, indent + 1);
            }
            out.append('\n');
            pad(out, indent);
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static void pad(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
