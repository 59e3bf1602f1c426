package jp.insurer.governance.policy.detect.recognizer;

import java.util.regex.Pattern;
import jp.insurer.governance.policy.detect.ContextWords;
import jp.insurer.governance.policy.detect.EntityTypes;

/**
 * 口座番号: Japanese bank accounts are 7 digits (ゆうちょ: 記号 5 digits + 番号 8 digits, e.g.
 * 10120-12345671 or 記号10120 番号12345671). Seven digits
 * are also postal codes without a hyphen and order numbers, so a context word (口座, 普通, 当座,
 * 預金…) is required.
 */
public final class BankAccountDetector extends ContextualPatternDetector {

    static final Pattern PATTERN =
            Pattern.compile("\\d{5}[- ]\\d[- ]?\\d{8}|\\d{5}[- ]\\d{8}|\\d{5}\\s?番号\\s?:?\\s?\\d{8}|\\d{7}");

    public BankAccountDetector(ContextWords context) {
        super("bank-account-context", EntityTypes.BANK_ACCOUNT, PATTERN, null, context, 0.85, -1, true);
    }
}
