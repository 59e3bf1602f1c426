package jp.insurer.governance.parquet.read;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import jp.insurer.governance.parquet.Column;
import jp.insurer.governance.parquet.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;

/**
 * Materializes rows as {@code Object[]} in the order of a (projected) {@link RowSchema}, with the
 * same Java types {@code ParquetRowWriter} accepts, so a row read can be written back unchanged.
 * Strings from dictionary pages are decoded once per dictionary entry, not once per row.
 */
final class RowReadSupport extends ReadSupport<Object[]> {

    private final RowSchema projection;

    RowReadSupport(RowSchema projection) {
        this.projection = projection;
    }

    @Override
    public ReadContext init(InitContext context) {
        return new ReadContext(projection.toMessageType());
    }

    // Deprecated in parquet-java for the ParquetConfiguration variant, but it is the one called for readers built
    // from a Hadoop Configuration, as every reader here is.
    @SuppressWarnings("deprecation")
    @Override
    public RecordMaterializer<Object[]> prepareForRead(
            Configuration conf, Map<String, String> metadata, MessageType fileSchema, ReadContext context) {
        return new RowMaterializer(projection);
    }

    /** A string value that is not valid UTF-8; the caller names file and dataset. */
    static final class InvalidUtf8Exception extends RuntimeException {
        InvalidUtf8Exception(String column) {
            super("column '" + column + "' holds a value that is not valid UTF-8");
        }
    }

    private static final class RowMaterializer extends RecordMaterializer<Object[]> {
        private final Object[][] current = new Object[1][];
        private final RowConverter root;

        RowMaterializer(RowSchema schema) {
            root = new RowConverter(schema, current);
        }

        @Override
        public Object[] getCurrentRecord() {
            return current[0];
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    private static final class RowConverter extends GroupConverter {
        private final Converter[] converters;
        private final Object[][] holder;
        private final int width;

        RowConverter(RowSchema schema, Object[][] holder) {
            this.holder = holder;
            this.width = schema.size();
            converters = new Converter[width];
            for (int i = 0; i < width; i++) converters[i] = converterFor(schema.column(i), i, holder);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            holder[0] = new Object[width];
        }

        @Override
        public void end() {}
    }

    private static PrimitiveConverter converterFor(Column column, int index, Object[][] row) {
        return switch (column.type()) {
            case STRING -> new StringConverter(column.name(), index, row);
            case BINARY ->
                new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                        row[0][index] = value.getBytes();
                    }
                };
            case INT32 ->
                new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        row[0][index] = value;
                    }
                };
            case INT64 ->
                new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        row[0][index] = value;
                    }
                };
            case FLOAT ->
                new PrimitiveConverter() {
                    @Override
                    public void addFloat(float value) {
                        row[0][index] = value;
                    }
                };
            case DOUBLE ->
                new PrimitiveConverter() {
                    @Override
                    public void addDouble(double value) {
                        row[0][index] = value;
                    }
                };
            case BOOLEAN ->
                new PrimitiveConverter() {
                    @Override
                    public void addBoolean(boolean value) {
                        row[0][index] = value;
                    }
                };
            case DATE ->
                new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        row[0][index] = LocalDate.ofEpochDay(value);
                    }
                };
            case TIMESTAMP ->
                new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        row[0][index] = timestamp(column, value);
                    }
                };
            case DECIMAL ->
                new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        row[0][index] = BigDecimal.valueOf(value, column.scale());
                    }

                    @Override
                    public void addLong(long value) {
                        row[0][index] = BigDecimal.valueOf(value, column.scale());
                    }

                    @Override
                    public void addBinary(Binary value) {
                        row[0][index] = new BigDecimal(new BigInteger(value.getBytes()), column.scale());
                    }
                };
        };
    }

    private static Object timestamp(Column column, long value) {
        Instant instant = switch (column.timeUnit() == null ? TimeUnit.MICROS : column.timeUnit()) {
            case MILLIS -> Instant.ofEpochMilli(value);
            case MICROS ->
                Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOS ->
                Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
        return column.utcAdjusted() ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** UTF-8 strings, strictly validated: a malformed value is an error, never a silent U+FFFD. */
    private static final class StringConverter extends PrimitiveConverter {
        private final String column;
        private final int index;
        private final Object[][] row;
        private String[] dictionary;

        StringConverter(String column, int index, Object[][] row) {
            this.column = column;
            this.index = index;
            this.row = row;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dict) {
            dictionary = new String[dict.getMaxId() + 1];
            for (int id = 0; id <= dict.getMaxId(); id++) dictionary[id] = decode(dict.decodeToBinary(id));
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            row[0][index] = dictionary[dictionaryId];
        }

        @Override
        public void addBinary(Binary value) {
            row[0][index] = decode(value);
        }

        private String decode(Binary value) {
            String s = value.toStringUsingUTF8();
            // The fast decoder replaces malformed input with U+FFFD; only then check strictly,
            // since a genuine U+FFFD in the data is rare.
            if (s.indexOf('\uFFFD') >= 0) {
                try {
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(value.getBytes()));
                } catch (CharacterCodingException e) {
                    throw new InvalidUtf8Exception(column);
                }
            }
            return s;
        }
    }
}
