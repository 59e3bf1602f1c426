package jp.insurer.governance.policy.extract;

import java.time.LocalDate;
import java.time.chrono.JapaneseEra;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalized forms ({@link OwnIdentifierText}) under which one identifier value of a customer is
 * looked for in released text, per type, with the minimum lengths that keep common words from firing:
 * <ul>
 *   <li>PERSON_NAME: the full name (surname + given, ≥ 2 kanji, ≥ 3 kana, ≥ 5 romaji letters, romaji in
 *       both orders, romaji derived from a kana reading); the surname alone only next to an honorific
 *       (様, さん, 氏, 殿, くん, ちゃん, -san, -sama, Mr/Ms …) or a ＜氏名＞ placeholder, and so is the given name
 *       (the scrubber may have replaced the other half: ＜氏名＞ なおきさま). A name part alone is never evidence;</li>
 *   <li>PHONE_NUMBER: its digits, with +81, and a landline's number without area code (≥ 8 digits);</li>
 *   <li>EMAIL_ADDRESS: the local part (≥ 5 characters; shorter ones with the domain, also as (at) and アットマーク);</li>
 *   <li>DATE_OF_BIRTH: 19750303, 197533, 750303, 75年3月3日, 昭和50年3月3日 (元年), S50.3.3 (S5033), padded variants
 *       — a kanji or era-year date without the era name is not a form: 2026年 would read as 昭和26年;</li>
 *   <li>ADDRESS: the 丁目/番地 part with the two characters before it (the end of the town name: 茶屋21122),
 *       and the building with its room number; never the prefecture or city alone;</li>
 *   <li>POSTAL_CODE: its 7 digits; any other type (My Number, card, account, licence, customer or
 *       policy number): the whole normalized value, ≥ 6 characters.</li>
 * </ul>
 */
public final class OwnIdentifierForms {

    public static final String PERSON_NAME = "PERSON_NAME";
    public static final String PHONE_NUMBER = "PHONE_NUMBER";
    public static final String EMAIL_ADDRESS = "EMAIL_ADDRESS";
    public static final String DATE_OF_BIRTH = "DATE_OF_BIRTH";
    public static final String ADDRESS = "ADDRESS";
    public static final String POSTAL_CODE = "POSTAL_CODE";

    /** One form: normalized text, and whether it counts only next to an honorific. */
    public record Form(String text, boolean needsHonorific) {}

    static final int MIN_KANJI_NAME = 2;
    static final int MIN_KANA_NAME = 3;
    static final int MIN_ROMAJI_NAME = 5;
    static final int MIN_ROMAJI_SURNAME = 3;
    static final int MIN_KANA_SURNAME = 2;
    static final int MIN_EMAIL_LOCAL = 5;
    static final int MIN_PHONE = 8;
    static final int MIN_OTHER = 6;

    private OwnIdentifierForms() {}

    /** The forms of one value of the given type (empty when the value is too short to be evidence). */
    public static List<Form> of(String type, Object value) {
        if (value == null) return List.of();
        Map<String, Boolean> out = new LinkedHashMap<>();
        switch (type) {
            case PERSON_NAME -> name(value.toString(), out);
            case PHONE_NUMBER -> phone(value.toString(), out);
            case EMAIL_ADDRESS -> email(value.toString(), out);
            case DATE_OF_BIRTH -> birthDate(value, out);
            case ADDRESS -> address(value.toString(), out);
            case POSTAL_CODE -> {
                String digits = OwnIdentifierText.key(value.toString());
                if (digits.length() == 7 && allDigits(digits)) out.put(digits, false);
            }
            default -> {
                String k = OwnIdentifierText.key(
                        value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString());
                if (k.length() >= MIN_OTHER) out.put(k, false);
            }
        }
        List<Form> forms = new ArrayList<>(out.size());
        out.forEach((text, honorific) -> forms.add(new Form(text, honorific)));
        return forms;
    }

