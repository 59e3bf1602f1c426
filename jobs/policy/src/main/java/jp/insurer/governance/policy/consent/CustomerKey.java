package jp.insurer.governance.policy.consent;

import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import jp.insurer.governance.policy.detect.ValueText;

/**
 * The one normalization of customer keys, applied to the consent ledger and to every dataset, so
 * that {@code Ｃ０００１２}, {@code c00012 } and {@code C00012} are one customer everywhere: a
 * withdrawal written with another width or case must still reach the customer's records.
 * Steps (each can be switched off in {@code policy.yml} {@code customer_keys:}): Unicode NFKC
 * (full-width → half-width) with every dash (U+2010 hyphen, U+2212 minus, …) read as {@code -},
 * remove whitespace (else only strip it), upper case. Invisible characters (Unicode control and
 * format: NUL padding, soft hyphen, zero-width space, word joiner, byte order mark) are removed
 * always, before NFKC: no key is told from another by them, and an export that adds one must not
 * hide a withdrawal. The placeholders exports write for a missing value ({@code NULL}, {@code N/A},
 * {@code -}, {@code 不明}, …) are no customer, so that a withdrawal under one is treated as a
 * withdrawal without a customer rather than as some customer's.
 */
public record CustomerKey(boolean width, boolean whitespace, boolean upperCase) {

    /** Every step on: the default. */
    public static final CustomerKey DEFAULT = new CustomerKey(true, true, true);

    /** Placeholders for a missing value, as normalized (upper case, no spaces); compared also in lower case. */
    private static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of(
            "NULL", "N/A", "NA", "NAN", "NONE", "NIL", "NAT", "UNKNOWN", "-", "--", "?", "#N/A", "0", "不明", "なし",
            "該当なし", "NO_ID", "NOID");

    /** The normalized key of a column value as read ({@link #text}), or null when it names no customer. */
    public String normalizeValue(Object value) {
        return normalize(text(value));
    }

    /**
     * A key column's value as text: a string as it is; bytes (a binary column without the UTF8
     * annotation) decoded as UTF-8 when they are printable text (padding with NULs or spaces at the end
     * allowed), else written as {@code 0x} and their hex digits — binary ids such as big-endian
     * integers ({@code 00 00 00 41}) are not text, and decoding them would make different ids one
     * customer once the invisible characters are removed; a whole number (also a floating-point one, as
     * an export with missing values writes integers) in its plain decimal form; anything else as Java
     * writes it. A number loses the leading zeros of a key written as text elsewhere; the look-alike rule
     * ({@link DoubtfulWithdrawals}) keeps such a withdrawal from being lost.
     */
    public static String text(Object value) {
        if (value == null || value instanceof String) return (String) value;
        if (value instanceof byte[] bytes) {
            String decoded = printable(bytes);
            return decoded != null ? decoded : "0x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) return null;
            return new java.math.BigDecimal(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof java.math.BigDecimal d)
            return d.stripTrailingZeros().toPlainString();
        return value.toString();
    }

    /** The bytes as UTF-8 text when they are printable (trailing NUL or space padding aside), else null. */
    private static String printable(byte[] bytes) {
        String text = ValueText.utf8(bytes);
        if (text == null) return null;
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == 0 || text.charAt(end - 1) == ' ')) end--;
        for (int i = 0; i < end; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED || isSpace(c))
                return null;
        }
        return end == 0 ? null : text;
    }

    /** The normalized key, or null for a null, blank or placeholder id (no customer). */
    public String normalize(String id) {
        if (id == null) return null;
        if (alreadyNormal(id)) return PLACEHOLDERS.contains(upperCase ? id : id.toUpperCase(Locale.ROOT)) ? null : id;
        // Invisibles out before NFKC too, so that normalizing a normalized key changes nothing.
        String s = width ? Normalizer.normalize(clean(id, false), Normalizer.Form.NFKC) : id;
        s = whitespace ? clean(s, true) : clean(s, false).strip();
        if (upperCase) s = s.toUpperCase(Locale.ROOT);
        return s.isEmpty() || PLACEHOLDERS.contains(s.toUpperCase(Locale.ROOT).replace(" ", "")) ? null : s;
    }

    /** Without control and format characters (and spaces, when {@code spaces}); dashes as {@code -} with width. */
    private String clean(String s, boolean spaces) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.CONTROL && !Character.isWhitespace(c) || type == Character.FORMAT) continue;
            if (spaces && isSpace(c)) continue;
            b.appendCodePoint(width && isDash(c, type) ? '-' : c);
        }
        return b.toString();
    }

    /** Whitespace of any kind: Java's (tabs, line ends), Unicode's space, line and paragraph separators. */
    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isDash(int c, int type) {
        return type == Character.DASH_PUNCTUATION || c == '\u2212' || c == '\u2043';
    }

    /**
     * The per-record fast path: printable ASCII without spaces (and without lower case when upper
     * casing) is its own normal form, so the usual key costs one scan, no allocation.
     */
    private boolean alreadyNormal(String id) {
        if (id.isEmpty()) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~' || (upperCase && c >= 'a' && c <= 'z')) return false;
        }
        return true;
    }

    /**
     * A key reduced to what a person reading it would compare: after NFKC, ASCII letters (upper case) and
     * digits only, each run of digits without its leading zeros ({@code C-00012}, {@code Cー00012},
     * {@code Ｃ００012} and {@code c12} share one). Used only to find the customers a withdrawal under a
     * key matching no customer may have meant ({@link DoubtfulWithdrawals}), never to join.
     */
    public static String skeleton(String normalizedKey) {
        String s = Normalizer.normalize(normalizedKey, Normalizer.Form.NFKC);
        StringBuilder b = new StringBuilder(s.length());
        boolean inDigits = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c == '0' && !inDigits) continue; // a leading zero of this run
                inDigits = true;
                b.append(c);
            } else {
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') b.append(Character.toUpperCase(c));
                inDigits = false;
            }
        }
        return b.toString();
    }

    /**
     * The skeleton's digits alone ({@code C-00012}, {@code 12} and {@code 000012} share {@code 12}), or
     * null for a key without digits: a key that lost a prefix still finds its customer.
     */
    public static String digitSkeleton(String skeleton) {
        StringBuilder b = new StringBuilder(skeleton.length());
        for (int i = 0; i < skeleton.length(); i++) {
            char c = skeleton.charAt(i);
            if (c >= '0' && c <= '9') b.append(c);
        }
        return b.isEmpty() ? null : b.toString();
    }
}
