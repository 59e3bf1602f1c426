package jp.insurer.governance.policy.detect.recognizer;

import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.EntityTypes;

/**
 * 運転免許証番号: 12 digits with no published check algorithm, so only a context word
 * (免許証, 運転免許, license…) makes a 12-digit run a licence number.
 */
public final class DriversLicenseDetector extends ContextualPatternDetector {

    static final Pattern PATTERN = Pattern.compile("\\d{4}([ -]?)\\d{4}\\1\\d{4}|\\d{2}-\\d{2}-\\d{6}-\\d{2}");

    public DriversLicenseDetector(ContextWords context) {
        super("drivers-license-context", EntityTypes.DRIVERS_LICENSE, PATTERN, null, context, 0.88, -1, true);
    }
}
