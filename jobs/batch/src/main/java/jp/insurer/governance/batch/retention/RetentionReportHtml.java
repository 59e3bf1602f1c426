package jp.insurer.governance.batch.retention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.insurer.governance.batch.support.ReportPages;

/**
 * {@code reports/retention-DATE-MODE.html} (template {@code reports/retention}): what a compliance officer reads
 * first — totals over the run, per rule and per dataset — then the rows of each rule's partitions.
 */
final class RetentionReportHtml {

    private RetentionReportHtml() {}

    record Page(
            String policyVersion,
            String modeNote,
            long interruptedChangesRecovered,
            String deletedVerb,
            String nulledVerb,
            String deletedHeading,
            Line total,
            List<Line> perRule,
            List<Line> perDataset,
            List<Rule> rules) {}

    /** One row of counts; {@code bindings} is the number of rule bindings summed into it. */
    record Line(
            String name,
            int bindings,
            long rows,
            long bytes,
            long deleted,
            long nulled,
            long kept,
            long legalHold,
            long activeContract,
            long openClaim,
            long nullClock,
            long outOfScope) {

        static Line of(String name, int bindings, RetentionReport.Counts c) {
            return new Line(
                    name,
                    bindings,
                    c.rows(),
                    c.bytes(),
                    c.rowsDeleted(),
                    c.rowsColumnsNulled(),
                    c.rowsKept(),
                    c.rowsSpared().getOrDefault("LEGAL_HOLD", 0L),
                    c.rowsSpared().getOrDefault("ACTIVE_CONTRACT", 0L),
                    c.rowsSpared().getOrDefault("OPEN_CLAIM", 0L),
                    c.rowsKeptNullClock(),
                    c.rowsOutOfScope());
        }

        Line plus(Line o) {
            return new Line(
                    name,
                    bindings + o.bindings,
                    rows + o.rows,
                    bytes + o.bytes,
                    deleted + o.deleted,
                    nulled + o.nulled,
                    kept + o.kept,
                    legalHold + o.legalHold,
                    activeContract + o.activeContract,
                    openClaim + o.openClaim,
                    nullClock + o.nullClock,
                    outOfScope + o.outOfScope);
        }

        Line named(String other) {
            return new Line(
                    other,
                    bindings,
                    rows,
                    bytes,
                    deleted,
                    nulled,
                    kept,
                    legalHold,
                    activeContract,
                    openClaim,
                    nullClock,
                    outOfScope);
        }
    }

    record Rule(
            String anchor,
            String id,
            String dataset,
            String description,
            String action,
            String clock,
            String period,
            String mode,
            Line total,
            List<Line> partitions) {}

    static String render(RetentionReport r) {
        boolean dry = r.mode().equals("dry-run");
        Map<String, Line> perRule = new LinkedHashMap<>();
        Map<String, Line> perDataset = new TreeMap<>();
        Line total = new Line("total", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        List<Rule> rules = new ArrayList<>();
        for (RetentionReport.Rule rule : r.rules()) {
            Line t = Line.of("total", 1, rule.total());
            perRule.merge(rule.id(), t.named(rule.id()), Line::plus);
            perDataset.merge(rule.dataset(), t.named(rule.dataset()), Line::plus);
            total = total.plus(t);
            List<Line> partitions = rule.partitions().stream()
                    .map(p -> Line.of(p.partition().isEmpty() ? "(all)" : p.partition(), 1, p.counts()))
                    .toList();
            rules.add(new Rule(
                    rule.id() + "-" + rule.dataset(),
                    rule.id(),
                    rule.dataset(),
                    rule.description(),
                    rule.action(),
                    rule.clock(),
                    rule.period(),
                    rule.mode(),
                    t,
                    partitions));
        }
        String note = dry
                ? "Dry run: nothing was changed; the counts show what enforcement would do."
                : "Every change is recorded in the audit log " + r.auditLog() + ".";
        return ReportPages.render(
                "retention",
                "Retention " + (dry ? "dry run" : "enforcement") + " for " + r.businessDate(),
                "en",
                new Page(
                        r.policyVersion(),
                        note,
                        r.interruptedChangesRecovered(),
                        dry ? "would be deleted" : "deleted",
                        dry ? "would be set to" : "set to",
                        dry ? "would delete" : "deleted",
                        total,
                        List.copyOf(perRule.values()),
                        List.copyOf(perDataset.values()),
                        rules));
    }
}
