package jp.insurer.governance.policy.classify;

/** How the information was acquired: the five categories of section 3 of the consent document. */
public enum AcquisitionCategory {
    /** Provided by the customer: applications, contract upkeep, claims, calls, chat, surveys. */
    DIRECT,
    /** Use of the services, contact with related ads and content. */
    USAGE,
    /** Payment and identity verification. */
    PAYMENT_IDENTITY,
    /** Collected automatically from devices; cookies, web beacons, UIDs. */
    DEVICE_COOKIE,
    /** From third parties or public sources: credit, fraud and anti-social-forces checks. */
    THIRD_PARTY
}
