package jp.insurer.governance.policy.extract;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The one normalized form in which a customer's own identifiers and released text are compared, with
 * each normalized character's span in the original text (to mask what matched). Deliberately shares
 * nothing with the detectors ({@code detect/}): a second check must not inherit their blind spots.
 *
 * <p>Steps, in one pass over the text:
 * <ul>
 *   <li>NFKC per character (full- and half-width forms, ① → 1, ㍻ → 平成), half-width voiced marks
 *       joined to their kana; Latin diacritics dropped (Ō → o) and letters lower-cased;</li>
 *   <li>katakana → hiragana; a long-vowel mark after kana becomes the vowel it lengthens (サトー → さとう);</li>
 *   <li>everything that is not a letter or digit (spaces, hyphens, dots, brackets, ・, @) is dropped;</li>
 *   <li>kanji numerals → digits: digit by digit (〇三 → 03, 一九七五 → 1975) or by place value
 *       (二十四 → 24, 千九百七十五 → 1975); between digits {@code の} and {@code と} are separators and after a digit
 *       丁目, 番地, 番 and 号 are separators (三丁目十二番五号 → 3125, 03の1234 → 031234);</li>
 *   <li>each romaji word (a Latin run of the original text) is folded to one spelling: long vowels
 *       (ou, oo, uu, oh before a consonant → o/u), Hepburn → Kunrei (shi → si, chi → ti, tsu → tu,
 *       fu → hu, ji → zi, sha → sya, cha → tya, ja → zya) and m before b/p/m → n, so that Satō, Satoh,
 *       SATOU and Sato are one word.</li>
 * </ul>
 * Hand-written rather than ICU's transliterators: it runs on every released cell, must keep offsets
 * and needs only these few folds, each applied identically to both sides of the comparison.
 */
public final class OwnIdentifierText {

    /** A normalized text: {@code chars[i]} came from the original characters {@code [from[i], to[i])}. */
    public record Normalized(char[] chars, int[] from, int[] to, int length) {
        public String text() {
            return new String(chars, 0, length);
        }
    }

    private OwnIdentifierText() {}

    /** NFKC (then Latin diacritics dropped, lower-cased) of every BMP character that changes; null where it stays. */
    private static final String[] FOLD = new String[65536];

    static {
        for (int c = 0; c < 65536; c++) {
            if (Character.isSurrogate((char) c)) continue;
            String s = String.valueOf((char) c);
            String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
            StringBuilder out = new StringBuilder(n.length());
            for (int i = 0; i < n.length(); i++) {
                char ch = n.charAt(i);
                if (ch >= 0x00C0 && ch <= 0x024F) { // Latin with diacritics: the base letter
                    String d = Normalizer.normalize(String.valueOf(ch), Normalizer.Form.NFD);
                    ch = d.charAt(0);
                }
                if (ch < 0x0250) ch = Character.toLowerCase(ch);
                out.append(ch);
            }
            String folded = out.toString();
            if (!folded.equals(s)) FOLD[c] = folded;
        }
    }

    private static final String KANJI_DIGITS = "〇一二三四五六七八九";

