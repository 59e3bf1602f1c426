package jp.insurer.governance.batch.tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.ReportPages;

/** {@code reports/tag-DATE.html} (template {@code reports/tag}). */
final class TagReportHtml {

    private TagReportHtml() {}

    record Page(
            String policyVersion,
            long consentEvents,
            long consentCustomers,
            long eventsAfterBusinessDate,
            long quarantinedEvents,
            boolean hasQuarantinedReasons,
            List<Count> quarantinedReasons,
            long uncertainCustomers,
            String unmatchedNote,
            List<Row> rows,
            List<Section> lists) {}

    record Count(String reason, long count) {}

    record Row(String dataset, long count) {}

    record Section(String heading, List<String> items) {}

    static String render(TagReport r) {
        List<Count> reasons = r.quarantinedByReason().entrySet().stream()
                .map(e -> new Count(e.getKey(), e.getValue()))
                .toList();
        List<Row> rows = r.rowsTagged().entrySet().stream()
                .map(e -> new Row(e.getKey(), e.getValue()))
                .toList();
        List<Section> lists = new ArrayList<>();
        section(lists, "Quarantined datasets", Map.of("", r.quarantinedDatasets()));
        section(lists, "Schema drift", r.drift());
        section(lists, "Rule conflicts", r.conflicts());
        List<String> doubts = new ArrayList<>();
        if (r.unattributedWithdrawals() > 0)
            doubts.add(String.format(
                    java.util.Locale.ROOT,
                    "%,d withdrawals without a customer: every grant of their purpose they may postdate is UNCERTAIN",
                    r.unattributedWithdrawals()));
        if (r.lookalikeLedgerCustomers() > 0)
            doubts.add(String.format(
                    java.util.Locale.ROOT,
                    "%,d ledger customers outside the customer master withdrew or are uncertain: grants of customers "
                            + "whose keys look alike are UNCERTAIN",
                    r.lookalikeLedgerCustomers()));
        section(lists, "Grants in doubt", Map.of("", doubts));
        String unmatched = r.unmatchedLedgerCustomers() == null
                ? "ledger customers not checked against the customer master"
                : String.format(java.util.Locale.ROOT, "%,d", r.unmatchedLedgerCustomers())
                        + " ledger customers not in the customer master";
        return ReportPages.render(
                "tag",
                "Tag run for " + r.businessDate(),
                "en",
                new Page(
                        r.policyVersion(),
                        r.consentEvents(),
                        r.consentCustomers(),
                        r.eventsAfterBusinessDate(),
                        r.quarantinedEvents(),
                        !reasons.isEmpty(),
                        reasons,
                        r.uncertainCustomers(),
                        unmatched,
                        rows,
                        lists));
    }

    private static void section(List<Section> lists, String heading, Map<String, List<String>> items) {
        List<String> lines = new ArrayList<>();
        items.forEach((k, v) -> v.forEach(i -> lines.add(k.isEmpty() ? i : k + ": " + i)));
        if (!lines.isEmpty()) lists.add(new Section(heading, lines));
    }
}
