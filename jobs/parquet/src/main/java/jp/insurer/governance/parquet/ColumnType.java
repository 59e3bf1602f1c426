package jp.insurer.governance.parquet;

/**
 * The logical column types the suite reads and writes, and the Java values each takes.
 *
 * <ul>
 *   <li>{@link #STRING}: {@link String} (UTF-8 binary)</li>
 *   <li>{@link #BINARY}: {@code byte[]}</li>
 *   <li>{@link #INT32}: {@link Integer} (or any {@link Number} that fits)</li>
 *   <li>{@link #INT64}: {@link Long} (or {@link Integer})</li>
 *   <li>{@link #FLOAT}, {@link #DOUBLE}: {@link Number}</li>
 *   <li>{@link #BOOLEAN}: {@link Boolean}</li>
 *   <li>{@link #DATE}: {@link java.time.LocalDate} (int32 days since 1970-01-01)</li>
 *   <li>{@link #TIMESTAMP}: {@link java.time.Instant} or {@link java.time.LocalDateTime} (int64, micros by
 *       default, adjusted to UTC by default)</li>
 *   <li>{@link #DECIMAL}: {@link java.math.BigDecimal} (precision and scale from the column)</li>
 * </ul>
 */
public enum ColumnType {
    STRING,
    BINARY,
    INT32,
    INT64,
    FLOAT,
    DOUBLE,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    DECIMAL
}
