package jp.insurer.governance.parquet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * A flat row layout: named, typed columns in order. Rows are {@code Object[]} in this order.
 *
 * <p>Built by hand ({@link #of}) or from an existing file's schema ({@link #fromMessageType}); in the
 * second case {@link #toMessageType()} returns that schema unchanged, so a rewrite keeps every
 * annotation (field ids, int widths, enum/json strings) that the column types do not model.
 */
public final class RowSchema {

    private final String name;
    private final List<Column> columns;
    private final Map<String, Integer> indexByName;
    private final MessageType messageType;

    private RowSchema(String name, List<Column> columns, MessageType source) {
        this.name = Objects.requireNonNull(name, "name");
        this.columns = List.copyOf(columns);
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("schema '" + name + "' has no columns");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < this.columns.size(); i++) {
            if (index.put(this.columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("schema '" + name + "': duplicate column '"
                        + this.columns.get(i).name() + "'");
            }
        }
        this.indexByName = Map.copyOf(index);
        this.messageType = source != null ? source : buildMessageType(name, this.columns);
    }

    public static RowSchema of(String name, List<Column> columns) {
        return new RowSchema(name, columns, null);
    }

    public static RowSchema of(String name, Column... columns) {
        return new RowSchema(name, List.of(columns), null);
    }

    /**
     * The row schema of an existing file. Only flat schemas of primitive, non-repeated columns are
     * supported; anything else fails naming the column.
     */
    public static RowSchema fromMessageType(MessageType type) {
        List<Column> columns = new ArrayList<>(type.getFieldCount());
        for (Type field : type.getFields()) {
            columns.add(columnOf(field));
        }
        return new RowSchema(type.getName(), columns, type);
    }

    public String name() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The column's position, or -1 when there is no such column. */
    public int indexOf(String columnName) {
        Integer index = indexByName.get(columnName);
        return index == null ? -1 : index;
    }

    public MessageType toMessageType() {
        return messageType;
    }

    @Override
    public String toString() {
        return messageType.toString();
    }

    private static MessageType buildMessageType(String name, List<Column> columns) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (Column c : columns) {
            Repetition repetition = c.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            PrimitiveType field = switch (c.type()) {
                case STRING ->
                    Types.primitive(PrimitiveTypeName.BINARY, repetition)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(c.name());
                case BINARY ->
                    Types.primitive(PrimitiveTypeName.BINARY, repetition).named(c.name());
                case INT32 ->
                    Types.primitive(PrimitiveTypeName.INT32, repetition).named(c.name());
                case INT64 ->
                    Types.primitive(PrimitiveTypeName.INT64, repetition).named(c.name());
                case FLOAT ->
                    Types.primitive(PrimitiveTypeName.FLOAT, repetition).named(c.name());
                case DOUBLE ->
                    Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(c.name());
                case BOOLEAN ->
                    Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(c.name());
                case DATE ->
                    Types.primitive(PrimitiveTypeName.INT32, repetition)
                            .as(LogicalTypeAnnotation.dateType())
                            .named(c.name());
                case TIMESTAMP ->
                    Types.primitive(PrimitiveTypeName.INT64, repetition)
                            .as(LogicalTypeAnnotation.timestampType(c.utcAdjusted(), c.timeUnit()))
                            .named(c.name());
                case DECIMAL -> decimalField(c, repetition);
            };
            builder.addField(field);
        }
        return builder.named(name);
    }

    private static PrimitiveType decimalField(Column c, Repetition repetition) {
        LogicalTypeAnnotation decimal = LogicalTypeAnnotation.decimalType(c.scale(), c.precision());
        if (c.precision() <= 9) {
            return Types.primitive(PrimitiveTypeName.INT32, repetition)
                    .as(decimal)
                    .named(c.name());
        }
        if (c.precision() <= 18) {
            return Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(decimal)
                    .named(c.name());
        }
        return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
                .length(decimalBytes(c.precision()))
                .as(decimal)
                .named(c.name());
    }

    /** Bytes needed for the two's complement of the largest unscaled value of the precision. */
    static int decimalBytes(int precision) {
        return (int) Math.ceil((precision * Math.log(10) / Math.log(2) + 1) / 8);
    }

    private static Column columnOf(Type field) {
        String columnName = field.getName();
        if (!field.isPrimitive() || field.isRepetition(Repetition.REPEATED)) {
            throw new IllegalArgumentException(
                    "column '" + columnName + "': nested or repeated columns are not supported");
        }
        boolean nullable = !field.isRepetition(Repetition.REQUIRED);
        PrimitiveType primitive = field.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        if (logical instanceof DecimalLogicalTypeAnnotation d) {
            return Column.decimal(columnName, d.getPrecision(), d.getScale(), nullable);
        }
        return switch (primitive.getPrimitiveTypeName()) {
            case BINARY ->
                isString(logical)
                        ? new Column(columnName, ColumnType.STRING, nullable, 0, 0, null, true)
                        : new Column(columnName, ColumnType.BINARY, nullable, 0, 0, null, true);
            case INT32 ->
                logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                        ? new Column(columnName, ColumnType.DATE, nullable, 0, 0, null, true)
                        : new Column(columnName, ColumnType.INT32, nullable, 0, 0, null, true);
            case INT64 ->
                logical instanceof TimestampLogicalTypeAnnotation t
                        ? Column.timestamp(columnName, t.getUnit(), t.isAdjustedToUTC(), nullable)
                        : new Column(columnName, ColumnType.INT64, nullable, 0, 0, null, true);
            case FLOAT -> new Column(columnName, ColumnType.FLOAT, nullable, 0, 0, null, true);
            case DOUBLE -> new Column(columnName, ColumnType.DOUBLE, nullable, 0, 0, null, true);
            case BOOLEAN -> new Column(columnName, ColumnType.BOOLEAN, nullable, 0, 0, null, true);
            case FIXED_LEN_BYTE_ARRAY -> new Column(columnName, ColumnType.BINARY, nullable, 0, 0, null, true);
            case INT96 ->
                throw new IllegalArgumentException("column '" + columnName
                        + "': INT96 timestamps are not supported; rewrite them as TIMESTAMP first");
        };
    }

    private static boolean isString(LogicalTypeAnnotation logical) {
        return logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
    }
}
