package jp.insurer.governance.batch.inventory;

import java.util.List;
import java.util.Map;

/**
 * What the inventory knows about one dataset, from listings and Parquet footers only.
 *
 * @param name           folder name under the data root
 * @param uri            qualified location
 * @param rows           rows over all readable files
 * @param bytes          bytes over all files
 * @param partitionKeys  Hive partition keys in folder order (e.g. [dt]); empty when unpartitioned
 * @param partitions     per partition folder: files, rows, bytes
 * @param columns        union of the files' columns, in order of first appearance
 * @param files          every readable file
 * @param unreadable     files that are not Parquet or whose footer is damaged; counted, never fatal
 */
public record DatasetInventory(
        String name,
        String uri,
        long rows,
        long bytes,
        List<String> partitionKeys,
        List<Partition> partitions,
        List<Column> columns,
        List<FileEntry> files,
        List<Unreadable> unreadable) {

    /** @param types every type seen for the column; more than one means schema drift between files */
    public record Column(
            String name, String physicalType, String logicalType, String repetition, List<String> types, int files) {}

    public record Partition(String path, Map<String, String> values, int files, long rows, long bytes) {}

    public record FileEntry(String path, long bytes, long rows, int rowGroups, String createdBy) {}

    public record Unreadable(String path, String reason) {}

    public boolean hasSchemaDrift() {
        return columns.stream().anyMatch(c -> c.types().size() > 1 || c.files() < files.size());
    }
}
