package jp.insurer.governance.policy.detect.recognizer;

import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.EntityTypes;

/**
 * 旅券番号: two capital letters and seven digits (TK1234567). Product codes share the shape, so a
 * bare match scores below the default threshold and a context word (旅券, パスポート, passport…)
 * makes it count.
 */
public final class PassportDetector extends ContextualPatternDetector {

    static final Pattern PATTERN = Pattern.compile("[A-Z]{2} ?\\d{7}");

    public PassportDetector(ContextWords context) {
        super("passport-context", EntityTypes.PASSPORT, PATTERN, null, context, 0.88, 0.3, false);
    }
}
