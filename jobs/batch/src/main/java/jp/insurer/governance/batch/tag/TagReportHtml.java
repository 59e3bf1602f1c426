package jp.insurer.governance.batch.tag;

import java.util.List;
import java.util.Map;
import jp.insurer.governance.batch.support.Html;

/** {@code reports/tag-DATE.html}. */
final class TagReportHtml {

    private TagReportHtml() {}

    static String render(TagReport r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tag run ")
                .append(Html.escape(r.businessDate())).append("</title><style>body{font-family:system-ui,sans-serif;margin:2em}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em}table{border-collapse:collapse}.warn{color:#a40000}</style></head><body>");
        h.append("<h1>Tag run for ").append(Html.escape(r.businessDate())).append("</h1>");
        h.append("<p>Policy ").append(Html.escape(r.policyVersion())).append(". Consent ledger: ").append(r.consentEvents())
                .append(" events, ").append(r.consentCustomers()).append(" customers, ").append(r.eventsAfterBusinessDate())
                .append(" after the business date ignored, <span class=\"warn\">").append(r.quarantinedEvents())
                .append(" quarantined</span> ").append(Html.escape(r.quarantinedByReason().toString())).append(".</p>");
        h.append("<p id=\"uncertain\">Consent <span class=\"warn\">uncertain for ").append(r.uncertainCustomers())
                .append(" customers</span> (excluded from every extract that needs it); ")
                .append(r.unmatchedLedgerCustomers() == null ? "ledger customers not checked against the customer master"
                        : r.unmatchedLedgerCustomers() + " ledger customers not in the customer master")
                .append(" (ids in the quarantine area only).</p>");
        h.append("<table id=\"rows\"><tr><th>dataset</th><th>records tagged</th></tr>");
        r.rowsTagged().forEach((k, v) -> h.append("<tr><td>").append(Html.escape(k)).append("</td><td>").append(v).append("</td></tr>"));
        h.append("</table>");
        list(h, "Quarantined datasets", Map.of("", r.quarantinedDatasets()));
        list(h, "Schema drift", r.drift());
        list(h, "Rule conflicts", r.conflicts());
        return h.append("</body></html>\n").toString();
    }

    private static void list(StringBuilder h, String title, Map<String, List<String>> items) {
        if (items.values().stream().allMatch(List::isEmpty)) return;
        h.append("<h2>").append(title).append("</h2><ul>");
        items.forEach((k, v) -> v.forEach(i -> h.append("<li>").append(Html.escape(k.isEmpty() ? i : k + ": " + i)).append("</li>")));
        h.append("</ul>");
    }
}
