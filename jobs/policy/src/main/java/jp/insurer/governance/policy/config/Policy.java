package jp.insurer.governance.policy.config;

import java.util.List;
import java.util.Optional;
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
 */
public record Policy(String version, String sha256, List<ConsentPurpose> purposes, CustomerKey customerKeys,
                     String customerMaster) {

    /** The default customer-key normalization and master ({@code customers}). */
    public static final String DEFAULT_CUSTOMER_MASTER = "customers";

    public Policy {
        purposes = List.copyOf(purposes);
        if (customerKeys == null) customerKeys = CustomerKey.DEFAULT;
        if (customerMaster == null) customerMaster = DEFAULT_CUSTOMER_MASTER;
    }

    public Policy(String version, String sha256, List<ConsentPurpose> purposes) {
        this(version, sha256, purposes, CustomerKey.DEFAULT, DEFAULT_CUSTOMER_MASTER);
    }

    public Optional<ConsentPurpose> purpose(String id) {
        return purposes.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
