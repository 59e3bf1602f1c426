package jp.insurer.governance.policy.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.AhoCorasick;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;
import jp.insurer.governance.policy.detect.TextScanner;

/**
 * Release of free text by ALLOWLIST: only what is known to be safe stays, everything else becomes a
 * typed placeholder. Kept are words the UniDic dictionary knows as general vocabulary (not proper
 * nouns, not person or place names, not unknown words), the domain vocabulary of
 * {@code config/text-release.yml}, punctuation, and numbers that cannot identify (amounts, small
 * counts, years alone). Replaced, besides what the detectors find:
 * <ul>
 *   <li>unknown words, proper nouns, person and place names; Latin words not listed as safe and
 *       letter/digit codes; URLs and @handles; e-mail addresses written with (at) or アットマーク;</li>
 *   <li>digit runs of five digits or more after kanji and full-width digits are read as digits,
 *       invisible format characters dropped and digit groups joined by short connectors (- ・ / の と
 *       spaces commas dots brackets) read as one run, unless they are an amount of money
 *       (5507と4044と5421 is a 12-digit number); the digits after a number's label (番号, マイナンバー,
 *       口座, 電話, 携帯, TEL, ID, 下4桁 …) however few, unless a counter follows (電話は3回, 12桁);
 *       digit groups joined by hyphens and block/lot numbers (三丁目二十四番十号), with the words
 *       around them (the town, the building); car plates;</li>
 *   <li>dates finer than the profile lets structured dates be ({@link DateGranularity}): a day always,
 *       a month where the profile generalizes dates to years;</li>
 *   <li>names by context, whatever the dictionary says of the word: right before an honorific
 *       (エンドウ様 — a pea to the dictionary), right after a kinship word (父の正夫, 妻 恵), right
 *       next to a name or a ＜氏名＞ placeholder; organization names (〇〇商事, 株式会社〇〇).</li>
 * </ul>
 * 機微情報: where the record or recipient lacks the 機微 right, a SENTENCE with a 機微 mention is
 * replaced whole by ＜機微情報＞ ({@link SensitiveSentences}), so the quantities tied to it (stay
 * lengths, dosages) go with it. Finally the detectors run over the result once more and what they
 * still find is replaced, so the extract's leak check (the same detectors) cannot disagree.
 *
 * <p>Thread-safe and immutable; one instance per profile.
 */
public final class TextRelease {

    /** The finest date free text may keep: the profile's structured dates must not be undone by it. */
    public enum DateGranularity {
        MONTH,
        YEAR
    }

    public static final String PLACE_NAME = "PLACE_NAME";
    public static final String ORGANIZATION = "ORGANIZATION";
    public static final String PROPER_NOUN = "PROPER_NOUN";
    public static final String UNKNOWN_WORD = "UNKNOWN_WORD";
    public static final String LATIN_WORD = "LATIN_WORD";
    public static final String DATE = "DATE";
    public static final String URL = "URL";
    public static final String HANDLE = "HANDLE";
    public static final String VEHICLE_PLATE = "VEHICLE_PLATE";

    /**
     * The released text and how much of it was kept.
     *
     * @param words     dictionary tokens of the input that are not spaces
     * @param keptWords those released unchanged
     */
    public record Result(String text, int words, int keptWords) {}

    private final TextScanner scanner;
    private final ReleaseVocabulary vocabulary;
    private final DateGranularity dates;
    private final SensitiveSentences sensitive;
    /** Domain terms (lower case) and organization affixes, matched in one pass. */
    private final AhoCorasick<Boolean> domainOrAffix;

