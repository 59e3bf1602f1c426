package jp.insurer.governance.policy.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the audit log needs: one flat object per line whose values are strings, whole
 * numbers, null or lists of strings. Hand-written, not Jackson, because the record hash is computed
 * over this exact text: the bytes must not move with a library's version or settings, and the core
 * stays free of dependencies. Output is deterministic: fixed key order chosen by the caller, no
 * spaces, non-ASCII written as UTF-8, and every character that could change on a round trip
 * escaped (controls, quotes, backslash, U+2028/2029, lone surrogates).
 */
final class AuditJson {

    /** A line that is not such an object; {@code atEnd} when the text stopped early (a torn write). */
    static final class ParseException extends Exception {
        final boolean atEnd;

        ParseException(String message, boolean atEnd) {
            super(message);
            this.atEnd = atEnd;
        }
    }

    private AuditJson() {}

    static void writeString(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean lone = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || lone) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    static void writeStrings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) out.append(',');
            writeString(out, values.get(i));
        }
        out.append(']');
    }

    /** Parses one object; values are String, Long, null or an unmodifiable List of String. */
    static Map<String, Object> parse(String text) throws ParseException {
        Parser p = new Parser(text);
        p.skipSpace();
        Map<String, Object> out = p.object();
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("text after the closing brace");
        return out;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() throws ParseException {
            expect('{');
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object value = value();
                if (out.containsKey(key)) throw error("duplicate key '" + key + "'");
                out.put(key, value);
                skipSpace();
                char c = next();
                if (c == '}') return out;
                if (c != ',') throw error("expected ',' or '}'");
            }
        }

        Object value() throws ParseException {
            char c = peek();
            if (c == '"') return string();
            if (c == '[') return strings();
            if (c == 'n') {
                literal("null");
                return null;
            }
            if (c == '-' || (c >= '0' && c <= '9')) return number();
            throw error("unexpected character");
        }

        List<String> strings() throws ParseException {
            expect('[');
            List<String> out = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(out);
            }
            while (true) {
                skipSpace();
                out.add(string());
                skipSpace();
                char c = next();
                if (c == ']') return Collections.unmodifiableList(out);
                if (c != ',') throw error("expected ',' or ']'");
            }
        }

        Long number() throws ParseException {
            int start = pos;
            if (peek() == '-') pos++;
            if (peek() == '0') {
                pos++;
            } else {
                if (!(peek() >= '1' && peek() <= '9')) throw error("expected a digit");
                while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') pos++;
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("only whole numbers are expected");
            }
            try {
                return Long.parseLong(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("number out of range");
            }
        }

        String string() throws ParseException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') return out.toString();
                if (c < 0x20) throw error("control character in a string");
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        int v = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(next(), 16);
                            if (d < 0) throw error("bad \\u escape");
                            v = v * 16 + d;
                        }
                        out.append((char) v);
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        void literal(String word) throws ParseException {
            for (int i = 0; i < word.length(); i++) {
                if (next() != word.charAt(i)) throw error("unexpected word");
            }
        }

        void expect(char c) throws ParseException {
            if (next() != c) throw error("expected '" + c + "'");
        }

        char peek() throws ParseException {
            if (pos >= s.length()) throw error("line ends early");
            return s.charAt(pos);
        }

        char next() throws ParseException {
            char c = peek();
            pos++;
            return c;
        }

        void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) pos++;
        }

        ParseException error(String problem) {
            boolean atEnd = pos >= s.length();
            return new ParseException(atEnd ? "line ends early" : problem + " at column " + (pos + 1), atEnd);
        }
    }
}
