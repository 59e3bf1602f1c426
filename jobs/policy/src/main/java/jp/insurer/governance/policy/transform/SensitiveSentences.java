package jp.insurer.governance.policy.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.detect.AhoCorasick;
import jp.insurer.governance.policy.detect.SensitiveKind;

/**
 * 機微 mentions beyond the detectors' word list, and the sentences they sit in. A mention is a term
 * of {@code config/text-release.yml} on word boundaries (病院, 悪性新生物, 教会), or a noun compound
 * ending in one of its suffixes: one dictionary word longer than the suffix that ends with it
 * (大腸炎, 精神病院) or a word followed by the suffix as a token of its own (精神+科, 浅草+寺,
 * さくら+病院). The unit removed is the sentence, so what is tied to the mention (a stay of 14 days,
 * 2 tablets a day, the clinic's name) goes with it. Immutable and thread-safe.
 */
final class SensitiveSentences {

    private final ReleaseVocabulary vocabulary;
    private final AhoCorasick<SensitiveKind> terms;

    SensitiveSentences(ReleaseVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        Map<String, SensitiveKind> lower = new HashMap<>();
        vocabulary.sensitiveTerms().forEach((t, k) -> lower.put(t.toLowerCase(java.util.Locale.ROOT), k));
        this.terms = new AhoCorasick<>(lower);
    }

    /** Spans [start, end) of the vocabulary's 機微 terms that start and end on word boundaries. */
    List<int[]> termSpans(String normalized, boolean[] boundary) {
        List<int[]> out = new ArrayList<>();
        for (AhoCorasick.Hit<SensitiveKind> hit : terms.findAll(normalized.toLowerCase(java.util.Locale.ROOT))) {
            if (boundary[hit.start()] && boundary[hit.end()]) out.add(new int[] {hit.start(), hit.end()});
        }
        return out;
    }

    /** Spans of noun compounds ending in a 機微 suffix. */
    List<int[]> suffixSpans(List<UniDicTokens.Word> words) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            UniDicTokens.Word w = words.get(i);
            String s = w.surface();
            if (vocabulary.sensitiveExcluded().contains(s)) continue;
            boolean noun = w.isNoun() || "接尾辞".equals(w.pos1()) || !w.known();
            if (!noun) continue;
            for (String suffix : vocabulary.sensitiveSuffixes().keySet()) {
                if (!s.endsWith(suffix)) continue;
                if (s.length() > suffix.length()) {
                    out.add(new int[] {w.start(), w.end()});
                    break;
                }
                if (i > 0) {
                    UniDicTokens.Word prev = words.get(i - 1);
                    boolean joined = prev.end() == w.start()
                            && (prev.isNoun() || !prev.known() || "接頭辞".equals(prev.pos1()))
                            && !prev.isNumeral();
                    if (joined && !vocabulary.sensitiveExcluded().contains(prev.surface() + s)) {
                        out.add(new int[] {prev.start(), w.end()});
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Blocklist mode: the sentences of an already scrubbed text that hold a 機微 mention (a term, a
     * suffix compound, or a ＜機微情報＞ the detectors left) become ＜機微情報＞ whole.
     */
    String remove(String text) {
        if (text == null || text.isEmpty()) return text;
        jp.insurer.governance.policy.detect.ScanText st = new jp.insurer.governance.policy.detect.ScanText(text, null);
        String n = st.normalized();
        List<UniDicTokens.Word> words = UniDicTokens.tokenize(n);
        boolean[] boundary = new boolean[n.length() + 1];
        boundary[0] = true;
        boundary[n.length()] = true;
        for (UniDicTokens.Word w : words) {
            boundary[w.start()] = true;
            boundary[w.end()] = true;
        }
        boolean[] mention = new boolean[n.length()];
        List<int[]> spans = new ArrayList<>(termSpans(n, boundary));
        spans.addAll(suffixSpans(words));
        String placeholder =
                java.text.Normalizer.normalize(TextScrubber.SENSITIVE_PLACEHOLDER, java.text.Normalizer.Form.NFKC);
        for (int at = n.indexOf(placeholder); at >= 0; at = n.indexOf(placeholder, at + 1)) {
            spans.add(new int[] {at, at + placeholder.length()});
        }
        for (int[] span : spans) for (int i = span[0]; i < span[1]; i++) mention[i] = true;
        String[] mark = new String[n.length()];
        boolean any = false;
        for (int[] s : sentences(n)) {
            boolean hit = false;
            for (int i = s[0]; i < s[1] && !hit; i++) hit = mention[i];
            if (!hit) continue;
            int end = s[1];
            while (end > s[0] && isTerminator(n.charAt(end - 1))) end--;
            for (int i = s[0]; i < end; i++) mark[i] = jp.insurer.governance.policy.detect.EntityTypes.SENSITIVE;
            any = true;
        }
        return any ? TextRelease.render(text, st, mark) : text;
    }

    static boolean isTerminator(char c) {
        return c == '。' || c == '!' || c == '?' || c == '\n' || c == '\r';
    }

    /**
     * Sentences [start, end) of a normalized text, each with its terminators (。 ! ? and line breaks);
     * a closing bracket right after a terminator belongs to the sentence.
     */
    static List<int[]> sentences(String n) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < n.length()) {
            if (isTerminator(n.charAt(i))) {
                int end = i + 1;
                while (end < n.length()
                        && (isTerminator(n.charAt(end))
                                || n.charAt(end) == '」'
                                || n.charAt(end) == ')'
                                || n.charAt(end) == '』')) end++;
                out.add(new int[] {start, end});
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < n.length()) out.add(new int[] {start, n.length()});
        return out;
    }
}
