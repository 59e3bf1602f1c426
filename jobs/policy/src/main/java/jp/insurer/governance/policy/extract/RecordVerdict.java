package jp.insurer.governance.policy.extract;

/** The consent gate's answer for one record: released, or why not (counted by reason in the manifest). */
public enum RecordVerdict {
    INCLUDE,
    /** The record has no customer link (anonymous) and the profile needs a consent. */
    NO_CUSTOMER_LINK,
    /** A required consent was withdrawn on or before the business date. */
    CONSENT_WITHDRAWN,
    /** A required consent is UNCERTAIN: a ledger line about it could not be trusted (README "Uncertain consent"). */
    CONSENT_UNCERTAIN,
    /** A required consent was never given (no event on or before the business date). */
    CONSENT_NOT_GIVEN,
    /**
     * The GROUP_SHARING consent that would release the record to an OVERSEAS_GROUP_COMPANY was given
     * under a consent-document version that did not inform the customer about the recipient's country
     * and its regime (APPI art. 28; policy.yml {@code overseas_consent:}), or the ledger does not show
     * under which version it was given.
     */
    CONSENT_NOT_INFORMED_FOR_COUNTRY;

    public boolean included() {
        return this == INCLUDE;
    }
}
