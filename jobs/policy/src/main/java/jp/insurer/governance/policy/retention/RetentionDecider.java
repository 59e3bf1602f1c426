package jp.insurer.governance.policy.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Decides one rule for one business date, row by row. Built once per rule and run; the per-row
 * expiry test is one comparison against precomputed thresholds, and exceptions are looked up only
 * for expired rows.
 *
 * <h2>Expiry boundary</h2>
 * A row is expired when {@code clock + period} falls <em>before the start of the business date</em>
 * in the business zone. For a date period ({@code P13M}) that is {@code clockDate.plus(period)
 * .isBefore(businessDate)}, with {@code clockDate} the clock's calendar date in the zone: data is
 * kept through the whole day on which its period ends and deleted from the next business date on.
 * Month arithmetic clamps to month ends, as {@link LocalDate#plus} does: 2024-01-31 + P13M is
 * 2025-02-28, and 2024-02-29 + P1Y is 2025-02-28. For a time duration ({@code PT72H}) it is exact:
 * {@code clock + duration < start of business date}; a date clock counts from the start of its day.
 *
 * <p>Because {@code c -> c.plus(period)} never decreases, the expired clock dates are exactly those
 * on or before {@link #lastExpiredDate()}, and the expired instants exactly those before
 * {@link #cutoff()}; both are computed once here.
 *
 * <h2>Order of checks</h2>
 * Null clock (kept, never deleted) → not expired (kept) → rule scope → legal hold (always, listed or
 * not) → the rule's other exceptions in {@link ExceptionKind} order → the rule's action.
 */
public final class RetentionDecider {

    private final RetentionRule rule;
    private final LocalDate businessDate;
    private final ZoneId zone;
    private final LocalDate lastExpiredDate;
    private final long lastExpiredEpochDay;
    private final Instant cutoff;
    private final long cutoffMicros;
    private final boolean checkActiveContract;
    private final boolean checkOpenClaim;
    private final RowDecision onExpiry;

    private RetentionDecider(RetentionRule rule, LocalDate businessDate, ZoneId zone) {
        this.rule = rule;
        this.businessDate = businessDate;
        this.zone = zone;
        RetentionPeriod period = rule.period();
        if (period.period() != null) {
            this.lastExpiredDate = lastExpired(businessDate, period);
            this.cutoff = lastExpiredDate.plusDays(1).atStartOfDay(zone).toInstant();
        } else {
            Duration d = period.duration();
            this.cutoff = businessDate.atStartOfDay(zone).toInstant().minus(d);
            this.lastExpiredDate = LocalDate.ofInstant(cutoff.minusNanos(1), zone);
        }
        this.lastExpiredEpochDay = lastExpiredDate.toEpochDay();
        this.cutoffMicros =
                Math.addExact(Math.multiplyExact(cutoff.getEpochSecond(), 1_000_000L), cutoff.getNano() / 1_000L);
        this.checkActiveContract = rule.exceptions().contains(ExceptionKind.ACTIVE_CONTRACT);
        this.checkOpenClaim = rule.exceptions().contains(ExceptionKind.OPEN_CLAIM);
        this.onExpiry =
                rule.action() == RetentionAction.PURGE_COLUMNS ? RowDecision.NULL_COLUMNS : RowDecision.DELETE_ROW;
    }

    public static RetentionDecider of(RetentionRule rule, LocalDate businessDate, ZoneId zone) {
        return new RetentionDecider(
                Objects.requireNonNull(rule), Objects.requireNonNull(businessDate), Objects.requireNonNull(zone));
    }

    /** The latest clock date with {@code date + period < businessDate}; found by stepping from the inverse. */
    static LocalDate lastExpired(LocalDate businessDate, RetentionPeriod period) {
        // minus() is not an exact inverse of plus() at month ends, so walk to the true boundary.
        LocalDate c = businessDate.minus(period.period());
        while (!c.plus(period.period()).isBefore(businessDate)) c = c.minusDays(1);
        while (c.plusDays(1).plus(period.period()).isBefore(businessDate)) c = c.plusDays(1);
        return c;
    }

    public RetentionRule rule() {
        return rule;
    }

    public LocalDate businessDate() {
        return businessDate;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Clock dates on or before this are expired. */
    public LocalDate lastExpiredDate() {
        return lastExpiredDate;
    }

    /** Clock instants strictly before this are expired. */
    public Instant cutoff() {
        return cutoff;
    }

    public boolean isExpired(LocalDate clock) {
        return clock.toEpochDay() <= lastExpiredEpochDay;
    }

    public boolean isExpired(Instant clock) {
        return clock.isBefore(cutoff);
    }

    /** For Parquet {@code DATE} columns (days since 1970-01-01). */
    public boolean isExpiredEpochDay(long epochDay) {
        return epochDay <= lastExpiredEpochDay;
    }

    /** For Parquet {@code TIMESTAMP(MICROS, UTC)} columns. */
    public boolean isExpiredEpochMicros(long epochMicros) {
        return epochMicros < cutoffMicros;
    }

    public RowDecision decide(LocalDate clock, String customerId, String policyId, RetentionFacts facts) {
        if (clock == null) return RowDecision.KEEP_NULL_CLOCK;
        return isExpired(clock) ? decideExpired(customerId, policyId, facts) : RowDecision.KEEP;
    }

    public RowDecision decide(Instant clock, String customerId, String policyId, RetentionFacts facts) {
        if (clock == null) return RowDecision.KEEP_NULL_CLOCK;
        return isExpired(clock) ? decideExpired(customerId, policyId, facts) : RowDecision.KEEP;
    }

    /** For a clock that has not started: consent not withdrawn, contract still running. */
    public RowDecision notStarted() {
        return RowDecision.KEEP;
    }

    /**
     * The decision for a row already known to be expired (the job tested a primitive clock with
     * {@link #isExpiredEpochMicros} or {@link #isExpiredEpochDay}).
     */
    public RowDecision decideExpired(String customerId, String policyId, RetentionFacts facts) {
        if (rule.scope() == RuleScope.NEVER_CONTRACTED
                && (customerId == null || facts.hasEverContracted(customerId, businessDate))) {
            // Without a customer id "never contracted" cannot be shown, so the rule does not apply.
            return RowDecision.KEEP_OUT_OF_SCOPE;
        }
        if (facts.isUnderLegalHold(customerId, policyId, businessDate)) return RowDecision.SPARED_LEGAL_HOLD;
        if (customerId != null) {
            if (checkActiveContract && facts.hasActiveContract(customerId, businessDate)) {
                return RowDecision.SPARED_ACTIVE_CONTRACT;
            }
            if (checkOpenClaim && facts.hasOpenClaim(customerId, businessDate)) return RowDecision.SPARED_OPEN_CLAIM;
        }
        return onExpiry;
    }

    /**
     * Starts the decision for one date partition of a {@link RetentionAction#DROP_PARTITION} rule.
     *
     * @param partitionDate the partition key's date, or null when it does not parse (kept whole)
     */
    public PartitionScan partition(LocalDate partitionDate) {
        if (rule.action() != RetentionAction.DROP_PARTITION) {
            throw new IllegalStateException("rule " + rule.id() + " is " + rule.action() + ", not DROP_PARTITION");
        }
        return new PartitionScan(this, partitionDate);
    }
}
