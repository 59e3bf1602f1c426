package jp.insurer.governance.batch.tag;

import java.util.List;
import jp.insurer.governance.parquet.dataset.DatasetFile;
import jp.insurer.governance.policy.classify.ColumnClassification;

/**
 * What the tag job decided about one dataset before tagging its records.
 *
 * @param customerKey column linking records to customers, or null
 * @param columns     classifications in the dataset's column order (union over files)
 * @param files       source files; empty when quarantined
 * @param problem     why the dataset is quarantined, or null
 */
record DatasetPlan(
        String name,
        String uri,
        String customerKey,
        List<ColumnClassification> columns,
        List<DatasetFile> files,
        List<String> drift,
        String problem) {

    boolean quarantined() {
        return problem != null;
    }

    ColumnClassification column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst().orElse(null);
    }
}
