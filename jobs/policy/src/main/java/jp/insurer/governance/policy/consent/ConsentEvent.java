package jp.insurer.governance.policy.consent;

import java.time.Instant;

/**
 * One validated line of the append-only consent ledger.
 *
 * @param documentVersion version of the consent document the customer saw
 */
public record ConsentEvent(
        String customerId, String purpose, ConsentAction action, Instant at, String channel, String documentVersion) {}
