package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;
import jp.insurer.governance.policy.detect.Token;
import jp.insurer.governance.policy.detect.nlp.JapaneseTokens;
import jp.insurer.governance.policy.detect.nlp.NameLexicon;

/**
 * Person names in free text. Kuromoji's 人名 tags alone found 38% of names in real Japanese text, so
 * five kinds of evidence are combined, each giving a span and a score; overlapping candidates merge
 * (widest span, highest score):
 * <ol>
 *   <li>runs of tokens tagged 人名 or found in the surname list (山田|太郎);</li>
 *   <li>an honorific or title after the run (様, さん, 氏, 殿, くん, ちゃん, 部長…), which also turns
 *       a preceding katakana word, Latin word or unknown kanji word into a name;</li>
 *   <li>a context word before it (担当, 契約者, 被保険者, 名前は, 氏名…);</li>
 *   <li>katakana names joined by ・ or ＝ (ジョン・スミス);</li>
 *   <li>romaji names with a known surname (Taro Yamada, YAMADA Taro) or a title (Mr. Smith).</li>
 * </ol>
 * Words from {@code not_names} (お客, 皆, 本人, 家族…) are never names.
 *
 * <p>With a name lexicon ({@link NameLexicon}, ENAMDICT) four more: a kanji word that splits into a
 * listed surname and a listed given name (松友|美佐紀); a given name after a kinship word (父の正夫);
 * a hiragana or katakana name before an honorific or after a kinship word (やまだたろう様); romaji
 * names in any case (yamada taro, Yamada-san). Scores are the named constants below, in hundredths.
 */
public final class PersonNameDetector implements Detector {

    // Scores in hundredths; the scanner reports findings at or above min_score (0.4 by default).
    /** Surname and given name together, both tagged by IPADIC or listed. */
    static final int FULL_NAME = 75;
    /** A kanji word that splits into a lexicon surname and a lexicon given name, one part tagged or a top surname. */
    static final int LEXICON_FULL_NAME_CONFIRMED = 70;
    /** The same split with no IPADIC 人名 tag on either part. */
    static final int LEXICON_FULL_NAME = 55;
    /** A surname from the config list (about 300 common ones), alone. */
    static final int LISTED_SURNAME = 50;
    /** One word IPADIC tags 人名 (surname of 2+ chars, or a 2+ char given/foreign name), alone. */
    static final int TAGGED_NAME = 45;
    /** A single-char 人名 tag or other weak evidence: below the threshold unless more evidence joins. */
    static final int WEAK = 35;
    /** A given name right after a kinship word (父の正夫, 妻・花子). */
    static final int KINSHIP = 85;
    /** A listed surname's reading in katakana followed by a katakana word (スズキ マコト). */
    static final int KANA_SURNAME_PAIR = 72;
    /** Kana word that is a lexicon surname + given name, or a lexicon name before an honorific. */
    static final int KANA_LEXICON_NAME = 60;
    /** A kana lexicon name (or surname + given name) right before an honorific (やまだ様). */
    static final int KANA_HONORIFIC = 85;

    private static final List<String> KANA_HONORIFICS = List.of("さま", "さん", "くん", "ちゃん", "どの");
    /** Katakana words joined by ・ or ＝ with a 人名 tag on one part (ジョン・スミス); without, {@link #WEAK}. */
    static final int KATAKANA_JOINED_NAME = 60;

    static final int KATAKANA_JOINED_HONORIFIC = 90;
    /** Romaji surname + given name from the lexicon, lower or upper case (yamada taro). */
    static final int ROMAJI_LEXICON_PAIR = 70;
    /** Romaji word with a Japanese honorific suffix (Yamada-san, taro-kun). */
    static final int ROMAJI_HONORIFIC = 85;

    static final int HONORIFIC_AFTER = 93;
    static final int CONTEXT_BEFORE = 88;

