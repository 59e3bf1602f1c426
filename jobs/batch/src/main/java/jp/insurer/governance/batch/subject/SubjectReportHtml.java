package jp.insurer.governance.batch.subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.retention.SubjectErasure;
import jp.insurer.governance.batch.support.ReportPages;

/**
 * {@code OUT/subject-requests/REQUEST/request.html} (template {@code reports/subject}): the officer's page of a
 * subject request, the JSON's content as tables. JMustache escapes every value; unlike the other pages this one
 * holds one customer's personal data, so it carries its own footer instead of {@code foot}.
 */
final class SubjectReportHtml {

    private SubjectReportHtml() {}

    record Page(
            String customer,
            String businessDate,
            String policyVersion,
            String generatedAt,
            boolean underLegalHold,
            List<Held> datasets,
            List<PurposeDecision> decisions,
            List<SubjectReport.LedgerEvent> events,
            boolean hasWithdrawals,
            List<SubjectReport.Withdrawal> withdrawals,
            boolean provisionsAvailable,
            String provisionSource,
            boolean hasProvisions,
            List<Provision> provisions,
            List<Outlook> retention,
            ErasureLine erasure,
            boolean hasNotes,
            List<String> notes) {}

    record Held(String dataset, long rawRows, long governedRows, String categories, String columnsHeld) {}

    record PurposeDecision(String purpose, String state, String decidedAt, String documentVersion) {}

    /** One provision record's fields in the order the record holds them. */
    record Provision(List<Field> fields) {}

    record Field(String name, String value) {}

    record Outlook(
            String dataset,
            String rule,
            String action,
            String period,
            String clock,
            String today,
            String removal,
            boolean legalRetention) {}

    record ErasureLine(
            String mode,
            long erasedRows,
            long erasableRows,
            long keptLegalHold,
            String keptByLegalRetention,
            String neverErased) {}

    static String render(SubjectReport r) {
        List<Held> held = new ArrayList<>();
        List<Outlook> retention = new ArrayList<>();
        for (SubjectReport.DatasetHeld d : r.datasets()) {
            held.add(new Held(
                    d.dataset(),
                    d.rawRows(),
                    d.governedRows(),
                    String.join(", ", d.categories()),
                    String.join(", ", d.columnsHeld())));
            for (SubjectErasure.RuleOutlook o : d.retention()) {
                String removal = o.firstRemovalDate() == null
                        ? "not started"
                        : o.firstRemovalDate()
                                + (o.firstRemovalDate().equals(o.lastRemovalDate()) ? "" : " … " + o.lastRemovalDate());
                retention.add(new Outlook(
                        d.dataset(),
                        o.rule(),
                        o.action(),
                        o.period(),
                        o.clock(),
                        o.rowsByDecisionToday().toString(),
                        removal,
                        o.legalRetention()));
            }
        }
        List<PurposeDecision> decisions = new ArrayList<>();
        for (Map.Entry<String, SubjectReport.Decision> d :
                r.consent().decisionByPurpose().entrySet()) {
            decisions.add(new PurposeDecision(
                    d.getKey(),
                    d.getValue().state(),
                    d.getValue().decidedAt(),
                    d.getValue().documentVersion()));
        }
        List<Provision> provisions = r.provisions().extracts().stream()
                .map(x -> new Provision(x.entrySet().stream()
                        .map(f -> new Field(f.getKey(), String.valueOf(f.getValue())))
                        .toList()))
                .toList();
        SubjectReport.Erasure x = r.erasure();
        ErasureLine erasure = x == null
                ? null
                : new ErasureLine(
                        x.mode(),
                        x.erasedRows(),
                        x.erasableRows(),
                        x.keptLegalHold(),
                        x.keptByLegalRetention().toString(),
                        String.join(", ", x.neverErased()));
        String title =
                "Subject request " + r.request() + " — " + r.action() + (r.mode() == null ? "" : " (" + r.mode() + ")");
        return ReportPages.render(
                "subject",
                title,
                "ja",
                new Page(
                        r.customer(),
                        r.businessDate(),
                        r.policyVersion(),
                        r.generatedAt(),
                        r.underLegalHold(),
                        held,
                        decisions,
                        r.consent().events(),
                        !r.withdrawals().isEmpty(),
                        r.withdrawals(),
                        r.provisions().available(),
                        r.provisions().source(),
                        !provisions.isEmpty(),
                        provisions,
                        retention,
                        erasure,
                        !r.notes().isEmpty(),
                        r.notes()));
    }
}