    public TextRelease(TextScanner scanner, ReleaseVocabulary vocabulary, DateGranularity dates) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.dates = Objects.requireNonNull(dates, "dates");
        this.sensitive = new SensitiveSentences(vocabulary);
        Map<String, Boolean> terms = new HashMap<>();
        for (String t : vocabulary.organizationAffixes())
            terms.put(t.toLowerCase(java.util.Locale.ROOT), Boolean.FALSE);
        for (String t : vocabulary.domainTerms()) terms.put(t.toLowerCase(java.util.Locale.ROOT), Boolean.TRUE);
        this.domainOrAffix = new AhoCorasick<>(terms);
    }

    public DateGranularity dateGranularity() {
        return dates;
    }

    /** The released text; null stays null. */
    public String release(String text, boolean sensitiveAllowed) {
        if (text == null || text.isEmpty()) return text;
        return releaseWithCounts(text, sensitiveAllowed).text();
    }

    /** Like {@link #release} and counts the words kept (for the cost measurements). */
    public Result releaseWithCounts(String text, boolean sensitiveAllowed) {
        if (text == null || text.isEmpty()) return new Result(text, 0, 0);
        ScanText st = new ScanText(text, null);
        String n = st.normalized();
        String lower = st.lower();
        int len = n.length();
        String[] mark = new String[len];
        boolean[] keep = new boolean[len];
        List<UniDicTokens.Word> words = UniDicTokens.tokenize(n);
        boolean[] boundary = boundaries(words, len);

        // Placeholders already in the text (an earlier scrub) stay as they are.
        List<int[]> personSpans = new ArrayList<>();
        Matcher ph = PLACEHOLDER.matcher(n);
        while (ph.find()) {
            String normalizedPlaceholder = ph.group();
            if (!NORMALIZED_PLACEHOLDERS.containsKey(normalizedPlaceholder)) continue;
            fill(keep, ph.start(), ph.end());
            if (EntityTypes.PERSON_NAME.equals(NORMALIZED_PLACEHOLDERS.get(normalizedPlaceholder))) {
                personSpans.add(new int[] {ph.start(), ph.end()});
            }
        }

        // 機微 mentions: the detectors' SENSITIVE findings and the vocabulary's terms and suffixes.
        List<Finding> findings = scanner.scan(text);
        boolean[] mention = new boolean[len];
        for (Finding f : findings) {
            if (!EntityTypes.SENSITIVE.equals(f.type())) continue;
            int s = normIndex(st, f.start());
            int e = normIndex(st, f.end());
            fill(mention, s, e); // where allowed, its words still pass the dictionary: a hospital's name is a name
        }
        for (int[] span : sensitive.termSpans(n, boundary)) {
            fill(mention, span[0], span[1]);
            if (sensitiveAllowed) fill(keep, span[0], span[1]);
        }
        for (int[] span : sensitive.suffixSpans(words)) fill(mention, span[0], span[1]);
        Matcher icd = ICD10_CODE.matcher(n); // a diagnosis code (C50.9 breast cancer, B20 HIV) is health data
        while (icd.find()) fill(mention, icd.start(), icd.end());

        // Domain vocabulary stays (unless a detector finds something in it, below).
        List<int[]> affixes = new ArrayList<>();
        for (AhoCorasick.Hit<Boolean> hit : domainOrAffix.findAll(lower)) {
            if (!boundary[hit.start()] || !boundary[hit.end()]) continue;
            if (hit.value()) fill(keep, hit.start(), hit.end());
            else affixes.add(new int[] {hit.start(), hit.end()});
        }

        // The detectors' findings, then the patterns.
        for (Finding f : findings) {
            if (EntityTypes.SENSITIVE.equals(f.type())) continue;
            force(mark, keep, normIndex(st, f.start()), normIndex(st, f.end()), f.type(), true);
        }
        String digits = kanjiDigits(n);
        patterns(n, digits, mark, keep);

        // Word by word: what the dictionary does not know as general vocabulary.
        for (UniDicTokens.Word w : words) {
            String type = wordType(w);
            if (type != null) set(mark, keep, w.start(), w.end(), type);
        }

        // Names and organizations by context.
        names(n, words, mark, keep, personSpans);
        organizations(words, affixes, mark, keep);
        extendAddresses(words, mark, keep);

        // 機微 sentences.
        if (!sensitiveAllowed) {
            for (int[] s : SensitiveSentences.sentences(n)) {
                boolean hit = false;
                for (int i = s[0]; i < s[1] && !hit; i++) hit = mention[i];
                if (!hit) continue;
                int end = s[1];
                while (end > s[0] && SensitiveSentences.isTerminator(n.charAt(end - 1))) end--;
                for (int i = s[0]; i < end; i++) {
                    mark[i] = EntityTypes.SENSITIVE;
                    keep[i] = false;
                }
            }
        }

        int total = 0;
        int kept = 0;
        for (UniDicTokens.Word w : words) {
            if (w.isSpace()) continue;
            total++;
            boolean clean = true;
            for (int i = w.start(); i < w.end() && clean; i++) clean = mark[i] == null;
            if (clean) kept++;
        }
        String out = render(text, st, mark);
        // The leak check runs these detectors over the result: what they find there now goes too.
        List<Finding> again = TextScrubber.outsidePlaceholders(out, scanner.scan(out), sensitiveAllowed);
        if (!again.isEmpty()) out = TextScrubber.apply(out, again, sensitiveAllowed, null);
        return new Result(out, total, kept);
    }

    // ---------------------------------------------------------------- words

    private String wordType(UniDicTokens.Word w) {
        if (w.isSpace() || w.isSymbol()) return null;
        String s = w.surface();
        if (!hasLetter(s)) return null; // digits and symbols: the patterns decide
        if (hasLatin(s)) return null; // Latin runs: the patterns decide, as a whole
        if (w.isNumeral()) return null; // kanji numerals: the patterns decide
        if (!w.known()) return UNKNOWN_WORD;
        if (w.isPersonName()) return EntityTypes.PERSON_NAME;
        if (w.isPlaceName()) return PLACE_NAME;
        if (w.isProper()) return PROPER_NOUN;
        return null;
    }

    /** Longest hiragana run before an honorific taken as a name. */
    private static final int MAX_KANA_NAME = 12;

    private static boolean isHiragana(char c) {
        return c >= 'ぁ' && c <= 'ゖ' || c == 'ー';
    }

    private static boolean isHiragana(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!isHiragana(s.charAt(i))) return false;
        return true;
    }

    private void names(
            String text, List<UniDicTokens.Word> words, String[] mark, boolean[] keep, List<int[]> placeholderPersons) {
        int size = words.size();
        for (int i = 0; i < size; i++) {
            UniDicTokens.Word w = words.get(i);
            // X様, Xさん: the word before an honorific is a name, whatever the dictionary says.
            if (vocabulary.honorifics().contains(w.surface()) && i > 0) {
                UniDicTokens.Word prev = words.get(i - 1);
                if (prev.end() == w.start() && isHiragana(prev.surface())) {
                    // A name in hiragana falls apart into verbs and particles (わに|ぶち|さく|たろう様):
                    // the whole hiragana run before the honorific is the name.
                    int from = w.start();
                    while (from > 0 && w.start() - from < MAX_KANA_NAME && isHiragana(text.charAt(from - 1))) from--;
                    String run = text.substring(from, w.start());
                    boolean notName = false;
                    for (String n : vocabulary.notNames()) {
                        if (run.endsWith(n) && isHiragana(n)) {
                            notName = true;
                            break;
                        }
                    }
                    if (!notName) force(mark, keep, from, w.start(), EntityTypes.PERSON_NAME, false);
                    continue;
                }
                if (prev.end() == w.start()
                        && nameCandidate(prev)
                        && !vocabulary.notNames().contains(prev.surface())
                        && !isHonorificPrefix(prev)) {
                    force(mark, keep, prev.start(), prev.end(), EntityTypes.PERSON_NAME, false);
                    int k = i - 2;
                    int added = 0;
                    int edge = prev.start();
                    while (k >= 0 && added < 2) {
                        UniDicTokens.Word p = words.get(k);
                        if (p.isSpace() && k > 0 && p.end() == edge) { // ヤマダ タロウ様
                            edge = p.start();
                            k--;
                            continue;
                        }
                        if (p.end() != edge
                                || !nameCandidate(p)
                                || vocabulary.notNames().contains(p.surface())
                                || vocabulary.kinship().contains(p.surface())
                                || "サ変可能".equals(p.pos3())
                                || "副詞可能".equals(p.pos3())) break;
                        force(mark, keep, p.start(), p.end(), EntityTypes.PERSON_NAME, false);
                        edge = p.start();
                        added++;
                        k--;
                    }
                }
            }
            // 父の正夫, 妻 恵, 長男翔: the word after a kinship word is a name.
            if (vocabulary.kinship().contains(w.surface()) && w.isNoun()) {
                int j = i + 1;
                if (j < size
                        && words.get(j).start() == w.end()
                        && ("の".equals(words.get(j).surface())
                                || "・".equals(words.get(j).surface())
                                || words.get(j).isSpace())) j++;
                if (j < size) {
                    UniDicTokens.Word x = words.get(j);
                    if (x.start() == words.get(j - 1).end() && kinshipNameCandidate(x)) {
                        force(mark, keep, x.start(), x.end(), EntityTypes.PERSON_NAME, false);
                        int k = j + 1;
                        while (k < size
                                && words.get(k).start() == words.get(k - 1).end()
                                && words.get(k).isPersonName()) {
                            force(mark, keep, words.get(k).start(), words.get(k).end(), EntityTypes.PERSON_NAME, false);
                            k++;
                        }
                    }
                }
            }
        }
        // A noun right next to a name (or a ＜氏名＞ placeholder) is part of it: 森＜氏名＞, 山田 太郎.
        List<int[]> persons = new ArrayList<>(placeholderPersons);
        int s = -1;
        for (int i = 0; i <= mark.length; i++) {
            boolean person = i < mark.length && EntityTypes.PERSON_NAME.equals(mark[i]);
            if (person && s < 0) s = i;
            if (!person && s >= 0) {
                persons.add(new int[] {s, i});
                s = -1;
            }
        }
        for (int[] p : persons) {
            for (int i = 0; i < size; i++) {
                UniDicTokens.Word w = words.get(i);
                if (w.end() != p[0] && w.start() != p[1]) continue;
                if (!adjacentNameCandidate(w)) continue;
                force(mark, keep, w.start(), w.end(), EntityTypes.PERSON_NAME, false);
            }
        }
    }

    private static boolean nameCandidate(UniDicTokens.Word w) {
        if (w.isSpace() || w.isSymbol() || w.isNumeral()) return false;
        return w.isNoun() || !w.known();
    }

    private static boolean isHonorificPrefix(UniDicTokens.Word w) {
        return "接頭辞".equals(w.pos1());
    }

    private boolean kinshipNameCandidate(UniDicTokens.Word x) {
        if (!x.known()) return hasLetter(x.surface());
        if (!x.isNoun() || x.isNumeral() || "代名詞".equals(x.pos2())) return false;
        if ("サ変可能".equals(x.pos3()) || "副詞可能".equals(x.pos3()) || "助数詞可能".equals(x.pos3()) || "形状詞可能".equals(x.pos3()))
            return false;
        String s = x.surface();
        return !vocabulary.kinship().contains(s)
                && !vocabulary.notNames().contains(s)
                && !vocabulary.honorifics().contains(s)
                && !vocabulary.domainTerms().contains(s)
                && !vocabulary.sensitiveTerms().containsKey(s);
    }

    private boolean adjacentNameCandidate(UniDicTokens.Word w) {
        if (!w.isNoun() && w.known()) return false;
        if (w.isNumeral() || !hasLetter(w.surface()) || hasLatin(w.surface())) return false;
        if ("サ変可能".equals(w.pos3()) || "副詞可能".equals(w.pos3()) || "助数詞可能".equals(w.pos3())) return false;
        String s = w.surface();
        return s.length() <= 4
                && !vocabulary.honorifics().contains(s)
                && !vocabulary.notNames().contains(s)
                && !vocabulary.kinship().contains(s)
                && !vocabulary.domainTerms().contains(s);
    }

    private void organizations(List<UniDicTokens.Word> words, List<int[]> affixes, String[] mark, boolean[] keep) {
        for (int[] a : affixes) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).start() == a[0]) first = i;
                if (words.get(i).end() == a[1]) last = i;
            }
            if (first < 0 || last < 0) continue;
            int from = a[0];
            int k = first - 1;
            int taken = 0;
            while (k >= 0 && taken < 4 && words.get(k).end() == from && orgPart(words.get(k))) {
                from = words.get(k).start();
                k--;
                taken++;
            }
            int to = a[1];
            String affix = vocabularyKey(words, first, last);
            if (vocabulary.leadingOrganizationAffixes().contains(affix)) {
                k = last + 1;
                int after = 0;
                while (k < words.size() && after < 4 && words.get(k).start() == to && orgPart(words.get(k))) {
                    to = words.get(k).end();
                    k++;
                    after++;
                }
                if (after > 0) taken++;
            }
            if (taken == 0) continue; // 銀行で, 大学に: the affix alone names nobody
            force(mark, keep, from, to, ORGANIZATION, false);
        }
    }

    private static String vocabularyKey(List<UniDicTokens.Word> words, int first, int last) {
        StringBuilder b = new StringBuilder();
        for (int i = first; i <= last; i++) b.append(words.get(i).surface());
        return b.toString();
    }

    private boolean orgPart(UniDicTokens.Word w) {
        if (w.isSpace() || w.isSymbol() && !hasLetter(w.surface())) return false;
        if (vocabulary.kinship().contains(w.surface()) || vocabulary.notNames().contains(w.surface())) return false;
        if ("副詞可能".equals(w.pos3())) return false; // ため, 今日: not part of a name
        return w.isNoun() || !w.known() || "接頭辞".equals(w.pos1()) || "接尾辞".equals(w.pos1()) || hasLatin(w.surface());
    }

    /** The town before a block number (三軒茶屋2-11-22) and the building after it are part of the address. */
    private static void extendAddresses(List<UniDicTokens.Word> words, String[] mark, boolean[] keep) {
        List<int[]> spans = new ArrayList<>();
        int s = -1;
        for (int i = 0; i <= mark.length; i++) {
            boolean address = i < mark.length && EntityTypes.ADDRESS.equals(mark[i]);
            if (address && s < 0) s = i;
            if (!address && s >= 0) {
                spans.add(new int[] {s, i});
                s = -1;
            }
        }
        for (int[] a : spans) {
            int from = a[0];
            int to = a[1];
            for (int pass = 0; pass < 2; pass++) {
                int taken = 0;
                for (int i = words.size() - 1; i >= 0 && taken < 4; i--) {
                    UniDicTokens.Word w = words.get(i);
                    if (w.end() == from && addressPart(w)) {
                        from = w.start();
                        taken++;
                    }
                }
            }
            int taken = 0;
            boolean crossedSpace = false;
            for (int i = 0; i < words.size() && taken < 4; i++) {
                UniDicTokens.Word w = words.get(i);
                if (w.start() != to) continue;
                if (w.isSpace() && !crossedSpace && taken == 0) {
                    crossedSpace = true;
                    to = w.end();
                    continue;
                }
                if (!addressPart(w)) break;
                to = w.end();
                taken++;
            }
            if (crossedSpace && taken == 0) to = a[1];
            force(mark, keep, from, to, EntityTypes.ADDRESS, false);
        }
    }

    private static boolean addressPart(UniDicTokens.Word w) {
        if (w.isSpace() || w.isParticleOrAuxiliary()) return false;
        if (w.isSymbol()) return "-".equals(w.surface()) || "・".equals(w.surface());
        return w.isNoun() || !w.known() || "接尾辞".equals(w.pos1()) || "接頭辞".equals(w.pos1());
    }

    // ---------------------------------------------------------------- patterns

    private static final String ERA = "(?:明治|大正|昭和|平成|令和|[MTSHRmtshr]\\.?)";
    private static final String NUM = "[0-9十]{1,3}";
    private static final String YEAR = "(?:" + ERA + "\\s*(?:[0-9十]{1,3}|元)|[0-9]{2,4})";
    private static final Pattern DAY_DATE =
            Pattern.compile(YEAR + "\\s*[年/.\\-]\\s*" + NUM + "\\s*[月/.\\-]\\s*" + NUM + "(?:\\s*日)?(?:\\s*(?:生まれ|生))?"
                    + "|" + NUM + "\\s*月\\s*" + NUM + "\\s*日(?:\\s*(?:生まれ|生))?"
                    + "|(?<![0-9/])[0-9]{1,2}/[0-9]{1,2}(?![0-9/])");
    private static final Pattern MONTH_DATE =
            Pattern.compile(YEAR + "\\s*年\\s*" + "[0-9十]{1,2}\\s*月|(?<![0-9])[0-9]{4}[/.\\-][0-9]{1,2}(?![0-9])");
    private static final Pattern URL_PATTERN = Pattern.compile("(?i)(?:https?://|www\\.)[^\\s<>、。「」()]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?i)[a-z0-9._%+\\-]+\\s*(?:@|\\(at\\)|\\[at\\]|<at>|アットマーク|あっとまーく|\\sat\\s)\\s*[a-z0-9\\-]+"
                    + "(?:\\s*(?:\\.|\\(dot\\)|\\[dot\\]|ドット|どっと)\\s*[a-z0-9\\-]+)+");
    private static final Pattern HANDLE_PATTERN = Pattern.compile("@[A-Za-z0-9_.\\-]{2,}");
    private static final String KNUM = "[0-9十百]+";
    private static final Pattern BLOCK_NUMBER =
            Pattern.compile(KNUM + "\\s*丁目(?:\\s*" + KNUM + "\\s*番地?)?(?:\\s*(?:の|-)?\\s*" + KNUM + "\\s*号?)?"
                    + "|" + KNUM + "\\s*番地(?:\\s*(?:の|-)?\\s*" + KNUM + ")?(?:\\s*号)?"
                    + "|" + KNUM + "\\s*番\\s*" + KNUM + "\\s*号"
                    + "|[0-9]{1,4}\\s*号室"
                    + "|(?<![0-9])[0-9]{1,4}(?:\\s*[-の]\\s*[0-9]{1,4}){1,3}(?![0-9])");
    private static final Pattern PLATE = Pattern.compile(
            "(?<![0-9])[0-9]{2,3}\\s*[あ-ねは-ゖ&&[^しへん]]\\s*(?:[0-9]{1,2}\\s*-\\s*[0-9]{2}|[・.]{1,3}\\s*[0-9]{1,3}|[0-9]{4})(?![0-9])");
    /**
     * Digits joined by short connectors are one number: an identifier read out in groups (5507と4044と5421,
     * 7937 / 8208 / 2345, 1234、567, 080〜2468〜1357) is as identifying as written in one piece. Any sign but
     * a colon joins (a list of times stays readable), and so do a few joining words.
     */
    private static final String CONNECTOR = "(?:[^\\p{L}\\p{N}:]|[のとにやー]|から|及び|および|または){0,3}";

    private static final Pattern DIGIT_RUN = Pattern.compile("[0-9](?:" + CONNECTOR + "[0-9])+");
    /**
     * Words that announce a number of a person (番号 also ends 個人番号, 証券番号, 電話番号; ナンバー ends
     * マイナンバー) or a part of one (下4桁): the digits after them are masked however few.
     */
    private static final Pattern NUMBER_LABEL =
            Pattern.compile("番号|ナンバー|口座|電話|携帯|店番|暗証|(?<![A-Za-z])(?i:tel|fax|id)(?![A-Za-z])"
                    + "|(?:下|末尾|最後の|ラスト|上|先頭|頭)\\s*[0-9]{1,2}\\s*(?:桁|ケタ|けた)");
    /** What may stand between a label and its number (番号は、 / TEL: / 携帯の). */
    private static final Pattern LABELLED_DIGITS =
            Pattern.compile("(?:[\\s:=、,はがもの]|です){0,4}([0-9]++(?:" + CONNECTOR + "[0-9]++)*+)");

    private static final String MONEY_UNITS = "円|万|千|億|ドル|%|パーセント";
    /** A unit or counter after the digits: a quantity (電話は3回, 12桁), not a number of a person. */
    private static final Pattern COUNTER =
            Pattern.compile("\\s*(?:" + MONEY_UNITS + "|割|倍|回|度|件|日|時|分|秒|年|月|週|人|名|歳|才|台|本|枚|通|つ|個|"
                    + "ヶ|ケ|か月|カ月|箇|番|階|桁|ケタ|けた|点|社|店|部|種|級|位|期|泊|錠|口|:|(?:kg|g|cm|mm|km|m)(?![A-Za-z]))");

    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\\.[0-9]+)?");
    private static final Pattern AMOUNT_UNIT = Pattern.compile("\\s*(?:" + MONEY_UNITS + ")");
    private static final Pattern LATIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._%+\\-#/:~]*[A-Za-z0-9])?");
    private static final Pattern ROMAJI_HONORIFIC =
            Pattern.compile("(?i).*[a-z][\\-_ ]?(?:san|sama|kun|chan|sensei|shi|dono)");
    private static final Pattern ICD10 = Pattern.compile("[A-Z][0-9]{2}(?:\\.[0-9A-Z]{1,4})?");
    private static final Pattern ICD10_CODE = Pattern.compile("(?<![A-Za-z0-9])" + ICD10.pattern() + "(?![A-Za-z0-9])");

    private void patterns(String n, String d, String[] mark, boolean[] keep) {
        mark(URL_PATTERN.matcher(n), URL, mark, keep);
        mark(EMAIL.matcher(n), EntityTypes.EMAIL_ADDRESS, mark, keep);
        mark(HANDLE_PATTERN.matcher(n), HANDLE, mark, keep);
        mark(DAY_DATE.matcher(d), DATE, mark, keep);
        if (dates == DateGranularity.YEAR) mark(MONTH_DATE.matcher(d), DATE, mark, keep);
        mark(PLATE.matcher(d), VEHICLE_PLATE, mark, keep);
        Matcher m = BLOCK_NUMBER.matcher(d);
        while (m.find()) {
            int count = countDigits(m.group());
            set(mark, keep, m.start(), m.end(), count > 8 ? TextScrubber.IDENTIFIER_CODE : EntityTypes.ADDRESS);
        }
        m = DIGIT_RUN.matcher(d);
        while (m.find()) {
            String run = m.group();
            if (countDigits(run) < 5) continue;
            if (AMOUNT.matcher(run).matches()
                    && AMOUNT_UNIT.matcher(d).region(m.end(), d.length()).lookingAt()) continue;
            if (maskedApart(d, mark, m.start(), m.end())) continue; // 3/15と3/20: two dates, kept apart
            // over a plate or a date read in part of it (080と2508 is a plate to PLATE): the run is one number
            overMarks(mark, keep, m.start(), m.end(), TextScrubber.IDENTIFIER_CODE);
        }
        m = NUMBER_LABEL.matcher(d);
        Matcher digits = LABELLED_DIGITS.matcher(d);
        Matcher counter = COUNTER.matcher(d);
        while (m.find()) {
            if (!digits.region(m.end(), d.length()).lookingAt()) continue;
            if (counter.region(digits.end(), d.length()).lookingAt()) continue;
            set(mark, keep, digits.start(1), digits.end(1), TextScrubber.IDENTIFIER_CODE);
        }
        m = LATIN.matcher(n);
        while (m.find()) {
            String run = m.group();
            boolean letters = false;
            boolean numbers = false;
            for (int i = 0; i < run.length(); i++) {
                char c = run.charAt(i);
                if (c >= '0' && c <= '9') numbers = true;
                else if (Character.isLetter(c)) letters = true;
            }
            if (!letters) continue; // digits only: amounts, counts, years, or the digit rules above
            if (ICD10.matcher(run).matches()) continue; // a 機微 mention (releaseWithCounts), kept only where allowed
            if (!numbers
                    && run.chars().allMatch(Character::isLetter)
                    && vocabulary.latinTerms().contains(run.toLowerCase(java.util.Locale.ROOT))) continue;
            String type = ROMAJI_HONORIFIC.matcher(run).matches()
                    ? EntityTypes.PERSON_NAME
                    : numbers ? TextScrubber.IDENTIFIER_CODE : LATIN_WORD;
            set(mark, keep, m.start(), m.end(), type);
        }
    }

    private static void mark(Matcher m, String type, String[] mark, boolean[] keep) {
        while (m.find()) set(mark, keep, m.start(), m.end(), type);
    }

    private static int countDigits(String s) {
        int c = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= '0' && s.charAt(i) <= '9') c++;
        return c;
    }

    /** Kanji digits, 大字 (壱弐参) included, read as ASCII digits, same length (〇九〇 → 090); positional 十 and 百 stay. */
    static String kanjiDigits(String n) {
        char[] c = n.toCharArray();
        for (int i = 0; i < c.length; i++) {
            int v = "〇一二三四五六七八九".indexOf(c[i]);
            if (v < 0) v = "零壱弐参肆伍陸漆捌玖".indexOf(c[i]); // 大字, as on forms and passbooks
            if (v < 0) v = "〇壹貳參".indexOf(c[i]);
            if (v >= 0) c[i] = (char) ('0' + v);
        }
        return new String(c);
    }

    // ---------------------------------------------------------------- marks and output

    /**
     * Whether every digit of [s, e) is masked already, none as a plate: 123と4567 reads as a plate to
     * {@code PLATE} but is more likely a number read out in groups.
     */
    private static boolean maskedApart(String d, String[] mark, int s, int e) {
        for (int i = s; i < e; i++) {
            if (d.charAt(i) < '0' || d.charAt(i) > '9') continue;
            if (mark[i] == null || VEHICLE_PLATE.equals(mark[i])) return false;
        }
        return true;
    }

    /** Marks [s, e) over other marks, where nothing is kept. */
    private static void overMarks(String[] mark, boolean[] keep, int s, int e, String type) {
        for (int i = Math.max(0, s); i < Math.min(e, mark.length); i++) if (!keep[i]) mark[i] = type;
    }

    /** Marks [s, e) where nothing is marked or kept yet. */
    private static void set(String[] mark, boolean[] keep, int s, int e, String type) {
        for (int i = Math.max(0, s); i < Math.min(e, mark.length); i++) if (mark[i] == null && !keep[i]) mark[i] = type;
    }

    /**
     * Marks [s, e) over weaker marks: names found by context win over what the dictionary said
     * (エンドウ様). Kept spans stay kept unless {@code overKeep} (a detector finding in a domain term).
     */
    private static void force(String[] mark, boolean[] keep, int s, int e, String type, boolean overKeep) {
        for (int i = Math.max(0, s); i < Math.min(e, mark.length); i++) {
            if (keep[i] && !overKeep) continue;
            keep[i] = false;
            mark[i] = type;
        }
    }

    private static void fill(boolean[] a, int s, int e) {
        for (int i = Math.max(0, s); i < Math.min(e, a.length); i++) a[i] = true;
    }

    private static boolean[] boundaries(List<UniDicTokens.Word> words, int len) {
        boolean[] b = new boolean[len + 1];
        b[0] = true;
        b[len] = true;
        for (UniDicTokens.Word w : words) {
            if (w.start() <= len) b[w.start()] = true;
            if (w.end() <= len) b[w.end()] = true;
        }
        return b;
    }

    /** The first normalized index whose original code point is at or after {@code cp}. */
    private static int normIndex(ScanText st, int cp) {
        int lo = 0;
        int hi = st.length();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (st.originalStart(mid) < cp) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * The original text with every marked run replaced by its type's placeholder. Marks live on the
     * normalized text; an original code point is replaced when any char normalized from it is marked.
     * Runs of one type separated only by spaces become one placeholder (ヤマダ タロウ → ＜氏名＞).
     */
    static String render(String text, ScanText st, String[] mark) {
        int cps = st.originalCodePointCount();
        String[] byCp = new String[cps];
        for (int i = 0; i < mark.length; i++) {
            if (mark[i] == null) continue;
            int s = st.originalStart(i);
            int e = st.originalEnd(i + 1);
            for (int c = s; c < e && c < cps; c++) {
                if (byCp[c] == null || EntityTypes.SENSITIVE.equals(mark[i])) byCp[c] = mark[i];
            }
        }
        int[] codePoints = text.codePoints().toArray();
        StringBuilder out = new StringBuilder(text.length() + 16);
        int c = 0;
        while (c < cps) {
            String type = byCp[c];
            if (type == null) {
                out.appendCodePoint(codePoints[c++]);
                continue;
            }
            int e = c + 1;
            while (true) {
                while (e < cps && type.equals(byCp[e])) e++;
                int gap = e;
                while (gap < cps && byCp[gap] == null && Character.isWhitespace(codePoints[gap])) gap++;
                if (gap > e && gap < cps && type.equals(byCp[gap])) {
                    e = gap;
                    continue;
                }
                break;
            }
            out.append(TextScrubber.placeholder(type));
            c = e;
        }
        return out.toString();
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isLetter(s.charAt(i))) return true;
        return false;
    }

    private static boolean hasLatin(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80 && Character.isLetter(c)) return true;
        }
        return false;
    }

    /** A placeholder as it reads after NFKC (＜氏名＞ → <氏名>). */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^<>\\s]{1,16}>");

    private static final Map<String, String> NORMALIZED_PLACEHOLDERS;

    static {
        Map<String, String> m = new HashMap<>();
        TextScrubber.PLACEHOLDERS.forEach(
                (type, p) -> m.put(java.text.Normalizer.normalize(p, java.text.Normalizer.Form.NFKC), type));
        m.put(java.text.Normalizer.normalize(TextScrubber.OTHER_PLACEHOLDER, java.text.Normalizer.Form.NFKC), "OTHER");
        NORMALIZED_PLACEHOLDERS = Map.copyOf(m);
    }
}
