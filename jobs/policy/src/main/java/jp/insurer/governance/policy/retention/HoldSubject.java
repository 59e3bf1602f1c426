package jp.insurer.governance.policy.retention;

/** What a legal hold is placed on ({@code legal_holds.subject_type}). */
public enum HoldSubject {
    CUSTOMER,
    POLICY
}
