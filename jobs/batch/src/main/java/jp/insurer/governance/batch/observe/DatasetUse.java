package jp.insurer.governance.batch.observe;

import java.util.List;

/**
 * A dataset a job read or wrote, for OpenLineage: its location (a Hadoop URI or local path), its columns
 * (names and types only) and, for outputs, the rows written when known.
 *
 * @param location folder or file, e.g. hdfs://nn:8020/raw/policies or /var/out/governed/policies
 * @param columns  column name and physical type; empty when not known
 * @param rows     rows written (outputs), null when not known
 */
public record DatasetUse(Role role, String location, List<Column> columns, Long rows) {

    public enum Role {
        INPUT,
        OUTPUT
    }

    public record Column(String name, String type) {}

    public static DatasetUse input(String location, List<Column> columns) {
        return new DatasetUse(Role.INPUT, location, List.copyOf(columns), null);
    }

    public static DatasetUse output(String location, List<Column> columns, Long rows) {
        return new DatasetUse(Role.OUTPUT, location, List.copyOf(columns), rows);
    }
}