    /** Normalizes a text (see the class comment). */
    public static Normalized normalize(String text) {
        int n = text.length();
        char[] out = new char[n * 2 + 4];
        int[] from = new int[out.length];
        int[] to = new int[out.length];
        boolean[] wordStart = new boolean[out.length];
        int len = 0;
        boolean broken = true; // a character was dropped (or the text starts) before the next one
        boolean numerals = false; // the later passes run only when their characters occur
        boolean separators = false;
        boolean latin = false;
        for (int i = 0; i < n; ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String folded = cp < 65536 ? FOLD[cp] : null;
            if (cp >= 65536) { // supplementary ideographs are letters; kept as their two chars
                if (Character.isLetter(cp)) {
                    for (int k = i; k < next; k++) {
                        if (len + 2 >= out.length) {
                            out = grow(out);
                            from = grow(from);
                            to = grow(to);
                            wordStart = grow(wordStart);
                        }
                        out[len] = text.charAt(k);
                        from[len] = i;
                        to[len] = next;
                        wordStart[len] = broken;
                        len++;
                        broken = false;
                    }
                } else {
                    broken = true;
                }
                i = next;
                continue;
            }
            CharSequence chars = folded != null ? folded : null;
            int count = chars != null ? chars.length() : 1;
            for (int k = 0; k < count; k++) {
                char c = chars != null ? chars.charAt(k) : (char) cp;
                if (c >= 'A' && c <= 'Z') c = (char) (c + 32);
                if (c >= 0x30A1 && c <= 0x30F6) c = (char) (c - 0x60); // katakana → hiragana
                if (c == '\u3099'
                        || c == '\u309A'
                        || c == '\u309B'
                        || c == '\u309C') { // voiced marks join the kana before
                    if (len > 0 && isKana(out[len - 1])) {
                        char mark = c == '\u309B' ? '\u3099' : c == '\u309C' ? '\u309A' : c;
                        String joined = Normalizer.normalize("" + out[len - 1] + mark, Normalizer.Form.NFC);
                        if (joined.length() == 1) {
                            out[len - 1] = joined.charAt(0);
                            to[len - 1] = next;
                        }
                    }
                    continue;
                }
                if (c == 'ー' || c == '～' || c == '〜') { // long vowel: the vowel it lengthens, after kana only
                    char vowel = len > 0 && !broken ? vowelOf(out[len - 1]) : 0;
                    if (vowel == 0) {
                        broken = true;
                        continue;
                    }
                    c = vowel;
                }
                if (!Character.isLetterOrDigit(c) && c != '〇') { // 〇 is a "letter number", not a letter
                    broken = true;
                    continue;
                }
                if (len + 2 >= out.length) {
                    out = grow(out);
                    from = grow(from);
                    to = grow(to);
                    wordStart = grow(wordStart);
                }
                if (c >= 'a' && c <= 'z') latin = true;
                else if (c > 0x3000 && isKanjiNumeral(c)) numerals = true;
                else if (c == 'の' || c == '丁' || c == '番' || c == '号') separators = true;
                else if (c == 'と' && len > 0 && (isDigit(out[len - 1]) || isKanjiNumeral(out[len - 1])))
                    separators = true;
                out[len] = c;
                from[len] = i;
                to[len] = next;
                wordStart[len] = broken;
                len++;
                broken = false;
            }
            i = next;
        }
        Buffer b = new Buffer(out, from, to, wordStart, len);
        if (numerals) b = kanjiNumerals(b);
        if (separators) b = separators(b);
        if (latin) b = romaji(b);
        return new Normalized(b.chars, b.from, b.to, b.len);
    }

    /** A string normalized for comparison (no offsets). */
    public static String key(String text) {
        return normalize(text).text();
    }

    private record Buffer(char[] chars, int[] from, int[] to, boolean[] wordStart, int len) {}

    /** Working output of the later passes. */
    private static final class Out {
        char[] chars;
        int[] from;
        int[] to;
        boolean[] wordStart;
        int len;

        Out(int capacity) {
            chars = new char[capacity + 4];
            from = new int[capacity + 4];
            to = new int[capacity + 4];
            wordStart = new boolean[capacity + 4];
        }

        void add(char c, int f, int t, boolean start) {
            if (len == chars.length) {
                chars = grow(chars);
                from = grow(from);
                to = grow(to);
                wordStart = grow(wordStart);
            }
            chars[len] = c;
            from[len] = f;
            to[len] = t;
            wordStart[len] = start;
            len++;
        }

        Buffer buffer() {
            return new Buffer(chars, from, to, wordStart, len);
        }
    }

    private static boolean isKanjiNumeral(char c) {
        return KANJI_DIGITS.indexOf(c) >= 0
                || c == '零'
                || c == '十'
                || c == '百'
                || c == '千'
                || c == '壱'
                || c == '弐'
                || c == '参';
    }

