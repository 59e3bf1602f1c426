package jp.insurer.governance.policy.retention;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jp.insurer.governance.policy.classify.AcquisitionCategory;

/**
 * One retention rule from {@code config/retention.yml}, checked for shape at load time; checks
 * against the datasets on disk happen in {@link RetentionRules#validate}.
 *
 * @param dataset        the dataset it applies to, or null when it targets a {@code category}
 * @param category       the acquisition category it applies to, or null when it names a dataset
 * @param columns        for {@link RetentionAction#PURGE_COLUMNS}: the columns set to null; else empty
 * @param exceptions     what spares an expired row; always contains {@link ExceptionKind#LEGAL_HOLD}
 * @param customerColumn the column with the customer id (exceptions, holds, keyed hashes in audit)
 * @param policyColumn   the column with the policy id, for POLICY legal holds; null if the dataset has none
 * @param mode           {@code dry-run} keeps a rule on trial (never enforced); null or {@code enforce}
 *                       follows the run
 */
public record RetentionRule(
        String id,
        String description,
        String dataset,
        AcquisitionCategory category,
        RetentionClock clock,
        RetentionPeriod period,
        RetentionAction action,
        List<String> columns,
        Set<ExceptionKind> exceptions,
        RuleScope scope,
        String customerColumn,
        String policyColumn,
        RetentionMode mode,
        ConfigPositions positions) {

    public RetentionRule {
        if ((dataset == null) == (category == null)) {
            throw new IllegalArgumentException("a rule names exactly one of dataset and category");
        }
        columns = List.copyOf(columns);
        EnumSet<ExceptionKind> all = EnumSet.of(ExceptionKind.LEGAL_HOLD);
        all.addAll(exceptions);
        exceptions = Set.copyOf(all);
    }

    /**
     * The mode this rule runs in: a dry run never changes data, and neither does a rule on trial
     * ({@code mode: dry-run}) in an enforcing run.
     */
    public RetentionMode effectiveMode(RetentionMode runMode) {
        return runMode == RetentionMode.ENFORCE && mode != RetentionMode.DRY_RUN
                ? RetentionMode.ENFORCE
                : RetentionMode.DRY_RUN;
    }
}