    private static final Pattern ROMAJI_SUFFIX = Pattern.compile(
            "(?<![A-Za-z])([A-Za-z]{2,20})(?:[- ]?(?:san|sama|kun|chan|shi|sensei|dono))(?![A-Za-z])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ROMAJI_WORD_PAIR =
            Pattern.compile("(?<![A-Za-z])([A-Za-z]{3,16})[ .・_]([A-Za-z]{3,16})(?![A-Za-z])");

    private static final Pattern KATAKANA_JOINED = Pattern.compile("[ァ-ヺ][ァ-ヺー]+(?:[・=][ァ-ヺ][ァ-ヺー]+)+");
    private static final Pattern ROMAJI = Pattern.compile(
            "(?<![A-Za-z])(?:(Mr|Ms|Mrs|Miss|Dr)\\.?\\s)?([A-Z][a-z]{1,14}|[A-Z]{2,15})\\s([A-Z][a-z]{1,14}|[A-Z]{2,15})(?![A-Za-z])");
    private static final Pattern TITLE_ONE =
            Pattern.compile("(?<![A-Za-z])(?:Mr|Ms|Mrs|Dr)\\.?\\s([A-Z][a-z]{1,14})(?![A-Za-z])");

    /** Words that start with an honorific char but are not honorifics: 氏名, 様子… */
    private static final Set<String> NOT_HONORIFIC = Set.of("氏名", "様子", "様式", "様々", "様相", "様態", "殿堂", "君主", "君臨");

    private static final Set<String> FIELD_LABELS = Set.of("氏名", "名前", "お名前", "名", "カナ", "フリガナ", "ふりがな", "漢字", "様");

    private final Set<String> surnames;
    private final Set<String> romajiSurnames;
    private final Set<String> honorifics;
    private final List<String> contextWords;
    private final Set<String> notNames;
    private final Set<String> notBefore;
    private final Set<String> places;
    /** Katakana readings of the surname list (サトウ, スズキ): names written in katakana on forms and chats. */
    private final Set<String> kanaSurnames;

    private final NameLexicon lexicon;
    private final Set<String> kinship;
    /** First chars of the honorifics: most positions are rejected on one char. */
    private final String honorificFirstChars;

    public PersonNameDetector(
            Set<String> surnames,
            Set<String> romajiSurnames,
            Set<String> honorifics,
            List<String> contextWords,
            Set<String> notNames,
            Set<String> notBefore,
            Set<String> places) {
        this(
                surnames,
                romajiSurnames,
                honorifics,
                contextWords,
                notNames,
                notBefore,
                places,
                NameLexicon.EMPTY,
                Set.of());
    }

    /**
     * @param lexicon a large surname/given-name lexicon ({@link NameLexicon#EMPTY} for none)
     * @param kinship words after which a given name follows (父, 母, 妻, 長男…)
     */
    public PersonNameDetector(
            Set<String> surnames,
            Set<String> romajiSurnames,
            Set<String> honorifics,
            List<String> contextWords,
            Set<String> notNames,
            Set<String> notBefore,
            Set<String> places,
            NameLexicon lexicon,
            Set<String> kinship) {
        this.lexicon = lexicon;
        this.kinship = Set.copyOf(kinship);
        StringBuilder first = new StringBuilder();
        for (String h : honorifics) if (!h.isEmpty()) first.append(h.charAt(0));
        this.honorificFirstChars = first.toString();
        this.notBefore = Set.copyOf(notBefore);
        this.places = Set.copyOf(places);
        Set<String> kana = new java.util.HashSet<>();
        for (String sur : surnames) {
            String r = sur.length() >= 2 ? JapaneseTokens.reading(sur) : null;
            if (r != null && r.length() >= 2) kana.add(r);
        }
        this.kanaSurnames = Set.copyOf(kana);
        this.surnames = Set.copyOf(surnames);
        this.romajiSurnames = Set.copyOf(romajiSurnames);
        this.honorifics = Set.copyOf(honorifics);
        this.contextWords = List.copyOf(contextWords);
        this.notNames = Set.copyOf(notNames);
    }

    @Override
    public String name() {
        return "person-name-kuromoji";
    }

    @Override
    public boolean usesTokens() {
        return true;
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        List<int[]> cands = new ArrayList<>(); // {start, end, score*100}
        boolean japanese = hasJapanese(s);
        if (japanese) {
            tokenCandidates(text, s, cands);
            lexiconKanjiNames(text.tokens(), s, cands);
            kinshipNames(text.tokens(), s, cands);
            kanaNames(text.tokens(), s, cands);
        }
        katakanaJoined(text, s, cands);
        romaji(s, cands);
        romajiLexicon(s, cands);
        if (cands.isEmpty()) return List.of();
        List<int[]> merged = merge(cands);
        List<Finding> out = new ArrayList<>(merged.size());
        for (int[] c : merged) {
            out.add(text.finding(EntityTypes.PERSON_NAME, null, c[0], c[1], c[2] / 100.0, name()));
        }
        return out;
    }

    private void tokenCandidates(ScanText text, String s, List<int[]> cands) {
        List<Token> toks = text.tokens();
        int n = toks.size();
        boolean[] used = new boolean[n];
        for (int i = 0; i < n; i++) {
            Token t = toks.get(i);
            if (!isNamePart(t)) continue;
            int j = i;
            boolean surname = isSurname(t);
            boolean given = t.isGivenName();
            while (j + 1 < n && adjacent(s, toks.get(j), toks.get(j + 1)) && isNamePart(toks.get(j + 1)) && j - i < 2) {
                j++;
                surname |= isSurname(toks.get(j));
                given |= toks.get(j).isGivenName();
            }
            // 田中 + an unknown given name + honorific: 田中|ゆかり|さん
            if (j == i
                    && surname
                    && j + 2 < n
                    && adjacent(s, toks.get(j), toks.get(j + 1))
                    && looksLikeGivenName(toks.get(j + 1))
                    && isHonorific(toks.get(j + 2))) {
                j++;
                given = true;
            }
            // single-kanji surnames (森, 林, 南, 東) are ordinary words far more often than names
            // and a listed surname IPADIC files as a place (千葉, 福島, 宮崎) is a place unless more evidence says name
            boolean listed = surnames.contains(t.surface())
                    && t.surface().length() >= 2
                    && !t.pos().contains("地域");
            int len = toks.get(j).end() - t.start();
            int score = surname && given
                    ? FULL_NAME
                    : listed
                            ? LISTED_SURNAME
                            : surname && t.surface().length() >= 2
                                    ? TAGGED_NAME
                                    : t.isPersonName()
                                                    && len >= (isKatakana(t.surface()) ? 3 : 2)
                                                    && !t.pos().endsWith("人名-姓")
                                            ? TAGGED_NAME
                                            : WEAK;
            int start = t.start();
            int end = toks.get(j).end();
            // 蓮見|修: a given name after an unknown kanji word: take that word as the surname
            Token prev = i > 0 ? toks.get(i - 1) : null;
            if (!surname
                    && given
                    && prev != null
                    && adjacent(s, prev, t)
                    && !used[i - 1]
                    && isKanji(t.surface())
                    && isKanji(prev.surface())
                    && prev.surface().length() <= 3
                    && !isNotName(prev.surface())
                    && (prev.pos().startsWith("名詞-固有名詞") || (prev.end() == t.start() && nameLikeNoun(prev)))) {
                start = toks.get(i - 1).start();
                score = 60;
            }
            for (int k = i; k <= j; k++) used[k] = true;
            if (honorificAt(s, end) != null || selfIntroductionAt(s, end)) score = HONORIFIC_AFTER;
            else if (contextBefore(text, start)) score = Math.max(score, CONTEXT_BEFORE);
            if (isNotName(s.substring(start, end))) continue;
            // 宮城|県, 田中|町: a place or organisation, unless an honorific or context said otherwise
            if (score < 88
                    && j + 1 < n
                    && toks.get(j + 1).start() == end
                    && notBefore.contains(toks.get(j + 1).surface())) continue;
            if (score < 88 && places.contains(s.substring(start, end))) continue;
            cands.add(new int[] {start, end, score});
            i = j;
        }
        // katakana surname reading + a katakana word: スズキ マコト
        for (int k = 0; k + 1 < n; k++) {
            Token a = toks.get(k);
            Token b = toks.get(k + 1);
            if (used[k] || !kanaSurnames.contains(a.surface()) || !adjacent(s, a, b)) continue;
            if (!isKatakana(b.surface())
                    || b.surface().length() < 2
                    || b.surface().length() > 6
                    || isNotName(b.surface())) continue;
            cands.add(new int[] {a.start(), b.end(), KANA_SURNAME_PAIR});
        }
        // honorific after a word that is not a known name: katakana, Latin, or proper/unknown kanji
        for (int k = 0; k < n; k++) {
            Token p = toks.get(k);
            String hon = honorificAt(s, p.end());
            boolean intro = hon == null && selfIntroductionAt(s, p.end());
            if (hon == null && !intro) continue;
            if (used[k] || isNotName(p.surface())) continue;
            int start = p.start();
            int score;
            if (isKatakana(p.surface()) && p.surface().length() >= 2) {
                int b = k;
                while (b > 0 && isKatakanaOrDot(toks.get(b - 1).surface()) && adjacent(s, toks.get(b - 1), toks.get(b)))
                    b--;
                start = toks.get(b).start();
                score = 85;
            } else if (isLatin(p.surface())) {
                if (k >= 1
                        && isLatin(toks.get(k - 1).surface())
                        && p.start() - toks.get(k - 1).end() == 1) {
                    start = toks.get(k - 1).start();
                }
                score = 80;
            } else if (isKanji(p.surface()) && p.surface().length() <= 4 && nameLikeNoun(p)) {
                score = p.pos().startsWith("名詞-固有名詞") ? 82 : 62;
                if (k >= 1
                        && isKanji(toks.get(k - 1).surface())
                        && adjacent(s, toks.get(k - 1), p)
                        && (isSurname(toks.get(k - 1)) || toks.get(k - 1).isPersonName())) {
                    start = toks.get(k - 1).start();
                    score = 88;
                }
            } else {
                continue;
            }
            if ((hon != null && strongHonorific(hon)) || intro || score >= 80)
                cands.add(new int[] {start, p.end(), score});
        }
        // context word then a name-like word: 契約者:山田 太郎, 担当は佐藤です
        String low = text.lower();
        for (String w : contextWords) {
            int at = low.indexOf(w);
            while (at >= 0) {
                int i = at + w.length();
                while (i < s.length() && (" :=はのがも、(「".indexOf(s.charAt(i)) >= 0) && i - at - w.length() < 3) i++;
                int[] span = nameAfter(toks, s, i);
                if (span != null) cands.add(span);
                at = low.indexOf(w, at + 1);
            }
        }
    }

    private int[] nameAfter(List<Token> toks, String s, int pos) {
        int lo = 0;
        int hi = toks.size() - 1;
        int idx = -1;
        while (lo <= hi) { // tokens are sorted by start
            int mid = (lo + hi) >>> 1;
            int st = toks.get(mid).start();
            if (st == pos) {
                idx = mid;
                break;
            }
            if (st < pos) lo = mid + 1;
            else hi = mid - 1;
        }
        if (idx < 0) return null;
        // 契約者氏名：山田太郎 — skip a field label between the role and the name
        while (idx < toks.size() && FIELD_LABELS.contains(toks.get(idx).surface())) {
            int next = toks.get(idx).end();
            while (next < s.length() && " :=(「".indexOf(s.charAt(next)) >= 0) next++;
            idx++;
            if (idx >= toks.size() || toks.get(idx).start() != next) return null;
        }
        if (idx >= toks.size()) return null;
        Token first = toks.get(idx);
        if (isCapitalizedLatin(first.surface())) {
            // 申込者 JOHNSON EMILY, name: John Doe
            int end = first.end();
            int k = idx + 1;
            while (k < toks.size()
                    && k - idx < 3
                    && toks.get(k).start() - toks.get(k - 1).end() == 1
                    && isCapitalizedLatin(toks.get(k).surface())) {
                end = toks.get(k).end();
                k++;
            }
            return k - idx >= 2 ? new int[] {first.start(), end, 80} : null;
        }
        boolean nameLike = isNamePart(first)
                || (isKanji(first.surface()) && properOrNameLike(first))
                || (isKatakana(first.surface()) && first.surface().length() >= 2);
        if (!nameLike || isNotName(first.surface())) return null;
        int end = first.end();
        boolean known = isNamePart(first);
        int k = idx + 1;
        int taken = 1;
        while (k < toks.size() && taken < 3 && adjacent(s, toks.get(k - 1), toks.get(k))) {
            Token t = toks.get(k);
            boolean part = isNamePart(t)
                    || (isKanji(t.surface()) && t.surface().length() <= 3 && properOrNameLike(t))
                    || (isKatakanaOrDot(t.surface()) && isKatakana(first.surface()))
                    || (isHiragana(t.surface())
                            && t.surface().length() >= 2
                            && looksLikeGivenName(t)
                            && isKanji(first.surface()));
            if (!part || isHonorific(t) || isNotName(t.surface())) break;
            known |= isNamePart(t);
            end = t.end();
            k++;
            taken++;
        }
        return new int[] {first.start(), end, known ? 88 : 70};
    }

    /** 〜と申します / 〜でございます right after a word: the speaker is introducing themself by name. */
    private static boolean selfIntroductionAt(String s, int at) {
        return s.startsWith("と申します", at) || s.startsWith("と申し", at) || s.startsWith("でございます", at);
    }

    private boolean contextBefore(ScanText text, int start) {
        String low = text.lower();
        int from = Math.max(0, start - 8);
        for (String w : contextWords) {
            if (jp.insurer.governance.policy.detect.ContextWords.lastIndexWithin(low, w, from, start) >= 0) return true;
        }
        return false;
    }

    /**
     * Katakana words joined by ・ or ＝. Organisations and events are written the same way
     * (ニューヨーク・ヤンキース, ウッドストック・フェスティバル): without an honorific, a part that IPADIC
     * knows as vocabulary, a place or an organisation makes it weak unless another part is tagged 人名.
     */
    private void katakanaJoined(ScanText text, String s, List<int[]> cands) {
        Matcher m = KATAKANA_JOINED.matcher(s);
        while (m.find()) {
            boolean hon = false;
            for (String h : honorifics) {
                if (s.startsWith(h, m.end()) || s.startsWith(" " + h, m.end())) {
                    hon = true;
                    break;
                }
            }
            if (hon) {
                cands.add(new int[] {m.start(), m.end(), KATAKANA_JOINED_HONORIFIC});
                continue;
            }
            boolean tagged = false;
            boolean vocabulary = false;
            List<Token> toks = text.tokens();
            for (int k = firstTokenEndingAfter(toks, m.start()); k < toks.size(); k++) {
                Token t = toks.get(k);
                if (t.start() >= m.end()) break;
                if (t.isPersonName()) tagged = true;
                String pos = t.pos();
                if (t.known()
                        && t.surface().length() >= 3
                        && (pos.startsWith("名詞-一般") || pos.contains("サ変") || pos.contains("地域") || pos.contains("組織")))
                    vocabulary = true;
            }
            cands.add(new int[] {m.start(), m.end(), tagged || !vocabulary ? KATAKANA_JOINED_NAME : WEAK});
        }
    }

    /**
     * Kanji words that split into a surname and a given name from the lexicon: 松友美佐紀, 岡部冬彦,
     * 関根潤三. Candidates start and end on token boundaries inside a run of kanji, and may not contain
     * a dictionary word of everyday vocabulary of two or more chars (so 東京大学 or 日本代表 are not
     * split into names), except as the given name itself (山田|正義).
     */
    private void lexiconKanjiNames(List<Token> toks, String s, List<int[]> cands) {
        if (lexicon.isEmpty()) return;
        int n = toks.size();
        int i = 0;
        while (i < n) {
            if (!isKanji(toks.get(i).surface())) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < n
                    && toks.get(j + 1).start() == toks.get(j).end()
                    && isKanji(toks.get(j + 1).surface())) j++;
            // tokens i..j form one kanji run; try spans from each start, longest first
            int p = i;
            while (p <= j) {
                int found = -1;
                for (int q = Math.min(j, p + 5); q >= p && found < 0; q--) {
                    int start = toks.get(p).start();
                    int end = toks.get(q).end();
                    if (end - start < 2 || end - start > 7) continue;
                    int score = splitScore(toks, p, q, s.substring(start, end));
                    if (score > 0 && !isNotName(s.substring(start, end))) {
                        cands.add(new int[] {start, end, score});
                        found = q;
                    }
                }
                p = found >= 0 ? found + 1 : p + 1;
            }
            i = j + 1;
        }
    }

