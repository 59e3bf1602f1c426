package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: a loose candidate pattern on the normalized text (full-width ＠ and letters are
 * ASCII by then), confirmed by Commons Validator, which knows the RFC and the IANA top-level domains.
 */
public final class EmailDetector implements Detector {

    private static final Pattern CANDIDATE =
            Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+");

    private final EmailValidator validator = EmailValidator.getInstance(false, false);

    @Override
    public String name() { return "email-commons-validator"; }

    private static boolean isLocal(char c) {
        return Spans.isAsciiLetter(c) || Spans.isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return Spans.isAsciiLetter(c) || Spans.isDigit(c) || c == '.' || c == '-';
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        if (s.indexOf('@') < 0) return List.of();
        List<Finding> out = new ArrayList<>();
        // expand around each '@' (a regex find over a long document retries every ASCII run)
        int at = s.indexOf('@');
        int covered = 0;
        while (at >= 0) {
            int start = at;
            while (start > covered && isLocal(s.charAt(start - 1))) start--;
            int end = at + 1;
            while (end < s.length() && isDomain(s.charAt(end))) end++;
            while (end > at + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) end--;
            while (start < at && s.charAt(start) == '.') start++;
            if (start < at && end > at + 1) {
                Matcher m = CANDIDATE.matcher(s).region(start, end);
                if (m.matches() && validator.isValid(s.substring(start, end))) {
                    out.add(text.finding(EntityTypes.EMAIL_ADDRESS, null, start, end, 0.95, name()));
                    covered = end;
                }
            }
            at = s.indexOf('@', at + 1);
        }
        return out;
    }
}
