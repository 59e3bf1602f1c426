package jp.insurer.governance.policy.config;

import java.util.List;
import java.util.Optional;
import jp.insurer.governance.policy.consent.ConsentPurpose;

/**
 * Everything a compliance officer may change, validated and immutable. Every output is stamped with
 * {@link #version()} and {@link #sha256()} so that a report or extract names the exact policy it obeyed.
 *
 * @param version  the officer's version label from {@code policy.yml}
 * @param sha256   hash over the bytes of every policy file, in a fixed order
 * @param purposes configured consent purposes
 */
public record Policy(String version, String sha256, List<ConsentPurpose> purposes) {

    public Policy {
        purposes = List.copyOf(purposes);
    }

    public Optional<ConsentPurpose> purpose(String id) {
        return purposes.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