    /** Score of the best surname + given-name split of tokens p..q (text w), 0 when none. */
    private int splitScore(List<Token> toks, int p, int q, String w) {
        boolean tagged = false;
        for (int k = p; k <= q; k++) {
            Token t = toks.get(k);
            tagged |= t.isPersonName();
            if (k == p && (!t.pos().startsWith("名詞") || t.pos().contains("数"))) return 0;
        }
        Token last = toks.get(q);
        if (last.pos().contains("接尾") || last.pos().contains("数")) return 0; // 千葉市, 大野町
        // the run goes on after the span: a one-char given name is then more likely a word's first char
        boolean runEnds = q + 1 >= toks.size()
                || toks.get(q + 1).start() != last.end()
                || !isKanji(toks.get(q + 1).surface());
        int base = toks.get(p).start();
        int len = w.length();
        for (int sl = Math.min(4, len - 1); sl >= 1; sl--) {
            String sur = w.substring(0, sl);
            String giv = w.substring(sl);
            if (giv.length() > 4) break;
            boolean topSurname = surnames.contains(sur);
            if (!topSurname && (sl < 2 || !lexicon.isSurname(sur))) continue;
            if (!lexicon.isGivenName(giv) || notBefore.contains(giv)) continue;
            if (giv.length() == 1 && !topSurname && !tagged && !runEnds) continue;
            if (len == 2 && !tagged) continue;
            if (everydayWordInside(toks, p, q, base + sl)) continue;
            return topSurname || tagged ? LEXICON_FULL_NAME_CONFIRMED : LEXICON_FULL_NAME;
        }
        return 0;
    }

