package jp.insurer.governance.policy.retention;

import java.time.LocalDate;

/**
 * Lookups the job implements over its joined reference data (legal holds, policies, claims). Only
 * expired rows are looked up, so a cheap in-memory index is enough. Ids may be null (an anonymous
 * web event); an implementation answers false for what it cannot find.
 */
public interface RetentionFacts {

    /** A CUSTOMER hold on the customer or a POLICY hold on the policy covers {@code date}. */
    boolean isUnderLegalHold(String customerId, String policyId, LocalDate date);

    /** The customer has a policy in force on {@code date}. */
    boolean hasActiveContract(String customerId, LocalDate date);

    /** The customer has a claim not closed on {@code date}. */
    boolean hasOpenClaim(String customerId, LocalDate date);

    /** The customer had a policy at any time up to {@code date}; used by {@link RuleScope#NEVER_CONTRACTED}. */
    boolean hasEverContracted(String customerId, LocalDate date);
}
