package jp.insurer.governance.policy.consent;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one normalization of customer keys, applied to the consent ledger and to every dataset, so
 * that {@code Ｃ０００１２}, {@code c00012 } and {@code C00012} are one customer everywhere: a
 * withdrawal written with another width or case must still reach the customer's records.
 * Steps (each can be switched off in {@code policy.yml} {@code customer_keys:}): Unicode NFKC
 * (full-width → half-width) with every dash (U+2010 hyphen, U+2212 minus, …) read as {@code -},
 * remove whitespace (else only strip it), upper case. Invisible characters (Unicode control and
 * format: NUL padding, soft hyphen, zero-width space, word joiner, byte order mark) are removed
 * always: no key is told from another by them, and an export that adds one must not hide a
 * withdrawal.
 */
public record CustomerKey(boolean width, boolean whitespace, boolean upperCase) {

    /** Every step on: the default. */
    public static final CustomerKey DEFAULT = new CustomerKey(true, true, true);

    /** The normalized key of a column value as read ({@link #text}), or null when it names no customer. */
    public String normalizeValue(Object value) {
        return normalize(text(value));
    }

    /**
     * A key column's value as text: a string as it is; bytes (a binary column without the UTF8
     * annotation) decoded as UTF-8 when they are UTF-8, else written as {@code 0x} and their hex digits,
     * so that equal bytes are one customer and unequal bytes never are; anything else (a number) in its
     * decimal form. A number loses the leading zeros of a key written as text elsewhere; the ledger's
     * look-alike rule ({@link LookalikeKeys}) is what keeps such a withdrawal from being lost.
     */
    public static String text(Object value) {
        if (value == null || value instanceof String) return (String) value;
        if (value instanceof byte[] bytes) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                return "0x" + HexFormat.of().formatHex(bytes);
            }
        }
        return value.toString();
    }

    /** The normalized key, or null for a null or blank id (no customer). */
    public String normalize(String id) {
        if (id == null) return null;
        if (alreadyNormal(id)) return id;
        String s = width ? Normalizer.normalize(id, Normalizer.Form.NFKC) : id;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.CONTROL && !Character.isWhitespace(c) || type == Character.FORMAT) continue;
            if (whitespace && isSpace(c)) continue;
            b.appendCodePoint(width && isDash(c, type) ? '-' : c);
        }
        s = whitespace ? b.toString() : b.toString().strip();
        if (upperCase) s = s.toUpperCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
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
     * A key reduced to what a person reading it would compare: letters and digits only, each run of
     * digits without its leading zeros ({@code C-00012}, {@code C00012} and {@code c12} share one). Used
     * only to find the customers a withdrawal under a key matching no customer may have meant
     * ({@link LookalikeKeys}), never to join.
     */
    public static String skeleton(String normalizedKey) {
        StringBuilder b = new StringBuilder(normalizedKey.length());
        boolean inDigits = false;
        for (int i = 0; i < normalizedKey.length(); ) {
            int c = normalizedKey.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isDigit(c)) {
                int d = Character.digit(c, 10);
                if (d == 0 && !inDigits) continue; // a leading zero of this run
                inDigits = true;
                b.append((char) ('0' + d));
            } else {
                if (Character.isLetter(c)) b.appendCodePoint(Character.toUpperCase(c));
                inDigits = false;
            }
        }
        return b.toString();
    }
}
