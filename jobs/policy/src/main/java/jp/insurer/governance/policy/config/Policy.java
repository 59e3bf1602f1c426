package jp.insurer.governance.policy.config;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.insurer.governance.policy.consent.ConsentPurpose;
import jp.insurer.governance.policy.consent.CustomerKey;

/**
 * Everything a compliance officer may change, validated and immutable. Every output is stamped with
 * {@link #version()} and {@link #sha256()} so that a report or extract names the exact policy it obeyed.
 *
 * @param version  the officer's version label from {@code policy.yml}
 * @param sha256   hash over the bytes of every policy file, in a fixed order
 * @param purposes       configured consent purposes
 * @param customerKeys   the one normalization of customer keys, for the ledger and every dataset
 * @param customerMaster the dataset holding one record per customer; ledger customers not in it are reported
 * @param overseasConsent per recipient country (ISO 3166-1 alpha-2), the consent-document versions that
 *                        informed customers about that country and its regime (APPI art. 28(2));
 *                        {@code overseas_consent:} in policy.yml
 * @param earliestLedgerEvent the ledger's first plausible day ({@code consent_ledger.earliest_event}):
 *                            a line dated before it is in doubt, like an unreadable one
 */
public record Policy(
        String version,
        String sha256,
        List<ConsentPurpose> purposes,
        CustomerKey customerKeys,
        String customerMaster,
        Map<String, OverseasCountry> overseasConsent,
        LocalDate earliestLedgerEvent) {

    /**
     * A country overseas recipients may be in.
     *
     * @param documentVersions consent-document versions under which a GROUP_SHARING consent counts for it
     */
    public record OverseasCountry(String code, String name, Set<String> documentVersions) {
        public OverseasCountry {
            documentVersions = Set.copyOf(documentVersions);
        }
    }

    /** The default customer-key normalization and master ({@code customers}). */
    public static final String DEFAULT_CUSTOMER_MASTER = "customers";

    /** Before any consent system of the insurer (the suite's sample data starts in 2011). */
    public static final LocalDate DEFAULT_EARLIEST_LEDGER_EVENT = LocalDate.of(2000, 1, 1);

    public Policy {
        purposes = List.copyOf(purposes);
        if (customerKeys == null) customerKeys = CustomerKey.DEFAULT;
        if (customerMaster == null) customerMaster = DEFAULT_CUSTOMER_MASTER;
        overseasConsent = overseasConsent == null ? Map.of() : Map.copyOf(overseasConsent);
        if (earliestLedgerEvent == null) earliestLedgerEvent = DEFAULT_EARLIEST_LEDGER_EVENT;
    }

    /** A policy with the default earliest ledger event. */
    public Policy(
            String version,
            String sha256,
            List<ConsentPurpose> purposes,
            CustomerKey customerKeys,
            String customerMaster,
            Map<String, OverseasCountry> overseasConsent) {
        this(version, sha256, purposes, customerKeys, customerMaster, overseasConsent, null);
    }

    /** A policy without overseas countries: no GROUP_SHARING consent counts for an overseas recipient. */
    public Policy(
            String version,
            String sha256,
            List<ConsentPurpose> purposes,
            CustomerKey customerKeys,
            String customerMaster) {
        this(version, sha256, purposes, customerKeys, customerMaster, Map.of());
    }

    public Policy(String version, String sha256, List<ConsentPurpose> purposes) {
        this(version, sha256, purposes, CustomerKey.DEFAULT, DEFAULT_CUSTOMER_MASTER, Map.of());
    }

    public Optional<ConsentPurpose> purpose(String id) {
        return purposes.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
