package jp.insurer.governance.batch.tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.insurer.governance.batch.support.ReportPages;

/** {@code catalog/index.html}: the catalog for people — per dataset its columns and consent counts (template {@code reports/catalog}). */
final class CatalogHtml {

    private CatalogHtml() {}

    record Page(String policyVersion, String policyShort, List<Dataset> datasets) {}

    record Dataset(
            String name,
            String status,
            boolean quarantined,
            long rows,
            long rowsSensitive,
            String customerKey,
            String driftNote,
            String problem,
            List<String> drift,
            List<Column> columns,
            boolean hasConsent,
            List<Consent> consent) {}

    record Column(
            String name,
            String physicalType,
            String role,
            String categories,
            String sensitiveKind,
            String source,
            String confidence,
            String evidence,
            String conflict) {}

    record Consent(String purpose, long granted, long withdrawn, long notGiven, long noCustomer) {}

    static String render(Catalog catalog) {
        List<Dataset> datasets = new ArrayList<>();
        for (Catalog.Entry e : catalog.datasets()) {
            List<Column> columns = e.columns().stream()
                    .map(c -> new Column(
                            c.name(),
                            c.physicalType(),
                            c.role(),
                            String.join(", ", c.categories()),
                            c.sensitiveKind(),
                            c.source(),
                            String.format(Locale.ROOT, "%.2f", c.confidence()),
                            c.evidence(),
                            c.conflict()))
                    .toList();
            List<Consent> consent = new ArrayList<>();
            for (Map.Entry<String, Map<String, Long>> p : e.rowsByConsent().entrySet()) {
                Map<String, Long> s = p.getValue();
                consent.add(new Consent(
                        p.getKey(),
                        s.getOrDefault("GRANTED", 0L),
                        s.getOrDefault("WITHDRAWN", 0L),
                        s.getOrDefault("NOT_GIVEN", 0L),
                        s.getOrDefault(ConsentCounts.NO_CUSTOMER, 0L)));
            }
            datasets.add(new Dataset(
                    e.name(),
                    e.status(),
                    "QUARANTINED".equals(e.status()),
                    e.rows(),
                    e.rowsSensitive(),
                    e.customerKey(),
                    e.drift().isEmpty() ? "" : e.drift().size() + " changes",
                    e.problem(),
                    e.drift(),
                    columns,
                    !e.rowsByConsent().isEmpty() && e.rows() > 0,
                    consent));
        }
        return ReportPages.render(
                "catalog",
                "Data catalog for " + catalog.businessDate(),
                "ja",
                new Page(catalog.policyVersion(), catalog.policySha256().substring(0, 12), datasets));
    }
}
