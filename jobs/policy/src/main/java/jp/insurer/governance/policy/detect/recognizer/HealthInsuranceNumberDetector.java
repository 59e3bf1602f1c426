package jp.insurer.governance.policy.detect.recognizer;

import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Checksums;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.EntityTypes;

/**
 * 保険者番号: 8 digits (6 for national health insurance) ending in a Luhn check digit. Eight digits
 * also look like dates (20240315) and order numbers, so a context word (保険者番号, 保険証…) is
 * required; the check digit then removes most typos and look-alikes.
 */
public final class HealthInsuranceNumberDetector extends ContextualPatternDetector {

    static final Pattern PATTERN = Pattern.compile("\\d{8}|\\d{6}");

    public HealthInsuranceNumberDetector(ContextWords context) {
        super(
                "health-insurer-number-luhn",
                EntityTypes.HEALTH_INSURANCE_NUMBER,
                PATTERN,
                Checksums::luhn,
                context,
                0.9,
                -1,
                true);
    }
}
