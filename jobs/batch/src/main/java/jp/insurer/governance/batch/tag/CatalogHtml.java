package jp.insurer.governance.batch.tag;

import java.util.Map;
import jp.insurer.governance.batch.support.Html;

/** {@code catalog/index.html}: the catalog for people — per dataset its columns and consent counts. */
final class CatalogHtml {

    private CatalogHtml() {}

    static String render(Catalog catalog) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>Data catalog ")
                .append(esc(catalog.businessDate())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}td.n{text-align:right}.warn{color:#a40000}.ev{font-size:.85em;color:#555;max-width:40em}")
                .append(".DIRECT_IDENTIFIER,.SENSITIVE,.UNKNOWN,.FREE_TEXT{font-weight:bold}")
                .append("</style></head><body>");
        h.append("<h1>Data catalog for ").append(esc(catalog.businessDate())).append("</h1><p>Policy ")
                .append(esc(catalog.policyVersion())).append(" (sha256 <code>").append(esc(catalog.policySha256().substring(0, 12)))
                .append("…</code>).</p>");
        h.append("<table id=\"datasets\"><tr><th>dataset</th><th>status</th><th>records</th><th>with 機微情報</th><th>customer key</th><th>drift</th></tr>");
        for (Catalog.Entry e : catalog.datasets()) {
            h.append("<tr><td><a href=\"#ds-").append(esc(e.name())).append("\">").append(esc(e.name())).append("</a></td><td")
                    .append("QUARANTINED".equals(e.status()) ? " class=\"warn\"" : "").append(">").append(esc(e.status()))
                    .append("</td><td class=\"n\">").append(String.format("%,d", e.rows())).append("</td><td class=\"n\">")
                    .append(String.format("%,d", e.rowsSensitive())).append("</td><td>").append(esc(e.customerKey()))
                    .append("</td><td class=\"warn\">").append(e.drift().size() > 0 ? e.drift().size() + " changes" : "").append("</td></tr>");
        }
        h.append("</table>");
        for (Catalog.Entry e : catalog.datasets()) {
            h.append("<h2 id=\"ds-").append(esc(e.name())).append("\">").append(esc(e.name())).append("</h2>");
            if (e.problem() != null) h.append("<p class=\"warn\">Quarantined: ").append(esc(e.problem())).append("</p>");
            for (String d : e.drift()) h.append("<p class=\"warn\">Drift: ").append(esc(d)).append("</p>");
            h.append("<table class=\"columns\"><tr><th>column</th><th>type</th><th>role</th><th>categories</th><th>機微</th>")
                    .append("<th>source</th><th>confidence</th><th>evidence</th></tr>");
            for (Catalog.Column c : e.columns()) {
                h.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(esc(c.physicalType()))
                        .append("</td><td class=\"").append(esc(c.role())).append("\">").append(esc(c.role()))
                        .append("</td><td>").append(esc(String.join(", ", c.categories()))).append("</td><td>")
                        .append(esc(c.sensitiveKind())).append("</td><td>").append(esc(c.source())).append("</td><td class=\"n\">")
                        .append(String.format("%.2f", c.confidence())).append("</td><td class=\"ev\">").append(esc(c.evidence()));
                if (c.conflict() != null) h.append("<br><span class=\"warn\">conflict: ").append(esc(c.conflict())).append("</span>");
                h.append("</td></tr>");
            }
            h.append("</table>");
            if (!e.rowsByConsent().isEmpty() && e.rows() > 0) {
                h.append("<table class=\"consent\"><tr><th>purpose</th><th>GRANTED</th><th>WITHDRAWN</th><th>NOT_GIVEN</th><th>no customer</th></tr>");
                for (Map.Entry<String, Map<String, Long>> p : e.rowsByConsent().entrySet()) {
                    h.append("<tr><td>").append(esc(p.getKey())).append("</td>");
                    for (String state : new String[] {"GRANTED", "WITHDRAWN", "NOT_GIVEN", PublishTasklet.NO_CUSTOMER}) {
                        h.append("<td class=\"n\">").append(String.format("%,d", p.getValue().getOrDefault(state, 0L))).append("</td>");
                    }
                    h.append("</tr>");
                }
                h.append("</table>");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return Html.escape(s);
    }
}
