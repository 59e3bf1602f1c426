package jp.insurer.governance.policy.consent;

import java.util.List;

/**
 * Each purpose's consent of a customer as of the business date: what tagging a record needs. In heap
 * ({@link ConsentBook}) or on local disk with a bounded heap ({@link ConsentTable}); both give the same
 * answers for the same ledger.
 */
public interface ConsentLookup {

    List<String> purposes();

    /** The normalization the ledger's keys went through; a record's key must go through it too. */
    CustomerKey customerKeys();

    /** Customers with at least one event or uncertain line (before or after the cutoff). */
    int customers();

    /** Every purpose's state for one customer, in {@link #purposes()} order; NOT_GIVEN for an unknown one. */
    ConsentState[] states(String customerId);

    /** One purpose's consent of a customer, with the event that decided it. */
    ConsentDecision decision(String customerId, String purpose);
}
