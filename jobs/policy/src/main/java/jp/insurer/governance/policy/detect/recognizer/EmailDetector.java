package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: a loose candidate around each at-mark on the normalized text (full-width ＠ and
 * letters are ASCII by then), confirmed by Commons Validator, which knows the RFC and the IANA
 * top-level domains. Obfuscated forms count too: the at-mark written {@code (at)}, {@code [at]},
 * {@code <at>}, アットマーク or アット, dots written {@code (dot)}, {@code [dot]} or ドット, with
 * spaces around them; the validator sees the address with those replaced. An address glued to
 * following ASCII text (taro@example.co.jpTEL) is cut back to the longest valid address.
 */
public final class EmailDetector implements Detector {

    private static final Pattern CANDIDATE =
            Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+");
    /** At-marks, longest first; matched on the lower-cased normalized text. */
    private static final String[] AT_MARKS = {
        "アットマーク", "あっとまーく", "(at)", "[at]", "{at}", "<at>", "(@)", "[@]", "アット", "@"
    };

    private static final String[] DOT_MARKS = {"(dot)", "[dot]", "{dot}", "<dot>", "ドット", "(.)", "[.]"};
    static final double PLAIN = 0.95;
    static final double OBFUSCATED = 0.9;

    private final EmailValidator validator = EmailValidator.getInstance(false, false);

    @Override
    public String name() {
        return "email-commons-validator";
    }

    private static boolean isLocal(char c) {
        return Spans.isAsciiLetter(c) || Spans.isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return Spans.isAsciiLetter(c) || Spans.isDigit(c) || c == '.' || c == '-';
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        String low = text.lower();
        if (s.indexOf('@') < 0 && low.indexOf("at") < 0 && s.indexOf('ア') < 0 && s.indexOf('あ') < 0) return List.of();
        List<Finding> out = new ArrayList<>();
        int covered = 0;
        for (int at = 0; at < s.length(); at++) {
            String mark = atMarkAt(low, at);
            if (mark == null) continue;
            int markEnd = at + mark.length();
            // local part: ASCII run before the mark (spaces allowed between them)
            int localEnd = at;
            while (localEnd > covered && s.charAt(localEnd - 1) == ' ') localEnd--;
            int start = localEnd;
            while (start > covered && isLocal(s.charAt(start - 1))) start--;
            while (start < localEnd && s.charAt(start) == '.') start++;
            if (start >= localEnd) continue;
            // domain: ASCII labels after the mark, joined by '.' or a dot mark
            int d = markEnd;
            while (d < s.length() && s.charAt(d) == ' ') d++;
            StringBuilder domain = new StringBuilder();
            List<Integer> ends = new ArrayList<>(); // normalized end index after each domain char
            while (d < s.length()) {
                char c = s.charAt(d);
                if (isDomain(c)) {
                    domain.append(c);
                    d++;
                    ends.add(d);
                    continue;
                }
                String dot = dotMarkAt(low, d);
                if (dot == null) break;
                domain.append('.');
                d += dot.length();
                while (d < s.length() && s.charAt(d) == ' ') d++;
                ends.add(d);
            }
            String local = s.substring(start, localEnd);
            // longest valid address, cutting back glued ASCII text (…co.jpTEL)
            for (int k = domain.length(); k >= 3; k--) {
                String dom = domain.substring(0, k);
                if (dom.endsWith(".") || dom.endsWith("-") || dom.indexOf('.') < 0) continue;
                String address = local + "@" + dom;
                if (CANDIDATE.matcher(address).matches() && validator.isValid(address)) {
                    int end = ends.get(k - 1);
                    while (end > markEnd && s.charAt(end - 1) == ' ') end--;
                    boolean plain = mark.equals("@") && localEnd == at && address.length() == end - start;
                    out.add(text.finding(
                            EntityTypes.EMAIL_ADDRESS, null, start, end, plain ? PLAIN : OBFUSCATED, name()));
                    covered = end;
                    at = end - 1;
                    break;
                }
            }
        }
        return out;
    }

    private static String atMarkAt(String low, int i) {
        char c = low.charAt(i);
        if (c != '@' && c != '(' && c != '[' && c != '{' && c != '<' && c != 'ア' && c != 'あ') return null;
        for (String m : AT_MARKS) {
            if (low.startsWith(m, i)) return m;
        }
        return null;
    }

    private static String dotMarkAt(String low, int i) {
        int j = i;
        while (j < low.length() && low.charAt(j) == ' ') j++;
        for (String m : DOT_MARKS) {
            if (low.startsWith(m, j)) return low.substring(i, j) + m;
        }
        return null;
    }
}
