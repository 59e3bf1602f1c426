package jp.insurer.governance.policy.extract;

/**
 * What a profile does when a released cell holds its own customer's identifier
 * ({@code own_identifiers:} in {@code extracts.yml}).
 */
public enum OwnIdentifierMode {
    /** The extract fails naming dataset, column and type; nothing is published. The default. */
    FAIL,
    /** The matched span becomes a typed placeholder (＜氏名＞ …), counted in the manifest. */
    MASK
}
