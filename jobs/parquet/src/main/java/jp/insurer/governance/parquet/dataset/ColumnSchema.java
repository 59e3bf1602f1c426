package jp.insurer.governance.parquet.dataset;

/**
 * One leaf column of a Parquet schema.
 *
 * @param name         dotted path for nested columns
 * @param physicalType Parquet physical type (BINARY, INT32, INT64, …)
 * @param logicalType  logical annotation (STRING, DATE, TIMESTAMP(MICROS,true), …) or null
 * @param repetition   REQUIRED, OPTIONAL or REPEATED
 */
public record ColumnSchema(String name, String physicalType, String logicalType, String repetition) {

    /** A compact type for reports and drift checks: "BINARY/STRING", "INT32/DATE", "INT64". */
    public String type() {
        return logicalType == null ? physicalType : physicalType + "/" + logicalType;
    }
}
