package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;

/**
 * Dates of birth. Finds calendar dates in Japanese era form (昭和55年3月2日, 平成元年, S55.3.2,
 * H2/3/4, R1-5-1) and western form (1980年3月2日, 1980/03/02, 1980-3-2, 02/03/1980, March 2, 1980),
 * validates them as real dates, then decides from context:
 * <ul>
 *   <li>a birth word (生年月日, 誕生日, DOB, birth…) before the date, with no other date and no
 *       other date label (契約日, 事故日…) in between, or 生/生まれ/誕生/歳 right after: 0.9;</li>
 *   <li>a bare date: 0.3, below the scanner's default threshold. Most dates in business text are
 *       contract, accident or payment dates; reporting them all would drown the real birth dates.
 *       Column classification still sees them through {@code scanValue}, where a column full of
 *       1940–2010 dates is evidence of a birth-date column.</li>
 * </ul>
 */
public final class DateOfBirthDetector implements Detector {

    private static final String SEP = "\\s?(?:[./-]|年)\\s?";
    private static final String SEP2 = "\\s?(?:[./-]|月)\\s?";
    private static final Pattern ERA =
            Pattern.compile("(?<![A-Za-z0-9])(明治|大正|昭和|平成|令和|[MTSHRmtshr])\\.?\\s?(元|\\d{1,2})" + SEP + "(\\d{1,2})"
                    + SEP2 + "(\\d{1,2})(?:\\s?日)?(?![0-9])");
    /** 平成二年三月四日, 昭和五十五年十二月二十一日: kanji numerals, as on handwritten forms. */
    private static final Pattern ERA_KANJI =
            Pattern.compile("(明治|大正|昭和|平成|令和)(元|[一二三四五六七八九十]{1,3})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日");
    /** 一九七五年三月三日: a western year in positional kanji digits, month and day in kanji numerals. */
    private static final Pattern WESTERN_KANJI =
            Pattern.compile("([一二][〇一二三四五六七八九零]{3})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日");
    /** 75年3月3日, 75/3/3 is too ambiguous: only the 年月日 form, and only as a birth date (生, 生まれ, a birth word). */
    private static final Pattern TWO_DIGIT_YEAR =
            Pattern.compile("(?<![0-9A-Za-z明治大正昭和平成令和元])(\\d{2})年\\s?(\\d{1,2})月\\s?(\\d{1,2})日");

    private static final Pattern WESTERN = Pattern.compile(
            "(?<![0-9])(1[89]\\d{2}|20\\d{2})" + SEP + "(\\d{1,2})" + SEP2 + "(\\d{1,2})(?:\\s?日)?(?![0-9])");
    private static final Pattern DAY_FIRST =
            Pattern.compile("(?<![0-9/])(\\d{1,2})[/.-](\\d{1,2})[/.-](1[89]\\d{2}|20\\d{2})(?![0-9])");
    private static final Pattern ENGLISH = Pattern.compile(
            "(?i)(?<![A-Za-z])(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s(\\d{1,2}),?\\s(1[89]\\d{2}|20\\d{2})"
                    + "|(\\d{1,2})\\s(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?,?\\s(1[89]\\d{2}|20\\d{2}))");
    /** 3月2日, 3/2 without a year: a birthday only with a birth word right before or 生まれ after. */
    private static final Pattern MONTH_DAY =
            Pattern.compile("(?<![0-9/年])(\\d{1,2})(?:月\\s?(\\d{1,2})日|/(\\d{1,2}))(?![0-9/])");
    /** 昭和55年生まれ, 1980年3月生: a birth year (and month), only with 生/生まれ right after. */
    private static final Pattern YEAR_BORN = Pattern.compile(
            "(?:(明治|大正|昭和|平成|令和)(元|\\d{1,2})|(?<![0-9])(1[89]\\d{2}|20\\d{2}))年(?:\\s?(\\d{1,2})月)?(?=\\s?(?:生まれ|生れ|生))");

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private static final List<String> AFTER_WORDS = List.of("生まれ", "生れ", "生", "誕生", "出生");

