package jp.insurer.governance.parquet.read;

import java.io.IOException;
import java.util.List;
import jp.insurer.governance.parquet.RowSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Reads a Parquet file as {@code Object[]} rows, optionally only some columns (a projected read
 * schema: the other columns' pages are never decoded). Errors name the file; a value that is not
 * valid UTF-8 names the column too.
 */
public final class ParquetRowReader implements AutoCloseable {

    private final Path file;
    private final RowSchema fileSchema;
    private final RowSchema schema;
    private final ParquetReader<Object[]> reader;
    private long rows;

    private ParquetRowReader(Path file, RowSchema fileSchema, RowSchema schema, ParquetReader<Object[]> reader) {
        this.file = file;
        this.fileSchema = fileSchema;
        this.schema = schema;
        this.reader = reader;
    }

    /** All columns. */
    public static ParquetRowReader open(Path file, Configuration conf) throws IOException {
        return open(file, conf, null);
    }

    /** Only the named columns, in the order given; a missing column is an error naming it and the file. */
    public static ParquetRowReader open(Path file, Configuration conf, List<String> columns) throws IOException {
        return open(file, conf, columns, -1);
    }

    /**
     * Only the rows of one row group (0-based, in file order), the others are never read: samplers
     * draw row groups across a dataset instead of reading files from their first row.
     *
     * @param columns the named columns, or null for all
     */
    public static ParquetRowReader openRowGroup(Path file, Configuration conf, List<String> columns, int rowGroup)
            throws IOException {
        if (rowGroup < 0) throw new IllegalArgumentException("row group " + rowGroup);
        return open(file, conf, columns, rowGroup);
    }

    private static ParquetRowReader open(Path file, Configuration conf, List<String> columns, int rowGroup)
            throws IOException {
        InputFile input = HadoopInputFile.fromPath(file, conf);
        MessageType fileType;
        long[] range = null;
        try (ParquetFileReader footer =
                ParquetFileReader.open(input, HadoopReadOptions.builder(conf).build())) {
            fileType = footer.getFooter().getFileMetaData().getSchema();
            if (rowGroup >= 0) {
                List<BlockMetaData> blocks = footer.getFooter().getBlocks();
                if (rowGroup >= blocks.size())
                    throw new IOException(file + ": no row group " + rowGroup + " (" + blocks.size() + " in the file)");
                // parquet-java reads the row groups whose midpoint lies in the range: exactly this one
                BlockMetaData block = blocks.get(rowGroup);
                range = new long[] {block.getStartingPos(), block.getStartingPos() + block.getCompressedSize()};
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read Parquet footer of " + file + ": " + e.getMessage(), e);
        }
        RowSchema fileSchema;
        try {
            fileSchema = RowSchema.fromMessageType(fileType);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        RowSchema projection = fileSchema;
        if (columns != null) {
            Types.MessageTypeBuilder builder = Types.buildMessage();
            for (String name : columns) {
                int index = fileSchema.indexOf(name);
                if (index < 0) throw new IOException(file + ": no column '" + name + "'");
                Type field = fileType.getType(name);
                builder.addField(field);
            }
            projection = RowSchema.fromMessageType(builder.named(fileType.getName()));
        }
        RowSchema finalProjection = projection;
        ParquetReader.Builder<Object[]> builder = new ParquetReader.Builder<Object[]>(input) {
            @Override
            protected ReadSupport<Object[]> getReadSupport() {
                return new RowReadSupport(finalProjection);
            }
        }.withConf(conf);
        if (range != null) builder = builder.withFileRange(range[0], range[1]);
        ParquetReader<Object[]> reader = builder.build();
        return new ParquetRowReader(file, fileSchema, projection, reader);
    }

    /** The schema of the rows returned (the projection). */
    public RowSchema schema() {
        return schema;
    }

    /** The whole file's schema. */
    public RowSchema fileSchema() {
        return fileSchema;
    }

    /** The next row, or null at the end. */
    public Object[] read() throws IOException {
        try {
            Object[] row = reader.read();
            if (row != null) rows++;
            return row;
        } catch (RuntimeException e) {
            // parquet-java wraps converter errors; surface ours, which names the column
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RowReadSupport.InvalidUtf8Exception bad) {
                    throw new IOException(file + ": row " + (rows + 1) + ": " + bad.getMessage(), e);
                }
            }
            throw new IOException(file + ": cannot read row " + (rows + 1) + ": " + e.getMessage(), e);
        }
    }

    public long rowsRead() {
        return rows;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