    /**
     * True when tokens p..q hold a dictionary word of everyday vocabulary (2+ chars, not a proper noun),
     * other than the whole given name starting at {@code givenStart}, or a suffix/number word that
     * is not a single char.
     */
    private static boolean everydayWordInside(List<Token> toks, int p, int q, int givenStart) {
        for (int k = p; k <= q; k++) {
            Token t = toks.get(k);
            if (!t.known() || t.surface().length() < 2 || t.pos().startsWith("名詞-固有名詞")) continue;
            if (t.start() == givenStart && k == q && t.pos().startsWith("名詞-一般")) continue;
            return true;
        }
        return false;
    }

    /** 父の正夫, 妻・花子, 長男 健太: a given name (kanji or kana) right after a kinship word. */
    private void kinshipNames(List<Token> toks, String s, List<int[]> cands) {
        if (kinship.isEmpty()) return;
        int n = toks.size();
        for (int k = 0; k + 1 < n; k++) {
            Token kin = toks.get(k);
            if (!kinship.contains(kin.surface())) continue;
            int next = kin.end();
            while (next < s.length() && next - kin.end() < 2 && "の・: 、".indexOf(s.charAt(next)) >= 0) next++;
            int idx = k + 1;
            while (idx < n && toks.get(idx).start() < next) idx++;
            if (idx >= n || toks.get(idx).start() != next) continue;
            // the name may be split by IPADIC (正|夫): take up to three adjacent tokens
            int end = -1;
            StringBuilder w = new StringBuilder();
            for (int q = idx; q < n && q < idx + 3; q++) {
                Token t = toks.get(q);
                if (q > idx && t.start() != toks.get(q - 1).end()) break;
                if (isHonorific(t) || !(isKanji(t.surface()) || isKatakana(t.surface()) || isHiragana(t.surface())))
                    break;
                w.append(t.surface());
                String word = w.toString();
                // a one-char kanji given name only with IPADIC's 人名 tag: 父の日 is a holiday
                boolean name = isKanji(word)
                        ? (word.length() >= 2 && lexicon.isGivenName(word)) || (q == idx && t.isGivenName())
                        : word.length() >= 2 && lexicon.isKanaGivenName(word);
                if (name) end = t.end();
            }
            if (end > 0 && !isNotName(s.substring(next, end))) cands.add(new int[] {next, end, KINSHIP});
        }
    }

