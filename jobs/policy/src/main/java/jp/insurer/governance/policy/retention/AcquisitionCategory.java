package jp.insurer.governance.policy.retention;

/**
 * The five acquisition categories of section 3 of the consent document; one value may sit in several.
 * A retention rule may target a category instead of naming a dataset.
 */
public enum AcquisitionCategory {
    /** Provided by the customer: applications, contract upkeep, claims, calls, chat, surveys. */
    DIRECT,
    /** Use of the services, contact with related ads and content. */
    USAGE,
    /** Payment and identity verification. */
    PAYMENT_IDENTITY,
    /** Collected automatically from devices: cookies, web beacons, UIDs. */
    DEVICE_COOKIE,
    /** Obtained from third parties or public sources: credit information, fraud checks. */
    THIRD_PARTY
}
