package jp.insurer.governance.sampledata;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Kana to romaji, full-width digits, Japanese era dates and kanji numerals. */
final class JapaneseText {

    private JapaneseText() {}

    private static final Map<String, String> ROMAJI = new HashMap<>();
    /** ou, oo, uu not followed by a vowel (イノウエ keeps its u: INOUE). */
    private static final java.util.regex.Pattern LONG_VOWEL =
            java.util.regex.Pattern.compile("(o)[ou](?![aiueo])|(?<=u)u(?![aiueo])");

    static {
        String[] table = {
            "キャ:kya", "キュ:kyu", "キョ:kyo", "シャ:sha", "シュ:shu", "ショ:sho", "チャ:cha", "チュ:chu", "チョ:cho", "ニャ:nya",
            "ニュ:nyu", "ニョ:nyo", "ヒャ:hya", "ヒュ:hyu", "ヒョ:hyo", "ミャ:mya", "ミュ:myu", "ミョ:myo", "リャ:rya", "リュ:ryu",
            "リョ:ryo", "ギャ:gya", "ギュ:gyu", "ギョ:gyo", "ジャ:ja", "ジュ:ju", "ジョ:jo", "ビャ:bya", "ビュ:byu", "ビョ:byo", "ピャ:pya",
            "ピュ:pyu", "ピョ:pyo", "ア:a", "イ:i", "ウ:u", "エ:e", "オ:o", "カ:ka", "キ:ki", "ク:ku", "ケ:ke", "コ:ko", "サ:sa",
            "シ:shi", "ス:su", "セ:se", "ソ:so", "タ:ta", "チ:chi", "ツ:tsu", "テ:te", "ト:to", "ナ:na", "ニ:ni", "ヌ:nu", "ネ:ne",
            "ノ:no", "ハ:ha", "ヒ:hi", "フ:fu", "ヘ:he", "ホ:ho", "マ:ma", "ミ:mi", "ム:mu", "メ:me", "モ:mo", "ヤ:ya", "ユ:yu",
            "ヨ:yo", "ラ:ra", "リ:ri", "ル:ru", "レ:re", "ロ:ro", "ワ:wa", "ヲ:o", "ン:n", "ガ:ga", "ギ:gi", "グ:gu", "ゲ:ge",
            "ゴ:go", "ザ:za", "ジ:ji", "ズ:zu", "ゼ:ze", "ゾ:zo", "ダ:da", "ヂ:ji", "ヅ:zu", "デ:de", "ド:do", "バ:ba", "ビ:bi",
            "ブ:bu", "ベ:be", "ボ:bo", "パ:pa", "ピ:pi", "プ:pu", "ペ:pe", "ポ:po",
        };
        for (String entry : table) {
            int colon = entry.indexOf(':');
            ROMAJI.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
    }

    /** Passport-style Hepburn (long vowels dropped: サトウ → SATO, オオノ → ONO), upper case. */
    static String romaji(String katakana) {
        StringBuilder out = new StringBuilder();
        boolean geminate = false;
        for (int i = 0; i < katakana.length(); i++) {
            char c = katakana.charAt(i);
            if (c == 'ッ') {
                geminate = true;
                continue;
            }
            if (c == 'ー') {
                continue;
            }
            String syllable = null;
            if (i + 1 < katakana.length()) {
                syllable = ROMAJI.get(katakana.substring(i, i + 2));
                if (syllable != null) {
                    i++;
                }
            }
            if (syllable == null) {
                syllable = ROMAJI.get(String.valueOf(c));
            }
            if (syllable == null) {
                out.append(c);
                continue;
            }
            if (geminate) {
                out.append(syllable.startsWith("ch") ? 't' : syllable.charAt(0));
                geminate = false;
            }
            out.append(syllable);
        }
        String s = LONG_VOWEL.matcher(out).replaceAll("$1");
        return s.toUpperCase(Locale.ROOT);
    }

    /** ASCII digits, letters and common signs to their full-width forms. */
    static String fullWidth(String ascii) {
        StringBuilder out = new StringBuilder(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c == ' ') {
                out.append('\u3000');
            } else if (c == '-') {
                out.append('－');
            } else if (c > 0x20 && c < 0x7F) {
                out.append((char) (c - 0x21 + 0xFF01));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final String[] KANJI_DIGITS = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

    /** 1..99 as kanji numerals (十, 二十五, 三十一). */
    static String kanjiNumber(int n) {
        if (n < 10) {
            return KANJI_DIGITS[n];
        }
        int tens = n / 10;
        int ones = n % 10;
        return (tens == 1 ? "" : KANJI_DIGITS[tens]) + "十" + (ones == 0 ? "" : KANJI_DIGITS[ones]);
    }

    record Era(String name, String letter, LocalDate start) {}

    private static final Era[] ERAS = {
        new Era("令和", "R", LocalDate.of(2019, 5, 1)),
        new Era("平成", "H", LocalDate.of(1989, 1, 8)),
        new Era("昭和", "S", LocalDate.of(1926, 12, 25)),
        new Era("大正", "T", LocalDate.of(1912, 7, 30)),
        new Era("明治", "M", LocalDate.of(1868, 1, 25)),
    };

    static Era eraOf(LocalDate date) {
        for (Era era : ERAS) {
            if (!date.isBefore(era.start())) {
                return era;
            }
        }
        return ERAS[ERAS.length - 1];
    }

    static int eraYear(LocalDate date) {
        return date.getYear() - eraOf(date).start().getYear() + 1;
    }

    /** 昭和55年3月2日, 平成元年5月1日. */
    static String eraDate(LocalDate date) {
        int y = eraYear(date);
        return eraOf(date).name() + (y == 1 ? "元" : String.valueOf(y)) + "年" + date.getMonthValue() + "月"
                + date.getDayOfMonth() + "日";
    }

    /** 昭和五十五年三月二日. */
    static String eraDateKanji(LocalDate date) {
        int y = eraYear(date);
        return eraOf(date).name() + (y == 1 ? "元" : kanjiNumber(y)) + "年" + kanjiNumber(date.getMonthValue()) + "月"
                + kanjiNumber(date.getDayOfMonth()) + "日";
    }

    /** S55.3.2 */
    static String eraDateShort(LocalDate date) {
        return eraOf(date).letter() + eraYear(date) + "." + date.getMonthValue() + "." + date.getDayOfMonth();
    }
}