    private static int digitOf(char c) {
        int d = KANJI_DIGITS.indexOf(c);
        if (d >= 0) return d;
        return switch (c) {
            case '零' -> 0;
            case '壱' -> 1;
            case '弐' -> 2;
            case '参' -> 3;
            default -> -1;
        };
    }

    /** Runs of kanji numerals (within one word) → ASCII digits. */
    private static Buffer kanjiNumerals(Buffer in) {
        Out out = new Out(in.len);
        int i = 0;
        while (i < in.len) {
            if (!isKanjiNumeral(in.chars[i])) {
                out.add(in.chars[i], in.from[i], in.to[i], in.wordStart[i]);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < in.len && isKanjiNumeral(in.chars[j]) && !in.wordStart[j]) j++;
            boolean placeValue = false;
            for (int k = i; k < j; k++) {
                char c = in.chars[k];
                if (c == '十' || c == '百' || c == '千') placeValue = true;
            }
            if (!placeValue) {
                for (int k = i; k < j; k++)
                    out.add((char) ('0' + digitOf(in.chars[k])), in.from[k], in.to[k], k == i && in.wordStart[k]);
            } else {
                long value = 0;
                int digit = -1;
                for (int k = i; k < j; k++) {
                    char c = in.chars[k];
                    int unit = c == '十' ? 10 : c == '百' ? 100 : c == '千' ? 1000 : 0;
                    if (unit == 0) {
                        digit = digit < 0 ? digitOf(c) : digit * 10 + digitOf(c);
                    } else {
                        value += (long) (digit < 0 ? 1 : digit) * unit;
                        digit = -1;
                    }
                }
                if (digit >= 0) value += digit;
                String digits = Long.toString(value);
                for (int k = 0; k < digits.length(); k++) {
                    out.add(digits.charAt(k), in.from[i], in.to[j - 1], k == 0 && in.wordStart[i]);
                }
            }
            i = j;
        }
        return out.buffer();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * の and と between digits (a number read out in groups: 5507と4044と5421); 丁目, 番地, 番, 号 after a
     * digit: separators of numbers and addresses.
     */
    private static Buffer separators(Buffer in) {
        Out out = new Out(in.len);
        for (int i = 0; i < in.len; i++) {
            char c = in.chars[i];
            boolean afterDigit = out.len > 0 && isDigit(out.chars[out.len - 1]);
            if (afterDigit) {
                if ((c == 'の' || c == 'と') && i + 1 < in.len && isDigit(in.chars[i + 1])) continue;
                if (c == '丁' && i + 1 < in.len && in.chars[i + 1] == '目') {
                    i++;
                    continue;
                }
                if (c == '番' && i + 1 < in.len && in.chars[i + 1] == '地') {
                    i++;
                    continue;
                }
                if (c == '番' || c == '号') continue;
            }
            out.add(c, in.from[i], in.to[i], in.wordStart[i]);
        }
        return out.buffer();
    }

    private static boolean isLatin(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
    }

    /** Each romaji word (a Latin run not interrupted in the original) folded to one spelling. */
    private static Buffer romaji(Buffer in) {
        boolean any = false;
        for (int i = 0; i < in.len && !any; i++) any = isLatin(in.chars[i]);
        if (!any) return in;
        Out out = new Out(in.len + 8);
        int i = 0;
        while (i < in.len) {
            if (!isLatin(in.chars[i])) {
                out.add(in.chars[i], in.from[i], in.to[i], in.wordStart[i]);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < in.len && isLatin(in.chars[j]) && !in.wordStart[j]) j++;
            foldWord(in, i, j, out);
            i = j;
        }
        return out.buffer();
    }

    private static void foldWord(Buffer in, int start, int end, Out out) {
        // pass 1, long vowels: ou, oo → o; uu → u; oh before a consonant or the word's end → o
        Out word = new Out(end - start);
        for (int i = start; i < end; i++) {
            char c = in.chars[i];
            char n1 = i + 1 < end ? in.chars[i + 1] : 0;
            char n2 = i + 2 < end ? in.chars[i + 2] : 0;
            boolean longVowel = (c == 'o' && (n1 == 'u' || n1 == 'o'))
                    || (c == 'u' && n1 == 'u')
                    || (c == 'o' && n1 == 'h' && !isVowel(n2) && n2 != 'y');
            if (longVowel) {
                word.add(c, in.from[i], in.to[i + 1], false);
                i++;
            } else {
                word.add(c, in.from[i], in.to[i], false);
            }
        }
        // pass 2, Hepburn → Kunrei, and m before b, p, m → n
        boolean first = in.wordStart[start];
        for (int i = 0; i < word.len; i++) {
            char c = word.chars[i];
            char n1 = i + 1 < word.len ? word.chars[i + 1] : 0;
            char n2 = i + 2 < word.len ? word.chars[i + 2] : 0;
            int f = word.from[i];
            boolean ws = i == 0 && first;
            if ((c == 's' || c == 'c') && n1 == 'h' && isVowel(n2)) {
                addSyllable(out, c == 's' ? 's' : 't', n2, f, word.to[i + 2], ws);
                i += 2;
            } else if (c == 't' && n1 == 's' && n2 == 'u') {
                out.add('t', f, word.to[i + 2], ws);
                out.add('u', f, word.to[i + 2], false);
                i += 2;
            } else if (c == 'f' && n1 == 'u') {
                out.add('h', f, word.to[i + 1], ws);
                out.add('u', f, word.to[i + 1], false);
                i++;
            } else if (c == 'j' && n1 == 'y' && isVowel(n2)) {
                addSyllable(out, 'z', n2, f, word.to[i + 2], ws);
                i += 2;
            } else if (c == 'j' && isVowel(n1)) {
                addSyllable(out, 'z', n1, f, word.to[i + 1], ws);
                i++;
            } else if (c == 'm' && (n1 == 'b' || n1 == 'p' || n1 == 'm')) {
                out.add('n', f, word.to[i], ws);
            } else {
                out.add(c, f, word.to[i], ws);
            }
        }
    }

    /** consonant + vowel in Kunrei: si, sya, syu, syo (and ti, tya…, zi, zya…); e stays ye. */
    private static void addSyllable(Out out, char consonant, char vowel, int from, int to, boolean wordStart) {
        out.add(consonant, from, to, wordStart);
        if (vowel != 'i') out.add('y', from, to, false);
        out.add(vowel, from, to, false);
    }

    private static boolean isKana(char c) {
        return c >= 0x3041 && c <= 0x3096;
    }

    private static final String A_ROW = "あかさたなはまやらわがざだばぱぁゃゎ";
    private static final String I_ROW = "いきしちにひみりぎじぢびぴぃ";
    private static final String U_ROW = "うくすつぬふむゆるぐずづぶぷぅゅゔ";
    private static final String E_ROW = "えけせてねへめれげぜでべぺぇ";
    private static final String O_ROW = "おこそとのほもよろをごぞどぼぽぉょ";

    /** The vowel a long-vowel mark after this kana stands for (o-row: う, as in サトー = さとう), or 0. */
    private static char vowelOf(char kana) {
        if (A_ROW.indexOf(kana) >= 0) return 'あ';
        if (I_ROW.indexOf(kana) >= 0) return 'い';
        if (U_ROW.indexOf(kana) >= 0) return 'う';
        if (E_ROW.indexOf(kana) >= 0) return 'い';
        if (O_ROW.indexOf(kana) >= 0) return 'う';
        return 0;
    }

    private static char[] grow(char[] a) {
        return Arrays.copyOf(a, a.length * 2 + 8);
    }

    private static int[] grow(int[] a) {
        return Arrays.copyOf(a, a.length * 2 + 8);
    }

    private static boolean[] grow(boolean[] a) {
        return Arrays.copyOf(a, a.length * 2 + 8);
    }
}