    // ---------------------------------------------------------------- names

    private static final Pattern NAME_PARTS = Pattern.compile("[\\s\\u3000・,、]+");

    private static void name(String raw, Map<String, Boolean> out) {
        String[] parts = NAME_PARTS.split(raw.strip());
        List<String> p = new ArrayList<>();
        for (String s : parts) if (!s.isEmpty()) p.add(s);
        if (p.isEmpty()) return;
        String joined = String.join(" ", p);
        String key = OwnIdentifierText.key(joined);
        Script script = scriptOf(key);
        String surname = p.size() >= 2 ? p.get(0) : null;
        String given = p.size() >= 2 ? String.join(" ", p.subList(1, p.size())) : null;
        switch (script) {
            case KANJI -> {
                if (key.length() >= MIN_KANJI_NAME && p.size() >= 2) out.putIfAbsent(key, false);
                else if (key.length() >= MIN_KANJI_NAME + 1) out.putIfAbsent(key, false);
                if (surname != null) {
                    String s = OwnIdentifierText.key(surname);
                    if (!s.isEmpty()) out.putIfAbsent(s, true);
                    String g = OwnIdentifierText.key(given);
                    if (!g.isEmpty()) out.putIfAbsent(g, true);
                }
            }
            case KANA -> {
                if (key.length() >= MIN_KANA_NAME) out.putIfAbsent(key, false);
                if (surname != null) {
                    String s = OwnIdentifierText.key(surname);
                    if (s.length() >= MIN_KANA_SURNAME) out.putIfAbsent(s, true);
                    String rs = romaji(s);
                    String rg = romaji(OwnIdentifierText.key(given));
                    romajiName(rs, rg, out);
                    String romajiSurname = OwnIdentifierText.key(rs);
                    if (romajiSurname.length() >= MIN_ROMAJI_SURNAME) out.putIfAbsent(romajiSurname, true);
                    String g = OwnIdentifierText.key(given);
                    if (g.length() >= MIN_KANA_SURNAME) out.putIfAbsent(g, true);
                    String romajiGiven = OwnIdentifierText.key(rg);
                    if (romajiGiven.length() >= MIN_ROMAJI_SURNAME) out.putIfAbsent(romajiGiven, true);
                } else {
                    String r = OwnIdentifierText.key(romaji(key));
                    if (r.length() >= MIN_ROMAJI_NAME) out.putIfAbsent(r, false);
                }
            }
            case LATIN -> {
                // order unknown (cards print GIVEN SURNAME): both orders, no surname-with-honorific
                if (p.size() >= 2) {
                    romajiName(p.get(0), String.join(" ", p.subList(1, p.size())), out);
                } else if (key.length() >= MIN_ROMAJI_NAME) {
                    out.putIfAbsent(key, false);
                }
            }
            case OTHER -> {
                if (key.length() >= MIN_ROMAJI_NAME) out.putIfAbsent(key, false);
            }
        }
    }

    private static void romajiName(String first, String second, Map<String, Boolean> out) {
        String a = OwnIdentifierText.key(first + " " + second);
        String b = OwnIdentifierText.key(second + " " + first);
        if (a.length() >= MIN_ROMAJI_NAME) {
            out.putIfAbsent(a, false);
            out.putIfAbsent(b, false);
        }
    }

    private enum Script {
        KANJI,
        KANA,
        LATIN,
        OTHER
    }

