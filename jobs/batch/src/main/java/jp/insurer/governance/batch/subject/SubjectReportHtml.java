package jp.insurer.governance.batch.subject;

import java.util.Map;
import jp.insurer.governance.batch.retention.SubjectErasure;
import jp.insurer.governance.batch.support.Html;

/** The officer's page of a subject request: the JSON's content as tables, every value escaped. */
final class SubjectReportHtml {

    private SubjectReportHtml() {}

    static String render(SubjectReport r) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>subject request ")
                .append(e(r.request())).append("</title><style>body{font-family:sans-serif}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}</style></head><body>");
        h.append("<h1>Subject request ").append(e(r.request())).append(" — ").append(e(r.action()))
                .append(r.mode() == null ? "" : " (" + e(r.mode()) + ")").append("</h1>");
        h.append("<p>Customer <b>").append(e(r.customer())).append("</b>, business date ").append(e(r.businessDate()))
                .append(", policy ").append(e(r.policyVersion())).append(", generated ").append(e(r.generatedAt())).append("</p>");
        if (r.underLegalHold()) h.append("<p><b>Under legal hold</b>: records are kept whatever is requested.</p>");
        h.append("<h2>Records held (保有個人データ)</h2><table><tr><th>dataset</th><th>raw</th><th>governed</th>"
                + "<th>categories</th><th>columns held</th></tr>");
        for (SubjectReport.DatasetHeld d : r.datasets()) {
            h.append("<tr><td>").append(e(d.dataset())).append("</td><td>").append(d.rawRows()).append("</td><td>")
                    .append(d.governedRows()).append("</td><td>").append(e(String.join(", ", d.categories())))
                    .append("</td><td>").append(e(String.join(", ", d.columnsHeld()))).append("</td></tr>");
        }
        h.append("</table><h2>Consent per purpose</h2><table><tr><th>purpose</th><th>state</th><th>decided at</th><th>document</th></tr>");
        for (Map.Entry<String, SubjectReport.Decision> d : r.consent().decisionByPurpose().entrySet()) {
            h.append("<tr><td>").append(e(d.getKey())).append("</td><td>").append(e(d.getValue().state())).append("</td><td>")
                    .append(e(d.getValue().decidedAt())).append("</td><td>").append(e(d.getValue().documentVersion())).append("</td></tr>");
        }
        h.append("</table><h3>Ledger events</h3><table><tr><th>event</th><th>purpose</th><th>action</th><th>time</th>"
                + "<th>channel</th><th>document</th><th>problem</th></tr>");
        for (SubjectReport.LedgerEvent v : r.consent().events()) {
            h.append("<tr><td>").append(e(v.eventId())).append("</td><td>").append(e(v.purpose())).append("</td><td>")
                    .append(e(v.action())).append("</td><td>").append(e(v.eventTime())).append("</td><td>").append(e(v.channel()))
                    .append("</td><td>").append(e(v.documentVersion())).append("</td><td>").append(e(v.problem())).append("</td></tr>");
        }
        h.append("</table>");
        if (!r.withdrawals().isEmpty()) {
            h.append("<h2>Withdrawals recorded by this request</h2><table><tr><th>event</th><th>purpose</th><th>time</th></tr>");
            for (SubjectReport.Withdrawal w : r.withdrawals()) {
                h.append("<tr><td>").append(e(w.eventId())).append("</td><td>").append(e(w.purpose())).append("</td><td>")
                        .append(e(w.eventTime())).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Provided to third parties (第三者提供)</h2>");
        if (!r.provisions().available()) {
            h.append("<p>No provision records to read (").append(e(r.provisions().source())).append(").</p>");
        } else if (r.provisions().extracts().isEmpty()) {
            h.append("<p>Provided in no extract.</p>");
        } else {
            h.append("<table>");
            for (Map<String, Object> x : r.provisions().extracts()) {
                h.append("<tr>");
                x.forEach((k, v) -> h.append("<td>").append(e(k)).append(": ").append(e(String.valueOf(v))).append("</td>"));
                h.append("</tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Retention</h2><table><tr><th>dataset</th><th>rule</th><th>action</th><th>period</th><th>clock</th>"
                + "<th>today</th><th>removed from</th><th>legal retention</th></tr>");
        for (SubjectReport.DatasetHeld d : r.datasets()) {
            for (SubjectErasure.RuleOutlook o : d.retention()) {
                h.append("<tr><td>").append(e(d.dataset())).append("</td><td>").append(e(o.rule())).append("</td><td>")
                        .append(e(o.action())).append("</td><td>").append(e(o.period())).append("</td><td>").append(e(o.clock()))
                        .append("</td><td>").append(e(o.rowsByDecisionToday().toString())).append("</td><td>")
                        .append(e(o.firstRemovalDate() == null ? "not started" : o.firstRemovalDate()
                                + (o.firstRemovalDate().equals(o.lastRemovalDate()) ? "" : " … " + o.lastRemovalDate())))
                        .append("</td><td>").append(o.legalRetention() ? "yes" : "").append("</td></tr>");
            }
        }
        h.append("</table>");
        if (r.erasure() != null) {
            SubjectReport.Erasure x = r.erasure();
            h.append("<h2>Erasure (").append(e(x.mode())).append(")</h2><p>").append(x.erasedRows()).append(" row(s) erased, ")
                    .append(x.erasableRows()).append(" erasable, ").append(x.keptLegalHold()).append(" kept under legal hold, kept by legal retention: ")
                    .append(e(x.keptByLegalRetention().toString())).append(", never erased: ").append(e(String.join(", ", x.neverErased())))
                    .append("</p>");
        }
        if (!r.notes().isEmpty()) {
            h.append("<h2>Notes</h2><ul>");
            r.notes().forEach(n -> h.append("<li>").append(e(n)).append("</li>"));
            h.append("</ul>");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String e(String s) {
        return Html.escape(s);
    }
}
