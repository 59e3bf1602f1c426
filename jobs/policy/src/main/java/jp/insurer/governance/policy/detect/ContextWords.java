package jp.insurer.governance.policy.detect;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words that, near a candidate, say what it is (マイナンバー before 12 digits, 口座 before 7 digits).
 * Loaded from {@code config/detectors/context.yml}; matched on the lower-cased normalized text so
 * that full-width and upper-case spellings count too.
 *
 * @param before chars searched before a candidate
 * @param after  chars searched after a candidate
 */
public record ContextWords(Map<String, List<String>> byType, int before, int after) {

    public ContextWords {
        byType = Map.copyOf(byType);
    }

    public List<String> words(String type) {
        return byType.getOrDefault(type, List.of());
    }

    /** True when one of the type's words appears within the window around [start, end). */
    public boolean near(ScanText text, String type, int start, int end) {
        return near(text, words(type), start, end, before, after);
    }

    public static boolean near(ScanText text, List<String> words, int start, int end, int before, int after) {
        if (words.isEmpty()) return false;
        String low = text.lower();
        int from = Math.max(0, start - before);
        int to = Math.min(low.length(), end + after);
        for (String w : words) {
            // bounded search: a plain indexOf would scan to the end of a long document for every candidate
            if (lastIndexWithin(low, w, from, start) >= 0) return true;
            if (lastIndexWithin(low, w, end, to) >= 0) return true;
        }
        return false;
    }

    /** Last index of {@code w} lying entirely inside [from, to) of {@code s}, or -1. Cost O(to - from). */
    public static int lastIndexWithin(String s, String w, int from, int to) {
        for (int i = to - w.length(); i >= from; i--) {
            if (s.startsWith(w, i)) return i;
        }
        return -1;
    }

    /** Lower-cases ASCII only, like {@link ScanText#lower()}. */
    public static String normalizeWord(String w) {
        return java.text.Normalizer.normalize(w, java.text.Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }
}
