package jp.insurer.governance.policy.detect.recognizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Checksums;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.Detector;
import jp.insurer.governance.policy.detect.EntityTypes;
import jp.insurer.governance.policy.detect.Finding;
import jp.insurer.governance.policy.detect.ScanText;
import org.apache.commons.validator.routines.CodeValidator;
import org.apache.commons.validator.routines.CreditCardValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Payment card numbers: 13–19 digits, grouped by spaces or hyphens or not at all, validated by
 * Commons Validator (issuer prefix, length, Luhn). Commons Validator has no JCB range, the most
 * common Japanese brand, so JCB 3528–3589 is added here.
 */
public final class CreditCardDetector implements Detector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![0-9])(?:\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,7}|\\d{4}([ -])\\d{6}\\2\\d{4,5}|\\d{13,19})(?![0-9])");

    static final CodeValidator JCB_VALIDATOR =
            new CodeValidator("^(35(?:2[89]|[3-8][0-9])\\d{12,15})$", LuhnCheckDigit.LUHN_CHECK_DIGIT);

    private final CreditCardValidator validator = new CreditCardValidator(new CodeValidator[] {
        CreditCardValidator.VISA_VALIDATOR, CreditCardValidator.MASTERCARD_VALIDATOR,
        CreditCardValidator.AMEX_VALIDATOR, CreditCardValidator.DINERS_VALIDATOR,
        CreditCardValidator.DISCOVER_VALIDATOR, JCB_VALIDATOR
    });
    private final ContextWords context;

    public CreditCardDetector(ContextWords context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "credit-card-commons-validator";
    }

    @Override
    public List<Finding> detect(ScanText text) {
        String s = text.normalized();
        List<Finding> out = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(s);
        while (m.find()) {
            if (!Spans.digitsStandAlone(s, m.start(), m.end())) continue;
            String digits = Checksums.digitsOf(m.group());
            if (!validator.isValid(digits)) continue;
            double score = context.near(text, EntityTypes.CREDIT_CARD, m.start(), m.end()) ? 0.98 : 0.9;
            out.add(text.finding(EntityTypes.CREDIT_CARD, null, m.start(), m.end(), score, name()));
        }
        return out;
    }
}
