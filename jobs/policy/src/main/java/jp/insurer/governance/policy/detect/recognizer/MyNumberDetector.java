package jp.insurer.governance.policy.detect.recognizer;

import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.Checksums;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.EntityTypes;

/**
 * 個人番号 (My Number): 12 digits, as one run or 4-4-4 with spaces or hyphens, with a valid mod-11
 * check digit. About one random 12-digit number in eleven passes the check, so without a context
 * word (マイナンバー, 個人番号…) the score stays moderate.
 */
public final class MyNumberDetector extends ContextualPatternDetector {

    static final Pattern PATTERN = Pattern.compile("\\d{4}([ -]?)\\d{4}\\1\\d{4}");

    public MyNumberDetector(ContextWords context) {
        super("my-number-checksum", EntityTypes.MY_NUMBER, PATTERN, Checksums::myNumber, context, 0.97, 0.6, true);
    }
}
