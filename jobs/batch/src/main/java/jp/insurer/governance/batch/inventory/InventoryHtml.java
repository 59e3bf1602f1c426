package jp.insurer.governance.batch.inventory;

import jp.insurer.governance.batch.support.Html;

/** A self-contained HTML page of the inventory report, for people who do not read JSON. */
final class InventoryHtml {

    private InventoryHtml() {}

    static String render(InventoryReport report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Inventory ")
                .append(esc(report.businessDate())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
                .append("th{background:#f3f3f3}td.n{text-align:right}.warn{color:#a40000}")
                .append("</style></head><body>");
        h.append("<h1>Inventory for ").append(esc(report.businessDate())).append("</h1>");
        h.append("<p>Data root <code>").append(esc(report.dataRoot())).append("</code>, policy ")
                .append(esc(report.policyVersion())).append(", execution ").append(report.executionId())
                .append(", generated ").append(esc(report.generatedAt())).append(".</p>");
        InventoryReport.Totals t = report.totals();
        h.append("<table id=\"datasets\"><tr><th>dataset</th><th>files</th><th>partitions</th><th>rows</th><th>bytes</th><th>columns</th><th>notes</th></tr>");
        for (DatasetInventory d : report.datasets()) {
            h.append("<tr><td><a href=\"#ds-").append(esc(d.name())).append("\">").append(esc(d.name())).append("</a></td>")
                    .append(num(d.files().size())).append(num(d.partitions().size())).append(num(d.rows()))
                    .append(num(d.bytes())).append(num(d.columns().size())).append("<td class=\"warn\">");
            if (!d.unreadable().isEmpty()) h.append(d.unreadable().size()).append(" unreadable files ");
            if (d.hasSchemaDrift()) h.append("schema differs between files");
            h.append("</td></tr>");
        }
        h.append("<tr><th>total</th>").append(num(t.files())).append("<td></td>").append(num(t.rows()))
                .append(num(t.bytes())).append("<td></td><td></td></tr></table>");
        for (DatasetInventory d : report.datasets()) {
            h.append("<h2 id=\"ds-").append(esc(d.name())).append("\">").append(esc(d.name())).append("</h2>");
            h.append("<p><code>").append(esc(d.uri())).append("</code>");
            if (!d.partitionKeys().isEmpty()) {
                h.append(" — partitioned by ").append(esc(String.join(", ", d.partitionKeys())))
                        .append(", ").append(d.partitions().size()).append(" partitions");
            }
            h.append("</p><table><tr><th>column</th><th>type</th><th>repetition</th><th>in files</th></tr>");
            for (DatasetInventory.Column c : d.columns()) {
                h.append("<tr><td>").append(esc(c.name())).append("</td><td")
                        .append(c.types().size() > 1 ? " class=\"warn\"" : "").append(">")
                        .append(esc(String.join(" | ", c.types()))).append("</td><td>").append(esc(c.repetition()))
                        .append("</td>").append(num(c.files())).append("</tr>");
            }
            h.append("</table>");
            if (!d.unreadable().isEmpty()) {
                h.append("<table class=\"warn\"><tr><th>unreadable file</th><th>reason</th></tr>");
                for (DatasetInventory.Unreadable u : d.unreadable()) {
                    h.append("<tr><td>").append(esc(u.path())).append("</td><td>").append(esc(u.reason())).append("</td></tr>");
                }
                h.append("</table>");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    private static String num(long n) {
        return "<td class=\"n\">" + String.format("%,d", n) + "</td>";
    }

    private static String esc(String s) {
        return Html.escape(s);
    }
}
