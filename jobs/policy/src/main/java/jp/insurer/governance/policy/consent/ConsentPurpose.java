package jp.insurer.governance.policy.consent;

/**
 * A purpose a customer can consent to (section 5 and the sensitive-information section of the
 * consent document). Purposes are data: adding one is a line in {@code config/policy.yml}.
 *
 * @param id          the name used in the ledger, tags, profiles and reports (e.g. {@code SENSITIVE_RND})
 * @param description what the customer agreed to, in the document's words
 */
public record ConsentPurpose(String id, String description) {}