    private final List<String> birthWords;
    private final List<String> otherDateWords;
    private final int window;

    /**
     * @param context supplies the DATE_OF_BIRTH words and, under the pseudo-type
     *                {@code OTHER_DATE}, labels of other dates (契約日…) that cancel a birth word
     */
    public DateOfBirthDetector(ContextWords context) {
        this.birthWords = context.words(EntityTypes.DATE_OF_BIRTH);
        this.otherDateWords = context.words("OTHER_DATE");
        this.window = Math.max(context.before(), 16);
    }

    @Override
    public String name() {
        return "date-of-birth-context";
    }

    /**
     * @param partial month and day only, or a two-digit year: reported only with birth context
     * @param oldEra  明治, 大正 or 昭和: in an insurer's text a full date in these eras is almost always
     *                someone's birth date, so it counts without a birth word
     */
    private record DateSpan(int start, int end, boolean partial, boolean oldEra) {
        DateSpan(int start, int end) {
            this(start, end, false, false);
        }

        DateSpan(int start, int end, boolean partial) {
            this(start, end, partial, false);
        }
    }

    /** Score of a full date with no birth word: below the threshold, see the class comment. */
    static final double BARE_DATE = 0.3;
    /** A full 明治/大正/昭和 date with no birth word. */
    static final double OLD_ERA_DATE = 0.5;

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        int digits = 0;
        boolean letters = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Spans.isDigit(c)) digits++;
            else if (Spans.isAsciiLetter(c)) letters = true;
        }
        boolean kanjiDate = s.indexOf('年') >= 0 && s.indexOf('月') >= 0;
        if (digits < 2 && !kanjiDate) return List.of();
        List<DateSpan> dates = new ArrayList<>();
        boolean era = hasEraStart(s);
        Matcher m = ERA.matcher(s);
        while (era && m.find()) {
            if (validEra(m.group(1), m.group(2), m.group(3), m.group(4))) {
                dates.add(new DateSpan(m.start(), m.end(), false, oldEra(m.group(1))));
            }
        }
        m = ERA_KANJI.matcher(s);
        while (kanjiDate && era && m.find()) {
            if (validEra(m.group(1), kanjiNumber(m.group(2)), kanjiNumber(m.group(3)), kanjiNumber(m.group(4)))) {
                dates.add(new DateSpan(m.start(), m.end(), false, oldEra(m.group(1))));
            }
        }
        m = WESTERN_KANJI.matcher(s);
        // a western year in kanji digits holds 九 (19xx) or 〇/零 (20xx)
        boolean kanjiYear = kanjiDate && (s.indexOf('九') >= 0 || s.indexOf('〇') >= 0 || s.indexOf('零') >= 0);
        while (kanjiYear && m.find()) {
            if (valid(
                    positionalDigits(m.group(1)),
                    Integer.parseInt(kanjiNumber(m.group(2))),
                    Integer.parseInt(kanjiNumber(m.group(3))))) {
                dates.add(new DateSpan(m.start(), m.end()));
            }
        }
        if (kanjiDate) {
            for (MatchResult r : near(TWO_DIGIT_YEAR, s, "年", 3, 12)) {
                if (valid(
                        1900 + Integer.parseInt(r.group(1)),
                        Integer.parseInt(r.group(2)),
                        Integer.parseInt(r.group(3)))) {
                    dates.add(new DateSpan(r.start(), r.end(), true));
                }
            }
        }
        m = WESTERN.matcher(s);
        while (m.find()) {
            if (valid(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    && !isPartOfIp(s, m.start(), m.end())) {
                dates.add(new DateSpan(m.start(), m.end()));
            }
        }
        m = DAY_FIRST.matcher(s);
        while (m.find()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            int y = Integer.parseInt(m.group(3));
            if (valid(y, b, a) || valid(y, a, b)) dates.add(new DateSpan(m.start(), m.end()));
        }
        if (letters && digits >= 4 && hasMonthName(text.lower())) {
            m = ENGLISH.matcher(s);
            while (m.find()) {
                String mon = m.group(1) != null ? m.group(1) : m.group(5);
                String day = m.group(2) != null ? m.group(2) : m.group(4);
                String year = m.group(3) != null ? m.group(3) : m.group(6);
                int month = MONTHS.indexOf(mon.toLowerCase(Locale.ROOT)) + 1;
                if (valid(Integer.parseInt(year), month, Integer.parseInt(day)))
                    dates.add(new DateSpan(m.start(), m.end()));
            }
        }
        for (MatchResult r : kanjiDateOrYear(s) ? near(YEAR_BORN, s, "生", 16, 1) : List.<MatchResult>of()) {
            int month = r.group(4) == null ? 1 : Integer.parseInt(r.group(4));
            boolean ok = r.group(1) != null
                    ? validEra(r.group(1), r.group(2), Integer.toString(month), "1")
                    : valid(Integer.parseInt(r.group(3)), month, 1);
            if (ok) dates.add(new DateSpan(r.start(), r.end()));
        }
        int before = dates.size();
        for (MatchResult r : near(MONTH_DAY, s, "月/", 3, 6)) {
            int month = Integer.parseInt(r.group(1));
            int day = Integer.parseInt(r.group(2) != null ? r.group(2) : r.group(3));
            if (month < 1 || month > 12 || day < 1 || day > 31) continue;
            boolean inside = false;
            for (int k = 0; k < before; k++) {
                if (dates.get(k).start <= r.start() && r.end() <= dates.get(k).end) {
                    inside = true;
                    break;
                }
            }
            if (!inside) dates.add(new DateSpan(r.start(), r.end(), true));
        }
        if (dates.isEmpty()) return List.of();
        dates.sort((x, y) -> x.start != y.start ? Integer.compare(x.start, y.start) : Integer.compare(y.end, x.end));
        List<Finding> out = new ArrayList<>();
        int prevEnd = 0;
        for (DateSpan d : dates) {
            if (d.start < prevEnd) continue; // overlapping alternative reading of the same date
            boolean birth = isBirth(text, d, prevEnd);
            if (d.partial && !birth) continue;
            double score = birth ? (d.partial ? 0.8 : 0.9) : d.oldEra ? OLD_ERA_DATE : BARE_DATE;
            out.add(text.finding(EntityTypes.DATE_OF_BIRTH, null, d.start, d.end, score, name()));
            prevEnd = d.end;
        }
        return out;
    }

    /**
     * Matches of {@code p} near each occurrence of one of the {@code anchors} chars only ({@code back}
     * chars before to {@code forward} after); lookarounds still see the whole text. A find() over the
     * whole text tries a pattern that starts with a lookbehind at every position, which made this
     * detector the costliest after Kuromoji on long texts.
     */
    private static List<MatchResult> near(Pattern p, String s, String anchors, int back, int forward) {
        List<MatchResult> out = new ArrayList<>(2);
        Matcher m = p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        int done = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (anchors.indexOf(s.charAt(i)) < 0) continue;
            int from = Math.max(done, i - back);
            if (from > i) continue;
            m.region(from, Math.min(n, i + forward));
            while (m.find()) {
                out.add(m.toMatchResult());
                done = m.end();
            }
        }
        return out;
    }

    private static boolean kanjiDateOrYear(String s) {
        return s.indexOf('年') >= 0 && s.indexOf('生') >= 0;
    }

    /** An era name, or an era letter before a digit (S55, H.2): else the era regex cannot match. */
    private static boolean hasEraStart(String s) {
        if (s.contains("明治") || s.contains("大正") || s.contains("昭和") || s.contains("平成") || s.contains("令和"))
            return true;
        for (int i = 0; i + 1 < s.length(); i++) {
            if ("MTSHRmtshr".indexOf(s.charAt(i)) >= 0) {
                char n = s.charAt(i + 1);
                if (Spans.isDigit(n) || n == '.' || n == ' ') return true;
            }
        }
        return false;
    }

    private static boolean hasMonthName(String low) {
        for (String mon : MONTHS) {
            if (low.contains(mon)) return true;
        }
        return false;
    }

    private boolean isBirth(ScanText text, DateSpan d, int prevEnd) {
        String low = text.lower();
        int from = Math.max(prevEnd, d.start - window);
        int lastBirth = lastIndexOfAny(low, birthWords, from, d.start);
        int lastOther = lastIndexOfAny(low, otherDateWords, from, d.start);
        if (lastBirth >= 0 && lastBirth > lastOther) return true;
        int i = d.end;
        while (i < low.length() && (low.charAt(i) == ' ' || low.charAt(i) == '(')) i++;
        for (String w : AFTER_WORDS) {
            if (low.startsWith(w, i)) return true;
        }
        // "1980/3/2 (45歳)": an age right after a date
        int to = Math.min(low.length(), d.end + 8);
        int age = low.indexOf('歳', d.end);
        if (age < 0) age = low.indexOf('才', d.end);
        return age >= 0 && age < to && Spans.isDigit(low.charAt(age - 1));
    }

    private static int lastIndexOfAny(String s, List<String> words, int from, int to) {
        int best = -1;
        for (String w : words) {
            int at = ContextWords.lastIndexWithin(s, w, from, to);
            if (at > best) best = at;
        }
        return best;
    }

    private static boolean isPartOfIp(String s, int start, int end) {
        return end + 1 < s.length() && s.charAt(end) == '.' && Spans.isDigit(s.charAt(end + 1))
                || start > 1 && s.charAt(start - 1) == '.' && Spans.isDigit(s.charAt(start - 2));
    }

    private static boolean oldEra(String era) {
        char c = Character.toUpperCase(era.charAt(0));
        return c == '明' || c == '大' || c == '昭' || c == 'M' || c == 'T' || c == 'S';
    }

    /** 一九七五 → 1975: kanji used as positional digits. */
    static int positionalDigits(String k) {
        int v = 0;
        for (char c : k.toCharArray()) v = v * 10 + Math.max(0, "〇一二三四五六七八九".indexOf(c == '零' ? '〇' : c));
        return v;
    }

    /** 一..九十九 as a decimal string; 元 stays 元 (first year). */
    static String kanjiNumber(String k) {
        if (k.equals("元")) return k;
        int value = 0;
        int current = 0;
        for (char c : k.toCharArray()) {
            if (c == '十') {
                value += (current == 0 ? 1 : current) * 10;
                current = 0;
            } else {
                current = "〇一二三四五六七八九".indexOf(c);
            }
        }
        return Integer.toString(value + current);
    }

    private static boolean validEra(String era, String yearText, String month, String day) {
        int year = yearText.equals("元") ? 1 : Integer.parseInt(yearText);
        int base;
        int maxYear;
        switch (era.isEmpty() ? ' ' : Character.toUpperCase(era.charAt(0))) {
            case '明', 'M' -> {
                base = 1867;
                maxYear = 45;
            }
            case '大', 'T' -> {
                base = 1911;
                maxYear = 15;
            }
            case '昭', 'S' -> {
                base = 1925;
                maxYear = 64;
            }
            case '平', 'H' -> {
                base = 1988;
                maxYear = 31;
            }
            case '令', 'R' -> {
                base = 2018;
                maxYear = 99;
            }
            default -> {
                return false;
            }
        }
        if (year < 1 || year > maxYear) return false;
        return valid(base + year, Integer.parseInt(month), Integer.parseInt(day));
    }

    /** A real calendar date from 1868 (Meiji) on; no exceptions, as look-alikes are common. */
    private static boolean valid(int year, int month, int day) {
        if (year < 1868 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
        return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
    }
}
