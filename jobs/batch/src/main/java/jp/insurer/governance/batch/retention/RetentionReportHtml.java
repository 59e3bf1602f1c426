package jp.insurer.governance.batch.retention;

import jp.insurer.governance.batch.support.Html;

/** {@code reports/retention-DATE.html}. */
final class RetentionReportHtml {

    private RetentionReportHtml() {}

    static String render(RetentionReport r) {
        boolean dry = r.mode().equals("dry-run");
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Retention ")
                .append(Html.escape(r.businessDate())).append("</title><style>body{font-family:system-ui,sans-serif;margin:2em}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("table{border-collapse:collapse;margin-bottom:1.5em}.note{color:#555}</style></head><body>");
        h.append("<h1>Retention ").append(dry ? "dry run" : "enforcement").append(" for ").append(Html.escape(r.businessDate()))
                .append("</h1><p class=\"note\">Policy ").append(Html.escape(r.policyVersion()))
                .append(dry ? ". Dry run: nothing was changed; the counts show what enforcement would do."
                        : ". Every change is recorded in the audit log " + Html.escape(r.auditLog()) + ".")
                .append(" Interrupted changes finished or abandoned at start: ").append(r.interruptedChangesRecovered()).append("</p>");
        for (RetentionReport.Rule rule : r.rules()) {
            h.append("<h2 id=\"").append(Html.escape(rule.id() + "-" + rule.dataset())).append("\">").append(Html.escape(rule.id()))
                    .append(" on ").append(Html.escape(rule.dataset())).append("</h2><p class=\"note\">")
                    .append(Html.escape(rule.description())).append(" — ").append(Html.escape(rule.action())).append(", clock ")
                    .append(Html.escape(rule.clock())).append(", period ").append(Html.escape(rule.period())).append(", mode ")
                    .append(Html.escape(rule.mode())).append("</p>");
            h.append("<table><tr><th>partition</th><th>rows</th><th>bytes</th><th>").append(dry ? "would delete" : "deleted")
                    .append("</th><th>columns nulled</th><th>kept</th><th>spared: legal hold</th><th>spared: active contract</th>")
                    .append("<th>spared: open claim</th><th>out of scope</th><th>null clock</th></tr>");
            row(h, "total", rule.total());
            for (RetentionReport.Partition p : rule.partitions()) row(h, p.partition().isEmpty() ? "(all)" : p.partition(), p.counts());
            h.append("</table>");
        }
        return h.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder h, String name, RetentionReport.Counts c) {
        h.append("<tr><td>").append(Html.escape(name)).append("</td><td>").append(c.rows()).append("</td><td>").append(c.bytes())
                .append("</td><td>").append(c.rowsDeleted()).append("</td><td>").append(c.rowsColumnsNulled())
                .append("</td><td>").append(c.rowsKept()).append("</td><td>").append(c.rowsSpared().getOrDefault("LEGAL_HOLD", 0L))
                .append("</td><td>").append(c.rowsSpared().getOrDefault("ACTIVE_CONTRACT", 0L))
                .append("</td><td>").append(c.rowsSpared().getOrDefault("OPEN_CLAIM", 0L))
                .append("</td><td>").append(c.rowsOutOfScope()).append("</td><td>").append(c.rowsKeptNullClock()).append("</td></tr>");
    }
}
