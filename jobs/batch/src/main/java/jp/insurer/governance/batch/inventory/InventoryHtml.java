package jp.insurer.governance.batch.inventory;

import java.util.ArrayList;
import java.util.List;
import jp.insurer.governance.batch.support.ReportPages;

/** A self-contained HTML page of the inventory report, for people who do not read JSON (template {@code reports/inventory}). */
final class InventoryHtml {

    private InventoryHtml() {}

    record Page(
            String dataRoot,
            String policyVersion,
            long executionId,
            String generatedAt,
            InventoryReport.Totals totals,
            boolean unreadable,
            List<Dataset> datasets) {}

    record Dataset(
            String name,
            String uri,
            int files,
            int partitions,
            long rows,
            long bytes,
            int columns,
            String notes,
            boolean partitioned,
            String partitionKeys,
            List<ColumnRow> columnRows,
            boolean hasUnreadable,
            List<DatasetInventory.Unreadable> unreadableFiles) {}

    record ColumnRow(String name, String types, boolean typesDiffer, String repetition, int files) {}

    static String render(InventoryReport report) {
        List<Dataset> datasets = new ArrayList<>();
        for (DatasetInventory d : report.datasets()) {
            List<String> notes = new ArrayList<>();
            if (!d.unreadable().isEmpty()) notes.add(d.unreadable().size() + " unreadable files");
            if (d.hasSchemaDrift()) notes.add("schema differs between files");
            List<ColumnRow> columns = d.columns().stream()
                    .map(c -> new ColumnRow(
                            c.name(), String.join(" | ", c.types()), c.types().size() > 1, c.repetition(), c.files()))
                    .toList();
            datasets.add(new Dataset(
                    d.name(),
                    d.uri(),
                    d.files().size(),
                    d.partitions().size(),
                    d.rows(),
                    d.bytes(),
                    d.columns().size(),
                    String.join("; ", notes),
                    !d.partitionKeys().isEmpty(),
                    String.join(", ", d.partitionKeys()),
                    columns,
                    !d.unreadable().isEmpty(),
                    d.unreadable()));
        }
        Page page = new Page(
                report.dataRoot(),
                report.policyVersion(),
                report.executionId(),
                report.generatedAt(),
                report.totals(),
                report.totals().unreadableFiles() > 0,
                datasets);
        return ReportPages.render("inventory", "Inventory for " + report.businessDate(), "en", page);
    }
}
