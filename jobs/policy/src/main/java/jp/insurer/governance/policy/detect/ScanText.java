package jp.insurer.governance.policy.detect;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One input text prepared for all detectors: the original, its normalized form and the map from
 * normalized chars back to original code points. Built once per text by {@link TextScanner}.
 *
 * <p>Normalization is NFKC (full-width digits, letters and symbols become ASCII; half-width katakana
 * becomes full-width) plus: the dash family (‐ ‑ ‒ – — ― −) becomes '-', and a long-vowel mark or
 * kanji 一 between two digits becomes '-' (people type 090ー1234ー5678). Format characters (Unicode
 * category Cf: zero-width space and joiners, BOM, soft hyphen, direction marks) are dropped: invisible,
 * they would otherwise split a number or a name for every detector (a zero-width space between 7937
 * and 8208). NFKC can change lengths (㍻ → 平成, ｶﾞ → ガ), so every normalized char remembers the
 * original code point range it came from.
 * Normalization runs per grapheme-like cluster (a base plus its combining marks), which keeps the map
 * exact where NFKC composes several code points into one.
 *
 * <p>Not thread-safe (tokens are cached lazily); one instance per text per thread.
 */
public final class ScanText {

    private final String original;
    private final String normalized;
    private final String lower;
    private final int[] origStart;
    private final int[] origEnd;
    private final int originalCodePoints;
    private final Function<String, List<Token>> tokenizer;
    private List<Token> tokens;
    private boolean[] insideToken;

    public ScanText(String original, Function<String, List<Token>> tokenizer) {
        this.original = original;
        this.tokenizer = tokenizer;
        int n = original.length();
        StringBuilder out = new StringBuilder(n + 8);
        int[] starts = new int[n + 8];
        int[] ends = new int[n + 8];
        int cp = 0;
        int i = 0;
        while (i < n) {
            int c = original.codePointAt(i);
            int clusterEnd = i + Character.charCount(c);
            int clusterCps = 1;
            while (clusterEnd < n) {
                int next = original.codePointAt(clusterEnd);
                if (!isCombining(next)) break;
                clusterEnd += Character.charCount(next);
                clusterCps++;
            }
            int before = out.length();
            boolean stable = clusterCps == 1 && isNfkcStable(c); // no format character among those
            if (stable) {
                out.appendCodePoint(c);
            } else {
                out.append(Normalizer.normalize(original.substring(i, clusterEnd), Normalizer.Form.NFKC));
            }
            int after = out.length();
            if (after > starts.length) {
                int size = Math.max(after + 16, starts.length * 2);
                starts = Arrays.copyOf(starts, size);
                ends = Arrays.copyOf(ends, size);
            }
            for (int k = before; k < after; ) {
                int f = stable ? 0 : out.codePointAt(k);
                if (!stable && Character.getType(f) == Character.FORMAT) { // see the class comment
                    out.delete(k, k + Character.charCount(f));
                    after -= Character.charCount(f);
                    continue;
                }
                starts[k] = cp;
                ends[k] = cp + clusterCps;
                char ch = out.charAt(k);
                if (isDash(ch)) out.setCharAt(k, '-');
                k++;
            }
            // a dropped format character goes with the character before it: masked where that one is
            if (after == before && before > 0) ends[before - 1] = cp + clusterCps;
            cp += clusterCps;
            i = clusterEnd;
        }
        // ー / 一 / ~ used as separator between digits
        for (int k = 1; k + 1 < out.length(); k++) {
            char ch = out.charAt(k);
            if ((ch == 'ー' || ch == '一' || ch == 'ｰ')
                    && isAsciiDigit(out.charAt(k - 1))
                    && isAsciiDigit(out.charAt(k + 1))) {
                out.setCharAt(k, '-');
            }
        }
        this.normalized = out.toString();
        this.origStart = starts;
        this.origEnd = ends;
        this.originalCodePoints = cp;
        char[] low = normalized.toCharArray();
        for (int k = 0; k < low.length; k++) {
            if (low[k] >= 'A' && low[k] <= 'Z') low[k] = (char) (low[k] + 32);
        }
        this.lower = new String(low);
    }

    private static boolean isCombining(int c) {
        if (c == 0xFF9E || c == 0xFF9F || c == 0x3099 || c == 0x309A) return true;
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK
                || t == Character.ENCLOSING_MARK
                || t == Character.COMBINING_SPACING_MARK;
    }

    /** Ranges NFKC leaves alone: the fast path for ordinary Japanese and ASCII text. */
    private static boolean isNfkcStable(int c) {
        return c < 0x80
                || (c >= 0x3041 && c <= 0x3096) // hiragana
                || (c >= 0x30A1 && c <= 0x30FA) // katakana
                || c == 0x30FC
                || c == 0x3001
                || c == 0x3002
                || (c >= 0x4E00 && c <= 0x9FFF); // CJK unified ideographs
    }

    private static boolean isDash(char ch) {
        return (ch >= '\u2010' && ch <= '\u2015') || ch == '\u2212' || ch == '\uFE63' || ch == '\uFF0D';
    }

    private static boolean isAsciiDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    public String original() {
        return original;
    }

    /** The NFKC-normalized text; detectors match on this. */
    public String normalized() {
        return normalized;
    }

    /** {@link #normalized()} with ASCII letters lower-cased (same length), for context words. */
    public String lower() {
        return lower;
    }

    public int length() {
        return normalized.length();
    }

    public int originalCodePointCount() {
        return originalCodePoints;
    }

    /** Original code point where the normalized char at {@code normIndex} came from. */
    public int originalStart(int normIndex) {
        return normIndex >= normalized.length() ? originalCodePoints : origStart[normIndex];
    }

    /** Original code point end (exclusive) for a normalized span ending (exclusive) at {@code normEnd}. */
    public int originalEnd(int normEnd) {
        return normEnd <= 0 ? 0 : origEnd[normEnd - 1];
    }

    /** A finding for the normalized span [start, end), mapped to original code points. */
    public Finding finding(String type, String kind, int start, int end, double score, String detector) {
        return new Finding(type, kind, originalStart(start), originalEnd(end), score, detector);
    }

    /** Kuromoji tokens of the normalized text, computed on first use. */
    public List<Token> tokens() {
        if (tokens == null) {
            tokens = tokenizer == null ? List.of() : tokenizer.apply(normalized);
        }
        return tokens;
    }

    /**
     * True when {@code index} is not strictly inside a token, i.e. a word may start or end there.
     * Used to reject dictionary hits such as がん inside がんばる.
     */
    public boolean isTokenBoundary(int index) {
        if (insideToken == null) {
            boolean[] inside = new boolean[normalized.length() + 1];
            for (Token t : tokens()) {
                for (int k = t.start() + 1; k < t.end(); k++) inside[k] = true;
            }
            insideToken = inside;
        }
        return index <= 0 || index >= insideToken.length || !insideToken[index];
    }
}
