package jp.insurer.governance.sampledata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of {@code _ground_truth.json} and {@code _SUCCESS}. Deterministic: no clock readings. */
final class GroundTruth {

    private GroundTruth() {}

    static Map<String, Object> of(SampleDataGenerator.Settings s, SampleDataGenerator.Result result) {
        Map<String, Object> root = header(s);
        Map<String, Object> datasets = new LinkedHashMap<>();
        for (DatasetSpec spec : SampleDataGenerator.DATASETS) {
            SampleDataGenerator.DatasetResult r = result.datasets().stream()
                    .filter(d -> d.name().equals(spec.name()))
                    .findFirst()
                    .orElseThrow();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("path", spec.name());
            d.put("rows", r.rows());
            d.put("files", r.files());
            d.put("partitionedBy", spec.partitionColumn());
            List<Object> columns = new ArrayList<>();
            for (DatasetSpec.ColumnTruth c : spec.truth()) {
                Map<String, Object> col = new LinkedHashMap<>();
                col.put("name", c.name());
                col.put("physicalType", c.physicalType());
                col.put("role", c.role());
                col.put("categories", c.categories());
                col.put("sensitiveKind", c.sensitiveKind());
                col.put("holds", c.holds());
                col.put("mayContain", c.mayContain());
                columns.add(col);
            }
            d.put("columns", columns);
            datasets.put(spec.name(), d);
        }
        root.put("datasets", datasets);

        ConsentLedger.Stats stats = result.consentStats();
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("purposes", List.of(ConsentLedger.PURPOSES));
        consent.put(
                "documentVersions",
                ConsentLedger.VERSIONS.stream()
                        .map(ConsentLedger.Version::label)
                        .toList());
        consent.put("duplicateEvents", stats.duplicates);
        consent.put("eventsAfterAsOf", stats.afterAsOf);
        consent.put("customersWithEventsOutOfOrder", stats.outOfOrderCustomers);
        Map<String, Object> anomalies = new LinkedHashMap<>();
        long total = 0;
        for (ConsentLedger.Anomaly a : ConsentLedger.Anomaly.values()) {
            anomalies.put(a.name(), stats.anomalies[a.ordinal()]);
            total += stats.anomalies[a.ordinal()];
        }
        anomalies.put("total", total);
        consent.put("anomalies", anomalies);
        root.put("consent", consent);
        root.put("textTruth", s.withTextTruth() ? TextTruth.FILE : null);
        return root;
    }

    static Map<String, Object> success(SampleDataGenerator.Settings s, SampleDataGenerator.Result result) {
        Map<String, Object> root = header(s);
        root.put("rows", SampleDataGenerator.rowsByDataset(result));
        root.put("totalRows", result.totalRows());
        return root;
    }

    private static Map<String, Object> header(SampleDataGenerator.Settings s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generator", "governance-sample-data");
        root.put("formatVersion", 1);
        root.put("seed", s.seed());
        root.put("asOf", s.asOf().toString());
        root.put("customers", s.customers());
        root.put("codec", s.codec().name());
        root.put("withAnomalies", s.withAnomalies());
        root.put("timeZone", "Asia/Tokyo");
        return root;
    }
}
