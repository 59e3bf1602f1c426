package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.policy.detect.AhoCorasick;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;
import jp.insurer.governance.policy.detect.SensitiveKind;

/**
 * 機微情報 vocabulary (diseases, disabilities, creeds, criminal records…) from
 * {@code config/detectors/sensitive-terms.yml}, matched in one pass by an Aho-Corasick automaton on
 * the normalized, ASCII-lower-cased, katakana-folded text.
 *
 * <p>False positives are handled three ways: the longest hit wins over hits inside it (胃がん over
 * がん); hits inside an {@code exclude} word are dropped (がん保険 is a product, not a diagnosis); and a
 * term containing kana or Latin letters must start and end on a word boundary (Kuromoji tokens for
 * kana; for Latin no letter beside it, while {@code _}, digits and camelCase steps separate words), so
 * がん inside がんばる or HIV inside SHIVA is not a hit but CANCER in WAIVED_CANCER_DX is. Kanji-only
 * terms skip the boundary check: kanji compounds keep their meaning inside longer words (糖尿病性),
 * and the check would cost a Kuromoji run for every text.
 */
public final class SensitiveTermDetector implements Detector {

    /** A dictionary entry; {@code kind} null marks an exclusion. */
    public record Term(SensitiveKind kind, double score, boolean needsBoundary) {}

    private final AhoCorasick<Term> automaton;
    private final List<SuffixRule> suffixRules;

    /**
     * Unlisted words built like the listed ones: a kanji/katakana word ending in 症, 病, 炎, 障害…
     * (ベーチェット病, 気分障害) is a condition even when the vocabulary lacks it. Lower score than
     * a listed term; a listed term or an exclusion overlapping it wins.
     */
    public record SuffixRule(SensitiveKind kind, double score, List<String> suffixes, java.util.Set<String> not) {}

    /** @param terms normalized (NFKC, ASCII lower-case) term → entry */
    public SensitiveTermDetector(Map<String, Term> terms) {
        this(terms, List.of());
    }

    public SensitiveTermDetector(Map<String, Term> terms, List<SuffixRule> suffixRules) {
        this.suffixRules = List.copyOf(suffixRules);
        Map<String, Term> folded = new java.util.LinkedHashMap<>();
        terms.forEach((k, v) -> folded.merge(foldKana(k), v, (a, b) -> a.kind() == null ? a : b));
        this.automaton = new AhoCorasick<>(folded);
    }

