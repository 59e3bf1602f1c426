package jp.insurer.governance.policy.retention;

import java.time.LocalDate;

/**
 * A customer's contract and claim facts as of a business date: the latest contract end (or lapse), a
 * contract in force, any contract started, a claim still open. Several rows of one customer combine by
 * {@link #merge}: the latest end, and each flag when any row sets it.
 *
 * @param latestEnd epoch day of the latest end or lapse; {@link #NO_END} when no contract has one
 */
public record CustomerFacts(int latestEnd, boolean active, boolean everContracted, boolean openClaim) {

    public static final int NO_END = Integer.MIN_VALUE;
    /** What a customer without contracts or claims has: the answer for a customer the facts do not know. */
    public static final CustomerFacts NONE = new CustomerFacts(NO_END, false, false, false);

    static final byte ACTIVE = 1;
    static final byte EVER = 2;
    static final byte OPEN_CLAIM = 4;

    /** The latest end as a date, null when there is none. */
    public LocalDate latestEndDate() {
        return latestEnd == NO_END ? null : LocalDate.ofEpochDay(latestEnd);
    }

    public CustomerFacts merge(CustomerFacts other) {
        return of(Math.max(latestEnd, other.latestEnd), flags() | other.flags());
    }

    byte flags() {
        return (byte) ((active ? ACTIVE : 0) | (everContracted ? EVER : 0) | (openClaim ? OPEN_CLAIM : 0));
    }

    static CustomerFacts of(int latestEnd, int flags) {
        if (flags < 0 || flags > 7) throw new IllegalArgumentException("customer facts: unknown flags " + flags);
        return new CustomerFacts(latestEnd, (flags & ACTIVE) != 0, (flags & EVER) != 0, (flags & OPEN_CLAIM) != 0);
    }
}
