package jp.insurer.governance.batch.night;

import java.util.List;
import java.util.Map;

/**
 * {@code reports/night-DATE.json}: the night in one file, gathered from the per-job reports of the date (and the
 * tag reports of earlier dates) and from the job repository. Counts, names of datasets, rules, extracts and
 * recipients only; no values.
 *
 * @param consentCoverage per night (oldest first, this date last): records per consent state per purpose
 * @param retention       one entry per retention report of the date (a dry run and an enforcement may both exist)
 * @param extracts        the extracts released on the date, null when no extract report exists for it
 * @param quarantine      what was set aside: ledger lines, datasets, unreadable files
 * @param steps           every step execution of a job run for this date, in start order
 * @param missing         per-job reports of the date that do not exist (that job did not run or its outputs were removed)
 */
public record NightReport(
        String businessDate,
        List<ConsentNight> consentCoverage,
        List<RetentionRun> retention,
        List<Extract> extracts,
        Quarantine quarantine,
        List<StepRun> steps,
        List<String> missing) {

    /** One night's consent coverage, from {@code reports/tag-DATE.json}. */
    public record ConsentNight(String businessDate, List<PurposeCoverage> purposes) {}

    /** @param records consent state → records over every tagged dataset; @param grantedShare GRANTED / all, 0 when none */
    public record PurposeCoverage(
            String purpose, Map<String, Long> records, long total, long granted, double grantedShare) {}

    /** From {@code reports/retention-DATE-MODE.json}: per rule binding its totals, as that report states them. */
    public record RetentionRun(String report, String mode, List<RuleTotal> rules) {}

    public record RuleTotal(
            String rule,
            String dataset,
            String action,
            long rows,
            long rowsDeleted,
            long rowsColumnsNulled,
            long rowsKeptNullClock,
            Map<String, Long> rowsSpared) {}

    /** From {@code reports/extract-DATE.json}. */
    public record Extract(
            String extractId,
            String profile,
            String recipient,
            String purpose,
            long rows,
            Long kAchieved,
            Map<String, Long> excludedRows) {}

    /**
     * @param ledgerLines         consent-ledger lines quarantined by the tag run (null when it did not run)
     * @param ledgerByReason      the same by reason
     * @param uncertainCustomers  customers whose consent could not be settled
     * @param datasets            datasets the tag run quarantined, with the reason
     * @param unreadableFiles     raw-zone files the inventory could not read (null when it did not run)
     */
    public record Quarantine(
            Long ledgerLines,
            Map<String, Long> ledgerByReason,
            Long uncertainCustomers,
            List<String> datasets,
            Long unreadableFiles) {}

    /** One step execution from the job repository; {@code seconds} null while it runs. */
    public record StepRun(
            String job,
            long executionId,
            String step,
            String status,
            String exitCode,
            String start,
            String end,
            Double seconds,
            long readCount,
            long writeCount) {}
}
