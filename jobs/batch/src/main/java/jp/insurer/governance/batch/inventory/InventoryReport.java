package jp.insurer.governance.batch.inventory;

import java.util.List;

/**
 * {@code out/reports/inventory-DATE.json}: the raw zone as the footers describe it.
 *
 * @param executionId   the job execution that wrote it (see scripts/status.sh)
 * @param generatedAt   ISO instant; the only field that differs between two runs over the same data
 */
public record InventoryReport(
        String job,
        String businessDate,
        String dataRoot,
        String policyVersion,
        long executionId,
        String generatedAt,
        Totals totals,
        List<DatasetInventory> datasets) {

    public record Totals(
            int datasets,
            long files,
            long rows,
            long bytes,
            long unreadableFiles,
            List<String> datasetsWithSchemaDrift) {

        static Totals of(List<DatasetInventory> datasets) {
            return new Totals(
                    datasets.size(),
                    datasets.stream().mapToLong(d -> d.files().size()).sum(),
                    datasets.stream().mapToLong(DatasetInventory::rows).sum(),
                    datasets.stream().mapToLong(DatasetInventory::bytes).sum(),
                    datasets.stream().mapToLong(d -> d.unreadable().size()).sum(),
                    datasets.stream()
                            .filter(DatasetInventory::hasSchemaDrift)
                            .map(DatasetInventory::name)
                            .toList());
        }
    }
}
