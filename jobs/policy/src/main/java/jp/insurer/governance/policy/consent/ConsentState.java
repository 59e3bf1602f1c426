package jp.insurer.governance.policy.consent;

/** A customer's consent to one purpose as of a business date. */
public enum ConsentState {
    /** The latest event on or before the business date granted it. */
    GRANTED,
    /** The latest event on or before the business date withdrew it. */
    WITHDRAWN,
    /** No event on or before the business date: silence is never consent. */
    NOT_GIVEN,
    /**
     * A ledger line naming the customer could not be trusted (unreadable purpose, action or time),
     * and no valid event certainly after it decides: treated like no consent, and reported apart.
     */
    UNCERTAIN
}
