package jp.insurer.governance.policy.detect.recognizer;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;

/**
 * Japanese and international phone numbers via libphonenumber's {@code findNumbers} (region JP,
 * leniency VALID: the number must exist in the numbering plan, which rejects 12-digit customer
 * numbers). libphonenumber refuses a number glued to Latin letters ({@code tel03…}), so letters
 * directly before a number are blanked (same length, offsets unchanged) before the search; a glued
 * number counts fully after a phone keyword and weakly after other letters (product codes).
 */
public final class PhoneNumberDetector implements Detector {

    private static final Set<String> PHONE_KEYWORDS =
            Set.of("tel", "phone", "mobile", "mob", "fax", "cell", "ph", "keitai", "denwa", "tell");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final ContextWords context;

    public PhoneNumberDetector(ContextWords context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "phone-libphonenumber";
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        if (!hasEnoughDigits(s)) return List.of();
        char[] masked = s.toCharArray();
        boolean[] gluedToWord = new boolean[masked.length];
        boolean[] gluedToKeyword = new boolean[masked.length];
        int i = 0;
        while (i < masked.length) {
            if (!Spans.isAsciiLetter(masked[i])) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < masked.length && Spans.isAsciiLetter(masked[i])) i++;
            int j = i;
            if (j < masked.length && (masked[j] == '.' || masked[j] == ':')) j++;
            if (j < masked.length && (Spans.isDigit(masked[j]) || masked[j] == '+' || masked[j] == '(')) {
                String word = s.substring(runStart, i).toLowerCase(java.util.Locale.ROOT);
                for (int k = runStart; k < i; k++) masked[k] = ' ';
                gluedToWord[j] = true;
                gluedToKeyword[j] = PHONE_KEYWORDS.contains(word);
            }
        }
        List<Finding> out = new ArrayList<>();
        String maskedText = new String(masked);
        // libphonenumber is the costliest pattern detector; give it only the digit clusters that
        // could hold a number (8+ digits joined by separators), each with a little margin.
        int k = 0;
        while (k < masked.length) {
            if (!isClusterChar(masked[k])) {
                k++;
                continue;
            }
            int a = k;
            int digits = 0;
            boolean prefix = false; // a national 0 or an international + must start some run
            while (k < masked.length && isClusterChar(masked[k])) {
                char c = masked[k];
                if (Spans.isDigit(c)) digits++;
                if (c == '+' || (c == '0' && (k == a || !Spans.isDigit(masked[k - 1])))) prefix = true;
                k++;
            }
            if (digits < 8 || !prefix) continue;
            int from = Math.max(0, a - 1);
            int to = Math.min(masked.length, k + 1);
            for (PhoneNumberMatch m : util.findNumbers(
                    maskedText.substring(from, to), "JP", PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                int start = from + m.start();
                int end = from + m.end();
                double score = context.near(text, EntityTypes.PHONE_NUMBER, start, end) ? 0.95 : 0.85;
                if (gluedToWord[start] && !gluedToKeyword[start]) score = 0.35;
                out.add(text.finding(EntityTypes.PHONE_NUMBER, null, start, end, score, name()));
            }
        }
        return out;
    }

    private static boolean isClusterChar(char c) {
        return Spans.isDigit(c) || c == '-' || c == '(' || c == ')' || c == '+' || c == ' ' || c == '.';
    }

    private static boolean hasEnoughDigits(String s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Spans.isDigit(s.charAt(i)) && ++digits >= 6) return true;
        }
        return false;
    }
}
