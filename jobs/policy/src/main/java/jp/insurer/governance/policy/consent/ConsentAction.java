package jp.insurer.governance.policy.consent;

/** What a ledger event does. */
public enum ConsentAction {
    GRANTED,
    WITHDRAWN
}
