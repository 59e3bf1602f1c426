package jp.insurer.governance.parquet.write;

import java.io.IOException;
import jp.insurer.governance.parquet.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * Writes one Parquet file of {@code Object[]} rows laid out by a {@link RowSchema}.
 *
 * <pre>{@code
 * RowSchema schema = RowSchema.of("customers", Column.required("customer_id", ColumnType.INT64), ...);
 * try (ParquetRowWriter w = ParquetRowWriter.open("s3a://bucket/x/part-00000.parquet", schema,
 *         WriterOptions.defaults().withMetadata("extract.id", id), HadoopConfigurations.create())) {
 *     w.write(new Object[] {1L, ...});
 * }
 * }</pre>
 *
 * <p>Memory: about one row group ({@link WriterOptions#rowGroupBytes()}) per open writer. A row that
 * fails to write (wrong type, null in a required column) leaves the file unusable: discard the writer.
 * Not thread-safe.
 */
public final class ParquetRowWriter implements AutoCloseable {

    private final ParquetWriter<Object[]> writer;
    private final String location;
    private long rows;

    private boolean closed;

    private ParquetRowWriter(ParquetWriter<Object[]> writer, String location) {
        this.writer = writer;
        this.location = location;
    }

    /** Opens a file at a plain local path or a Hadoop URI ({@code file://}, {@code hdfs://}, {@code s3a://}). */
    public static ParquetRowWriter open(String location, RowSchema schema, WriterOptions options, Configuration conf)
            throws IOException {
        return open(OutputFiles.forLocation(location, conf), schema, options, conf);
    }

    /** Opens a file on any {@link OutputFile}. */
    public static ParquetRowWriter open(OutputFile file, RowSchema schema, WriterOptions options, Configuration conf)
            throws IOException {
        Builder builder = new Builder(file, schema)
                .withConf(conf)
                .withWriteMode(options.overwrite() ? ParquetFileWriter.Mode.OVERWRITE : ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(options.codec().parquetName())
                .withRowGroupSize(options.rowGroupBytes())
                .withPageSize(options.pageBytes())
                .withDictionaryPageSize(options.pageBytes())
                .withDictionaryEncoding(options.dictionary())
                .withExtraMetaData(options.metadata());
        for (String column : options.plainColumns()) builder = builder.withDictionaryEncoding(column, false);
        ParquetWriter<Object[]> writer = builder.build();
        return new ParquetRowWriter(writer, file.getPath());
    }

    /** Writes one row; values in schema order, {@code null} for missing values of nullable columns. */
    public void write(Object[] row) throws IOException {
        writer.write(row);
        rows++;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Bytes written to the file plus bytes buffered for the current row group (an estimate of the file size). */
    public long dataSize() {
        return writer.getDataSize();
    }

    public String location() {
        return location;
    }

    /** Finishes the file; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final RowSchema schema;

        Builder(OutputFile file, RowSchema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        // Deprecated for the ParquetConfiguration variant; the builder is given a Hadoop Configuration, so this one is
        // called.
        @SuppressWarnings("deprecation")
        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema);
        }
    }
}