    /**
     * Names in hiragana or katakana: a kana run before an honorific whose tail is a lexicon name or
     * surname + given name (はやまだたろう様 → やまだたろう), and a katakana word that is a lexicon
     * surname followed by a lexicon given name (ヤマダタロウ) anywhere.
     */
    private void kanaNames(List<Token> toks, String s, List<int[]> cands) {
        if (lexicon.isEmpty()) return;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            boolean hira = isHiraganaChar(c);
            if (!hira && !isKatakanaChar(c)) {
                i++;
                continue;
            }
            int a = i;
            while (i < n && (hira ? isHiraganaChar(s.charAt(i)) : isKatakanaChar(s.charAt(i)))) i++;
            int b = i;
            if (hira) { // a hiragana honorific is part of the run: やまださま
                for (int p = a + 2; p < b; p++) {
                    if (startsWithAny(s, p, KANA_HONORIFICS)) {
                        b = p;
                        break;
                    }
                }
            }
            if (b - a < 2) continue;
            boolean honorific = honorificAt(s, b) != null;
            if (honorific) {
                // longest tail that is a name (a particle may come first: は|やまだたろう様)
                for (int from = a; from <= b - 2; from++) {
                    String tail = s.substring(from, b);
                    if ((kanaPair(tail, 2) || lexicon.isKanaName(tail)) && !isNotName(tail)) {
                        cands.add(new int[] {from, b, KANA_HONORIFIC});
                        break;
                    }
                }
            } else if (!hira
                    && b - a >= 6
                    && unknownWord(toks, a, b)
                    && kanaPair(s.substring(a, b), 3)
                    && !isNotName(s.substring(a, b))) {
                // plain hiragana is mostly words, and a katakana word IPADIC knows (ウクライナ) is not a name
                cands.add(new int[] {a, b, KANA_LEXICON_NAME});
            }
        }
    }

    /** Index of the first token that ends after {@code pos} (tokens are sorted and do not overlap). */
    private static int firstTokenEndingAfter(List<Token> toks, int pos) {
        int lo = 0;
        int hi = toks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (toks.get(mid).end() <= pos) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** True when no dictionary word lies inside [a, b). */
    private static boolean unknownWord(List<Token> toks, int a, int b) {
        for (int k = firstTokenEndingAfter(toks, a); k < toks.size(); k++) {
            Token t = toks.get(k);
            if (t.start() >= b) break;
            if (t.known()) return false;
        }
        return true;
    }

    private static boolean startsWithAny(String s, int at, List<String> words) {
        for (String w : words) {
            if (s.startsWith(w, at)) return true;
        }
        return false;
    }

    /** True when a kana word is a lexicon surname reading followed by a given-name reading ({@code min}+ chars each). */
    private boolean kanaPair(String w, int min) {
        for (int k = min; k <= w.length() - min; k++) {
            if (lexicon.isKanaSurname(w.substring(0, k)) && lexicon.isKanaGivenName(w.substring(k))) return true;
        }
        return false;
    }

    /** yamada taro, TARO YAMADA, Yamada-san: romaji names from the lexicon or with an honorific suffix. */
    private void romajiLexicon(String s, List<int[]> cands) {
        if (lexicon.isEmpty() || !hasAsciiLetter(s)) return;
        Matcher m = ROMAJI_SUFFIX.matcher(s);
        String low = s.toLowerCase(Locale.ROOT);
        boolean suffix = low.contains("san")
                || low.contains("sama")
                || low.contains("kun")
                || low.contains("chan")
                || low.contains("shi")
                || low.contains("sensei")
                || low.contains("dono");
        while (suffix && m.find()) {
            String w = m.group(1).toLowerCase(Locale.ROOT);
            if (romajiSurnames.contains(w) || lexicon.isRomajiSurname(w) || lexicon.isRomajiGivenName(w)) {
                cands.add(new int[] {m.start(1), m.end(1), ROMAJI_HONORIFIC});
            }
        }
        m = ROMAJI_WORD_PAIR.matcher(s);
        int from = 0;
        while (from < s.length() && m.find(from)) {
            String a = m.group(1).toLowerCase(Locale.ROOT);
            String b = m.group(2).toLowerCase(Locale.ROOT);
            boolean pair = (lexicon.isRomajiSurname(a) || romajiSurnames.contains(a)) && lexicon.isRomajiGivenName(b)
                    || (lexicon.isRomajiSurname(b) || romajiSurnames.contains(b)) && lexicon.isRomajiGivenName(a);
            if (pair && Math.max(a.length(), b.length()) >= 4) {
                cands.add(new int[] {m.start(), m.end(), ROMAJI_LEXICON_PAIR});
                from = m.end();
            } else {
                from = m.start(2);
            }
        }
    }

    private static boolean hasAsciiLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Spans.isAsciiLetter(s.charAt(i))) return true;
        }
        return false;
    }

    private static boolean isHiraganaChar(char c) {
        return c >= '\u3041' && c <= '\u3096';
    }

    private static boolean isKatakanaChar(char c) {
        return (c >= '\u30A1' && c <= '\u30FA') || c == 'ー';
    }

    private void romaji(String s, List<int[]> cands) {
        if (!hasAsciiLetter(s)) return;
        Matcher m = ROMAJI.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        int n = s.length();
        int from = 0;
        // anchored tries at word-initial capitals only: a find() would retry the pattern at every char
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (i < from || c < 'A' || c > 'Z' || (i > 0 && Spans.isAsciiLetter(s.charAt(i - 1)))) continue;
            m.region(i, n);
            if (!m.lookingAt()) continue;
            String a = m.group(2).toLowerCase(Locale.ROOT);
            String b = m.group(3).toLowerCase(Locale.ROOT);
            boolean known = romajiSurnames.contains(a) || romajiSurnames.contains(b);
            boolean title = m.group(1) != null;
            if (!known && !title) continue; // "Customer Taro Tanaka": the name may start at the second word
            int start = title ? m.start(2) : m.start();
            cands.add(new int[] {start, m.end(), known && title ? 92 : 82});
            from = m.end();
        }
        m = TITLE_ONE.matcher(s);
        if (s.contains("M") || s.contains("D")) {
            while (m.find()) cands.add(new int[] {m.start(1), m.end(1), 75});
        }
    }

    /** Overlapping candidates become one: widest span, highest score. */
    private static List<int[]> merge(List<int[]> cands) {
        cands.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(y[1], x[1]));
        List<int[]> out = new ArrayList<>();
        for (int[] c : cands) {
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && c[0] < last[1]) {
                last[1] = Math.max(last[1], c[1]);
                last[2] = Math.max(last[2], c[2]);
            } else {
                out.add(c.clone());
            }
        }
        return out;
    }

    private boolean isNamePart(Token t) {
        if (isNotName(t.surface())) return false;
        return t.isPersonName() || surnames.contains(t.surface());
    }

    private boolean isSurname(Token t) {
        return t.isSurname() || surnames.contains(t.surface());
    }

    private boolean isHonorific(Token t) {
        return honorifics.contains(t.surface());
    }

    /**
     * The honorific or title starting at {@code pos} (or after one space), longest first; read from the
     * text, not from tokens, because IPADIC splits titles (支店|長).
     */
    private String honorificAt(String s, int pos) {
        if (pos < s.length() && s.charAt(pos) == ' ') pos++;
        if (pos >= s.length() || honorificFirstChars.indexOf(s.charAt(pos)) < 0) return null;
        String best = null;
        for (String h : honorifics) {
            if (s.startsWith(h, pos) && (best == null || h.length() > best.length())) best = h;
        }
        if (best != null
                && best.length() == 1
                && pos + 1 < s.length()
                && NOT_HONORIFIC.contains(s.substring(pos, pos + 2))) return null;
        return best;
    }

    private static boolean strongHonorific(String h) {
        return h.equals("様")
                || h.equals("さん")
                || h.equals("氏")
                || h.equals("殿")
                || h.equals("さま")
                || h.equals("くん")
                || h.equals("ちゃん");
    }

    private boolean isNotName(String surface) {
        return notNames.contains(surface);
    }

    private static boolean looksLikeGivenName(Token t) {
        String x = t.surface();
        return x.length() <= 4
                && (isKanji(x) || isHiragana(x) || isKatakana(x))
                && t.isNoun()
                && !t.pos().contains("接尾")
                && !t.pos().contains("代名詞");
    }

    private static boolean nameLikeNoun(Token t) {
        String pos = t.pos();
        return pos.startsWith("名詞")
                && !pos.contains("代名詞")
                && !pos.contains("接尾")
                && !pos.contains("数")
                && !pos.contains("サ変")
                && !pos.contains("副詞可能")
                && !pos.contains("形容動詞")
                && !pos.contains("地域")
                && !pos.contains("組織")
                && !pos.contains("非自立");
    }

    /** After a context word any proper noun (even one IPADIC files as a place: 駒井, 東條) may be a name. */
    private static boolean properOrNameLike(Token t) {
        return t.pos().startsWith("名詞-固有名詞") || nameLikeNoun(t);
    }

    /** Next token follows directly or after one space. */
    private static boolean adjacent(String s, Token a, Token b) {
        int gap = b.start() - a.end();
        return gap == 0 || (gap == 1 && s.charAt(a.end()) == ' ');
    }

    private static boolean near(Token a, Token b) {
        return b.start() - a.end() <= 1;
    }

    private static boolean hasJapanese(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '\u3040') return true;
        }
        return false;
    }

    static boolean isKanji(String x) {
        if (x.isEmpty()) return false;
        for (int i = 0; i < x.length(); i++) {
            char c = x.charAt(i);
            if (Character.UnicodeScript.of(c) != Character.UnicodeScript.HAN && c != '々' && c != 'ヶ') return false;
        }
        return true;
    }

    static boolean isKatakana(String x) {
        if (x.isEmpty()) return false;
        for (int i = 0; i < x.length(); i++) {
            char c = x.charAt(i);
            if (!(c >= '\u30A1' && c <= '\u30FA') && c != 'ー') return false;
        }
        return true;
    }

    private static boolean isKatakanaOrDot(String x) {
        return isKatakana(x) || x.equals("・") || x.equals("=");
    }

    private static boolean isHiragana(String x) {
        for (int i = 0; i < x.length(); i++) {
            char c = x.charAt(i);
            if (!(c >= '\u3041' && c <= '\u3096')) return false;
        }
        return !x.isEmpty();
    }

    private static boolean isCapitalizedLatin(String x) {
        return x.length() >= 2 && x.charAt(0) >= 'A' && x.charAt(0) <= 'Z' && isLatin(x);
    }

    private static boolean isLatin(String x) {
        for (int i = 0; i < x.length(); i++) {
            if (!Spans.isAsciiLetter(x.charAt(i))) return false;
        }
        return x.length() >= 2;
    }
}
