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

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        if (s.indexOf('@') < 0) return List.of();
        List<Finding> out = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(s);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) end--;
            while (start < end && s.charAt(start) == '.') start++;
            if (validator.isValid(s.substring(start, end))) {
                out.add(text.finding(EntityTypes.EMAIL_ADDRESS, null, start, end, 0.95, name()));
            }
        }
        return out;
    }
}
