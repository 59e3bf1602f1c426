package jp.insurer.governance.policy.detect.recognizer;

import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Checksums;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.EntityTypes;

/**
 * 法人番号 (Corporate Number): 13 digits (or 1-4-4-4 grouped) whose FIRST digit is a mod-9 check
 * digit. Context (法人番号…) raises the score.
 */
public final class CorporateNumberDetector extends ContextualPatternDetector {

    static final Pattern PATTERN = Pattern.compile("\\d([ -]?)\\d{4}\\1\\d{4}\\1\\d{4}");

    public CorporateNumberDetector(ContextWords context) {
        super(
                "corporate-number-checksum",
                EntityTypes.CORPORATE_NUMBER,
                PATTERN,
                Checksums::corporateNumber,
                context,
                0.97,
                0.6,
                true);
    }
}
