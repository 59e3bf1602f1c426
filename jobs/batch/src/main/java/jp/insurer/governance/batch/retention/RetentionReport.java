package jp.insurer.governance.batch.retention;

import java.util.List;
import java.util.Map;

/**
 * {@code reports/retention-DATE-MODE.json} (MODE {@code dry-run} or {@code enforce}): per rule and dataset the totals, and per partition the rows and
 * bytes scanned, rows deleted (or that a dry run would delete), rows with columns set to null, rows
 * spared per exception, rows kept for a missing clock. Counts only: no identifiers.
 */
record RetentionReport(
        String businessDate,
        String mode,
        String policyVersion,
        String rulesFile,
        List<Rule> rules,
        long interruptedChangesRecovered,
        String auditLog) {

    record Rule(
            String id,
            String description,
            String dataset,
            String action,
            String clock,
            String period,
            String mode,
            Counts total,
            List<Partition> partitions) {}

    record Partition(String partition, Counts counts) {}

    record Counts(
            long rows,
            long bytes,
            long rowsDeleted,
            long rowsColumnsNulled,
            long rowsKept,
            long rowsKeptNullClock,
            long rowsOutOfScope,
            Map<String, Long> rowsSpared,
            long bytesRemoved) {}

    String summary(String out) {
        long scanned = 0;
        long deleted = 0;
        long nulled = 0;
        long held = 0;
        long nullClock = 0;
        for (Rule r : rules) {
            scanned += r.total().rows();
            deleted += r.total().rowsDeleted();
            nulled += r.total().rowsColumnsNulled();
            held += r.total().rowsSpared().getOrDefault("LEGAL_HOLD", 0L);
            nullClock += r.total().rowsKeptNullClock();
        }
        boolean dry = mode.equals("dry-run");
        return "retention (" + mode + ") for " + businessDate + ": " + rules.size() + " rule binding(s), " + scanned
                + " row decisions, " + deleted + " row(s) " + (dry ? "would be " : "") + "deleted, " + nulled
                + " row(s) with columns " + (dry ? "would be " : "") + "set to null, " + held
                + " spared by legal hold, " + nullClock + " kept for a missing clock\n"
                + "  report: " + out + "/reports/" + RetentionPaths.reportName(businessDate, mode)
                + ".json (and .html)\n"
                + (dry ? "" : "  audit log: " + auditLog + "\n");
    }
}