    private static Script scriptOf(String key) {
        boolean kana = false;
        boolean latin = false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) return Script.KANJI;
            if (c >= 0x3041 && c <= 0x3096) kana = true;
            else if (c >= 'a' && c <= 'z') latin = true;
        }
        return kana ? Script.KANA : latin ? Script.LATIN : Script.OTHER;
    }

    /**
     * Honorifics (normalized) that make a surname alone evidence, after it… (氏 also matches a ＜氏名＞
     * placeholder after it: a surname the scrubber left beside the given name it replaced is a name)
     */
    private static final List<String> HONORIFICS_AFTER =
            List.of("様", "さま", "さん", "氏", "殿", "くん", "ちゃん", "san", "sama", "kun", "chan", "dono").stream()
                    .map(OwnIdentifierText::key)
                    .distinct()
                    .toList();
    /** …or before it. */
    private static final List<String> HONORIFICS_BEFORE = List.of("mr", "mrs", "ms", "miss", "＜氏名＞").stream()
            .map(OwnIdentifierText::key)
            .toList();

    private static final String PLACEHOLDER = OwnIdentifierText.key("＜氏名＞");
    /** Characters at most between a name part and a ＜氏名＞ placeholder after it. */
    static final int PLACEHOLDER_GAP = 3;

    /** Whether the normalized window {@code [start, start + length)} has an honorific right after or before it. */
    static boolean honorificAround(OwnIdentifierText.Normalized n, int start, int length) {
        char[] c = n.chars();
        int end = start + length;
        for (String h : HONORIFICS_AFTER) {
            if (end + h.length() <= n.length() && regionMatches(c, end, h)) return true;
        }
        // a ＜氏名＞ placeholder a few characters on: the scrubber took the end of the name (いけだ とも＜氏名＞)
        for (int gap = 1; gap <= PLACEHOLDER_GAP; gap++) {
            if (end + gap + PLACEHOLDER.length() <= n.length() && regionMatches(c, end + gap, PLACEHOLDER)) return true;
        }
        for (String h : HONORIFICS_BEFORE) {
            if (start - h.length() >= 0 && regionMatches(c, start - h.length(), h)) return true;
        }
        return false;
    }

    private static boolean regionMatches(char[] c, int at, String s) {
        for (int i = 0; i < s.length(); i++) if (c[at + i] != s.charAt(i)) return false;
        return true;
    }

    private static final Map<String, String> KANA_ROMAJI = new LinkedHashMap<>();

    static {
        String table = "きゃ:kya きゅ:kyu きょ:kyo しゃ:sha しゅ:shu しょ:sho ちゃ:cha ちゅ:chu ちょ:cho にゃ:nya にゅ:nyu にょ:nyo "
                + "ひゃ:hya ひゅ:hyu ひょ:hyo みゃ:mya みゅ:myu みょ:myo りゃ:rya りゅ:ryu りょ:ryo ぎゃ:gya ぎゅ:gyu ぎょ:gyo "
                + "じゃ:ja じゅ:ju じょ:jo びゃ:bya びゅ:byu びょ:byo ぴゃ:pya ぴゅ:pyu ぴょ:pyo "
                + "あ:a い:i う:u え:e お:o か:ka き:ki く:ku け:ke こ:ko さ:sa し:shi す:su せ:se そ:so "
                + "た:ta ち:chi つ:tsu て:te と:to な:na に:ni ぬ:nu ね:ne の:no は:ha ひ:hi ふ:fu へ:he ほ:ho "
                + "ま:ma み:mi む:mu め:me も:mo や:ya ゆ:yu よ:yo ら:ra り:ri る:ru れ:re ろ:ro わ:wa を:o ん:n "
                + "が:ga ぎ:gi ぐ:gu げ:ge ご:go ざ:za じ:ji ず:zu ぜ:ze ぞ:zo だ:da ぢ:ji づ:zu で:de ど:do "
                + "ば:ba び:bi ぶ:bu べ:be ぼ:bo ぱ:pa ぴ:pi ぷ:pu ぺ:pe ぽ:po ゔ:vu ぁ:a ぃ:i ぅ:u ぇ:e ぉ:o";
        for (String entry : table.split(" ")) {
            int colon = entry.indexOf(':');
            KANA_ROMAJI.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
    }

    /** Hepburn romaji of normalized hiragana (っ doubles the next consonant); other characters are kept. */
    static String romaji(String hiragana) {
        StringBuilder out = new StringBuilder();
        boolean geminate = false;
        for (int i = 0; i < hiragana.length(); i++) {
            char c = hiragana.charAt(i);
            if (c == 'っ') {
                geminate = true;
                continue;
            }
            String syllable = i + 1 < hiragana.length() ? KANA_ROMAJI.get(hiragana.substring(i, i + 2)) : null;
            if (syllable != null) i++;
            else syllable = KANA_ROMAJI.get(String.valueOf(c));
            if (syllable == null) {
                out.append(c);
                continue;
            }
            if (geminate) out.append(syllable.startsWith("ch") ? 't' : syllable.charAt(0));
            geminate = false;
            out.append(syllable);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- phones, e-mail

    private static void phone(String raw, Map<String, Boolean> out) {
        String digits = OwnIdentifierText.key(raw);
        if (!allDigits(digits)) digits = digits.replaceAll("[^0-9]", "");
        if (digits.length() < MIN_PHONE) return;
        out.put(digits, false);
        if (digits.startsWith("0") && digits.length() >= 10) {
            out.put("81" + digits.substring(1), false);
            out.put("81" + digits, false);
            String[] groups = raw.strip().split("[^0-9０-９]+");
            boolean mobile = digits.charAt(2) == '0' && "5789".indexOf(digits.charAt(1)) >= 0;
            if (!mobile && groups.length == 3 && (groups[1] + groups[2]).length() >= MIN_PHONE) {
                out.put(OwnIdentifierText.key(groups[1] + groups[2]), false);
            }
        }
    }

    private static void email(String raw, Map<String, Boolean> out) {
        String s = raw.strip().replace('＠', '@');
        int at = s.lastIndexOf('@');
        if (at <= 0) {
            String k = OwnIdentifierText.key(s);
            if (k.length() >= MIN_OTHER) out.put(k, false);
            return;
        }
        String local = OwnIdentifierText.key(s.substring(0, at));
        String domain = OwnIdentifierText.key(s.substring(at + 1));
        if (local.length() >= MIN_EMAIL_LOCAL) {
            out.put(local, false);
        } else if (!local.isEmpty()) {
            out.put(local + domain, false);
            out.put(local + OwnIdentifierText.key("at") + domain, false);
            out.put(local + OwnIdentifierText.key("アットマーク") + domain, false);
        }
    }

    // ---------------------------------------------------------------- birth dates

    private static void birthDate(Object value, Map<String, Boolean> out) {
        LocalDate d;
        if (value instanceof LocalDate date) {
            d = date;
        } else {
            String s = OwnIdentifierText.key(value.toString());
            try {
                d = s.length() == 8 && allDigits(s)
                        ? LocalDate.of(
                                Integer.parseInt(s.substring(0, 4)),
                                Integer.parseInt(s.substring(4, 6)),
                                Integer.parseInt(s.substring(6)))
                        : LocalDate.parse(value.toString().strip());
            } catch (java.time.DateTimeException | NumberFormatException e) {
                return; // not a date: nothing to look for
            }
        }
        int y = d.getYear();
        int m = d.getMonthValue();
        int day = d.getDayOfMonth();
        String mm = two(m);
        String dd = two(day);
        String yy = two(y % 100);
        // built normalized (ASCII digits, lower-case era letter, 年月日 and era names as they are): no key() needed
        List<String> forms = new ArrayList<>();
        forms.add("" + y + mm + dd); // 1975-03-03, 1975/03/03, 19750303
        forms.add("" + y + m + day); // 1975/3/3, 1975.3.3
        forms.add(yy + mm + dd); // 750303, 75.03.03
        forms.add(yy + "年" + m + "月" + day + "日"); // 75年3月3日, 1975年3月3日, 一九七五年三月三日
        forms.add(yy + "年" + mm + "月" + dd + "日");
        forms.add(y + "年" + m + "月" + day + "日"); // the whole of 1975年3月3日 (masking leaves no 19 behind)
        forms.add(y + "年" + mm + "月" + dd + "日");
        int era = eraOf(d);
        if (era >= 0) {
            int ey = y - ERA_FIRST_YEAR[era] + 1;
            String name = ERA_NAMES[era];
            String letter = ERA_LETTERS[era];
            for (String year : ey == 1 ? List.of("1", "元") : List.of(String.valueOf(ey))) {
                if (name == null) break;
                forms.add(name + year + "年" + m + "月" + day + "日"); // 昭和50年3月3日, 平成元年5月1日
                forms.add(name + year + "年" + mm + "月" + dd + "日");
            }
            if (letter != null) {
                forms.add(letter + ey + "年" + m + "月" + day + "日"); // S50年3月3日
                forms.add(letter + ey + m + day); // S50.3.3, S.50.3.3
                forms.add(letter + ey + mm + dd); // S50.03.03
            }
        }
        for (String f : forms) if (f.length() >= 5) out.put(f, false);
    }

    // Eras since the Gregorian calendar (1873): first day, name (the JDK's), letter. A table rather than
    // JapaneseDate.from, which costs tens of microseconds a call and is called for every customer.
    private static final JapaneseEra[] ERAS = {
        JapaneseEra.MEIJI, JapaneseEra.TAISHO, JapaneseEra.SHOWA, JapaneseEra.HEISEI, JapaneseEra.REIWA
    };
    private static final LocalDate[] ERA_START = {
        LocalDate.of(1873, 1, 1),
        LocalDate.of(1912, 7, 30),
        LocalDate.of(1926, 12, 25),
        LocalDate.of(1989, 1, 8),
        LocalDate.of(2019, 5, 1)
    };
    private static final int[] ERA_FIRST_YEAR = {1868, 1912, 1926, 1989, 2019};
    private static final String[] ERA_LETTERS = {"m", "t", "s", "h", "r"};
    private static final String[] ERA_NAMES = new String[ERAS.length];

    static {
        for (int i = 0; i < ERAS.length; i++) {
            ERA_NAMES[i] = ERAS[i].getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.JAPAN);
        }
    }

    /** Index into the era tables, -1 before 1873. */
    private static int eraOf(LocalDate d) {
        for (int i = ERA_START.length - 1; i >= 0; i--) if (!d.isBefore(ERA_START[i])) return i;
        return -1;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    // ---------------------------------------------------------------- addresses

    private static final String NUMERAL = "[0-9０-９〇一二三四五六七八九十百千]+";
    private static final String SEPARATOR = "(?:丁目|番地|番|号|の|[-‐‑‒–—―−－ーｰ]|\\s)+";
    /** The 丁目/番地 part: at least two numbers joined by separators (3丁目12-5, 二丁目十一番二十二号, 2-11-22). */
    private static final Pattern BLOCK = Pattern.compile(NUMERAL + "(?:" + SEPARATOR + NUMERAL + ")+(?:番地|番|号)?");

    private static void address(String raw, Map<String, Boolean> out) {
        Matcher m = BLOCK.matcher(raw);
        while (m.find()) {
            String before = raw.substring(0, m.start());
            String block = OwnIdentifierText.key(m.group());
            String town = OwnIdentifierText.key(before);
            if (town.length() < 2 || block.length() < 2 || !allDigits(block)) continue;
            // the end of the town name + the numbers: found with or without prefecture and city
            out.put(town.substring(town.length() - 2) + block, false);
            String building = OwnIdentifierText.key(raw.substring(m.end()));
            int lastDigit = -1;
            for (int i = 0; i < building.length(); i++) if (Character.isDigit(building.charAt(i))) lastDigit = i;
            if (lastDigit >= 4) out.put(building.substring(0, lastDigit + 1), false); // コーポ桜302 (号室 left out)
            return;
        }
    }
}
