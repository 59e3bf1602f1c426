package jp.insurer.governance.parquet.dataset;

import java.util.List;
import java.util.Map;

/**
 * What a Parquet footer says about a file, without reading its rows.
 *
 * @param rows      rows over all row groups
 * @param rowGroups number of row groups
 * @param columns   leaf columns in schema order
 * @param createdBy the writer's name and version
 * @param metadata  key/value metadata (extract ids, policy versions, writer schemas)
 * @param rowGroupRows rows of each row group, in file order (samplers draw row groups by them)
 */
public record FileFooter(
        long rows,
        int rowGroups,
        List<ColumnSchema> columns,
        String createdBy,
        Map<String, String> metadata,
        List<Long> rowGroupRows) {

    public FileFooter {
        columns = List.copyOf(columns);
        metadata = Map.copyOf(metadata);
        rowGroupRows = List.copyOf(rowGroupRows);
    }
}
