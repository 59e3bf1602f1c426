package jp.insurer.governance.policy.retention;

/**
 * Why an expired row is kept anyway (a rule's {@code exceptions}). Declared in the order they are
 * checked: a legal hold is checked first and applies to every rule, listed or not.
 */
public enum ExceptionKind {
    /** A CUSTOMER or POLICY legal hold covers the row on the business date. */
    LEGAL_HOLD,
    /** The row's customer still has a contract in force. */
    ACTIVE_CONTRACT,
    /** The row's customer has a claim that is not closed. */
    OPEN_CLAIM
}
