package jp.insurer.governance.parquet;

import java.util.Objects;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;

/**
 * One column of a {@link RowSchema}. Precision and scale matter for {@link ColumnType#DECIMAL} only;
 * time unit and UTC adjustment for {@link ColumnType#TIMESTAMP} only.
 */
public record Column(
        String name,
        ColumnType type,
        boolean nullable,
        int precision,
        int scale,
        TimeUnit timeUnit,
        boolean utcAdjusted) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name is empty");
        }
        if (type == ColumnType.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException(
                    "column '" + name + "': decimal needs 1 <= precision <= 38 and 0 <= scale <= precision");
        }
        if (type == ColumnType.TIMESTAMP && timeUnit == null) {
            timeUnit = TimeUnit.MICROS;
        }
    }

    /** A nullable column. */
    public static Column of(String name, ColumnType type) {
        return new Column(name, type, true, 0, 0, null, true);
    }

    /** A column that never holds null. */
    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false, 0, 0, null, true);
    }

    public static Column decimal(String name, int precision, int scale, boolean nullable) {
        return new Column(name, ColumnType.DECIMAL, nullable, precision, scale, null, true);
    }

    public static Column timestamp(String name, TimeUnit unit, boolean utcAdjusted, boolean nullable) {
        return new Column(name, ColumnType.TIMESTAMP, nullable, 0, 0, unit, utcAdjusted);
    }
}
