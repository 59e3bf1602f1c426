package jp.insurer.governance.sampledata;

import java.util.ArrayList;
import java.util.List;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.ColumnType;
import jp.insurer.governance.parquet.RowSchema;

/**
 * One generated dataset: its Parquet schema and, for every column, the classification a perfect tagger
 * would give (written to {@code _ground_truth.json}). Both come from one table so they cannot drift.
 */
record DatasetSpec(String name, RowSchema schema, List<ColumnTruth> truth, String partitionColumn) {

    /**
     * @param role          DIRECT_IDENTIFIER, QUASI_IDENTIFIER, SENSITIVE, FREE_TEXT or NON_PERSONAL
     * @param categories    acquisition categories: those of the dataset the column was acquired in, those
     *                      implied by what it holds (cards and bank accounts: PAYMENT_IDENTITY; IPs, cookies,
     *                      device ids: DEVICE_COOKIE), and any given for the column itself
     * @param sensitiveKind HEALTH, … for SENSITIVE columns, else null
     * @param holds         the entity type every value is, or null
     * @param mayContain    for free text and mixed columns: entity types (and SENSITIVE:KIND) that occur
     */
    record ColumnTruth(
            String name,
            String physicalType,
            String role,
            List<String> categories,
            String sensitiveKind,
            String holds,
            List<String> mayContain) {}

    static Builder builder(String name) {
        return new Builder(name);
    }

    int columnCount() {
        return schema.size();
    }

    static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private final List<ColumnTruth> truth = new ArrayList<>();
        private String partitionColumn;
        private List<String> acquired = List.of();

        private Builder(String name) {
            this.name = name;
        }

        /** How the whole dataset was acquired (section 3 of the consent document); every column inherits it. */
        Builder acquired(String categories) {
            acquired = List.of(categories.split(","));
            return this;
        }

        private List<String> categories(String own, String holds) {
            java.util.TreeSet<String> all = new java.util.TreeSet<>(acquired);
            if (!own.isEmpty()) all.addAll(List.of(own.split(",")));
            if (holds != null) {
                switch (holds) {
                    case "CREDIT_CARD", "BANK_ACCOUNT", "MY_NUMBER" -> all.add("PAYMENT_IDENTITY");
                    case "IP_ADDRESS", "COOKIE_ID", "DEVICE_ID" -> all.add("DEVICE_COOKIE");
                    default -> {}
                }
            }
            return List.copyOf(all);
        }

        /** A column: name, type, nullable, role, categories (comma separated, may be empty), holds. */
        Builder col(String column, ColumnType type, boolean nullable, String role, String categories, String holds) {
            return col(column, type, nullable, role, categories, null, holds, List.of());
        }

        Builder col(
                String column,
                ColumnType type,
                boolean nullable,
                String role,
                String categories,
                String sensitiveKind,
                String holds,
                List<String> mayContain) {
            columns.add(nullable ? Column.of(column, type) : Column.required(column, type));
            truth.add(new ColumnTruth(
                    column, type.name(), role, categories(categories, holds), sensitiveKind, holds, mayContain));
            return this;
        }

        /** A Hive partition column: in the ground truth and the folder names, not in the files. */
        Builder partition(String column, String role, String categories) {
            partitionColumn = column;
            truth.add(new ColumnTruth(column, "DATE", role, categories(categories, null), null, null, List.of()));
            return this;
        }

        DatasetSpec build() {
            return new DatasetSpec(name, RowSchema.of(name, columns), List.copyOf(truth), partitionColumn);
        }
    }
}
