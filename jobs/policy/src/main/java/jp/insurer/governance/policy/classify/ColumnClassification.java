package jp.insurer.governance.policy.classify;

import java.util.Set;

/**
 * The decision about one column, with what a data steward needs to see why.
 *
 * @param sensitiveKind a {@code SensitiveKind} name for SENSITIVE columns, else null
 * @param confidence    0..1; 1 for rules
 * @param evidence      human-readable: rule id, detector hit rates and sample size, name hint
 * @param conflict      set when detection contradicts a rule (the rule still decides), else null
 */
public record ColumnClassification(
        String column,
        String physicalType,
        Role role,
        Set<AcquisitionCategory> categories,
        String sensitiveKind,
        DecisionSource source,
        double confidence,
        String evidence,
        String conflict) {

    public ColumnClassification {
        categories = Set.copyOf(categories);
    }

    /** Whether this column may carry values that identify a person directly or hide such values. */
    public boolean restrictive() {
        return role == Role.DIRECT_IDENTIFIER
                || role == Role.FREE_TEXT
                || role == Role.UNKNOWN
                || role == Role.SENSITIVE;
    }
}