    /**
     * Katakana to hiragana (same length), so that ウツ病, ｳﾂ病 (NFKC: ウツ病) and うつ病 are one term,
     * and ガン one with がん, without listing every spelling.
     */
    static String foldKana(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= '\u30A1' && c[i] <= '\u30F6') c[i] = (char) (c[i] - 0x60);
        }
        return new String(c);
    }

    public static boolean needsBoundary(String term) {
        for (int i = 0; i < term.length(); i++) {
            Character.UnicodeScript sc = Character.UnicodeScript.of(term.charAt(i));
            if (sc != Character.UnicodeScript.HAN) return true;
        }
        return false;
    }

    @Override
    public String name() {
        return "sensitive-terms";
    }

    @Override
    public boolean usesTokens() {
        return true;
    }

    @Override
    public List<Finding> detect(ScanText text) {
        // '_' read as a space (same length), so an exclusion such as "cancer insurance" also covers CANCER_INSURANCE
        String low = foldKana(text.lower()).replace('_', ' ');
        List<AhoCorasick.Hit<Term>> hits = automaton.findAll(low);
        List<AhoCorasick.Hit<Term>> suffixHits = suffixHits(text.normalized());
        if (hits.isEmpty() && suffixHits.isEmpty()) return List.of();
        // longest first, then leftmost; exclusions compete like terms so that they swallow what they contain
        hits.sort(Comparator.<AhoCorasick.Hit<Term>>comparingInt(h -> h.end() - h.start())
                .reversed()
                .thenComparingInt(AhoCorasick.Hit::start));
        List<AhoCorasick.Hit<Term>> chosen = new ArrayList<>();
        for (AhoCorasick.Hit<Term> h : hits) {
            boolean overlaps = false;
            for (AhoCorasick.Hit<Term> c : chosen) {
                if (h.start() < c.end() && c.start() < h.end()) {
                    overlaps = true;
                    break;
                }
            }
            if (overlaps) continue;
            if (h.value().kind() != null && h.value().needsBoundary() && !onBoundary(text, low, h)) continue;
            chosen.add(h);
        }
        for (AhoCorasick.Hit<Term> h : suffixHits) {
            boolean overlaps = false;
            for (AhoCorasick.Hit<Term> c : chosen) {
                if (h.start() < c.end() && c.start() < h.end()) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) chosen.add(h);
        }
        List<Finding> out = new ArrayList<>();
        for (AhoCorasick.Hit<Term> h : chosen) {
            if (h.value().kind() == null) continue;
            out.add(text.finding(
                    EntityTypes.SENSITIVE,
                    h.value().kind().name(),
                    h.start(),
                    h.end(),
                    h.value().score(),
                    name()));
        }
        return out;
    }

    /**
     * For each suffix occurrence, the word is the run of one script before it: kanji (up to 10) or
     * katakana (up to 14), at least one char, so 昨年ベーチェット病 yields ベーチェット病.
     */
    private List<AhoCorasick.Hit<Term>> suffixHits(String s) {
        if (suffixRules.isEmpty()) return List.of();
        List<AhoCorasick.Hit<Term>> out = new ArrayList<>();
        for (SuffixRule r : suffixRules) {
            for (String suffix : r.suffixes()) {
                int at = s.indexOf(suffix, 1);
                while (at > 0) {
                    int start = at;
                    boolean kanji = isHan(s.charAt(at - 1));
                    boolean kata = !kanji && isKatakanaWord(s.charAt(at - 1));
                    if (kanji || kata) {
                        int limit = kanji ? 10 : 14;
                        while (start > 0
                                && at - start < limit
                                && (kanji ? isHan(s.charAt(start - 1)) : isKatakanaWord(s.charAt(start - 1)))) start--;
                        int end = at + suffix.length();
                        String word = s.substring(start, end);
                        boolean excluded = false;
                        for (String n : r.not()) {
                            if (word.endsWith(n)) {
                                excluded = true;
                                break;
                            }
                        }
                        if (!excluded)
                            out.add(new AhoCorasick.Hit<>(start, end, word, new Term(r.kind(), r.score(), false)));
                    }
                    at = s.indexOf(suffix, at + 1);
                }
            }
        }
        out.sort(Comparator.<AhoCorasick.Hit<Term>>comparingInt(h -> h.end() - h.start())
                .reversed());
        return out;
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean isKatakanaWord(char c) {
        return (c >= '\u30A1' && c <= '\u30FA') || c == 'ー';
    }

    /**
     * A Latin edge needs no letter beside it, except across a camelCase step: codes spell words as
     * {@code WAIVED_CANCER_DX}, {@code cancerDx}, {@code HOSPITALIZED-2}, {@code HIVTest}, so
     * {@code _}, digits and a case step separate words, while {@code gan} inside {@code organic} or
     * {@code stroke} inside {@code keystroke} is no hit.
     */
    private static boolean onBoundary(ScanText text, String low, AhoCorasick.Hit<Term> h) {
        char first = low.charAt(h.start());
        char last = low.charAt(h.end() - 1);
        String cased = text.normalized();
        if (isLatin(first) && h.start() > 0 && isLatin(low.charAt(h.start() - 1)) && !caseStep(cased, h.start()))
            return false;
        if (isLatin(last) && h.end() < low.length() && isLatin(low.charAt(h.end())) && !caseStep(cased, h.end()))
            return false;
        boolean kanaEdge = isKana(first) || isKana(last);
        if (!kanaEdge) return true;
        return (!isKana(first) || text.isTokenBoundary(h.start())) && (!isKana(last) || text.isTokenBoundary(h.end()));
    }

    private static boolean isLatin(char c) {
        return c >= 'a' && c <= 'z';
    }

    /**
     * Whether a camelCase word starts at {@code i}: lower then upper ({@code cancer|Dx}), or an
     * acronym's end before a capitalized word ({@code HIV|Test}).
     */
    private static boolean caseStep(String cased, int i) {
        char before = cased.charAt(i - 1);
        char at = cased.charAt(i);
        if (!isUpper(at)) return false;
        if (isLower(before)) return true;
        return isUpper(before) && i + 1 < cased.length() && isLower(cased.charAt(i + 1));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isKana(char c) {
        return (c >= '\u3041' && c <= '\u309F') || (c >= '\u30A0' && c <= '\u30FF');
    }
}
