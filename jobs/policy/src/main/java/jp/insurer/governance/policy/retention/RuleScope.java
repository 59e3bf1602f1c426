package jp.insurer.governance.policy.retention;

/** Which customers' rows a rule applies to at all; rows outside the scope are never touched by it. */
public enum RuleScope {
    /** Every row of the dataset. */
    ALL,
    /** Only rows of applicants who never had a contract as of the business date. */
    NEVER_CONTRACTED
}
