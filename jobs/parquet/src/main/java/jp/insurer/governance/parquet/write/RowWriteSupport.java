package jp.insurer.governance.parquet.write;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Writes {@code Object[]} rows of a {@link RowSchema}. One value writer per column is chosen once, so the
 * per-value cost is a null check, a cast and the record consumer call.
 *
 * <p>Errors name the column and the Java type, never the value: values may be personal data.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {

    @FunctionalInterface
    private interface ValueWriter {
        void write(RecordConsumer consumer, Object value);
    }

    private final RowSchema schema;
    private final MessageType messageType;
    private final String[] names;
    private final boolean[] nullable;
    private final ValueWriter[] writers;
    private RecordConsumer consumer;

    RowWriteSupport(RowSchema schema) {
        this.schema = schema;
        this.messageType = schema.toMessageType();
        int n = schema.size();
        this.names = new String[n];
        this.nullable = new boolean[n];
        this.writers = new ValueWriter[n];
        for (int i = 0; i < n; i++) {
            Column column = schema.column(i);
            names[i] = column.name();
            nullable[i] = column.nullable();
            writers[i] = writerFor(column, messageType.getType(i).asPrimitiveType());
        }
    }

    @Override
    public String getName() {
        return "governance-rows";
    }

    // Deprecated for the ParquetConfiguration variant; writers here are built from a Hadoop Configuration, which calls
    // this one.
    @SuppressWarnings("deprecation")
    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(messageType, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        if (row.length != names.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, schema '" + schema.name() + "' has "
                    + names.length + " columns");
        }
        RecordConsumer rc = consumer;
        rc.startMessage();
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value == null) {
                if (!nullable[i]) {
                    throw new IllegalArgumentException("column '" + names[i] + "' is required but the value is null");
                }
                continue;
            }
            rc.startField(names[i], i);
            try {
                writers[i].write(rc, value);
            } catch (ClassCastException | ArithmeticException e) {
                throw new IllegalArgumentException(
                        "column '" + names[i] + "' (" + schema.column(i).type() + ") cannot take a value of type "
                                + value.getClass().getName(),
                        e);
            }
            rc.endField(names[i], i);
        }
        rc.endMessage();
    }

    private static ValueWriter writerFor(Column column, PrimitiveType physical) {
        return switch (column.type()) {
            // Array-backed: parquet 1.18 makes fromString() ByteBuffer-backed, whose equals/hashCode (a dictionary
            // lookup for every value) cost about 20 % more CPU on a customer-like table.
            case STRING ->
                (rc, v) -> rc.addBinary(Binary.fromConstantByteArray(((String) v).getBytes(StandardCharsets.UTF_8)));
            case BINARY -> binaryWriter(column, physical);
            case INT32 -> (rc, v) -> rc.addInteger(toInt(v));
            case INT64 -> (rc, v) -> rc.addLong(((Number) integral(v)).longValue());
            case FLOAT -> (rc, v) -> rc.addFloat(((Number) v).floatValue());
            case DOUBLE -> (rc, v) -> rc.addDouble(((Number) v).doubleValue());
            case BOOLEAN -> (rc, v) -> rc.addBoolean((Boolean) v);
            case DATE ->
                (rc, v) -> rc.addInteger(v instanceof LocalDate d ? Math.toIntExact(d.toEpochDay()) : toInt(v));
            case TIMESTAMP -> timestampWriter(column.timeUnit());
            case DECIMAL -> decimalWriter(column, physical);
        };
    }

    private static ValueWriter binaryWriter(Column column, PrimitiveType physical) {
        if (physical.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            int length = physical.getTypeLength();
            return (rc, v) -> {
                byte[] bytes = (byte[]) v;
                if (bytes.length != length) {
                    throw new IllegalArgumentException(
                            "column '" + column.name() + "' takes exactly " + length + " bytes, got " + bytes.length);
                }
                rc.addBinary(Binary.fromConstantByteArray(bytes));
            };
        }
        return (rc, v) -> rc.addBinary(Binary.fromConstantByteArray((byte[]) v));
    }

    private static ValueWriter timestampWriter(TimeUnit unit) {
        return (rc, v) -> {
            long seconds;
            int nanos;
            if (v instanceof Instant instant) {
                seconds = instant.getEpochSecond();
                nanos = instant.getNano();
            } else if (v instanceof LocalDateTime local) {
                seconds = local.toEpochSecond(ZoneOffset.UTC);
                nanos = local.getNano();
            } else {
                rc.addLong((Long) integral(v)); // already in the column's unit
                return;
            }
            long value = switch (unit) {
                case MILLIS -> Math.addExact(Math.multiplyExact(seconds, 1_000L), nanos / 1_000_000);
                case MICROS -> Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
                case NANOS -> Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
            };
            rc.addLong(value);
        };
    }

    private static ValueWriter decimalWriter(Column column, PrimitiveType physical) {
        int scale = column.scale();
        PrimitiveTypeName name = physical.getPrimitiveTypeName();
        int length = physical.getTypeLength();
        return (rc, v) -> {
            BigDecimal decimal = v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
            BigDecimal scaled = decimal.setScale(scale, RoundingMode.UNNECESSARY);
            if (scaled.precision() > column.precision()) {
                throw new ArithmeticException("precision exceeded");
            }
            switch (name) {
                case INT32 -> rc.addInteger(scaled.unscaledValue().intValueExact());
                case INT64 -> rc.addLong(scaled.unscaledValue().longValueExact());
                case FIXED_LEN_BYTE_ARRAY ->
                    rc.addBinary(Binary.fromConstantByteArray(
                            padded(scaled.unscaledValue().toByteArray(), length)));
                default ->
                    rc.addBinary(
                            Binary.fromConstantByteArray(scaled.unscaledValue().toByteArray()));
            }
        };
    }

    private static byte[] padded(byte[] twosComplement, int length) {
        if (twosComplement.length == length) {
            return twosComplement;
        }
        byte[] out = new byte[length];
        byte fill = (byte) (twosComplement[0] < 0 ? 0xFF : 0x00);
        int pad = length - twosComplement.length;
        for (int i = 0; i < pad; i++) {
            out[i] = fill;
        }
        System.arraycopy(twosComplement, 0, out, pad, twosComplement.length);
        return out;
    }

    private static Object integral(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v instanceof Long ? v : Long.valueOf(((Number) v).longValue());
        }
        throw new ClassCastException(v.getClass().getName());
    }

    private static int toInt(Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Long l) {
            return Math.toIntExact(l);
        }
        throw new ClassCastException(v.getClass().getName());
    }
}
