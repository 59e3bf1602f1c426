package jp.insurer.governance.policy.detect.recognizer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;
import jp.insurer.governance.policy.detect.Checksums;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;
import org.apache.commons.validator.routines.CodeValidator;
import org.apache.commons.validator.routines.CreditCardValidator;

/**
 * Phone numbers, My Numbers and payment cards written the way people dictate or obfuscate them:
 * kanji digits (〇九〇の一二三四の五六七八), spoken digits in kana (ゼロキュウゼロ…), 零, and any
 * separators (spaces, ・, の, dots, commas, hyphens; up to two in a row). The digit-run detectors
 * read ASCII digits with standard grouping; this one reads a run of digit words, joins their values
 * and classifies the digit string by length and validation, sharing nothing with the text's layout:
 * <ul>
 *   <li>10–11 digits starting with 0 that libphonenumber accepts as a valid Japanese number: phone;</li>
 *   <li>12 digits with a valid 個人番号 check digit: My Number (moderate without a context word);</li>
 *   <li>13–19 digits that Commons Validator accepts as a card (issuer prefix, length, Luhn): card.</li>
 * </ul>
 * Hand-written because no library reads Japanese spoken or kanji digit strings; ten or more digit
 * words in a row almost never occur in ordinary text, so the kana words (に, ご, さん) are safe here.
 */
public final class SpelledNumberDetector implements Detector {

    /** Digit words, longest first where one is a prefix of another (キュウ before キュ). */
    private static final String[][] WORDS = {
        {"ゼロ", "0"},
        {"ぜろ", "0"},
        {"レイ", "0"},
        {"れい", "0"},
        {"マル", "0"},
        {"まる", "0"},
        {"〇", "0"},
        {"零", "0"},
        {"○", "0"},
        {"イチ", "1"},
        {"いち", "1"},
        {"ヒト", "1"},
        {"一", "1"},
        {"壱", "1"},
        {"ニー", "2"},
        {"にい", "2"},
        {"ニ", "2"},
        {"に", "2"},
        {"二", "2"},
        {"弐", "2"},
        {"サン", "3"},
        {"さん", "3"},
        {"三", "3"},
        {"参", "3"},
        {"ヨン", "4"},
        {"よん", "4"},
        {"四", "4"},
        {"ゴー", "5"},
        {"ごう", "5"},
        {"ゴ", "5"},
        {"ご", "5"},
        {"五", "5"},
        {"ロク", "6"},
        {"ろく", "6"},
        {"六", "6"},
        {"ナナ", "7"},
        {"なな", "7"},
        {"シチ", "7"},
        {"七", "7"},
        {"ハチ", "8"},
        {"はち", "8"},
        {"八", "8"},
        {"キュウ", "9"},
        {"きゅう", "9"},
        {"キュー", "9"},
        {"キュ", "9"},
        {"九", "9"},
    };

    private static final String FIRST_CHARS;

    static {
        StringBuilder b = new StringBuilder();
        for (String[] w : WORDS) if (b.indexOf(w[0].substring(0, 1)) < 0) b.append(w[0].charAt(0));
        FIRST_CHARS = b.toString();
    }

    private static final String SEPARATORS = " -・の.,、()/_ー";
    private static final int MIN_DIGITS = 10;

    private static final CodeValidator[] CARDS = {
        CreditCardValidator.VISA_VALIDATOR, CreditCardValidator.MASTERCARD_VALIDATOR,
        CreditCardValidator.AMEX_VALIDATOR, CreditCardValidator.DINERS_VALIDATOR,
        CreditCardValidator.DISCOVER_VALIDATOR, CreditCardDetector.JCB_VALIDATOR
    };

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final CreditCardValidator cards = new CreditCardValidator(CARDS);
    private final ContextWords context;

    public SpelledNumberDetector(ContextWords context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "spelled-number";
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        if (!worthScanning(s)) return List.of();
        List<Finding> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        StringBuilder digits = new StringBuilder(24);
        while (i < n) {
            int len = digitWordAt(s, i, digits);
            if (len == 0) {
                i++;
                continue;
            }
            // a run: digit words separated by at most two separator chars
            int start = i;
            digits.setLength(0);
            int end = i;
            boolean plain = true; // ASCII digits and hyphens/spaces only: the regular detectors' job
            boolean onlyCommas = true; // 1,234,567,890 is an amount
            int j = i;
            while (j < n) {
                int w = digitWordAt(s, j, digits);
                if (w == 0) break;
                if (w > 1 || !Spans.isDigit(s.charAt(j))) plain = false;
                j += w;
                end = j;
                int sep = 0;
                while (j < n && sep < 2 && SEPARATORS.indexOf(s.charAt(j)) >= 0) {
                    if (s.charAt(j) != '-' && s.charAt(j) != ' ') plain = false;
                    if (s.charAt(j) != ',') onlyCommas = false;
                    j++;
                    sep++;
                }
                if (digits.length() > 19) break;
            }
            // plain runs are left to the regular detectors, except 12 digits (My Number grouped 3-3-3-3 etc.)
            boolean mine = !plain || digits.length() == 12;
            if (mine
                    && !(onlyCommas && end - start > digits.length())
                    && digits.length() >= MIN_DIGITS
                    && (start == 0
                            || !(Spans.isDigit(s.charAt(start - 1)) || Spans.isAsciiLetter(s.charAt(start - 1))))) {
                Finding f = classify(text, digits.toString(), start, end);
                if (f != null) out.add(f);
            }
            i = Math.max(end, i + 1);
        }
        return out;
    }

    private Finding classify(ScanText text, String d, int start, int end) {
        int len = d.length();
        if ((len == 10 || len == 11) && d.charAt(0) == '0' && validPhone(d)) {
            double score = context.near(text, EntityTypes.PHONE_NUMBER, start, end) ? 0.95 : 0.85;
            return text.finding(EntityTypes.PHONE_NUMBER, null, start, end, score, name());
        }
        if (len == 12 && Checksums.myNumber(d)) {
            double score = context.near(text, EntityTypes.MY_NUMBER, start, end) ? 0.97 : 0.6;
            return text.finding(EntityTypes.MY_NUMBER, null, start, end, score, name());
        }
        if (len >= 13 && len <= 19 && cards.isValid(d)) {
            double score = context.near(text, EntityTypes.CREDIT_CARD, start, end) ? 0.98 : 0.9;
            return text.finding(EntityTypes.CREDIT_CARD, null, start, end, score, name());
        }
        return null;
    }

    private boolean validPhone(String d) {
        try {
            return phones.isValidNumberForRegion(phones.parse(d, "JP"), "JP");
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** Length of the digit word at {@code i} (0 if none); appends its value to {@code digits}. */
    private static int digitWordAt(String s, int i, StringBuilder digits) {
        char c = s.charAt(i);
        if (Spans.isDigit(c)) {
            digits.append(c);
            return 1;
        }
        if (FIRST_CHARS.indexOf(c) < 0) return 0;
        for (String[] w : WORDS) {
            if (w[0].charAt(0) == c && s.startsWith(w[0], i)) {
                digits.append(w[1]);
                return w[0].length();
            }
        }
        return 0;
    }

    /** Ten digit words need at least a few kanji/kana digit chars or ASCII digits: skip texts without. */
    private static boolean worthScanning(String s) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Spans.isDigit(c) || FIRST_CHARS.indexOf(c) >= 0) {
                if (++count >= MIN_DIGITS) return true;
            }
        }
        return false;
    }
}
